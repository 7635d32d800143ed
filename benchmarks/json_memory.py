"""Peak memory of ``skillmine classify`` on a large JSON export (France Travail shape), against parsing it whole.

Usage: python benchmarks/json_memory.py [--size-mb 1000] [--offers 5000]

Writes a ``{"resultats": [...]}`` export of about ``--size-mb`` MB: ``--offers`` offers with real texts from the
corpus, each padded by a large field that an export carries and skillmine ignores (``competences``). Then, each in
a fresh process: ``json.load`` of the file (what a whole-file reader needs) and ``skillmine classify`` (fast
profile) into Parquet. The peak resident memory of each process is read from ``getrusage``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far (KB on Linux)
    if peak <= before:
        print("warning: an earlier process peaked higher; run the measures in separate invocations", file=sys.stderr)
    return peak / 1024, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=1000)
    ap.add_argument("--offers", type=int, default=5000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "json_memory.json")
    args = ap.parse_args()
    texts = [json.loads(line) for line in (ROOT / "corpora" / "offers.jsonl").read_text(encoding="utf-8").splitlines()]
    pad = "x" * int(args.size_mb * 1e6 / args.offers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.json"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('{"filtresPossibles": [], "resultats": [')
            for i in range(args.offers):
                t = texts[i % len(texts)]
                fh.write(
                    ("," if i else "")
                    + json.dumps(
                        {
                            "id": f"o{i}",
                            "intitule": t["title"],
                            "description": t["text"],
                            "romeCode": "H2502",
                            "competences": pad,
                        },
                        ensure_ascii=False,
                    )
                )
            fh.write("]}")
        size = path.stat().st_size / 1e6
        # the classify run first: getrusage keeps the largest child, and the whole-file parse is the larger
        classify_mb, classify_s = _peak_mb(
            [
                sys.executable,
                "-m",
                "skillmine.cli",
                "classify",
                str(path),
                "-o",
                str(Path(tmp) / "out.parquet"),
                "--profile",
                "fast",
                "--quiet",
            ]
        )
        whole_mb, whole_s = _peak_mb(
            [sys.executable, "-c", f"import json; json.load(open({str(path)!r}, encoding='utf-8'))"]
        )
    result = {
        "file_mb": round(size),
        "offers": args.offers,
        "classify_peak_mb": round(classify_mb),
        "classify_s": round(classify_s, 1),
        "json_load_peak_mb": round(whole_mb),
        "json_load_s": round(whole_s, 1),
    }
    print(json.dumps(result, indent=2))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
