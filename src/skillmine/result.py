"""Plain, serialisable results: :class:`SkillMention` and :class:`OfferAnalysis`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.text.normalize import OffsetMap

__all__ = ["SkillMention", "OfferAnalysis"]


@dataclass(frozen=True)
class SkillMention:
    """One skill mention; ``text == analysis.text[start:end]``."""

    text: str
    start: int
    end: int
    category: str
    skill_id: str
    label: str
    source: str  # "rule" | "model"
    score: float
    section: str  # "company" | "missions" | "profile" | "benefits" | "other"
    level: str  # "required" | "nice_to_have" | "company"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class OfferAnalysis:
    """The reading of one offer.

    ``family`` is always one of :data:`skillmine.FAMILIES`, the best of the four, even when the offer is out of
    scope: read ``in_scope`` first. ``function`` (``"production_maintenance"`` or ``"other"``) and ``level``
    (``"cadre"`` or ``"non_cadre"``) are the two decisions behind ``in_scope`` (both must hold), each with the
    calibrated probability of its first value; ``in_scope_score`` is the probability of both. ``status`` says whether the text could be read as given (see
    :data:`skillmine.constants.STATUSES`); ``error`` explains any status other than ``ok``.
    """

    text: str
    family: str
    family_scores: dict[str, float]
    in_scope: bool
    in_scope_score: float
    skills: list[SkillMention] = field(default_factory=list)
    function: str = "other"
    function_score: float = 0.0
    level: str = "non_cadre"
    level_score: float = 0.0
    id: str | None = None
    title: str | None = None
    status: str = "ok"
    error: str | None = None
    family_evidence: list[tuple[str, float]] = field(default_factory=list)
    offset_map: OffsetMap | None = field(default=None, repr=False, compare=False)

    @property
    def categories(self) -> set[str]:
        """Categories with at least one required or nice-to-have mention (company blurbs do not count)."""
        return {m.category for m in self.skills if m.level != "company"}

    def mentions(self, category: str | None = None, include_company: bool = False) -> list[SkillMention]:
        return [
            m
            for m in self.skills
            if (category is None or m.category == category) and (include_company or m.level != "company")
        ]

    def input_span(self, mention: SkillMention) -> tuple[int, int]:
        """Offsets of ``mention`` in the text as it was given (before normalisation)."""
        if self.offset_map is None:
            return mention.start, mention.end
        return self.offset_map.span_to_input(mention.start, mention.end)

    def explain(self, top: int = 8) -> list[tuple[str, float]]:
        """Words of the offer that drove the family decision, with their weight."""
        return self.family_evidence[:top]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "error": self.error,
            "family": self.family,
            "family_scores": dict(self.family_scores),
            "in_scope": self.in_scope,
            "in_scope_score": self.in_scope_score,
            "function": self.function,
            "function_score": self.function_score,
            "level": self.level,
            "level_score": self.level_score,
            "categories": sorted(self.categories),
            "skills": [m.to_dict() for m in self.skills],
            "family_evidence": [[w, s] for w, s in self.family_evidence],
            "text": self.text,
        }

    def to_row(self) -> dict[str, Any]:
        """One flat row (for CSV / Parquet): scores, category flags and counts, skill ids."""
        row: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "error": self.error,
            "family": self.family,
            "in_scope": self.in_scope,
            "in_scope_score": round(self.in_scope_score, 4),
            "function": self.function,
            "function_score": round(self.function_score, 4),
            "level": self.level,
            "level_score": round(self.level_score, 4),
        }
        for fam in FAMILIES:
            row[f"score_{fam}"] = round(self.family_scores.get(fam, 0.0), 4)
        counted = self.mentions()
        for cat in CATEGORIES:
            n = sum(1 for m in counted if m.category == cat)
            row[f"has_{cat}"] = n > 0
            row[f"n_{cat}"] = n
        for cat in CATEGORIES:
            row[f"skills_{cat}"] = "|".join(dict.fromkeys(m.skill_id for m in counted if m.category == cat))
        return row
