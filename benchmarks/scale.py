"""Scale: ``classify`` with 1 vs 2 processes, peak RSS while streaming many offers, import + ``load()`` time.

Usage: python benchmarks/scale.py [--offers 50000] [--parallel-offers 2000] [--profile fast]

* The input is the corpus replicated to ``--offers`` offers (ids made unique) in a JSONL file. The classify run
  is a subprocess of ``skillmine classify``; its peak RSS (``ru_maxrss`` of the children) and RSS sampled every
  second give the memory curve, which must stay flat (streaming) and under 1 GB.
* ``--n-process 2`` vs ``1`` on ``--parallel-offers`` offers, both runs in this same invocation.
* Import + ``load()`` time, in a fresh interpreter each time (median of 3).
Writes ``benchmarks/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicate(n: int, path: Path) -> None:
    recs = [json.loads(line) for line in (ROOT / "corpora" / "offers.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = recs[i % len(recs)]
            fh.write(
                json.dumps({"id": f"{r['id']}#{i}", "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n"
            )


def run_classify(inp: Path, out: Path, profile: str, n_process: int, sample: bool = False) -> dict:
    import psutil

    cmd = [
        sys.executable,
        "-m",
        "skillmine.cli",
        "classify",
        str(inp),
        "-o",
        str(out),
        "--profile",
        profile,
        "--n-process",
        str(n_process),
        "--quiet",
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    ps = psutil.Process(proc.pid)
    curve = []
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            curve.append(round(rss / 2**20))
        except psutil.Error:
            pass
        time.sleep(1.0 if sample else 0.2)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"classify failed ({proc.returncode})")
    rows = sum(1 for _ in open(out, encoding="utf-8")) - 1
    return {"seconds": round(seconds, 1), "rows": rows, "peak_rss_mb": max(curve, default=0), "rss_curve_mb": curve}


def load_time(profile: str) -> float:
    code = (
        "import time; t=time.perf_counter(); import skillmine; skillmine.load(profile=%r); "
        "print(time.perf_counter()-t)" % profile
    )
    return float(subprocess.check_output([sys.executable, "-c", code], text=True).strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--offers", type=int, default=50_000)
    ap.add_argument("--parallel-offers", type=int, default=2_000)
    ap.add_argument("--profile", default="fast")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "scale.json")
    args = ap.parse_args()
    result: dict = {"profile": args.profile}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = tmp / "small.jsonl"
        replicate(args.parallel_offers, small)
        for n in (1, 2):
            r = run_classify(small, tmp / f"p{n}.csv", args.profile, n)
            result[f"n_process_{n}"] = {k: v for k, v in r.items() if k != "rss_curve_mb"}
            print(
                f"n-process {n}: {r['rows']} offers in {r['seconds']} s ({r['rows'] / r['seconds']:.1f}/s), "
                f"peak RSS {r['peak_rss_mb']} MB"
            )
        result["n_process_speedup"] = round(result["n_process_1"]["seconds"] / result["n_process_2"]["seconds"], 2)
        if args.offers > 0:  # --offers 0: only the n-process comparison and the load time
            big = tmp / "big.jsonl"
            replicate(args.offers, big)
            r = run_classify(big, tmp / "big.csv", args.profile, 1, sample=True)
            curve = r["rss_curve_mb"]
            tenth = max(1, len(curve) // 10)
            result["stream"] = {
                "offers": args.offers,
                "rows": r["rows"],
                "seconds": r["seconds"],
                "peak_rss_mb": r["peak_rss_mb"],
                "rss_after_10pct_mb": curve[tenth] if curve else None,
                "rss_at_end_mb": curve[-1] if curve else None,
                "rss_every_10pct_mb": curve[::tenth],
            }
            print(
                f"stream {args.offers}: {r['rows']} rows in {r['seconds']} s, peak RSS {r['peak_rss_mb']} MB, "
                f"curve every 10%: {curve[::tenth]}"
            )
    result["load_seconds"] = {
        p: round(statistics.median(load_time(p) for _ in range(3)), 2) for p in ("default", "fast")
    }
    print(f"import + load(): {result['load_seconds']}")
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
