"""Are the results identical before and after a change? Snapshot every reading, then compare two snapshots.

Usage:
    python benchmarks/identical.py snapshot OUT.jsonl [--realdev ../shared/realdev]
    python benchmarks/identical.py compare BEFORE.jsonl AFTER.jsonl

``snapshot`` reads, with both profiles and through the public API only (so that it runs on any layout of the
package), the written corpus (``corpora/offers.jsonl``), the bundled examples (through ``skillmine classify`` with
``--mentions``, as a user runs it) and, when present, the real offers of ``--realdev`` (read, never used to choose
anything). Each line holds one offer's whole result (``to_dict()``, or the output rows of ``classify``).
``compare`` prints the offers whose results differ, field by field, and exits 1 when any does.
Snapshots hold offer text: keep them out of the repository (``/tmp``).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _classify(profile: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out, men = Path(tmp) / "offers.csv", Path(tmp) / "mentions.csv"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "skillmine.cli",
                "classify",
                str(ROOT / "corpora" / "examples"),
                "-o",
                str(out),
                "--mentions",
                str(men),
                "--profile",
                profile,
                "--quiet",
            ],
            check=True,
        )
        rows = {}
        with out.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                rows[r["id"]] = {"offer": r, "mentions": []}
        with men.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                rows[r["offer_id"]]["mentions"].append(r)
    return [{"id": k, **v} for k, v in rows.items()]


def snapshot(out: Path, realdev: Path) -> None:
    import skillmine

    sources = {"corpus": _jsonl(ROOT / "corpora" / "offers.jsonl")}
    if (realdev / "offers.jsonl").exists():
        sources["realdev"] = _jsonl(realdev / "offers.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for profile in ("default", "fast"):
            miner = skillmine.load(profile=profile)
            for name, offers in sources.items():
                # every field of the record, so that structured fields (qualification, NAF, ROME) are read too
                records = [{k: v for k, v in o.items() if k not in ("meta", "skills", "source")} for o in offers]
                for rec, a in zip(records, miner.analyze_many(records)):
                    f.write(
                        json.dumps(
                            {"key": f"{profile}/{name}/{rec['id']}", "result": a.to_dict()},
                            ensure_ascii=False,
                            sort_keys=True,
                        )
                        + "\n"
                    )
            for row in _classify(profile):
                f.write(
                    json.dumps(
                        {"key": f"{profile}/examples/{row['id']}", "result": row}, ensure_ascii=False, sort_keys=True
                    )
                    + "\n"
                )
    print(f"{out}: {sum(1 for _ in out.open(encoding='utf-8'))} results")


def _diff(a, b, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in _diff(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.80} -> {b!r:.80}"]


def compare(before: Path, after: Path) -> int:
    a = {r["key"]: r["result"] for r in _jsonl(before)}
    b = {r["key"]: r["result"] for r in _jsonl(after)}
    changed = 0
    for key in sorted(set(a) | set(b)):
        diffs = _diff(a.get(key), b.get(key))
        if diffs:
            changed += 1
            print(key, *diffs[:6], sep="\n  ")
    print(f"{len(a)} results before, {len(b)} after, {changed} differ")
    return 1 if changed else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out", type=Path)
    s.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.out, args.realdev)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
