"""Build ``corpora/offers.jsonl`` and ``corpora/splits.json`` from the raw batches written by hand.

Usage: python scripts/build_corpus.py [corpora]

Each raw mention (an exact quote) becomes a span with offsets: the k-th listing of a quote takes its k-th
occurrence that does not overlap a span of the same category already placed (longer quotes are placed
first). ``skill_id`` is the lexicon entry
that the rules find inside the span (the longest), else ``<category>_autre``. The split is fixed once: within each
(author, label) group, offers are ordered by a seeded hash of their id and cut 70 / 15 / 15.
"""

from __future__ import annotations

import collections
import hashlib
import json
import sys
from pathlib import Path

SEED = "skillmine-split-v1"


def place(text: str, mentions: list[dict]) -> tuple[list[dict], list[str]]:
    placed: list[dict] = []
    problems = []
    for m in sorted(mentions, key=lambda m: -len(m["quote"])):  # longer first: a short quote may sit inside
        q = m["quote"]
        start = text.find(q)
        while start >= 0:
            end = start + len(q)
            clash = any(p["start"] < end and start < p["end"] and p["category"] == m["category"] for p in placed)
            if not clash:
                break
            start = text.find(q, start + 1)
        if start < 0:
            problems.append(f"no free occurrence of {q!r}")
            continue
        placed.append(
            {
                "start": start,
                "end": start + len(q),
                "text": q,
                "category": m["category"],
                "level": m["level"],
                "skill": m.get("skill"),
            }
        )
    placed.sort(key=lambda s: (s["start"], s["end"]))
    return placed, problems


def label_group(rec: dict) -> str:
    if rec["function"] == "other":
        return "other"
    return rec["family"] if rec["level"] == "cadre" else "non_cadre"


def split(records: list[dict]) -> dict[str, list[str]]:
    groups = collections.defaultdict(list)
    for r in records:
        groups[(r["meta"]["author"], label_group(r))].append(r["id"])
    out = {"train": [], "dev": [], "test": []}
    for key in sorted(groups):
        ids = sorted(groups[key], key=lambda i: hashlib.sha256((SEED + i).encode()).hexdigest())
        n = len(ids)
        n_test = round(n * 0.15)
        n_dev = round(n * 0.15)
        out["test"] += ids[:n_test]
        out["dev"] += ids[n_test : n_test + n_dev]
        out["train"] += ids[n_test + n_dev :]
    return {k: sorted(v) for k, v in out.items()}


def main(corpus: str = "corpora") -> int:
    from skillmine.pipes.nlp import build_nlp

    nlp = build_nlp("default")
    root = Path(corpus)
    records, problems = [], []
    for path in sorted((root / "raw").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            spans, probs = place(raw["text"], raw["mentions"])
            problems += [f"{path.name}:{n} {raw['id']}: {p}" for p in probs]
            doc = nlp(raw["text"])
            rules = [(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans["skills"]]
            for s in spans:
                inside = [r for r in rules if s["start"] <= r[0] and r[1] <= s["end"] and r[2] == s["category"]]
                inside.sort(key=lambda r: r[0] - r[1])
                s["skill_id"] = inside[0][3] if inside else f"{s['category']}_autre"
                del s["skill"]
            meta = dict(raw.get("meta") or {})
            meta.update({"function": raw["function"], "level": raw["level"], "written_for": "skillmine"})
            meta.setdefault("author", raw["id"].split("-")[0])
            records.append(
                {
                    "id": raw["id"],
                    "title": raw["title"],
                    "text": raw["text"],
                    "family": raw["family"] if raw["function"] == "production_maintenance" else None,
                    "in_scope": raw["function"] == "production_maintenance" and raw["level"] == "cadre",
                    "skills": [
                        {k: s[k] for k in ("start", "end", "text", "category", "skill_id", "level")} for s in spans
                    ],
                    "meta": meta,
                    "function": raw["function"],
                    "level": raw["level"],
                }
            )
    records.sort(key=lambda r: r["id"])
    splits = split(records)
    for r in records:
        del r["function"], r["level"]
    with open(root / "offers.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (root / "splits.json").write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    for p in problems:
        print(p)
    groups = collections.Counter(
        label_group({**r, **{"function": r["meta"]["function"], "level": r["meta"]["level"]}}) for r in records
    )
    print(f"{len(records)} offers; " + ", ".join(f"{k} {v}" for k, v in sorted(groups.items())))
    print("split: " + ", ".join(f"{k} {len(v)}" for k, v in splits.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
