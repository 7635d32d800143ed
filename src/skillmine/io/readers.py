"""Reading offer files, streaming: one reader per format, every row a record.

Inputs: JSONL, JSON (an array, ``{"resultats": [...]}`` as France Travail exports, or one object), CSV / TSV
(delimiter sniffed, UTF-8 with or without BOM, cp1252 / Latin-1 detected), Parquet, TXT (one offer a file),
their ``.gz`` forms, and folders of them (recursively). Every input row becomes one record, also a malformed
one: it carries ``_error`` and the miner turns it into a row with status ``invalid``. N offers in, N rows out.

Fields are mapped automatically (``text``/``description``/``texte``..., ``title``/``intitule``...,
``id``/``reference``...); ``--text-field``, ``--title-field`` and ``--id-field`` override the mapping. Missing ids
are made stable from the file and the line (``offers.csv:12``).

JSONL lines and CSV / TSV rows are read by :func:`skillmine.io.lines.json_lines` and
:func:`skillmine.io.lines.csv_rows` (also importable from here), which the lexicon and corpus readers use too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from skillmine.io.encoding import detect_encoding, open_bytes, text_stream
from skillmine.io.fields import EXTRA_FIELDS, ID_FIELDS, FieldMap, pick_field
from skillmine.io.formats import SUPPORTED_SUFFIXES, InputError, suffixes
from skillmine.io.lines import MALFORMED_CSV, csv_rows, json_lines

_COLLECTIONS = ("resultats", "results", "offers", "offres", "data", "items", "records", "hits")


def _record(row: Mapping[str, Any], fields: dict[str, str | None], where: str, fallback_id: str) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": None,
        "title": None,
        "text": row.get(fields["text"]) if fields["text"] else None,
        "source": where,
    }
    if fields["title"]:
        rec["title"] = row.get(fields["title"])
    oid = row.get(fields["id"]) if fields["id"] else None
    rec["id"] = str(oid) if oid not in (None, "") else fallback_id
    for name in EXTRA_FIELDS:
        if fields.get(name):
            value = row.get(fields[name])
            rec[name] = None if value in (None, "") else str(value)
    return rec


def _id_of(obj: Mapping[str, Any], fmap: FieldMap, where: str, fallback_id: str) -> str:
    """The id a record without any text field carries (``--id-field`` or a usual id field), else the file:line id."""
    key = pick_field(list(obj), fmap.id, ID_FIELDS, False, where)
    return str(obj[key]) if key is not None and obj[key] not in (None, "") else fallback_id


def _invalid(where: str, fallback_id: str, message: str) -> dict[str, Any]:
    return {"id": fallback_id, "title": None, "text": None, "source": where, "_error": message}


def _resolve(
    fmap: FieldMap, fields: dict | None, obj: Mapping[str, Any], where: str, fid: str, first: bool
) -> tuple[dict | None, dict[str, Any]]:
    """The record of one JSON object, and the field mapping (found again when this object lacks the text field).

    A ``--text-field`` missing from the first object is an unusable argument (raised); an object without any text
    field becomes an ``invalid`` record when no mapping is known yet, else a record without text (status empty)."""
    if fields is None or fields["text"] not in obj:
        try:
            fields = fmap.resolve(obj.keys(), where)
        except InputError as exc:
            if first and fmap.text is not None:
                raise
            if fields is None:
                return None, _invalid(where, _id_of(obj, fmap, where, fid), str(exc))
    return fields, _record(obj, fields, where, fid)


def _iter_jsonl(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    fields, first = None, True
    for n, obj in json_lines(path):
        where, fid = f"{path}:{n}", f"{path.name}:{n}"
        if isinstance(obj, json.JSONDecodeError):
            yield _invalid(where, fid, f"line {n}: invalid JSON ({obj.msg} at column {obj.colno})")
        elif not isinstance(obj, dict):
            yield _invalid(where, fid, f"line {n}: a JSON object was expected, not {type(obj).__name__}")
        else:
            fields, rec = _resolve(fmap, fields, obj, where, fid, first)
            first = False
            yield rec


class _JsonBytes:
    """A JSON file as UTF-8 bytes for ijson, decoded as the other formats are (UTF-8 with or without BOM, else
    cp1252; undecodable bytes replaced rather than ending the read), with its first non-blank character."""

    def __init__(self, path: Path) -> None:
        self._raw = open_bytes(path)
        self._text = text_stream(self._raw)
        head = self._text.read(4096)
        self.first = head.lstrip()[:1]
        self._head = head.encode("utf-8")

    def read(self, n: int = -1) -> bytes:
        if n == 0:  # ijson asks for nothing first, to see bytes or text
            return b""
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._text.read(n if n and n > 0 else -1).encode("utf-8")

    def __enter__(self) -> "_JsonBytes":
        return self

    def __exit__(self, *exc) -> None:
        self._raw.close()  # (a file: standard input is read as JSONL, never here)


def _json_items(path: Path):
    """The items of a JSON file, read incrementally (ijson): a top-level array's items, a collection's
    (``{"resultats": [...]}``), or the single object."""
    import ijson

    with _JsonBytes(path) as buf:
        if buf.first == "[":
            yield from ijson.items(buf, "item", use_float=True)
            return
        if buf.first != "{":
            raise InputError(f"{path}: a JSON array or object was expected")
        # the first top-level key whose value is an array and names a collection; else the object is one offer
        key = None
        for prefix, event, value in ijson.parse(buf, use_float=True):
            if prefix == "" and event == "map_key":
                key = value if value.lower() in _COLLECTIONS else None
            elif key is not None and prefix == key:
                if event == "start_array":
                    break
                key = None
    with _JsonBytes(path) as buf:  # read again from the start: only the scan above went through the file
        yield from ijson.items(buf, "" if key is None else f"{key}.item", use_float=True)


def _iter_json(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    """Records of a JSON file, read as a stream: a multi-GB export never sits in memory whole. A file that breaks
    off or goes wrong after some records keeps them, and the rest becomes one ``invalid`` record naming where."""
    import ijson

    fields, n = None, 0
    items = _json_items(path)
    while True:
        try:
            obj = next(items)
        except StopIteration:
            return
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
            why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            if n == 0:
                raise InputError(f"{path}: invalid JSON ({why})") from None
            where = f"{path}[{n + 1}]"
            yield _invalid(
                where,
                f"{path.name}:{n + 1}",
                f"invalid JSON after item {n} ({why}): the rest of the file cannot be read",
            )
            return
        n += 1
        where, fid = f"{path}[{n}]", f"{path.name}:{n}"
        if not isinstance(obj, dict):
            yield _invalid(where, fid, f"item {n}: a JSON object was expected, not {type(obj).__name__}")
            continue
        fields, rec = _resolve(fmap, fields, obj, where, fid, n == 1)
        yield rec


def _iter_csv(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    """Records of a CSV/TSV file, one per row. A row with another field count than the header, or a quote that
    never closes (or junk after a closing quote), becomes an ``invalid`` record naming its line; reading goes on
    at the next line, so the rows after it are not swallowed into one field."""
    names, rows = csv_rows(path)
    if not names:
        raise InputError(f"{path}: empty CSV file (no header line)")
    fields = fmap.resolve(names, str(path))
    for n, row in rows:
        where, fid = f"{path}:{n}", f"{path.name}:{n}"
        if isinstance(row, str):
            goes_on = f"; this row is skipped, reading goes on at line {n + 1}" if row.startswith(MALFORMED_CSV) else ""
            yield _invalid(where, fid, f"line {n}: {row}{goes_on}")
        else:
            yield _record(row, fields, where, fid)


def _iter_parquet(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for unreadable files
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    fields = fmap.resolve(pf.schema_arrow.names, str(path))
    wanted = sorted({f for f in fields.values() if f})
    n = 0
    for batch in pf.iter_batches(batch_size=2048, columns=wanted):
        for row in batch.to_pylist():
            n += 1
            yield _record(row, fields, f"{path}#{n}", f"{path.name}:{n}")


def _iter_txt(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    with open_bytes(path) as raw:
        data = raw.read()
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    try:
        text = data.decode(detect_encoding(data[: 1 << 20]))
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="latin1_fallback")
    yield {
        "id": str(path.parent.name + "/" + name) if str(path) != "-" else "stdin",
        "title": None,
        "text": text,
        "source": str(path),
    }


_READERS = {
    ".jsonl": _iter_jsonl,
    ".ndjson": _iter_jsonl,
    ".json": _iter_json,
    ".csv": _iter_csv,
    ".tsv": _iter_csv,
    ".parquet": _iter_parquet,
    ".txt": _iter_txt,
}


def iter_records(paths: Iterable[str | Path], fields: FieldMap = FieldMap()) -> Iterator[dict[str, Any]]:
    """Records of all ``paths`` in order: ``{"id", "title", "text", "source", ...}`` (``_error`` when malformed)."""
    return read_files(list_inputs(paths)[0], fields)


def read_files(files: Iterable[Path], fields: FieldMap = FieldMap()) -> Iterator[dict[str, Any]]:
    """Records of files already listed by :func:`list_inputs`, in order."""
    for f in files:
        suffix = suffixes(f)[0] if str(f) != "-" else ".jsonl"
        yield from _READERS[suffix](f, fields)


def list_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Files to read (folders are walked recursively, sorted) and files skipped for their format."""
    files, skipped = [], []
    for p in paths:
        p = Path(p)
        if str(p) == "-":
            files.append(p)
        elif p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                (files if suffixes(f)[0] in SUPPORTED_SUFFIXES else skipped).append(f)
        elif p.is_file():
            if suffixes(p)[0] not in SUPPORTED_SUFFIXES:
                raise InputError(f"{p}: unsupported format (use {', '.join(SUPPORTED_SUFFIXES)}, optionally .gz)")
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return files, skipped
