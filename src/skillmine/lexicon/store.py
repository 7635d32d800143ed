"""The skill lexicon: entries kept as data, validated, merged with user lexicons.

An entry (one JSON object a line in ``data/<category>.jsonl``)::

    {"id": "gmao", "label": "GMAO (gestion de maintenance assistée par ordinateur)", "category": "digital",
     "variants": ["gestion de maintenance assistée par ordinateur"], "abbreviations": ["GMAO", "CMMS"],
     "patterns": [], "context": null, "esco_uri": "http://data.europa.eu/esco/skill/...", "rome_ogr": null}

* ``variants`` are phrases matched on folded tokens (case, accents, apostrophes, plural ``s``);
* ``abbreviations`` are matched case-sensitively, as written;
* ``patterns`` are spaCy ``Matcher`` token patterns whose ``NORM`` values are folded on load;
* ``context`` (optional) keeps a match only when one of ``requires_any`` and none of ``excludes_any`` occurs
  within ``window`` tokens.

``data/blockers_<category>.jsonl`` list phrases that look like skills and are not ("environnement de travail",
"système de management de la qualité"): a match that lies inside a blocker is dropped.

User lexicons are JSONL, CSV (``|``-separated lists) or YAML files in the same format, optionally gzipped, UTF-8 or
cp1252; see :func:`read_lexicon`.

>>> lex = Lexicon.bundled()
>>> lex["gmao"].category
'digital'
>>> sorted(lex.counts())
['digital', 'green', 'management']
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from skillmine.constants import CATEGORIES
from skillmine.io.encoding import open_bytes, text_stream
from skillmine.io.formats import suffixes
from skillmine.io.lines import csv_dicts, json_values
from skillmine.lexicon.schema import Entry, LexiconError, make_entry


def _rows(path: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``(file:line or file: entry N, raw entry)`` of a lexicon file, plain or ``.gz``, UTF-8 (with or without BOM)
    or cp1252. A line that is not JSON, or a CSV row that cannot be read, raises :class:`LexiconError`."""
    suffix = suffixes(path)[0]
    if suffix in (".jsonl", ".ndjson"):
        for n, value in json_values(path, LexiconError):
            yield f"{path}:{n}", value
    elif suffix in (".csv", ".tsv"):
        for n, row in csv_dicts(path, LexiconError):
            yield f"{path}:{n}", {k: v for k, v in row.items() if k and v != ""}
    elif suffix in (".json", ".yaml", ".yml"):
        with open_bytes(path) as raw:
            text = text_stream(raw).read()
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text) or []
        for n, entry in enumerate(data if isinstance(data, list) else data.get("entries", []), 1):
            yield f"{path}: entry {n}", entry
    else:
        raise LexiconError(
            f"{path}: unsupported lexicon format {suffix!r} (use .jsonl, .json, .csv or .yaml, optionally .gz)"
        )


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
    root = resources.files("skillmine.lexicon").joinpath("data")
    entries: dict[str, Entry] = {}
    for category in CATEGORIES:
        name = f"{category}.jsonl"
        for n, line in enumerate(root.joinpath(name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"skillmine/lexicon/data/{name}:{n}"
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
