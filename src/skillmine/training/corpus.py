"""Annotated offers: reading the corpus format, the fixed splits, and labels given apart (realdev shape).

Corpus format (``corpora/*.jsonl``, one offer a line)::

    {"id", "title", "text", "family": one of FAMILIES or null, "in_scope": bool,
     "skills": [{"start", "end", "category", "skill_id", "level"}], "meta": {...}}

Offsets refer to ``text`` as stored. Labels in the realdev shape (``{"id", "function", "level", "family",
"categories": {...}}``, in a file of their own) are joined to offers by id; a ``null`` there leaves the offer
out of that metric.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from skillmine.constants import CATEGORIES, FAMILIES, LEVELS
from skillmine.estimators.structured import fields_of
from skillmine.io.lines import json_values


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    category: str
    skill_id: str | None = None
    level: str = "required"


@dataclass
class GoldOffer:
    id: str
    title: str | None
    text: str
    family: str | None
    in_scope: bool | None
    spans: list[GoldSpan] | None = None  # None: no span annotation
    categories: dict[str, bool | None] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Real offers: per category, the ``[start, end)`` of the annotators' quotes in ``text``."""

    @property
    def function(self) -> str | None:
        return self.meta.get("function")

    @property
    def level(self) -> str | None:
        return self.meta.get("level")

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "family": self.family,
            "in_scope": self.in_scope,
        }
        if self.spans is not None:
            rec["skills"] = [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": self.text[s.start : s.end],
                    "category": s.category,
                    "skill_id": s.skill_id,
                    "level": s.level,
                }
                for s in self.spans
            ]
        rec["meta"] = self.meta
        return rec


def _check(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise ValueError(f"{where}: {msg}")


def parse_record(rec: dict[str, Any], where: str) -> GoldOffer:
    """Validate one corpus record into a :class:`GoldOffer` (``where`` is used in error messages)."""
    _check(isinstance(rec.get("id"), (str, int)), where, "missing id")
    text = rec.get("text")
    _check(isinstance(text, str), where, "missing text")
    family = rec.get("family")
    _check(family is None or family in FAMILIES, where, f"unknown family {family!r}")
    spans = None
    if "skills" in rec:
        spans = []
        for s in rec["skills"]:
            _check(0 <= s["start"] < s["end"] <= len(text), where, f"span {s} outside the text")
            _check(s["category"] in CATEGORIES, where, f"unknown category {s['category']!r}")
            level = s.get("level", "required")
            _check(level in LEVELS, where, f"unknown level {level!r}")
            if "text" in s:
                _check(
                    text[s["start"] : s["end"]] == s["text"], where, f"span text {s['text']!r} does not match offsets"
                )
            spans.append(GoldSpan(s["start"], s["end"], s["category"], s.get("skill_id"), level))
    cats = rec.get("categories")
    if cats is None and spans is not None:
        present = {s.category for s in spans if s.level != "company"}
        cats = {c: c in present for c in CATEGORIES}
    return GoldOffer(
        id=str(rec["id"]),
        title=rec.get("title"),
        text=text,
        family=family,
        in_scope=rec.get("in_scope"),
        spans=spans,
        categories=dict(cats or {}),
        meta=dict(rec.get("meta") or {}),
    )


_FUNCTIONS = ("production_maintenance", "other")
_LEVEL_VALUES = ("cadre", "non_cadre")


def _labels_to_gold(lab: dict[str, Any], where: str) -> dict[str, Any]:
    """Realdev-shape labels to corpus fields, checked (``where`` names the line in errors)."""
    _check(isinstance(lab, dict) and isinstance(lab.get("id"), (str, int)), where, "a label needs an id")
    function, level = lab.get("function"), lab.get("level")
    _check(
        function is None or function in _FUNCTIONS,
        where,
        f"unknown function {function!r} (expected one of {_FUNCTIONS})",
    )
    _check(level is None or level in _LEVEL_VALUES, where, f"unknown level {level!r} (expected one of {_LEVEL_VALUES})")
    cats = lab.get("categories") or {}
    _check(
        isinstance(cats, dict) and set(cats) <= set(CATEGORIES), where, f"categories must be a mapping of {CATEGORIES}"
    )
    _check(
        all(v is None or isinstance(v, bool) for v in cats.values()),
        where,
        "category values must be true, false or null",
    )
    evidence = lab.get("evidence") or {}
    _check(
        isinstance(evidence, dict)
        and set(evidence) <= set(CATEGORIES)
        and all(isinstance(q, list) and all(isinstance(x, str) for x in q) for q in evidence.values()),
        where,
        "evidence must map categories to lists of quotes",
    )
    in_scope = None if function is None or level is None else function == "production_maintenance" and level == "cadre"
    return {
        "family": lab.get("family"),
        "in_scope": in_scope,
        "categories": cats,
        "_evidence": evidence,
        "meta": {"function": function, "level": level},
    }


def _locate_evidence(text: str, evidence: dict[str, list[str]], where: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for cat, quotes in evidence.items():
        for q in quotes:
            start = text.find(q) if q else -1
            _check(start >= 0, where, f"{cat} evidence quote {q[:60]!r} is not in the offer's text")
            out.setdefault(cat, []).append((start, start + len(q)))
    return out


def _json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """``(file:line, value)`` of each non-blank line of a JSONL file; a line that is not JSON raises ValueError."""
    for n, value in json_values(path):
        yield f"{path}:{n}", value


def read_corpus(path: str | Path, labels: str | Path | None = None) -> list[GoldOffer]:
    """Read gold offers from a corpus-format JSONL file, or from offers plus realdev-shape ``labels`` (plain or
    ``.gz``, UTF-8 or cp1252). Errors name ``file:line``."""
    path = Path(path)
    by_id: dict[str, dict[str, Any]] = {}
    if labels is not None:
        for where, lab in _json_lines(Path(labels)):
            gold = _labels_to_gold(lab, where)
            _check(str(lab["id"]) not in by_id, where, f"offer {lab['id']!r} is labelled twice")
            by_id[str(lab["id"])] = {**gold, "_where": where}
    out = []
    for where, rec in _json_lines(path):
        if labels is not None:
            lab = by_id.pop(str(rec.get("id")), None)
            if lab is None:
                continue
            fields = fields_of(rec)  # structured fields a real offer may carry, kept in ``meta``
            rec = {**rec, **lab, "meta": {**(rec.get("meta") or {}), **fields, **lab["meta"]}}
        offer = parse_record(rec, where)
        if labels is not None:
            offer.evidence = _locate_evidence(offer.text, rec["_evidence"], rec["_where"])
        out.append(offer)
    if labels is not None and by_id:
        first = next(iter(by_id.values()))["_where"]
        raise ValueError(f"{first}: {len(by_id)} labelled offer(s) not found in {path} (first: {next(iter(by_id))!r})")
    return out


def read_real(folder: str | Path) -> list[GoldOffer]:
    """Labelled real offers of a folder in the realdev format (``offers.jsonl`` + ``labels.jsonl``).

    Offers without a label are left out; a label without its offer, an unknown value or an evidence quote that is
    not in the text is an error naming the file and line."""
    folder = Path(folder)
    for name in ("offers.jsonl", "labels.jsonl"):
        if not (folder / name).is_file():
            raise FileNotFoundError(
                f"{folder}: {name} is missing (a folder of labelled real offers holds offers.jsonl and labels.jsonl)"
            )
    return read_corpus(folder / "offers.jsonl", labels=folder / "labels.jsonl")


def corpus_files(corpus_dir: str | Path) -> list[Path]:
    """The annotated offer files of a corpus folder (``offers*.jsonl``), sorted."""
    files = sorted(Path(corpus_dir).glob("offers*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no offers*.jsonl file in {corpus_dir}")
    return files


def read_split(corpus_dir: str | Path) -> dict[str, str]:
    """``{offer id: "train" | "dev" | "test"}`` from ``splits.json``."""
    spec = json.loads((Path(corpus_dir) / "splits.json").read_text(encoding="utf-8"))
    return {oid: part for part, ids in spec.items() if part in ("train", "dev", "test") for oid in ids}


def data_hash(paths: Iterable[str | Path]) -> str:
    """SHA-256 over the bytes of ``paths`` (in order): which data a model was trained on."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def iter_offers(corpus_dir: str | Path) -> Iterator[GoldOffer]:
    for f in corpus_files(corpus_dir):
        yield from read_corpus(f)
