"""Corrected against raw shares on real offers held out from the error rates: many exports drawn from realtrain.

Usage:
    skillmine train --real ../shared/realtrain --out /tmp/oof-models --oof /tmp/oof.jsonl
    python benchmarks/shares_heldout.py /tmp/oof.jsonl [--size 69] [--splits 500] [--out benchmarks/shares_heldout.json]

``--oof`` writes every realtrain offer as read by the cross-validation models that did not train on it. Each
split draws ``--size`` offers as an analyst's export; the error rates are counted on the other offers (as training
counts them for the bundled models); the export's raw share is corrected with them
(:func:`skillmine.analysis.shares.adjusted_share`, :func:`~skillmine.analysis.shares.adjusted_distribution` for the
families of in-scope offers) and both are compared with the export's true share. This is the check that realdev
(69 offers, one draw) is too small to settle: printed per share, the mean absolute error of raw and corrected
shares, and how often the corrected one is the closer.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from skillmine.analysis.shares import adjusted_distribution, adjusted_share
from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.training.evaluate import confusion

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"in_scope": ("in_scope", "gold_in_scope"), **{c: (f"has_{c}", f"gold_{c}") for c in CATEGORIES}}


def _binary(rows: pd.DataFrame, pred: str, gold: str, export: np.ndarray) -> tuple[float, float, float] | None:
    known = rows[gold].notna().to_numpy()
    test, rest = export & known, ~export & known
    if not test.any():
        return None
    counts = confusion(rows[pred][rest].astype(bool), rows[gold][rest].astype(bool))
    raw = float(rows[pred][export].astype(bool).mean())  # the analyst sees every offer of the export
    return float(rows[gold][test].astype(bool).mean()), raw, adjusted_share(raw, counts)


def _families(rows: pd.DataFrame, export: np.ndarray) -> list[tuple[str, float, float, float]]:
    gold_scope = rows["gold_in_scope"].fillna(False).astype(bool).to_numpy() & rows["gold_family"].notna().to_numpy()
    rest = ~export & gold_scope
    conf = {g: {p: 0 for p in FAMILIES} for g in FAMILIES}
    for g, p in zip(rows["gold_family"][rest], rows["family"][rest]):
        conf[g][p] += 1
    scope = export & rows["in_scope"].astype(bool).to_numpy()  # as the analyst filters: predicted in scope
    truth = export & gold_scope
    if not scope.any() or not truth.any():
        return []
    q = rows["family"][scope].value_counts(normalize=True).reindex(list(FAMILIES), fill_value=0.0).to_numpy()
    corrected = adjusted_distribution(q, conf, FAMILIES)
    true = rows["gold_family"][truth].value_counts(normalize=True).reindex(list(FAMILIES), fill_value=0.0)
    return [(f, float(true[f]), float(q[k]), float(corrected[k])) for k, f in enumerate(FAMILIES)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("oof", type=Path)
    ap.add_argument("--size", type=int, default=69, help="Offers per export (69: the size of realdev).")
    ap.add_argument("--splits", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "shares_heldout.json")
    args = ap.parse_args()

    rows = pd.read_json(args.oof, lines=True, dtype=False)
    rng = np.random.default_rng(args.seed)
    records = []
    for split in range(args.splits):
        export = np.zeros(len(rows), dtype=bool)
        export[rng.choice(len(rows), size=args.size, replace=False)] = True
        for key, (pred, gold) in KEYS.items():
            got = _binary(rows, pred, gold, export)
            if got is not None:
                records.append((split, key, *got))
        for fam, true, raw, corrected in _families(rows, export):
            records.append((split, f"{fam} (in scope)", true, raw, corrected))
    t = pd.DataFrame(records, columns=["split", "share of", "true", "raw", "corrected"]).dropna()
    t["raw error"] = (t["raw"] - t["true"]).abs()
    t["corrected error"] = (t["corrected"] - t["true"]).abs()
    t["corrected closer"] = t["corrected error"] < t["raw error"]
    t["tie"] = t["corrected error"] == t["raw error"]
    summary = (
        t.groupby("share of", sort=False)
        .agg(
            true=("true", "mean"),
            raw_bias=("raw", lambda s: float((s - t.loc[s.index, "true"]).mean())),
            corrected_bias=("corrected", lambda s: float((s - t.loc[s.index, "true"]).mean())),
            raw_mae=("raw error", "mean"),
            corrected_mae=("corrected error", "mean"),
            corrected_closer=("corrected closer", "mean"),
            ties=("tie", "mean"),
        )
        .round(4)
    )
    args.out.write_text(
        json.dumps(
            {
                "oof": str(args.oof.name),
                "offers": len(rows),
                "size": args.size,
                "splits": args.splits,
                "rows": summary.reset_index().to_dict(orient="records"),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} offers read out of fold; {args.splits} exports of {args.size} offers\n")
    print("| share of | " + " | ".join(summary.columns) + " |\n|---|" + "---|" * len(summary.columns))
    for name, r in summary.iterrows():
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in r.to_numpy()) + " |")


if __name__ == "__main__":
    main()
