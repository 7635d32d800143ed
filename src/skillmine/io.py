"""Reading offer files and writing results, streaming.

Inputs: JSONL, JSON (an array, ``{"resultats": [...]}`` as France Travail exports, or one object), CSV / TSV
(delimiter sniffed, UTF-8 with or without BOM, cp1252 / Latin-1 detected), Parquet, TXT (one offer a file),
their ``.gz`` forms, and folders of them (recursively). Every input row becomes one record, also a malformed
one: it carries ``_error`` and the miner turns it into a row with status ``invalid``. N offers in, N rows out.

Fields are mapped automatically (``text``/``description``/``texte``..., ``title``/``intitule``...,
``id``/``reference``...); ``--text-field``, ``--title-field`` and ``--id-field`` override the mapping. Missing ids
are made stable from the file and the line (``offers.csv:12``).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from .constants import FIELD_NAMES

__all__ = [
    "InputError",
    "FieldMap",
    "SUPPORTED_SUFFIXES",
    "list_inputs",
    "iter_records",
    "RowWriter",
    "open_writer",
    "read_done_ids",
]

SUPPORTED_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt")

TEXT_FIELDS = ("text", "description", "texte", "descriptif", "description_offre", "job_description", "body",
               "content", "contenu", "offre", "annonce")
TITLE_FIELDS = ("title", "intitule", "intitulé", "titre", "job_title", "libelle", "libellé", "poste", "name")
ID_FIELDS = ("id", "offer_id", "id_offre", "identifiant", "reference", "référence", "ref", "uid", "uuid")
EXTRA_FIELDS = {
    **FIELD_NAMES,  # structured fields the offer models read (qualification, NAF, ROME)
    "date": ("date", "datecreation", "date_creation", "date_publication", "published", "publication_date",
             "dateactualisation", "created_at"),
}
_COLLECTIONS = ("resultats", "results", "offers", "offres", "data", "items", "records", "hits")


class InputError(Exception):
    """An input that cannot be read at all (missing file, unknown format, no text column)."""


@dataclass(frozen=True)
class FieldMap:
    """Which fields hold the text, title and id; ``None`` means "find it"."""

    text: str | None = None
    title: str | None = None
    id: str | None = None

    def resolve(self, keys: Iterable[str], where: str) -> dict[str, str | None]:
        keys = list(keys)
        out = {
            "text": _pick(keys, self.text, TEXT_FIELDS, True, where),
            "title": _pick(keys, self.title, TITLE_FIELDS, self.title is not None, where),
            "id": _pick(keys, self.id, ID_FIELDS, self.id is not None, where),
        }
        for name, cands in EXTRA_FIELDS.items():
            out[name] = _pick(keys, None, cands, False, where)
        return out


def _pick(keys: list, given: str | None, candidates: Iterable[str], required: bool, where: str) -> str | None:
    """The field of ``keys`` named ``given`` (case-insensitive), else the first of ``candidates`` present."""
    lower = {k.lower().strip(): k for k in keys if isinstance(k, str)}
    if given is not None:
        if given in keys:
            return given
        if given.lower() in lower:
            return lower[given.lower()]
        if required:
            raise InputError(f"{where}: no field {given!r} (fields: {sorted(lower.values())})")
        return None
    for c in candidates:
        if c in lower:
            return lower[c]
    if required:
        raise InputError(f"{where}: no text field found among {sorted(lower.values())}; name it with --text-field")
    return None


def _suffixes(path: Path) -> tuple[str, bool]:
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return Path(name).suffix, gz


def list_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Files to read (folders are walked recursively, sorted) and files skipped for their format."""
    files, skipped = [], []
    for p in paths:
        p = Path(p)
        if str(p) == "-":
            files.append(p)
        elif p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                (files if _suffixes(f)[0] in SUPPORTED_SUFFIXES else skipped).append(f)
        elif p.is_file():
            if _suffixes(p)[0] not in SUPPORTED_SUFFIXES:
                raise InputError(f"{p}: unsupported format (use {', '.join(SUPPORTED_SUFFIXES)}, optionally .gz)")
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return files, skipped


def _open_bytes(path: Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    if path.name.lower().endswith(".gz"):
        return io.BufferedReader(gzip.open(path, "rb"), buffer_size=1 << 20)
    return open(path, "rb", buffering=1 << 20)


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` when the sample is UTF-8 (with or without BOM), else ``cp1252`` (a superset of Latin-1 for text)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def _text_stream(raw: IO[bytes]) -> IO[str]:
    buf = raw if hasattr(raw, "peek") else io.BufferedReader(raw, buffer_size=1 << 20)
    enc = detect_encoding(buf.peek(1 << 20)[: 1 << 20])
    # cp1252 leaves five bytes undefined: decode them as Latin-1 would rather than fail the whole file.
    return io.TextIOWrapper(buf, encoding=enc, errors="replace" if enc.startswith("utf") else "latin1_fallback",
                            newline="")


def _latin1_fallback(err: UnicodeDecodeError):
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("latin1_fallback", _latin1_fallback)


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
    key = _pick(list(obj), fmap.id, ID_FIELDS, False, where)
    return str(obj[key]) if key is not None and obj[key] not in (None, "") else fallback_id


def _invalid(where: str, fallback_id: str, message: str) -> dict[str, Any]:
    return {"id": fallback_id, "title": None, "text": None, "source": where, "_error": message}


def _resolve(fmap: FieldMap, fields: dict | None, obj: Mapping[str, Any], where: str, fid: str,
             first: bool) -> tuple[dict | None, dict[str, Any]]:
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
    with _open_bytes(path) as raw:
        for n, line in enumerate(_text_stream(raw), 1):
            if not line.strip():
                continue
            where, fid = f"{path}:{n}", f"{path.name}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _invalid(where, fid, f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield _invalid(where, fid, f"line {n}: a JSON object was expected, not {type(obj).__name__}")
                continue
            fields, rec = _resolve(fmap, fields, obj, where, fid, first)
            first = False
            yield rec


def _iter_json(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    with _open_bytes(path) as raw:
        try:
            data = json.load(_text_stream(raw))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict):
        key = next((k for k in data if k.lower() in _COLLECTIONS and isinstance(data[k], list)), None)
        items = data[key] if key is not None else [data]
    elif isinstance(data, list):
        items = data
    else:
        raise InputError(f"{path}: a JSON array or object was expected")
    fields = None
    for n, obj in enumerate(items, 1):
        where, fid = f"{path}[{n}]", f"{path.name}:{n}"
        if not isinstance(obj, dict):
            yield _invalid(where, fid, f"item {n}: a JSON object was expected, not {type(obj).__name__}")
            continue
        fields, rec = _resolve(fmap, fields, obj, where, fid, n == 1)
        yield rec


def _iter_csv(path: Path, fmap: FieldMap) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(1 << 30)
    with _open_bytes(path) as raw:
        stream = _text_stream(raw)
        header = stream.readline()
        if not header.strip():
            raise InputError(f"{path}: empty CSV file (no header line)")
        if _suffixes(path)[0] == ".tsv":
            delimiter = "\t"
        else:
            try:
                delimiter = csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = max(",;\t|", key=header.count)
        reader = csv.DictReader(itertools.chain([header], stream), delimiter=delimiter)
        fields = fmap.resolve(reader.fieldnames or [], str(path))
        for row in reader:
            n = reader.line_num
            where, fid = f"{path}:{n}", f"{path.name}:{n}"
            rec = _record(row, fields, where, fid)
            if None in row:
                rec["_warning"] = f"line {n}: {len(row[None])} more field(s) than the header"
            yield rec


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
    with _open_bytes(path) as raw:
        data = raw.read()
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    try:
        text = data.decode(detect_encoding(data[: 1 << 20]))
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="latin1_fallback")
    yield {"id": str(path.parent.name + "/" + name) if str(path) != "-" else "stdin", "title": None, "text": text,
           "source": str(path)}


_READERS = {".jsonl": _iter_jsonl, ".ndjson": _iter_jsonl, ".json": _iter_json, ".csv": _iter_csv,
            ".tsv": _iter_csv, ".parquet": _iter_parquet, ".txt": _iter_txt}


def iter_records(paths: Iterable[str | Path], fields: FieldMap = FieldMap()) -> Iterator[dict[str, Any]]:
    """Records of all ``paths`` in order: ``{"id", "title", "text", "source", ...}`` (``_error`` when malformed)."""
    files, _ = list_inputs(paths)
    for f in files:
        suffix = _suffixes(f)[0] if str(f) != "-" else ".jsonl"
        yield from _READERS[suffix](f, fields)


# ------------------------------------------------------------------------------------------------------ writers
def output_format(path: str | Path, given: str | None = None) -> str:
    if given:
        return given
    suffix, _ = _suffixes(Path(path))
    fmt = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}.get(suffix)
    if fmt is None:
        raise InputError(f"{path}: cannot tell the output format from the name; use .csv, .jsonl or .parquet")
    return fmt


def read_done_ids(path: str | Path, fmt: str | None = None) -> set[str]:
    """Ids already written in an output file (for ``--resume``)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    fmt = output_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {str(x) for x in pq.read_table(path, columns=["id"]).column("id").to_pylist()}
    if fmt == "jsonl":
        done = set()
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    done.add(str(json.loads(line)["id"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut by an interrupted run: the offer is analysed again
        return done
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["id"] for row in csv.DictReader(fh) if row.get("id")}


class RowWriter:
    """Writes dict rows with fixed, typed columns to CSV, JSONL or Parquet, chunk by chunk.

    ``columns`` maps each column to ``"string"``, ``"double"``, ``"int64"`` or ``"bool"`` (used by Parquet).
    With ``append``, rows go after those already in the file (Parquet files are rewritten with them first).
    """

    def __init__(self, path: str | Path, columns: Mapping[str, str], fmt: str | None = None, append: bool = False) -> None:
        self.path = Path(path)
        self.columns = dict(columns)
        self.fmt = output_format(self.path, fmt)
        self.rows = 0
        self._fh = None
        self._pq = None
        exists = append and self.path.is_file() and self.path.stat().st_size > 0
        if self.fmt == "csv":
            self._fh = open(self.path, "a" if exists else "w", encoding="utf-8", newline="")
            self._csv = csv.DictWriter(self._fh, fieldnames=list(self.columns), extrasaction="ignore")
            if not exists:
                self._csv.writeheader()
        elif self.fmt == "jsonl":
            self._fh = open(self.path, "a" if exists else "w", encoding="utf-8")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            types = {"string": pa.string(), "bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}
            self._schema = pa.schema([(c, types[t]) for c, t in self.columns.items()])
            self._tmp = self.path.with_name(self.path.name + ".partial")
            self._pq = pq.ParquetWriter(self._tmp, self._schema)
            if exists:
                previous = pq.read_table(self.path)
                self._pq.write_table(previous.select(list(self.columns)).cast(self._schema))

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.fmt == "csv":
            self._csv.writerows(rows)
            self._fh.flush()
        elif self.fmt == "jsonl":
            self._fh.write("".join(json.dumps({c: r.get(c) for c in self.columns}, ensure_ascii=False) + "\n" for r in rows))
            self._fh.flush()
        else:
            import pyarrow as pa

            self._pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in rows], schema=self._schema))
        self.rows += len(rows)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        if self._pq is not None:
            self._pq.close()
            self._tmp.replace(self.path)

    def __enter__(self) -> "RowWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_writer(path: str | Path, columns: Mapping[str, str], fmt: str | None = None, append: bool = False) -> RowWriter:
    return RowWriter(path, columns, fmt, append)
