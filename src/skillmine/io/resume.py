"""Resuming an output after a crash: cut a half-written last row, read the ids already done, drop orphan
mentions."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Iterator

from skillmine.io.formats import output_format, parquet_files


def _complete_length(path: Path, fmt: str) -> int:
    """Bytes of ``path`` that hold whole rows: up to the last line end (JSONL), or the last line end outside a
    quoted field (CSV, whose quoted fields may hold line ends; quotes inside them are doubled, so their parity
    tells)."""
    end = pos = 0
    quoted = False
    with open(path, "rb") as fh:
        for line in fh:
            pos += len(line)
            if fmt == "csv":
                quoted ^= line.count(b'"') % 2 == 1
            if line.endswith(b"\n") and not quoted:
                end = pos
    return end


def repair_output(path: str | Path, fmt: str | None = None) -> str | None:
    """Cut a CSV or JSONL output back to its last whole row (a killed run may leave half a row); says what it
    dropped, or ``None``. Parquet outputs are never half-written (see :class:`RowWriter`)."""
    path = Path(path)
    fmt = output_format(path, fmt)
    if fmt == "parquet" or not path.is_file():
        return None
    size, keep = path.stat().st_size, _complete_length(path, fmt)
    if keep == size:
        return None
    with open(path, "r+b") as fh:
        fh.truncate(keep)
    return f"{path}: the last row was cut by an interrupted run ({size - keep} bytes): dropped, its offer is analysed again"


def _complete_rows(path: Path, fmt: str) -> Iterator[dict[str, Any]]:
    """The whole rows of a CSV or JSONL output (a half-written last row is left out)."""
    keep = _complete_length(path, fmt)
    with open(path, "rb") as raw:
        lines = (line.decode("utf-8") for line in _lines_up_to(raw, keep))  # line ends kept, as csv wants
        if fmt == "csv":
            yield from csv.DictReader(lines)
            return
        for line in lines:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line glued by an old interrupted run: its offer is analysed again
            if isinstance(row, dict):
                yield row


def _lines_up_to(raw: IO[bytes], end: int) -> Iterator[bytes]:
    """The lines of ``raw`` that lie in its first ``end`` bytes, read one at a time (an output may be large)."""
    pos = 0
    for line in raw:
        if pos >= end:
            return
        pos += len(line)
        yield line


def read_done_ids(path: str | Path, fmt: str | None = None) -> set[str]:
    """Ids already written in an output file (for ``--resume``): whole rows only, and for Parquet the parts that
    an interrupted run left complete."""
    path = Path(path)
    fmt = output_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {str(x) for f in parquet_files(path) for x in pq.read_table(f, columns=["id"]).column("id").to_pylist()}
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    return {str(row["id"]) for row in _complete_rows(path, fmt) if row.get("id") not in (None, "")}


def keep_rows(path: str | Path, column: str, keep: set[str], fmt: str | None = None) -> int:
    """Rewrite an output keeping the rows whose ``column`` is in ``keep`` (on resume, the mentions of offers whose
    row was never written go: they are analysed again); returns how many rows went."""
    path = Path(path)
    fmt = output_format(path, fmt)
    dropped = 0
    if fmt == "parquet":
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for f in parquet_files(path):
            table = pq.read_table(f)
            kept = table.filter(pc.is_in(table.column(column).cast("string"), value_set=_pa_strings(keep)))
            if kept.num_rows < table.num_rows:
                dropped += table.num_rows - kept.num_rows
                tmp = f.with_name(f.name + ".tmp")
                pq.write_table(kept, tmp)
                tmp.replace(f)
        return dropped
    if not path.is_file():
        return 0
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="" if fmt == "csv" else None) as out:
        writer = None
        for row in _complete_rows(path, fmt):
            if str(row.get(column)) not in keep:
                dropped += 1
                continue
            if fmt == "csv":
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if fmt == "csv" and writer is None:  # no row left: keep the header
            with open(path, encoding="utf-8", newline="") as fh:
                out.write(fh.readline())
    tmp.replace(path)
    return dropped


def _pa_strings(values: set[str]):
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())
