"""Check a raw batch of written offers before it is built into the corpus.

Usage: python scripts/check_raw.py corpora/raw/c01.jsonl [...]

A raw line is the corpus record before offsets are computed::

    {"id", "title", "text", "function", "level", "family",
     "mentions": [{"quote", "category", "level", "skill"}], "meta": {...}}

Each ``quote`` must occur in ``text`` at least as many times as it is listed.
Prints every problem with its line number, then a summary. Exit code 1 on problems.
"""

from __future__ import annotations

import collections
import json
import sys

FAMILIES = {"direction_industrielle", "ingenierie_production", "maintenance_industrielle", "pilotage_production"}
CATEGORIES = {"digital", "green", "management"}
LEVELS = {"required", "nice_to_have", "company"}


def check_line(n: int, rec: dict) -> list[str]:
    errs = []
    for key in ("id", "title", "text", "function", "level", "family", "mentions", "meta"):
        if key not in rec:
            errs.append(f"line {n}: missing key {key!r}")
    if errs:
        return errs
    if rec["function"] not in {"production_maintenance", "other"}:
        errs.append(f"line {n}: bad function {rec['function']!r}")
    if rec["level"] not in {"cadre", "non_cadre"}:
        errs.append(f"line {n}: bad level {rec['level']!r}")
    if rec["function"] == "production_maintenance" and rec["family"] not in FAMILIES:
        errs.append(f"line {n}: production_maintenance needs a family, got {rec['family']!r}")
    if rec["function"] == "other" and rec["family"] is not None:
        errs.append(f"line {n}: function 'other' needs family null")
    text = rec["text"]
    words = len(text.split())
    if words < 120 or words > 1300:
        errs.append(f"line {n}: {words} words (want 150 to 1200)")
    counts = collections.Counter(m.get("quote") for m in rec["mentions"])
    for m in rec["mentions"]:
        q = m.get("quote")
        if not q or q != q.strip():
            errs.append(f"line {n}: empty quote or quote with outer spaces: {q!r}")
            continue
        if m.get("category") not in CATEGORIES:
            errs.append(f"line {n}: bad category {m.get('category')!r} for {q!r}")
        if m.get("level") not in LEVELS:
            errs.append(f"line {n}: bad level {m.get('level')!r} for {q!r}")
        if len(q.split()) > 12:
            errs.append(f"line {n}: quote too long ({len(q.split())} words): {q!r}")
    for q, k in counts.items():
        if q and text.count(q) < k:
            errs.append(f"line {n}: quote {q!r} listed {k}x but found {text.count(q)}x in text")
    return errs


def main(paths: list[str]) -> int:
    problems = []
    recs = []
    ids = collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(f"{path} line {n}: invalid JSON ({exc})")
                    continue
                problems += [f"{path} {e}" for e in check_line(n, rec)]
                ids[rec.get("id")] += 1
                recs.append(rec)
    problems += [f"duplicate id {i!r}" for i, k in ids.items() if k > 1]
    openings = collections.Counter(r.get("text", "")[:60] for r in recs)
    problems += [f"{k} offers open with the same 60 characters: {o!r}" for o, k in openings.items() if k > 1]
    for p in problems:
        print(p)
    scope = collections.Counter(
        (r.get("family") or "other") + ("" if r.get("function") == "other" else f"/{r.get('level')}") for r in recs
    )
    cats = collections.Counter(m.get("category") for r in recs for m in r.get("mentions", []))
    words = sorted(len(r.get("text", "").split()) for r in recs)
    print(f"\n{len(recs)} offers, {len(problems)} problems")
    print("labels:", dict(sorted(scope.items())))
    print("mentions per category:", dict(cats))
    if words:
        print(f"words: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
