"""Build ``corpora/examples/`` from the test split of the corpus, in several input formats.

Usage: python scripts/make_examples.py

Writes 26 offers (written for the project): ``offers.jsonl`` (14), ``offres.csv`` (6, ``;``-separated, UTF-8 with
BOM), ``france_travail.json`` (2, the France Travail API export shape, with ROME codes and dates) and ``txt/``
(4 files, one offer each). The quick start classifies this folder.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PICK = {
    "direction_industrielle": 5,
    "ingenierie_production": 5,
    "maintenance_industrielle": 5,
    "pilotage_production": 5,
    "non_cadre": 3,
    "other": 3,
}
ROME = {
    "direction_industrielle": "H2510",
    "maintenance_industrielle": "I1102",
    "pilotage_production": "H2502",
    "ingenierie_production": "H1402",
}


def group(r: dict) -> str:
    if r["in_scope"]:
        return r["family"]
    return "non_cadre" if r["family"] else "other"


def main() -> None:
    split = json.loads((ROOT / "corpora" / "splits.json").read_text(encoding="utf-8"))
    test = set(split["test"])
    recs = [json.loads(line) for line in (ROOT / "corpora" / "offers.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen, left = [], dict(PICK)
    for r in recs:  # ids are in author order: take the first of each group from each author in turn
        if (
            r["id"] in test
            and left.get(group(r), 0) > 0
            and sum(c["meta"]["author"] == r["meta"]["author"] for c in chosen) < 6
        ):
            chosen.append(r)
            left[group(r)] -= 1
    out = ROOT / "corpora" / "examples"
    shutil.rmtree(out, ignore_errors=True)
    (out / "txt").mkdir(parents=True)
    jsonl, csv_rows, ft, txt = chosen[:14], chosen[14:20], chosen[20:22], chosen[22:26]
    with open(out / "offers.jsonl", "w", encoding="utf-8") as fh:
        for r in jsonl:
            fh.write(
                json.dumps(
                    {"id": r["id"], "title": r["title"], "text": r["text"], "sector": r["meta"].get("sector")},
                    ensure_ascii=False,
                )
                + "\n"
            )
    with open(out / "offres.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["reference", "intitule", "description", "secteur"])
        for r in csv_rows:
            w.writerow([r["id"], r["title"], r["text"], r["meta"].get("sector")])
    export = {
        "resultats": [
            {
                "id": r["id"],
                "intitule": r["title"],
                "description": r["text"],
                "romeCode": ROME.get(r["family"] or "", "M1703"),
                "dateCreation": f"2026-{9 + k}-0{3 + k}T09:00:00.000Z",
            }
            for k, r in enumerate(ft)
        ]
    }
    (out / "france_travail.json").write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for r in txt:
        (out / "txt" / f"{r['id']}.txt").write_text(r["title"] + "\n\n" + r["text"] + "\n", encoding="utf-8")
    print(f"{len(chosen)} offers -> {out}: " + ", ".join(f"{k} {PICK[k] - v}" for k, v in left.items()))


if __name__ == "__main__":
    main()
