"""Labelled offers as the models read them: the same normalisation, layout and body as the miner (through
:func:`skillmine.miner.records.prepare_text`), with skill labels per sentence; fixed corpus splits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Sequence

from skillmine.constants import CATEGORIES
from skillmine.estimators.family import frame, joint_label
from skillmine.estimators.skills import UNKNOWN
from skillmine.estimators.structured import fields_of
from skillmine.miner.records import prepare_text
from skillmine.training.corpus import GoldOffer


def split_of(offer_id: str, splits: dict[str, str]) -> str:
    """The fixed split of an offer, or a stable hash split (70/15/15) for offers added since."""
    if offer_id in splits:
        return splits[offer_id]
    h = int(hashlib.sha256(offer_id.encode()).hexdigest(), 16) % 100
    return "train" if h < 70 else "dev" if h < 85 else "test"


@dataclass
class Prepared:
    offer: GoldOffer
    text: str
    body: str
    segments: list[tuple[str, list[int]]]  # sentence, per category 1 / 0 / UNKNOWN
    joint: str | None
    fields: dict[str, str]  # structured fields (qualification, NAF, ROME), as an input record would carry them
    weight: float = 1.0


def field_dropout(data: Sequence[Prepared]) -> list[Prepared]:
    """``data`` where each offer with structured fields counts half with them and half without: the models learn
    what the fields add without leaning on them for the text (which must work alone)."""
    out = []
    for d in data:
        out += [replace(d, weight=d.weight / 2), replace(d, fields={}, weight=d.weight / 2)] if d.fields else [d]
    return out


def offer_frame(data: Sequence[Prepared], fields: bool = True):
    """The offer models' input for ``data``; ``fields=False`` reads the text alone (what the targets measure)."""
    return frame(
        [d.offer.title for d in data],
        [d.body for d in data],
        [d.text for d in data],
        [d.fields for d in data] if fields else None,
    )


def prepare(offer: GoldOffer) -> Prepared:
    """An offer as the models read it (the same normalisation, layout and body as :class:`SkillMiner`), with the
    skill labels of each sentence: from the gold spans of a written offer; from the annotators' quotes of a real
    one (a quote's sentence is positive, every sentence of an offer without the category negative, others unknown)."""
    norm, lay = prepare_text(offer.text)
    spans = [(norm.from_input(s.start, s.end), s.category) for s in offer.spans or ()]
    quotes = [(norm.from_input(s, e), c) for c, found in offer.evidence.items() for s, e in found]
    segments = []
    for seg in lay.scored():

        def hit(marks, cat):
            return any(c == cat and s < seg.end and seg.start < e for (s, e), c in marks)

        if offer.spans is not None:
            labels = [int(hit(spans, c)) for c in CATEGORIES]
        else:
            labels = [1 if hit(quotes, c) else 0 if offer.categories.get(c) is False else UNKNOWN for c in CATEGORIES]
        segments.append((norm.text[seg.start : seg.end], labels))
    return Prepared(
        offer, norm.text, lay.body(norm.text), segments, joint_label(offer.function, offer.level), fields_of(offer.meta)
    )
