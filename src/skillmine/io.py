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
    "repair_output",
    "keep_rows",
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


class _JsonBytes:
    """A JSON file as UTF-8 bytes for ijson, decoded as the other formats are (UTF-8 with or without BOM, else
    cp1252; undecodable bytes replaced rather than ending the read), with its first non-blank character."""

    def __init__(self, path: Path) -> None:
        self._raw = _open_bytes(path)
        self._text = _text_stream(self._raw)
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
            yield _invalid(where, f"{path.name}:{n + 1}", f"invalid JSON after item {n} ({why}): the rest of the "
                                                            "file cannot be read")
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
        names = next(csv.reader([header], delimiter=delimiter))
        fields = fmap.resolve(names, str(path))
        start = yield from _csv_rows(path, stream, 2, names, fields, delimiter)
    while start is not None:  # read again from the line after a malformed row (the stream has gone past it)
        with _open_bytes(path) as again:
            lines = itertools.islice(_text_stream(again), start - 1, None)
            start = yield from _csv_rows(path, lines, start, names, fields, delimiter)


def _csv_rows(path: Path, lines, first_line: int, names: list[str], fields, delimiter: str):
    """Yield the records of ``lines`` (starting at physical line ``first_line``); return the line to read again
    from after a malformed row (flagged ``invalid``), or ``None`` at the end of the file."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    end = first_line - 1
    while True:
        begin = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            where, fid = f"{path}:{begin}", f"{path.name}:{begin}"
            # the row's own line is what is known to be wrong: a quote it opened may have run over the next rows
            # (they are read again; the lines of a quoted field cut by the error mostly lack the header's field
            # count, and are flagged too)
            again = begin + 1
            yield _invalid(where, fid, f"line {begin}: malformed CSV ({exc}): a quote that does not close, or text "
                                       f"after a closing quote; this row is skipped, reading goes on at line {again}")
            return again  # (standard input is read as JSONL, never here)
        end = first_line - 1 + reader.line_num
        if not row:
            continue  # a blank line
        where, fid = f"{path}:{begin}", f"{path.name}:{begin}"
        if len(row) != len(names):
            yield _invalid(where, fid, f"line {begin}: {len(row)} field(s) where the header has {len(names)} "
                                       "(a separator or a quote inside an unquoted field?)")
            continue
        yield _record(dict(zip(names, row)), fields, where, fid)


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


def _parts_dir(path: Path) -> Path:
    """Where a Parquet output keeps its complete parts until the run closes it."""
    return path.with_name(path.name + ".parts")


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


def _parquet_files(path: Path) -> list[Path]:
    """The complete Parquet files of an output: the file itself and the parts of a run not closed yet."""
    parts = sorted(_parts_dir(path).glob("part-*.parquet")) if _parts_dir(path).is_dir() else []
    return ([path] if path.is_file() and path.stat().st_size else []) + parts


def read_done_ids(path: str | Path, fmt: str | None = None) -> set[str]:
    """Ids already written in an output file (for ``--resume``): whole rows only, and for Parquet the parts that
    an interrupted run left complete."""
    path = Path(path)
    fmt = output_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {str(x) for f in _parquet_files(path) for x in pq.read_table(f, columns=["id"]).column("id").to_pylist()}
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

        for f in _parquet_files(path):
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

    def __init__(self, path: str | Path, columns: Mapping[str, str], fmt: str | None = None, append: bool = False,
                 part_rows: int = 1000) -> None:
        self.path = Path(path)
        self.part_rows = part_rows
        self.columns = dict(columns)
        self.fmt = output_format(self.path, fmt)
        self.rows = 0
        self.notes: list[str] = []
        self._fh = None
        exists = append and self.path.is_file() and self.path.stat().st_size > 0
        if self.fmt == "csv":
            note = repair_output(self.path, "csv") if exists else None
            self.notes += [note] if note else []
            self._fh = open(self.path, "a" if exists else "w", encoding="utf-8", newline="")
            self._csv = csv.DictWriter(self._fh, fieldnames=list(self.columns), extrasaction="ignore")
            if not exists:
                self._csv.writeheader()
                self._fh.flush()
        elif self.fmt == "jsonl":
            note = repair_output(self.path, "jsonl") if exists else None
            self.notes += [note] if note else []
            self._fh = open(self.path, "a" if exists else "w", encoding="utf-8")
        else:
            import pyarrow as pa

            types = {"string": pa.string(), "bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}
            self._schema = pa.schema([(c, types[t]) for c, t in self.columns.items()])
            self._parts = _parts_dir(self.path)
            self._buffer: list[dict[str, Any]] = []
            stale = self.path.with_name(self.path.name + ".partial")
            if stale.exists():
                stale.unlink()  # a merge cut short: the parts are still there
            if not append:  # a fresh run: nothing of an earlier one may be read back or merged
                for f in (self._parts.iterdir() if self._parts.is_dir() else ()):
                    f.unlink()
                if self.path.exists():
                    self.path.unlink()
            elif self.path.is_file() and self._parts.is_dir():
                self._drop_merged_parts()
            found = sorted(self._parts.glob("part-*.parquet")) if self._parts.is_dir() else []
            if append and found:
                self.notes.append(f"{self.path}: an interrupted run left {len(found)} complete part(s) in {self._parts}: "
                                  "kept, and merged when this run ends")
            self._next = len(found)
            self._append = append

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
        files = [f for f in _parquet_files(self.path) if self._append or f != self.path]
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


def open_writer(path: str | Path, columns: Mapping[str, str], fmt: str | None = None, append: bool = False,
                part_rows: int = 1000) -> RowWriter:
    return RowWriter(path, columns, fmt, append, part_rows)
