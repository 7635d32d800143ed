"""The skill lexicon: entries kept as data, validated, merged with user lexicons.

An entry (one JSON object a line in ``data/lexicon/<category>.jsonl``)::

    {"id": "gmao", "label": "GMAO (gestion de maintenance assistée par ordinateur)", "category": "digital",
     "variants": ["gestion de maintenance assistée par ordinateur"], "abbreviations": ["GMAO", "CMMS"],
     "patterns": [], "context": null, "esco_uri": "http://data.europa.eu/esco/skill/...", "rome_ogr": null}

* ``variants`` are phrases matched on folded tokens (case, accents, apostrophes, plural ``s``);
* ``abbreviations`` are matched case-sensitively, as written;
* ``patterns`` are spaCy ``Matcher`` token patterns whose ``NORM`` values are folded on load;
* ``context`` (optional) keeps a match only when one of ``requires_any`` and none of ``excludes_any`` occurs
  within ``window`` tokens.

``data/lexicon/blockers_<category>.jsonl`` list phrases that look like skills and are not ("environnement de travail",
"système de management de la qualité"): a match that lies inside a blocker is dropped.

User lexicons are JSONL, CSV (``|``-separated lists) or YAML files in the same format; see :func:`read_lexicon`.

>>> lex = Lexicon.bundled()
>>> lex["gmao"].category
'digital'
>>> sorted(lex.counts())
['digital', 'green', 'management']
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .constants import CATEGORIES

__all__ = ["Entry", "Lexicon", "LexiconError", "read_lexicon"]

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PATTERN_KEYS = {"NORM", "ORTH", "LOWER", "OP", "IS_PUNCT", "IS_DIGIT", "LIKE_NUM", "LENGTH", "IS_ALPHA", "TEXT"}
_FIELDS = ("id", "label", "category", "variants", "abbreviations", "patterns", "context", "esco_uri", "rome_ogr", "note")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Entry:
    """One skill of the lexicon."""

    id: str
    label: str
    category: str
    variants: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    context: Mapping[str, Any] | None = None
    esco_uri: str | None = None
    rome_ogr: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["variants"], d["abbreviations"], d["patterns"] = list(self.variants), list(self.abbreviations), list(self.patterns)
        return d


def _as_list(value: Any, name: str, where: str) -> tuple:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in re.split(r"\s*\|\s*|\n", value) if v.strip())
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise LexiconError(f"{where}: {name!r} must be a list, not {type(value).__name__}")


def make_entry(raw: Mapping[str, Any], where: str) -> Entry:
    """Validate one raw mapping into an :class:`Entry`; ``where`` (file:line) goes into error messages."""
    if not isinstance(raw, Mapping):
        raise LexiconError(f"{where}: an entry must be an object, not {type(raw).__name__}")
    unknown = set(raw) - set(_FIELDS)
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {list(_FIELDS)}")
    eid = str(raw.get("id") or "").strip()
    if not _ID.match(eid):
        raise LexiconError(f"{where}: id {eid!r} must be lower-case ASCII letters, digits and '_'")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise LexiconError(f"{where}: entry {eid!r} has unknown category {category!r}; expected one of {list(CATEGORIES)}")
    label = str(raw.get("label") or "").strip()
    if not label:
        raise LexiconError(f"{where}: entry {eid!r} has an empty label")
    variants = tuple(str(v).strip() for v in _as_list(raw.get("variants"), "variants", where) if str(v).strip())
    abbreviations = tuple(str(v).strip() for v in _as_list(raw.get("abbreviations"), "abbreviations", where) if str(v).strip())
    patterns = raw.get("patterns") or ()
    if isinstance(patterns, str):
        try:
            patterns = json.loads(patterns)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{where}: entry {eid!r}: patterns is not valid JSON ({exc})") from None
    for pat in patterns:
        if not isinstance(pat, list) or not pat or not all(isinstance(t, dict) for t in pat):
            raise LexiconError(f"{where}: entry {eid!r}: a pattern must be a non-empty list of token objects")
        for tok in pat:
            bad = set(tok) - _PATTERN_KEYS
            if bad:
                raise LexiconError(f"{where}: entry {eid!r}: pattern keys {sorted(bad)} are not supported")
    if not (variants or abbreviations or patterns):
        raise LexiconError(f"{where}: entry {eid!r} has no variants, abbreviations or patterns: it can never match")
    context = raw.get("context") or None
    if isinstance(context, str):
        context = json.loads(context)
    if context is not None:
        if not isinstance(context, Mapping) or set(context) - {"window", "requires_any", "excludes_any"}:
            raise LexiconError(f"{where}: entry {eid!r}: context takes window, requires_any, excludes_any")
    return Entry(
        id=eid,
        label=label,
        category=category,
        variants=variants,
        abbreviations=abbreviations,
        patterns=tuple(patterns),
        context=context,
        esco_uri=(raw.get("esco_uri") or None),
        rome_ogr=(str(raw["rome_ogr"]) if raw.get("rome_ogr") else None),
        note=raw.get("note") or None,
    )


def _rows(path: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    if suffix in (".jsonl", ".ndjson"):
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield f"{path}:{n}", json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LexiconError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
    elif suffix == ".json":
        data = json.loads(text)
        for n, raw in enumerate(data if isinstance(data, list) else data.get("entries", []), 1):
            yield f"{path}: entry {n}", raw
    elif suffix in (".csv", ".tsv"):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if suffix == ".csv" else csv.excel_tab
        for n, raw in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), 2):
            yield f"{path}:{n}", {k: v for k, v in raw.items() if k and v not in (None, "")}
    elif suffix in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text) or []
        for n, raw in enumerate(data if isinstance(data, list) else data.get("entries", []), 1):
            yield f"{path}: entry {n}", raw
    else:
        raise LexiconError(f"{path}: unsupported lexicon format {suffix!r} (use .jsonl, .json, .csv or .yaml)")


def read_lexicon(path: str | Path) -> list[Entry]:
    """Read and validate a lexicon file (JSONL, JSON, CSV or YAML). Raises :class:`LexiconError`."""
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: no such lexicon file")
    entries, seen = [], {}
    for where, raw in _rows(path):
        entry = make_entry(raw, where)
        if entry.id in seen:
            raise LexiconError(f"{where}: duplicate id {entry.id!r} (first at {seen[entry.id]})")
        seen[entry.id] = where
        entries.append(entry)
    return entries


@dataclass(frozen=True)
class Lexicon:
    """Entries by id, and blocker phrases."""

    entries: Mapping[str, Entry]
    blockers: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)

    def __getitem__(self, skill_id: str) -> Entry:
        return self.entries[skill_id]

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def counts(self) -> dict[str, int]:
        out = {c: 0 for c in CATEGORIES}
        for e in self:
            out[e.category] += 1
        return out

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for e in sorted(self, key=lambda e: e.id):
            h.update(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False).encode())
        h.update("\n".join(self.blockers).encode())
        return h.hexdigest()[:16]

    @classmethod
    def bundled(cls) -> "Lexicon":
        """The lexicon shipped with the package (read once, cached)."""
        return _bundled()

    def merge(self, entries: Iterable[Entry], source: str = "user") -> "Lexicon":
        """A new lexicon where ``entries`` are added; an entry with a known id replaces the bundled one."""
        merged = dict(self.entries)
        merged.update({e.id: e for e in entries})
        return Lexicon(merged, self.blockers, self.sources + (source,))

    @classmethod
    def load(cls, extra: str | Path | Iterable[str | Path] | None = None) -> "Lexicon":
        """The bundled lexicon, merged with the user lexicon file(s) ``extra``."""
        lex = cls.bundled()
        if extra is None:
            return lex
        for path in [extra] if isinstance(extra, (str, Path)) else extra:
            lex = lex.merge(read_lexicon(path), str(path))
        return lex


@lru_cache(maxsize=1)
def _bundled() -> Lexicon:
    root = resources.files("skillmine").joinpath("data/lexicon")
    entries: dict[str, Entry] = {}
    for category in CATEGORIES:
        name = f"{category}.jsonl"
        for n, line in enumerate(root.joinpath(name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"skillmine/data/lexicon/{name}:{n}"
            entry = make_entry(json.loads(line), where)
            if entry.id in entries:
                raise LexiconError(f"{where}: duplicate id {entry.id!r}")
            if entry.category != category:
                raise LexiconError(f"{where}: entry {entry.id!r} is {entry.category!r} in the {category} file")
            entries[entry.id] = entry
    blockers = tuple(
        json.loads(line)["text"]
        for f in sorted(root.iterdir(), key=lambda f: f.name)
        if f.name.startswith("blockers") and f.name.endswith(".jsonl")
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return Lexicon(entries, blockers, ("bundled",))
