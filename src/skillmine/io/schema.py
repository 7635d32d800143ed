"""The output schema of ``classify``: typed offer and mention columns, and the rows of one analysis."""

from __future__ import annotations

from typing import Any

from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.lexicon.rome import rome_family
from skillmine.result import OfferAnalysis

OFFER_COLUMNS: dict[str, str] = {
    "id": "string",
    "source": "string",
    "title": "string",
    "status": "string",
    "error": "string",
    "family": "string",
    "in_scope": "bool",
    "in_scope_score": "float64",
    "function": "string",
    "function_score": "float64",
    "level": "string",
    "level_score": "float64",
    **{f"score_{f}": "float64" for f in FAMILIES},
    **{f"has_{c}": "bool" for c in CATEGORIES},
    **{f"n_{c}": "int64" for c in CATEGORIES},
    **{f"skills_{c}": "string" for c in CATEGORIES},
    "rome_code": "string",
    "rome_family": "string",
    "date": "string",
}
MENTION_COLUMNS: dict[str, str] = {
    "offer_id": "string",
    "start": "int64",
    "end": "int64",
    "input_start": "int64",
    "input_end": "int64",
    "text": "string",
    "category": "string",
    "skill_id": "string",
    "label": "string",
    "level": "string",
    "section": "string",
    "source": "string",
    "score": "float64",
}


def offer_row(record: dict[str, Any], a: OfferAnalysis) -> dict[str, Any]:
    """The output row of one offer: the analysis, plus what the input carried (source, ROME code, date)."""
    row = a.to_row()
    row["source"] = record.get("source")
    code = record.get("rome_code")
    row["rome_code"] = code
    row["rome_family"] = rome_family(code)
    row["date"] = record.get("date")
    return row


def mention_rows(a: OfferAnalysis) -> list[dict[str, Any]]:
    """The mentions of one offer; ``start``/``end`` index the normalised text, ``input_start``/``input_end`` the
    text as it was given (HTML included): ``raw[input_start:input_end]`` holds the mention's words."""
    rows = []
    for m in a.skills:
        s, e = a.input_span(m)
        rows.append({"offer_id": a.id, **m.to_dict(), "input_start": s, "input_end": e})
    return rows
