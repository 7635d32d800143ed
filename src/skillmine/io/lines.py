"""One reader per format: the lines of a JSONL file and the rows of a CSV / TSV file.

Every reader of such files (offers in :mod:`skillmine.io.readers`, user lexicons, ESCO / ROME imports, annotated
corpora) goes through :func:`json_lines` and :func:`csv_rows`, so all of them read ``.gz`` files, UTF-8 with or
without BOM and cp1252 alike (:mod:`skillmine.io.encoding`), and number lines alike: the physical line of the
file, from 1, as ``file:line`` in messages.

Neither raises on a bad line or row: it is yielded with what is wrong, and the offer readers flag it ``invalid``
and go on. Files that must be whole (lexicons, corpora, ESCO / ROME) read them through :func:`json_values` and
:func:`csv_dicts`, which raise an error naming ``file:line`` instead.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from skillmine.io.encoding import open_bytes, text_stream
from skillmine.io.formats import suffixes

MALFORMED_CSV = "malformed CSV"
"""How the message of a row with a broken quote starts (the rows after it are read again from its next line)."""

CsvRow = dict[str, str] | str
"""A CSV row keyed by the header, or the message of a row that cannot be read."""


def json_lines(path: Path) -> Iterator[tuple[int, Any | json.JSONDecodeError]]:
    """``(line number, value)`` for each non-blank line of a JSONL file (``-``: standard input); the value is the
    line's JSON value (any type: the caller checks it), or the :class:`json.JSONDecodeError` of a line that is not
    JSON (``.msg``, ``.colno``)."""
    with open_bytes(path) as raw:
        for n, line in enumerate(text_stream(raw), 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                value = exc
            yield n, value


def json_values(path: Path, error: type[Exception] = ValueError) -> Iterator[tuple[int, Any]]:
    """:func:`json_lines` for files that must be whole (lexicons, corpora): a line that is not JSON raises
    ``error`` naming ``file:line``."""
    for n, value in json_lines(path):
        if isinstance(value, json.JSONDecodeError):
            raise error(f"{path}:{n}: invalid JSON ({value.msg})")
        yield n, value


def csv_dicts(path: Path, error: type[Exception] = ValueError) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of :func:`csv_rows` for files that must be whole (lexicons, ESCO / ROME): a row that cannot be
    read raises ``error`` naming ``file:line``."""
    for n, row in csv_rows(path)[1]:
        if isinstance(row, str):
            raise error(f"{path}:{n}: {row}")
        yield n, row


def csv_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, CsvRow]]]:
    """The header of a CSV / TSV file (``[]`` when the first line is blank), and ``(line number, row)`` for each
    row after it (blank lines skipped; ``line number`` is where the row starts).

    The delimiter is a tab for ``.tsv``, else sniffed on the header among ``, ; tab |`` (the most frequent of them
    when sniffing fails). A row is a dict keyed by the header, or a message when it has another field count than
    the header, or a quote that never closes (or text after a closing quote): reading then goes on at the line after
    that row's first line, so a broken quote does not swallow the rows after it."""
    with open_bytes(path) as raw:
        header = text_stream(raw).readline()
    if not header.strip():
        return [], iter(())
    if suffixes(path)[0] == ".tsv":
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = max(",;\t|", key=header.count)
    names = next(csv.reader([header], delimiter=delimiter))
    return names, _rows_from(path, names, delimiter)


def _rows_from(path: Path, names: list[str], delimiter: str) -> Iterator[tuple[int, CsvRow]]:
    csv.field_size_limit(1 << 30)
    start: int | None = 2
    while start is not None:  # read again from the line after a broken quote (the stream has gone past it)
        with open_bytes(path) as raw:
            lines = itertools.islice(text_stream(raw), start - 1, None)
            start = yield from _rows(lines, start, names, delimiter)


def _rows(lines: Iterable[str], first_line: int, names: list[str], delimiter: str):
    """Yield the rows of ``lines`` (starting at physical line ``first_line``); return the line to read again from
    after a broken quote, or ``None`` at the end of the file."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    end = first_line - 1
    while True:
        begin = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            # the row's own line is what is known to be wrong: a quote it opened may have run over the next rows
            # (they are read again; the lines of a quoted field cut by the error mostly lack the header's field
            # count, and are flagged too)
            yield begin, (f"{MALFORMED_CSV} ({exc}): a quote that does not close, or text after a closing quote")
            return begin + 1
        end = first_line - 1 + reader.line_num
        if not row:
            continue  # a blank line
        if len(row) != len(names):
            yield (
                begin,
                (
                    f"{len(row)} field(s) where the header has {len(names)} (a separator or a quote inside an "
                    "unquoted field?)"
                ),
            )
            continue
        yield begin, dict(zip(names, row))
