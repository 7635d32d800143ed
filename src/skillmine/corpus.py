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

from .constants import CATEGORIES, FAMILIES, LEVELS

__all__ = ["GoldSpan", "GoldOffer", "read_corpus", "read_split", "corpus_files", "data_hash"]


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

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"id": self.id, "title": self.title, "text": self.text, "family": self.family,
                               "in_scope": self.in_scope}
        if self.spans is not None:
            rec["skills"] = [
                {"start": s.start, "end": s.end, "text": self.text[s.start:s.end], "category": s.category,
                 "skill_id": s.skill_id, "level": s.level}
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
                _check(text[s["start"]:s["end"]] == s["text"], where, f"span text {s['text']!r} does not match offsets")
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


def _labels_to_gold(lab: dict[str, Any]) -> dict[str, Any]:
    """Realdev-shape labels to corpus fields."""
    function, level = lab.get("function"), lab.get("level")
    in_scope = None if function is None or level is None else (function == "production_maintenance" and level == "cadre")
    return {"family": lab.get("family"), "in_scope": in_scope, "categories": lab.get("categories") or {},
            "meta": {"function": function, "level": level}}


def read_corpus(path: str | Path, labels: str | Path | None = None) -> list[GoldOffer]:
    """Read gold offers from a corpus-format JSONL file, or from offers plus realdev-shape ``labels``."""
    path = Path(path)
    by_id = {}
    if labels is not None:
        with open(labels, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    lab = json.loads(line)
                    by_id[str(lab["id"])] = _labels_to_gold(lab)
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
            if labels is not None:
                lab = by_id.get(str(rec.get("id")))
                if lab is None:
                    continue
                rec = {**rec, **lab, "meta": {**(rec.get("meta") or {}), **lab["meta"]}}
            out.append(parse_record(rec, f"{path}:{n}"))
    return out


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
