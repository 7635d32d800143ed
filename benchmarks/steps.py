"""Where the time of one profile goes: milliseconds per offer for each step of ``analyze_many``.

Usage: python benchmarks/steps.py [--offers 300] [--rounds 3] [--profile fast]

Each step is timed by wrapping the function that does it (normalisation and checks, spaCy tokenizer, lexicon
matcher, sections, skill model, family and in-scope models); "total" is the whole ``analyze_many(...,
evidence=0)`` call; "other" is the rest: the glue between steps and, in ``default``, the statistical spaCy
components. Absolute times depend on the machine: compare steps within one run.
"""

from __future__ import annotations

import argparse
import collections
import time

from throughput import texts_from


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--offers", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", default="fast")
    args = ap.parse_args()

    import skillmine
    import skillmine.miner as miner_module

    miner = skillmine.load(profile=args.profile)
    spent: collections.Counter = collections.Counter()

    def timed(owner, name: str, label: str) -> None:
        fn = getattr(owner, name)

        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.perf_counter() - t0

        setattr(owner, name, wrapper)

    timed(miner_module, "read_record", "normalisation and checks")
    timed(miner_module, "layout", "sections")
    timed(miner.nlp, "make_doc", "spaCy tokenizer")
    timed(miner.nlp.get_pipe("skillmine_skills"), "find", "lexicon matcher")
    timed(miner.skill_model, "scores", "skill model (scoring)")
    timed(miner.skill_model, "locate", "skill model (locating)")
    timed(miner.family_model, "predict", "family and in-scope models")

    recs = texts_from("corpus", args.offers)
    list(miner.analyze_many(recs, evidence=0))  # warm-up
    spent.clear()
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        list(miner.analyze_many(recs, evidence=0))
        spent["total"] += time.perf_counter() - t0
    n = len(recs) * args.rounds
    spent["other (statistical spaCy components, glue)"] = 2 * spent["total"] - sum(spent.values())
    print(f"profile {args.profile}, {len(recs)} offers x {args.rounds} rounds, ms per offer:")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<28} {seconds / n * 1000:6.2f}")


if __name__ == "__main__":
    main()
