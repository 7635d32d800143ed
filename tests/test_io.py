"""Readers and writers: every format, the field mapping, and bad input that must become a row, not a crash."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from skillmine.io.fields import FieldMap, InputError
from skillmine.io.readers import iter_records, list_inputs
from skillmine.io.resume import read_done_ids
from skillmine.io.writers import open_writer

TEXT = "Responsable maintenance (H/F)\nVous encadrez une équipe de techniciens et pilotez la GMAO du site."


def records(*paths, **kw):
    return list(iter_records(paths, FieldMap(**kw)))


def test_jsonl_with_a_malformed_line_keeps_every_row(tmp_path):
    p = tmp_path / "offers.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": TEXT})
        + "\n{not json\n"
        + json.dumps([1, 2])
        + "\n"
        + json.dumps({"id": "d", "description": TEXT})
        + "\n",
        encoding="utf-8",
    )
    rows = records(p)
    assert [r["id"] for r in rows] == ["a", "offers.jsonl:2", "offers.jsonl:3", "d"]
    assert "invalid JSON" in rows[1]["_error"] and "line 2" in rows[1]["_error"]
    assert "JSON object was expected" in rows[2]["_error"]
    assert rows[3]["text"] == TEXT


def test_france_travail_export_shape_is_mapped(tmp_path):
    p = tmp_path / "ft.json"
    p.write_text(
        json.dumps(
            {
                "resultats": [
                    {
                        "id": "187XYZ",
                        "intitule": "Ingénieur méthodes",
                        "description": TEXT,
                        "romeCode": "H1402",
                        "dateCreation": "2026-10-02T10:00:00.000Z",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    (r,) = records(p)
    assert (r["id"], r["title"], r["text"]) == ("187XYZ", "Ingénieur méthodes", TEXT)
    assert r["rome_code"] == "H1402" and r["date"].startswith("2026-10-02")


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("latin-1", "\t")])
def test_csv_delimiter_and_encoding_are_detected(tmp_path, encoding, delimiter):
    p = tmp_path / "offers.csv"
    text = "Chef d'atelier : sécurité, qualité, délais ; réduction des déchets."
    pd.DataFrame(
        {
            "reference": ["x1", "x2"],
            "intitulé": ["Chef d'atelier", "Ingénieur procédés"],
            "texte": [text, "Amélioration continue et éco-conception"],
        }
    ).to_csv(p, sep=delimiter, index=False, encoding=encoding)
    rows = records(p)
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert rows[0]["text"] == text and rows[0]["title"] == "Chef d'atelier"


def test_missing_text_column_is_a_clear_input_error(tmp_path):
    p = tmp_path / "offers.csv"
    p.write_text("id;titre\n1;Opérateur\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text field found"):
        records(p)
    with pytest.raises(InputError, match="no field 'corps'"):
        records(tmp_path / "offers.csv", text="corps")


def test_field_overrides_and_generated_ids(tmp_path):
    p = tmp_path / "o.jsonl"
    p.write_text(json.dumps({"corps": TEXT, "nom": "Resp. maintenance"}) + "\n", encoding="utf-8")
    (r,) = records(p, text="corps", title="nom")
    assert r["text"] == TEXT and r["title"] == "Resp. maintenance" and r["id"] == "o.jsonl:1"


def test_parquet_gz_txt_and_folders(tmp_path):
    sub = tmp_path / "lot" / "deep"
    sub.mkdir(parents=True)
    pd.DataFrame({"id": ["p1"], "text": [TEXT]}).to_parquet(tmp_path / "lot" / "a.parquet")
    with gzip.open(sub / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": TEXT}) + "\n")
    (sub / "c.txt").write_bytes(TEXT.encode("cp1252"))
    (sub / "notes.md").write_text("ignored", encoding="utf-8")
    files, skipped = list_inputs([tmp_path / "lot"])
    assert [f.name for f in skipped] == ["notes.md"]
    rows = records(tmp_path / "lot")
    assert [r["id"] for r in rows] == ["p1", "g1", "deep/c.txt"]
    assert rows[2]["text"] == TEXT  # cp1252 decoded


def test_unknown_or_missing_input_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list_inputs([tmp_path / "nope.jsonl"])
    (tmp_path / "x.docx").write_text("x")
    with pytest.raises(InputError, match="unsupported format"):
        list_inputs([tmp_path / "x.docx"])


ROUND_TRIP = {
    # what the file holds after the two writes, read back without pandas: every column, in order, with the types
    # the format keeps (CSV is text; a missing score is an empty cell, JSON null, a Parquet null)
    "csv": [{"id": "a", "n": "1", "flag": "True", "score": "0.5"}, {"id": "b", "n": "2", "flag": "False", "score": ""}],
    "jsonl": [{"id": "a", "n": 1, "flag": True, "score": 0.5}, {"id": "b", "n": 2, "flag": False, "score": None}],
    "parquet": [{"id": "a", "n": 1, "flag": True, "score": 0.5}, {"id": "b", "n": 2, "flag": False, "score": None}],
}


def _read_back(path, suffix):
    """The rows of a written file as the format keeps them, and the column types (Parquet) or None."""
    if suffix == "csv":
        import csv

        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh)), None
    if suffix == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()], None
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return table.to_pylist(), {f.name: str(f.type) for f in table.schema}


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_writer_round_trip_append_and_done_ids(tmp_path, suffix):
    """Two writes (the second appends) give back every value of every column, typed as the format keeps them."""
    cols = {"id": "string", "n": "int64", "flag": "bool", "score": "float64"}
    out = tmp_path / f"r.{suffix}"
    with open_writer(out, cols) as w:
        w.write([{"id": "a", "n": 1, "flag": True, "score": 0.5}])
    with open_writer(out, cols, append=True) as w:
        w.write([{"id": "b", "n": 2, "flag": False, "score": None}])
    assert read_done_ids(out) == {"a", "b"}
    rows, schema = _read_back(out, suffix)
    expected = ROUND_TRIP[suffix]
    assert [list(r) for r in rows] == [list(cols)] * 2  # every column, in the declared order
    assert rows == expected
    # equal is not enough: 1 == True == 1.0 in Python; the types must be those of the format too
    assert [[type(v) for v in r.values()] for r in rows] == [[type(v) for v in r.values()] for r in expected]
    if suffix == "parquet":
        assert schema == {"id": "string", "n": "int64", "flag": "bool", "score": "double"}
