"""Malformed CSV: every record gives a row; a broken one is flagged with its line, never merged with the next."""

from __future__ import annotations

import pandas as pd

from skillmine.io.batch import classify_files
from skillmine.io.readers import iter_records

BROKEN = (
    "id,title,text\n"
    '1,Responsable maintenance,"Vous déployez la GMAO."\n'
    '2,Ingénieur méthodes,"Vous pilotez le lean, sans guillemet fermant\n'
    "3,Directeur d'usine,Vous dirigez le site.\n"
    '4,Chef de production,"Vous encadrez 12 opérateurs, en 3x8."\n'
    "5,Technicien,trop,de,champs\n"
    "\n"
    '6,Responsable HSE,"Deux lignes :\nISO 14001 et ISO 50001."\n'
)


def test_an_unclosed_quote_and_a_wrong_field_count_are_flagged_rows(tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text(BROKEN, encoding="utf-8")
    recs = list(iter_records([path]))
    assert [r["id"] for r in recs] == ["1", "offers.csv:3", "3", "4", "offers.csv:6", "6"]
    assert recs[1]["_error"].startswith("line 3: malformed CSV") and "reading goes on at line 4" in recs[1]["_error"]
    assert recs[4]["_error"] == (
        "line 6: 5 field(s) where the header has 3 (a separator or a quote inside an unquoted field?)"
    )
    assert recs[2]["text"] == "Vous dirigez le site."  # not swallowed into record 2's text
    assert recs[5]["text"] == "Deux lignes :\nISO 14001 et ISO 50001."  # a quoted line end is still one field


def test_an_unclosed_quote_at_the_end_swallows_nothing(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text('id,text\na,"ouvert\nb,deux\nc,trois\n', encoding="utf-8")
    assert [(r["id"], r.get("text")) for r in iter_records([path])] == [
        ("o.csv:2", None),
        ("b", "deux"),
        ("c", "trois"),
    ]


def test_classify_gives_one_row_per_record_of_a_broken_csv(tmp_path, fast_miner):
    path = tmp_path / "offers.csv"
    path.write_text(BROKEN, encoding="utf-8")
    summary = classify_files([path], tmp_path / "out.csv", miner=fast_miner, progress=False)
    out = pd.read_csv(tmp_path / "out.csv", dtype={"id": str})
    assert len(out) == 6 and summary.statuses["invalid"] == 2
    assert out.set_index("id").loc["offers.csv:3", "error"].startswith("line 3: malformed CSV")
    assert out.loc[out["status"] == "ok", "id"].tolist() == ["1", "3", "4", "6"]
