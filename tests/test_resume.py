"""No row lost: a real `classify` process killed mid-run, then resumed, for every output format."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from paths import ROOT
from skillmine.io.resume import keep_rows, read_done_ids, repair_output
from skillmine.io.writers import RowWriter

OFFERS = 600


def _input(tmp_path):
    lines = (ROOT / "corpora" / "offers.jsonl").read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    with open(tmp_path / "in.jsonl", "w", encoding="utf-8") as fh:
        for i in range(OFFERS):
            r = recs[i % len(recs)]
            fh.write(json.dumps({"id": f"o{i}", "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n")
    return tmp_path / "in.jsonl"


def _classify(*args):
    cmd = [
        sys.executable,
        "-m",
        "skillmine.cli",
        "classify",
        *map(str, args),
        "--profile",
        "fast",
        "--quiet",
        "--batch-size",
        "8",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _written(out, fmt):
    if fmt == "parquet":
        parts = out.with_name(out.name + ".parts")
        return len(list(parts.glob("part-*.parquet"))) if parts.is_dir() else 0
    return out.stat().st_size if out.exists() else 0


@pytest.mark.parametrize("fmt,mfmt", [("csv", "csv"), ("jsonl", "parquet"), ("parquet", "parquet")])
def test_a_killed_run_resumes_without_losing_or_repeating_a_row(tmp_path, fmt, mfmt):
    """Each output format, and mentions in another format than the offers (their rows must be durable first)."""
    src = _input(tmp_path)
    out, men = tmp_path / f"out.{fmt}", tmp_path / f"mentions.{mfmt}"
    proc = _classify(src, "-o", out, "--mentions", men)
    deadline = time.time() + 120
    while _written(out, fmt) < (2 if fmt == "parquet" else 20_000) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()[1][-500:]}"
    os.kill(proc.pid, signal.SIGKILL)  # no cleanup: what a crash or an out-of-memory kill does
    proc.wait()
    assert out.with_name(out.name + ".parts").is_dir() if fmt == "parquet" else out.exists()
    if fmt != "parquet":  # a crash during a write leaves half a row: cut the last line as one would
        for f in (out, men) if mfmt == fmt else (out,):
            data = f.read_bytes()
            f.write_bytes(data[: data.rstrip(b"\r\n").rfind(b"\n") + 30])
    done_before = read_done_ids(out)
    assert 0 < len(done_before) < OFFERS

    resumed = _classify(src, "-o", out, "--mentions", men, "--resume")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err[-800:]

    if fmt == "jsonl":  # every line parses
        table = pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    elif fmt == "csv":
        table = pd.read_csv(out, dtype={"id": str})
    else:
        table = pd.read_parquet(out)
    mentions = pd.read_csv(men, dtype={"offer_id": str}) if mfmt == "csv" else pd.read_parquet(men)
    for f in (out, men):
        assert not f.with_name(f.name + ".parts").exists() and not f.with_name(f.name + ".partial").exists()
    # every input id exactly once
    assert sorted(table["id"].astype(str)) == sorted(f"o{i}" for i in range(OFFERS))
    assert table["status"].eq("ok").all()
    # mentions: none written twice, and every offer that asks for a category has its mentions
    key = ["offer_id", "start", "end", "skill_id", "source"]
    assert not mentions.duplicated(key).any()
    with_mentions = set(mentions["offer_id"].astype(str))
    for cat in ("digital", "green", "management"):
        asking = set(table.loc[table[f"has_{cat}"].astype(bool), "id"].astype(str))
        assert asking <= with_mentions
    # the resumed run says what it repaired or kept
    assert ("last row was cut" in err) if fmt != "parquet" else ("complete part(s)" in err)


def test_repair_cuts_a_csv_row_with_a_line_end_inside_its_quotes(tmp_path):
    """A CSV row may hold a line end inside a quoted field: a cut there is still half a row."""
    path = tmp_path / "o.csv"
    path.write_bytes(b'id,title\r\na,"one\r\nline"\r\nb,"two\r\n')
    assert read_done_ids(path) == {"a"}
    assert "interrupted" in repair_output(path)
    assert path.read_bytes() == b'id,title\r\na,"one\r\nline"\r\n'
    assert repair_output(path) is None  # whole rows only: nothing to do


def test_keep_rows_drops_the_mentions_of_offers_without_a_row(tmp_path):
    for fmt in ("csv", "jsonl", "parquet"):
        path = tmp_path / f"m.{fmt}"
        with RowWriter(path, {"offer_id": "string", "start": "int64"}) as w:
            w.write([{"offer_id": "a", "start": 1}, {"offer_id": "b", "start": 2}, {"offer_id": "a", "start": 3}])
        assert keep_rows(path, "offer_id", {"a"}) == 1
        got = (
            pd.read_parquet(path)
            if fmt == "parquet"
            else (pd.read_csv(path) if fmt == "csv" else pd.read_json(path, lines=True))
        )
        assert got["start"].tolist() == [1, 3]


def test_parquet_parts_of_a_run_not_closed_are_read_and_merged(tmp_path):
    path = tmp_path / "o.parquet"
    w = RowWriter(path, {"id": "string"}, part_rows=2)
    w.write([{"id": "a"}, {"id": "b"}])  # one complete part
    w.write([{"id": "c"}])  # still buffered
    assert not path.exists() and read_done_ids(path) == {"a", "b"}  # what a resumed run sees after a kill
    w2 = RowWriter(path, {"id": "string"}, append=True, part_rows=2)
    assert "1 complete part" in w2.notes[0]
    w2.write([{"id": "c"}])  # the killed run's buffered row, analysed again
    w2.close()
    assert pd.read_parquet(path)["id"].tolist() == ["a", "b", "c"]
    # a new run (no resume) starts afresh: the old file goes at once, so a kill then a resume never mixes them
    w3 = RowWriter(path, {"id": "string"}, part_rows=1)
    assert not path.exists()
    w3.write([{"id": "z"}])
    assert read_done_ids(path) == {"z"}
    w3.close()
    assert pd.read_parquet(path)["id"].tolist() == ["z"]


def test_parts_already_merged_are_not_merged_twice(tmp_path):
    """A run killed after its merge but before deleting its parts: the resumed run drops those parts."""
    path = tmp_path / "o.parquet"
    with RowWriter(path, {"id": "string"}) as w:
        w.write([{"id": "a"}, {"id": "b"}])
    parts = path.with_name(path.name + ".parts")
    parts.mkdir()
    pd.DataFrame({"id": ["a", "b"]}).to_parquet(parts / "part-000000.parquet")  # left behind by the kill
    with RowWriter(path, {"id": "string"}, append=True) as w2:
        w2.write([{"id": "c"}])
    assert pd.read_parquet(path)["id"].tolist() == ["a", "b", "c"]
