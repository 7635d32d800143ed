"""The floor: what a hurried analyst's script of a dozen keyword regexes and title cues reaches.

Usage: python benchmarks/floor.py [--realdev DIR] [--corpus-test]

It is scored with the same :func:`skillmine.evaluate.score` as the models, on real offers (``../shared/realdev``,
evaluation only) and on the test split of the written corpus, so the figures sit side by side.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.corpus import read_corpus, read_split
from skillmine.evaluate import score
from skillmine.result import OfferAnalysis, SkillMention

ROOT = Path(__file__).resolve().parents[1]

TITLE = [
    ("direction_industrielle", re.compile(r"directeur|directrice|plant manager|usine|site", re.I)),
    ("maintenance_industrielle", re.compile(r"maintenance|fiabilit|travaux neufs", re.I)),
    ("ingenierie_production", re.compile(r"m[ée]thodes?|industrialisation|proc[ée]d|process|am[ée]lioration continue|lean", re.I)),
    ("pilotage_production", re.compile(r"production|fabrication|atelier|ordonnancement|planification|unit[ée]", re.I)),
]
CADRE = re.compile(r"responsable|directeur|directrice|ing[ée]nieur|manager|chef de (production|fabrication|service)", re.I)
OTHER = re.compile(r"commercial|vente|achat|acheteur|\bRH\b|ressources humaines|comptab|logisti|qualit[ée]|\bHSE\b|"
                   r"technicien|op[ée]rateur|conducteur|d[ée]veloppeur|supply", re.I)
CATS = {
    "digital": re.compile(r"\b(ERP|SAP|MES|GMAO|SCADA|automates?|API|PLC|robot\w*|IoT|Power ?BI|data|num[ée]rique|"
                          r"digital\w*|CAO|industrie 4\.0|python)\b", re.I),
    "green": re.compile(r"\b(environnement\w*|[ée]nerg\w+|carbone|ISO ?14001|ISO ?50001|d[ée]chets|recyclage|RSE|"
                        r"d[ée]veloppement durable)\b", re.I),
    "management": re.compile(r"\b(manag\w+|encadr\w+|[ée]quipes?|leadership|gestion de projets?|conduite du changement|budget)\b", re.I),
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


def run(gold) -> dict:
    return score([floor(g.title, g.text) for g in gold], gold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "floor.json")
    args = ap.parse_args()
    results = {}
    if (args.realdev / "labels.jsonl").is_file():
        results["realdev"] = run(read_corpus(args.realdev / "offers.jsonl", labels=args.realdev / "labels.jsonl"))
    split = read_split(ROOT / "corpora")
    test = [g for g in read_corpus(ROOT / "corpora" / "offers.jsonl") if split.get(g.id) == "test"]
    results["corpus_test"] = run(test)
    for name, m in results.items():
        cats = ", ".join(f"{c} {m['categories'][c]['f1']:.3f}" for c in CATEGORIES)
        print(f"{name}: family macro-F1 (in scope) {m['family_in_scope']['macro_f1']:.3f}, "
              f"in-scope F1 {m['in_scope']['f1']:.3f} (P {m['in_scope']['precision']:.3f}), categories F1: {cats}")
    args.out.write_text(json.dumps({k: {kk: v[kk] for kk in ("family_in_scope", "in_scope", "categories")}
                                    for k, v in results.items()}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
