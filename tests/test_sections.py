"""Blocks and levels: what the offer asks for vs what the company says of itself."""

from __future__ import annotations

import pytest

from skillmine.text.sections import layout

# (offer text, phrase to look up, expected section, expected level)
LEVEL_TABLE = [
    (
        "Qui sommes-nous ?\nUn groupe engagé dans la RSE.\nVos missions :\n- Piloter la GMAO",
        "RSE",
        "company",
        "company",
    ),
    (
        "Qui sommes-nous ?\nUn groupe engagé dans la RSE.\nVos missions :\n- Piloter la GMAO",
        "GMAO",
        "missions",
        "required",
    ),
    ("Notre groupe est engagé dans la RSE. Vous pilotez la GMAO.", "RSE", "company", "company"),
    ("Notre groupe est engagé dans la RSE. Vous pilotez la GMAO.", "GMAO", "other", "required"),
    (
        "Fondée en 1962, la société est certifiée ISO 14001.\nVous encadrez 12 techniciens.",
        "ISO 14001",
        "company",
        "company",
    ),
    (
        "Leader de l'emballage, nous investissons dans la décarbonation.\nMissions : management d'équipe",
        "décarbonation",
        "company",
        "company",
    ),
    (
        "Notre client, ETI engagée dans la RSE, recherche un responsable maintenance maîtrisant la GMAO.",
        "RSE",
        "company",
        "company",
    ),
    (
        "Notre client, ETI engagée dans la RSE, recherche un responsable maintenance maîtrisant la GMAO.",
        "GMAO",
        "other",
        "required",
    ),
    ("Profil recherché\nMaîtrise de SAP. Une connaissance de Python serait un plus.", "SAP", "profile", "required"),
    (
        "Profil recherché\nMaîtrise de SAP. Une connaissance de Python serait un plus.",
        "Python",
        "profile",
        "nice_to_have",
    ),
    ("Votre profil :\n- Idéalement, une expérience en ACV.", "ACV", "profile", "nice_to_have"),
    ("Votre profil :\n- Connaissance de l'ISO 50001 appréciée", "ISO 50001", "profile", "nice_to_have"),
    ("Votre profil :\n- Connaissance de Power BI souhaitée", "Power BI", "profile", "nice_to_have"),
    ("Compétences requises : lean management ; la maîtrise du MES est un atout", "MES", "profile", "nice_to_have"),
    (
        "Compétences requises : lean management ; la maîtrise du MES est un atout",
        "lean management",
        "profile",
        "required",
    ),
    ("Les plus :\n- Python\n- Power BI", "Power BI", "profile", "nice_to_have"),
    (
        "Nos avantages\n- Une entreprise engagée pour la transition énergétique",
        "transition énergétique",
        "benefits",
        "company",
    ),
    ("Ce que nous offrons : un site éco-conçu", "éco-conçu", "benefits", "company"),
    ("Rémunération : 50 k€\nVous pilotez la décarbonation du site.", "décarbonation", "other", "required"),
    ("Poste basé à Lyon\nVous pilotez la décarbonation du site.", "décarbonation", "other", "required"),
    ("VOS MISSIONS\n• déployer la maintenance prédictive", "maintenance prédictive", "missions", "required"),
    ("**Description du poste**\nVous animez les indicateurs.", "indicateurs", "missions", "required"),
    ("Le poste : vous encadrez une équipe de 40 personnes.", "encadrez", "missions", "required"),
    (
        "Description de l'entreprise\nActeur de la chimie verte.\nDescription du poste\nVous réduisez les effluents.",
        "chimie verte",
        "company",
        "company",
    ),
    (
        "Description de l'entreprise\nActeur de la chimie verte.\nDescription du poste\nVous réduisez les effluents.",
        "effluents",
        "missions",
        "required",
    ),
    ("Pourquoi nous rejoindre ?\nUn groupe pionnier de l'industrie 4.0", "industrie 4.0", "benefits", "company"),
    ("Vous êtes\nIngénieur, vous maîtrisez la GMAO.", "GMAO", "profile", "required"),
    (
        "Missions principales :\nVous déployez SAP PM.\nProfil :\nSAP apprécié.",
        "SAP apprécié",
        "profile",
        "nice_to_have",
    ),
    ("Missions principales :\nVous déployez SAP PM.", "SAP PM", "missions", "required"),
    # company statements are recognised by what they say, wherever they stand (here under a profile header)
    ("Profil :\nBac+5.\nNotre groupe est certifié ISO 14001 depuis 2010.", "ISO 14001", "company", "company"),
    ("Profil recherché\nLe groupe a obtenu la médaille d'or EcoVadis.", "EcoVadis", "company", "company"),
    (
        "Vos missions\n- Piloter la GMAO\nNous sommes un acteur majeur de l'économie circulaire.",
        "économie circulaire",
        "company",
        "company",
    ),
    (
        "Profil :\nSpécialisée dans le recyclage des métaux, l'entreprise compte 300 salariés.",
        "recyclage",
        "company",
        "company",
    ),
    # ... but not when the sentence speaks to the candidate
    (
        "Profil :\nVous connaissez la norme ISO 14001, dont notre groupe est certifié.",
        "ISO 14001",
        "profile",
        "required",
    ),
]


@pytest.mark.parametrize("text,phrase,section,level", LEVEL_TABLE)
def test_levels(text, phrase, section, level):
    lay = layout(text)
    seg = lay.at(text.index(phrase))
    assert seg is not None
    assert (seg.section, seg.level) == (section, level)


def test_segments_tile_the_lines_in_order():
    text = "Vos missions :\n- A. B ; C\n\nProfil\nD"
    segs = layout(text).segments
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:]))
    assert [text[s.start : s.end] for s in segs] == ["Vos missions :", "- A.", "B ;", "C", "Profil", "D"]


def test_no_header_no_crash():
    assert layout("").segments == ()
    assert [s.section for s in layout("Texte sans titre de section.").segments] == ["other"]


@pytest.mark.parametrize(
    "header,section",
    [
        ("À propos de la mission", "missions"),
        ("A propos du poste :", "missions"),
        ("À propos de nous", "company"),
        ("À propos de Cartonneries Dubreuil", "company"),
    ],
)
def test_a_propos_headers(header, section):
    from skillmine.text.sections import layout

    text = f"{header}\n- Des équipes engagées depuis 1962\n"
    segs = layout(text).segments
    assert segs[-1].section == section


def test_a_duty_ends_a_company_or_benefits_block_that_no_header_closed():
    """Real offers run from a benefits list into the profile, or from a "Contexte" paragraph into the duties,
    without a header: a duty or a requirement ends the block."""
    from skillmine.text.sections import layout

    text = (
        "Avantages :\nPrime annuelle\nVous bénéficiez d'une mutuelle.\nVous êtes diplômé(e) d'une école d'ingénieur.\n"
        "Vous maîtrisez la GMAO.\nContexte :\nL'usine est classée ICPE.\n- Piloter des projets simples\n"
        "Notre groupe est certifié ISO 14001."
    )
    segs = layout(text).segments
    got = [(text[s.start : s.end], s.level) for s in segs]
    assert got == [
        ("Avantages :", "company"),
        ("Prime annuelle", "company"),
        ("Vous bénéficiez d'une mutuelle.", "company"),
        ("Vous êtes diplômé(e) d'une école d'ingénieur.", "required"),
        ("Vous maîtrisez la GMAO.", "required"),
        ("Contexte :", "company"),
        ("L'usine est classée ICPE.", "company"),
        ("- Piloter des projets simples", "required"),
        ("Notre groupe est certifié ISO 14001.", "company"),
    ]


def test_bullets_run_together_are_sentences():
    from skillmine.text.sections import layout

    text = "- Définir les priorités - Encadrer les équipes - Assurer le chiffre d'affaires des activités"
    assert [text[s.start : s.end] for s in layout(text).segments] == [
        "- Définir les priorités",
        "Encadrer les équipes",
        "Assurer le chiffre d'affaires des activités",
    ]
