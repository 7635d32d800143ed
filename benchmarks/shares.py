"""Corrected shares against the truth on real offers: are they closer to the gold shares than the raw ones?

Usage: python benchmarks/shares.py [--realdev ../shared/realdev] [--profile default] [--out benchmarks/shares.json]

The bundled models read the labelled real offers of ``--realdev`` (evaluation only: nothing here is tuned on them)
as an analyst's export; ``skillmine.analysis`` gives the raw and the corrected shares (with the error rates stored
in ``models/manifest.json``, measured by cross-validation on realtrain); the annotators' labels give the true ones.
Printed as a Markdown table, written as JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

import skillmine
from skillmine import analysis as A
from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.training.corpus import read_real

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    ap.add_argument("--profile", default="default")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "shares.json")
    args = ap.parse_args()

    gold = read_real(args.realdev)
    miner = skillmine.load(profile=args.profile)
    results = miner.analyze_frame(pd.DataFrame({"text": [g.text for g in gold], "title": [g.title for g in gold]}))
    rows = []

    def add(name: str, truth: float, table: pd.DataFrame, key) -> None:
        r = table.loc[key]
        rows.append(
            {
                "share of": name,
                "offers": int(r["n"]),
                "true": round(float(truth), 4),
                "raw": round(float(r["raw_share"]), 4),
                "corrected": round(float(r["share"]), 4),
                "low": round(float(r["low"]), 4),
                "high": round(float(r["high"]), 4),
                "covered": bool(r["low"] <= truth <= r["high"]),
                "raw error": round(abs(float(r["raw_share"]) - truth), 4),
                "corrected error": round(abs(float(r["share"]) - truth), 4),
            }
        )

    add("in scope (all offers)", np.mean([bool(g.in_scope) for g in gold]), A.in_scope_share(results), "in_scope")
    shares = A.category_share(results, by=None)
    for c in CATEGORIES:
        known = [g.categories[c] for g in gold if g.categories.get(c) is not None]
        add(f"{c} (all offers)", np.mean(known), shares, c)
    scope = A.in_scope(results)
    fam = A.offers_per_family(scope)
    true_fam = pd.Series([g.family for g in gold if g.in_scope and g.family]).value_counts(normalize=True)
    for f in FAMILIES:
        add(f"{f} (in-scope offers)", float(true_fam.get(f, 0.0)), fam, f)

    table = pd.DataFrame(rows)
    args.out.write_text(
        json.dumps(
            {"set": str(args.realdev.name), "offers": len(gold), "profile": args.profile, "rows": rows},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print("| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns))
    for r in rows:
        print("| " + " | ".join(str(v) for v in r.values()) + " |")
    for part, sel in (
        ("categories and in scope", table["share of"].str.contains("all offers")),
        ("families", table["share of"].str.contains("in-scope")),
    ):
        t = table[sel]
        print(
            f"\n{part}: mean absolute error raw {t['raw error'].mean():.3f}, corrected {t['corrected error'].mean():.3f}; "
            f"intervals cover the truth {int(t['covered'].sum())} / {len(t)}"
        )


if __name__ == "__main__":
    main()
