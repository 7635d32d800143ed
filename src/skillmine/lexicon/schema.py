"""One lexicon entry and its validation: id, label, category, variants, abbreviations, token patterns, context."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Mapping

from skillmine.constants import CATEGORIES

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PATTERN_KEYS = {"NORM", "ORTH", "LOWER", "OP", "IS_PUNCT", "IS_DIGIT", "LIKE_NUM", "LENGTH", "IS_ALPHA", "TEXT"}
_FIELDS = (
    "id",
    "label",
    "category",
    "variants",
    "abbreviations",
    "patterns",
    "context",
    "esco_uri",
    "rome_ogr",
    "note",
)


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
        d["variants"], d["abbreviations"], d["patterns"] = (
            list(self.variants),
            list(self.abbreviations),
            list(self.patterns),
        )
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
        raise LexiconError(
            f"{where}: entry {eid!r} has unknown category {category!r}; expected one of {list(CATEGORIES)}"
        )
    label = str(raw.get("label") or "").strip()
    if not label:
        raise LexiconError(f"{where}: entry {eid!r} has an empty label")
    variants = tuple(str(v).strip() for v in _as_list(raw.get("variants"), "variants", where) if str(v).strip())
    abbreviations = tuple(
        str(v).strip() for v in _as_list(raw.get("abbreviations"), "abbreviations", where) if str(v).strip()
    )
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
