"""The keyword floor: what a hurried analyst's dozen keyword regexes and title cues reach.

Training scores it beside the models on the same offers (model cards, ``benchmarks/RESULTS.md``): a model that
does not beat it clearly is not worth its weight.

>>> a = floor("Responsable maintenance (H/F)", "Vous encadrez 5 techniciens et pilotez la GMAO.")
>>> a.family, a.in_scope, sorted(a.categories)
('maintenance_industrielle', True, ['digital', 'management'])
"""

from __future__ import annotations

import re

from skillmine.constants import FAMILIES
from skillmine.result import OfferAnalysis, SkillMention

TITLE = [
    ("direction_industrielle", re.compile(r"directeur|directrice|plant manager|usine|site", re.I)),
    ("maintenance_industrielle", re.compile(r"maintenance|fiabilit|travaux neufs", re.I)),
    (
        "ingenierie_production",
        re.compile(r"m[ée]thodes?|industrialisation|proc[ée]d|process|am[ée]lioration continue|lean", re.I),
    ),
    ("pilotage_production", re.compile(r"production|fabrication|atelier|ordonnancement|planification|unit[ée]", re.I)),
]
CADRE = re.compile(
    r"responsable|directeur|directrice|ing[ée]nieur|manager|chef de (production|fabrication|service)", re.I
)
OTHER = re.compile(
    r"commercial|vente|achat|acheteur|\bRH\b|ressources humaines|comptab|logisti|qualit[ée]|\bHSE\b|"
    r"technicien|op[ée]rateur|conducteur|d[ée]veloppeur|supply",
    re.I,
)
CATS = {
    "digital": re.compile(
        r"\b(ERP|SAP|MES|GMAO|SCADA|automates?|API|PLC|robot\w*|IoT|Power ?BI|data|num[ée]rique|"
        r"digital\w*|CAO|industrie 4\.0|python)\b",
        re.I,
    ),
    "green": re.compile(
        r"\b(environnement\w*|[ée]nerg\w+|carbone|ISO ?14001|ISO ?50001|d[ée]chets|recyclage|RSE|"
        r"d[ée]veloppement durable)\b",
        re.I,
    ),
    "management": re.compile(
        r"\b(manag\w+|encadr\w+|[ée]quipes?|leadership|gestion de projets?|conduite du changement|budget)\b", re.I
    ),
}


def floor(title: str | None, text: str) -> OfferAnalysis:
    title = title or ""
    family = next((f for f, rx in TITLE if rx.search(title)), "pilotage_production")
    in_scope = bool(any(rx.search(title) for _, rx in TITLE) and CADRE.search(title) and not OTHER.search(title))
    skills = []
    for cat, rx in CATS.items():
        m = rx.search(text)
        if m:
            skills.append(SkillMention(m.group(0), m.start(), m.end(), cat, cat, cat, "rule", 1.0, "other", "required"))
    scores = {f: float(f == family) for f in FAMILIES}
    return OfferAnalysis(text, family, scores, in_scope, float(in_scope), skills)
