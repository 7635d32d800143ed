"""Cues of the offer models, as data: regular expressions over folded text (lower case, no accents, straight
apostrophes; see :func:`skillmine.text.fold_text`).

They come from the family definitions (DESIGN.md, corpora/GUIDELINES.md) and from the labelling guidelines of
real offers: what the title says of the job, what the body says of the level (diplomas, status, pay, shifts,
reporting line, team) and of the sector. Each cue is one binary feature; the models learn their weights.
"""

from __future__ import annotations

TITLE_CUES: dict[str, str] = {
    "direction": r"\bdirect(eur|rice|ion)\b.{0,40}\b(usine|site|industriel|operations|production|technique|general|manufactur)"
                 r"|plant manager|site manager|\bresponsable de site\b|chef d.etablissement|head of (operations|manufacturing)"
                 r"|\b(responsable|chef) d.usine",
    "ingenierie": r"method|industrialis|procede|process|amelioration continue|\blean\b|excellence operationnelle"
                  r"|ingenieur (de )?production|\bnpi\b|continuous improvement",
    "maintenance": r"maintenance|fiabilit|travaux neufs|reliability|\bgmao\b",
    "pilotage": r"production|fabrication|atelier|ordonnanc|planific|\bunite\b|\bligne\b|\bsecteur\b|\bilot\b"
                r"|superviseur|supervisor|\bshift\b|chef d.equipe|conditionnement",
    "cadre": r"ingenieur|responsable|direct(eur|rice)|manager|\bchef de (service|production|fabrication|projet|atelier|departement|site|unite)"
             r"|head of|\bcadre\b|\bengineer",
    "non_cadre": r"operat(eur|rice)|conducteur|conductrice|technicien|regleu|\bagent\b|chef d.equipe|alternan|apprenti|stagiaire"
                 r"|\bstage\b|interim|monteu|soudeu|cariste|ouvri|preparat|magasinier|pilote de ligne|electromecanicien|mecanicien"
                 r"|superviseur|\bassistant|adjoint|\bcap\b|\bbep\b|\bbts\b",
    "other_function": r"commercial|vente|business|account|acheteu|achat|approvision|\brh\b|ressources humaines|recrut|paie|comptab"
                      r"|controle(ur)? de gestion|financ|logisti|entrepot|supply chain|transport|qualite|\bhse\b|qhse|\brse\b"
                      r"|\br&d\b|\br et d\b|recherche|developpeu|informati|\bdata\b|logiciel|marketing|jurist|\bbtp\b|chantier"
                      r"|conducteur de travaux|\bit\b|devops|software|sales|communication|immobili|batiment|facility|\bmultitechni"
                      r"|restaura|hotel|magasin|commerce|sante|soin|infirmi|medic|enseign|formateu",
}
"""What a title says: a family's typical job, a cadre or non-cadre level, another function."""

TITLE_CUES["catalogue"] = r"\b(\w+)e? / \1(e|ne|rice|euse)\b"
"""A title in the job catalogue's words, both genders spelled out."""

BODY_CUES: dict[str, str] = {
    # level: cadre
    "statut_cadre": r"statut\s*:?\s*cadre|cdi (a |au )?statut cadre|poste (de )?cadre\b|niveau cadre|\bcadre (au )?forfait",
    "forfait_jours": r"forfait[- ](annuel )?(en )?jours?|forfait \d{3} ?(jours|j)\b",
    "salaire_45k": r"\b(4[5-9]|[5-9]\d|1\d\d) ?(k ?(€|eur)?\b|000 ?(€|eur))",
    "diplome_bac5": r"bac ?\+ ?5|ecole d'ingenieurs?|diplome d'ingenieur|formation (d'|de type )?ingenieur|\bmaster\b",
    "direction": r"\bcodir\b|comite de direction|p ?& ?l\b|manager des managers|equipe de direction|compte de resultat",
    # level: non-cadre
    "statut_non_cadre": r"statut\s*:?\s*(agent de maitrise|etam|technicien|employe|ouvrier)|\betam\b",
    "diplome_court": r"\bcap\b|\bbep\b|bac ?pro|\bbts\b|\bdut\b|bac ?\+ ?[23]\b|niveau bac\b|\bcqp\b|titre professionnel",
    "paie_horaire": r"taux horaire|(€|eur|euros?) ?(brut )?(/ ?h\b|/ ?heure|(par|de l') ?heure)|\bsmic\b",
    "paie_mensuelle": r"\b[12][ .]?\d{3}(,\d\d)? ?(€|eur)[^\n]{0,25}(mois|mensuel)|\b(par mois|/ ?mois)\b",
    "horaires_postes": r"\b[235] ?x ?[78]\b|equipes? postees?|horaires? (postes|decales)|(poste|travail|equipe) de nuit",
    "rattachement_terrain": r"(rattache|sous la responsabilite|rend(rez)? compte)[^.\n]{0,25}(chef d'equipe|chef d'atelier"
                            r"|responsable (de |d')?(production|atelier|conditionnement|secteur|site|usine|maintenance|equipe|ligne))",
    "gestes_terrain": r"(realiser|assurer|effectuer) (les |des )?(interventions|operations) de maintenance|diagnostiquer (et resoudre )?les pannes"
                      r"|conduite d'engins|\bcaces\b|alimenter la (chaine|ligne)|(emballer|trier|etiqueter) les produits",
    "formation_en_cours": r"\bstage\b|stagiaire|alternan|apprenti|contrat de professionnalisation",
    # sector: other than industrial production
    "logistique": r"entrepots?\b|\b3pl\b|centres? de distribution|preparation de commandes|logistique in-?situ|plateforme logistique|\bwms\b",
    "batiment_services": r"facility|\bfm\b|tertiaire|immobili|\bcvcd?\b|plomberie|genie climatique|multi-?technique|services generaux|desenfumage",
    "btp": r"contractant general|tous corps d'etat|conduite de travaux|\bbtp\b|maitrise d'oeuvre|\bchantiers?\b",
    "informatique": r"systemes? d'information|\bdsi\b|windows|devops|applicatif|pre-?production|data scien|machine learning|\bvlan\b",
    "sante": r"biomedic|hopita|hospitali|medico|dispositifs medicaux|patients?\b",
    "apres_vente": r"\bsav\b|apres-?vente|hotline|support (client|telephonique)|service client",
    "commerce_services": r"points? de vente|location (automobile|courte)|\bagences\b|distribution b ?to ?b|evenementiel|associati(f|ve|on)",
    # sector: industrial production
    "usine": r"\busines?\b|site (de production|industriel)|ateliers? de (production|fabrication)|lignes? de (production|fabrication|conditionnement)"
             r"|unites? de production",
    "planification_industrielle": r"\bpdp\b|plan directeur de production|\bpic\b|plan industriel et commercial|ordres? de fabrication|\bmrp\b"
                                  r"|charge ?/ ?capacite|ordonnanc|planification industrielle",
    "methodes": r"\bamdec\b|\bsmed\b|\btpm\b|\blean\b|\b5s\b|kaizen|gammes? de (fabrication|montage)|industrialisation|\bdmos\b|\bqmos\b",
    "procedes_industriels": r"feu continu|\batex\b|\bicpe\b|incinerat|station d'epuration|\bstep\b|fonderie|chaudronnerie|usinage"
                            r"|agro-?alimentaire|papeterie|cimenterie|siderurgi|traitement de surface",
}
"""What the whole offer (company and benefits blocks included: pay and status often sit there) says of the level
and of the sector."""
