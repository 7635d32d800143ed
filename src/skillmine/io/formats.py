"""File formats: which suffixes are read and written, and where a Parquet output keeps its parts. The one place
that tells a format from a file name (readers, writers, resume and the command line ask it)."""

from __future__ import annotations

from pathlib import Path

SUPPORTED_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt")
"""What :func:`skillmine.io.readers.iter_records` reads (each optionally gzipped)."""
OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}


class InputError(Exception):
    """An input that cannot be read at all (missing file, unknown format, no text column)."""


def suffixes(path: Path) -> tuple[str, bool]:
    """The format suffix of ``path`` (``.gz`` set aside) and whether it is gzipped."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return Path(name).suffix, gz


def output_format(path: str | Path, given: str | None = None) -> str:
    """``given``, else the format of a results file named ``path``: csv, jsonl or parquet."""
    if given:
        return given
    suffix, _ = suffixes(Path(path))
    fmt = OUTPUT_FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"{path}: cannot tell the output format from the name; use .csv, .jsonl or .parquet")
    return fmt


def parts_dir(path: Path) -> Path:
    """Where a Parquet output keeps its complete parts until the run closes it."""
    return path.with_name(path.name + ".parts")


def parquet_files(path: Path) -> list[Path]:
    """The complete Parquet files of an output: the file itself and the parts of a run not closed yet."""
    parts = sorted(parts_dir(path).glob("part-*.parquet")) if parts_dir(path).is_dir() else []
    return ([path] if path.is_file() and path.stat().st_size else []) + parts
