"""Output files written chunk by chunk (CSV, JSONL, Parquet parts), so that a killed run loses no written row."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Mapping

from skillmine.io.formats import output_format, parquet_files, parts_dir
from skillmine.io.resume import repair_output


class RowWriter:
    """Writes dict rows with fixed, typed columns to CSV, JSONL or Parquet, chunk by chunk, so that a killed run
    loses no row it wrote and leaves a file that ``--resume`` continues.

    ``columns`` maps each column to ``"string"``, ``"double"``, ``"int64"`` or ``"bool"`` (used by Parquet).
    With ``append``, rows go after those already in the file: a CSV or JSONL file is first cut back to its last
    whole row. A Parquet file cannot be appended to, and a half-written one cannot be read: rows go, by
    ``part_rows``, into complete part files in ``<out>.parts/``; closing merges the file and its parts into
    ``<out>`` (through ``<out>.partial``, renamed when complete). A killed run thus leaves the previous complete
    file and complete parts, which a resumed run reads and merges. ``notes`` says what was repaired or resumed.
    """

    def __init__(
        self,
        path: str | Path,
        columns: Mapping[str, str],
        fmt: str | None = None,
        append: bool = False,
        part_rows: int = 1000,
    ) -> None:
        self.path = Path(path)
        self.part_rows = part_rows
        self.columns = dict(columns)
        self.fmt = output_format(self.path, fmt)
        self.rows = 0
        self.notes: list[str] = []
        self._fh = None
        exists = append and self.path.is_file() and self.path.stat().st_size > 0
        if self.fmt in ("csv", "jsonl"):
            note = repair_output(self.path, self.fmt) if exists else None
            self.notes += [note] if note else []
            newline = "" if self.fmt == "csv" else None  # csv writes its own line ends
            self._fh = open(self.path, "a" if exists else "w", encoding="utf-8", newline=newline)
            if self.fmt == "csv":
                self._csv = csv.DictWriter(self._fh, fieldnames=list(self.columns), extrasaction="ignore")
                if not exists:
                    self._csv.writeheader()
                    self._fh.flush()
        else:
            import pyarrow as pa

            types = {"string": pa.string(), "bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}
            self._schema = pa.schema([(c, types[t]) for c, t in self.columns.items()])
            self._parts = parts_dir(self.path)
            self._buffer: list[dict[str, Any]] = []
            stale = self.path.with_name(self.path.name + ".partial")
            if stale.exists():
                stale.unlink()  # a merge cut short: the parts are still there
            if not append:  # a fresh run: nothing of an earlier one may be read back or merged
                for f in self._parts.iterdir() if self._parts.is_dir() else ():
                    f.unlink()
                if self.path.exists():
                    self.path.unlink()
            elif self.path.is_file() and self._parts.is_dir():
                self._drop_merged_parts()
            found = sorted(self._parts.glob("part-*.parquet")) if self._parts.is_dir() else []
            if append and found:
                self.notes.append(
                    f"{self.path}: an interrupted run left {len(found)} complete part(s) in {self._parts}: "
                    "kept, and merged when this run ends"
                )
            self._next = len(found)
            self._append = append

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.fmt == "csv":
            self._csv.writerows(rows)
            self._fh.flush()
        elif self.fmt == "jsonl":
            self._fh.write(
                "".join(json.dumps({c: r.get(c) for c in self.columns}, ensure_ascii=False) + "\n" for r in rows)
            )
            self._fh.flush()
        else:
            self._buffer.extend({c: r.get(c) for c in self.columns} for r in rows)
            if len(self._buffer) >= self.part_rows:
                self._flush_part()
        self.rows += len(rows)

    def _drop_merged_parts(self) -> None:
        """Parts whose keys (the first column) are all in the file already: a run died after merging them and
        before deleting them; merging them again would write their rows twice."""
        import pyarrow.parquet as pq

        key = next(iter(self.columns))
        merged = set(pq.read_table(self.path, columns=[key]).column(key).to_pylist())
        for f in sorted(self._parts.glob("part-*.parquet")):
            if set(pq.read_table(f, columns=[key]).column(key).to_pylist()) <= merged:
                f.unlink()

    @property
    def buffered(self) -> int:
        """Rows written but not yet in a complete part (Parquet; 0 for the other formats)."""
        return len(self._buffer) if self.fmt == "parquet" else 0

    def flush(self) -> None:
        """Make every row written so far durable (a complete part for Parquet)."""
        if self._fh is not None:
            self._fh.flush()
        elif self.fmt == "parquet":
            self._flush_part()

    def _flush_part(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buffer:
            return
        self._parts.mkdir(exist_ok=True)
        part = self._parts / f"part-{self._next:06d}.parquet"
        tmp = part.with_name(part.name + ".tmp")
        pq.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema), tmp)
        tmp.replace(part)  # a part exists only once complete
        self._next += 1
        self._buffer = []

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            return
        if self.fmt != "parquet" or self._parts is None:
            return
        import pyarrow.parquet as pq

        self._flush_part()
        files = [f for f in parquet_files(self.path) if self._append or f != self.path]
        partial = self.path.with_name(self.path.name + ".partial")
        with pq.ParquetWriter(partial, self._schema) as out:
            for f in files:
                out.write_table(pq.read_table(f).select(list(self.columns)).cast(self._schema))
            if not files:
                out.write_table(self._schema.empty_table())
        partial.replace(self.path)
        if self._parts.is_dir():
            for f in self._parts.iterdir():
                f.unlink()
            self._parts.rmdir()
        self._parts = None

    def __enter__(self) -> "RowWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_writer(
    path: str | Path, columns: Mapping[str, str], fmt: str | None = None, append: bool = False, part_rows: int = 1000
) -> RowWriter:
    return RowWriter(path, columns, fmt, append, part_rows)
