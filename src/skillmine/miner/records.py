"""One record on its way in: checked (empty, invalid, binary, too long, not French, mojibake), normalised and
laid out in sections. Training prepares its offers with the same :func:`prepare_text`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from skillmine.constants import ANALYSED
from skillmine.estimators.structured import fields_of
from skillmine.text.language import LANGUAGES, language_of
from skillmine.text.normalize import Normalized, normalize
from skillmine.text.sections import Layout, layout

DEFAULT_MAX_CHARS = 100_000
"""Longer offers are analysed on their first ``max_chars`` characters and flagged ``truncated``."""


def guess_title(text: str) -> str:
    """The first line of a text when it reads like a title (short, no sentence end)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line.split()) <= 12 and not line.endswith((".", ":")) else ""
    return ""


def prepare_text(text: str) -> tuple[Normalized, Layout]:
    """A text as the models read it, when offers are read and when they are trained on: normalised (offsets kept
    to the input), then laid out in sections."""
    norm = normalize(text)
    return norm, layout(norm.text)


@dataclass
class Offer:
    """One record on its way through the batch."""

    id: str | None
    title: str | None
    status: str = "ok"
    error: str | None = None
    norm: Normalized | None = None
    layout: Layout | None = None
    fields: dict[str, str] | None = None  # structured fields (qualification, NAF, ROME), if the record has any

    @property
    def parsed(self) -> bool:
        return self.norm is not None and self.status in ANALYSED


def read_record(record: Any, max_chars: int) -> Offer:
    """Read one record (a str or a mapping with ``text``, optional ``title`` and ``id``) into an :class:`Offer`."""
    oid, title, text = None, None, record
    if isinstance(record, Mapping):
        text, title, oid = record.get("text"), record.get("title"), record.get("id")
        oid = None if oid is None else str(oid)
        if title is not None and not isinstance(title, str):
            title = str(title)
    offer = Offer(oid, title, fields=fields_of(record) if isinstance(record, Mapping) else None)
    if isinstance(record, Mapping) and record.get("_error"):
        offer.status, offer.error = "invalid", str(record["_error"])
        return offer
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            offer.status, offer.error = "invalid", "text is bytes that are not UTF-8"
            return offer
    if text is None or (isinstance(text, float) and np.isnan(text)):
        offer.status, offer.error = "empty", "no text"
        return offer
    if not isinstance(text, str):
        offer.status, offer.error = "invalid", f"text must be a string, not {type(text).__name__}"
        return offer
    bad = text.count("\ufffd") + text.count("\x00")
    if bad > max(10, len(text) // 50):
        offer.status, offer.error = "invalid", f"binary or unreadable content ({bad} undecodable characters)"
        return offer
    truncated = len(text) > max_chars
    if truncated:
        cut = text.rfind(" ", max_chars - 2000, max_chars)
        text = text[: cut if cut > 0 else max_chars]
    offer.norm, offer.layout = prepare_text(text)
    if not any(c.isalpha() for c in offer.norm.text[:10_000]):
        offer.status, offer.error = "empty", "no words in the text"
        return offer
    if truncated:
        offer.status, offer.error = (
            "truncated",
            f"text longer than {max_chars} characters: analysed on its first {len(text)}",
        )
    elif (lang := language_of(offer.norm.text)) not in ("fr", "unknown"):
        offer.status, offer.error = (
            "not_french",
            f"the text reads as {LANGUAGES.get(lang, lang)} ({lang}); results are unreliable",
        )
    elif offer.norm.repaired:
        offer.error = "the text was double-encoded UTF-8 (mojibake): repaired before reading"
    return offer
