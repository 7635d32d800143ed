"""The floor: what a hurried analyst's script of a dozen keyword regexes and title cues reaches.

Usage: python benchmarks/floor.py [--realdev DIR] [--corpus-test]

It is scored with the same :func:`skillmine.training.evaluate.score` as the models, on real offers (``../shared/realdev``,
evaluation only) and on the test split of the written corpus, so the figures sit side by side.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from skillmine.constants import CATEGORIES
from skillmine.training.corpus import read_corpus, read_split
from skillmine.training.evaluate import score
from skillmine.training.floor import floor

ROOT = Path(__file__).resolve().parents[1]


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
        print(
            f"{name}: family macro-F1 (in scope) {m['family_in_scope']['macro_f1']:.3f}, "
            f"in-scope F1 {m['in_scope']['f1']:.3f} (P {m['in_scope']['precision']:.3f}), categories F1: {cats}"
        )
    args.out.write_text(
        json.dumps(
            {k: {kk: v[kk] for kk in ("family_in_scope", "in_scope", "categories")} for k, v in results.items()},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
