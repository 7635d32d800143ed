"""Split an offer into blocks (company, missions, profile, benefits, other) and sentences with a level.

Headers are recognised from French (and a few English) header lines kept as data in ``sections.json`` beside this module;
without headers, company-presentation sentences are still recognised by how they open ("Notre groupe...",
"Fondée en 1962...", "Leader de..."). Every sentence gets the ``level`` that a skill mentioned in it has:
``company`` (company or benefits), ``nice_to_have`` ("serait un plus", "idéalement", a "Les plus" block) or
``required``.

>>> lay = layout("Qui sommes-nous ?\\nUn groupe engagé dans la RSE.\\nVos missions :\\n- Piloter la GMAO\\n"
...              "Profil : Bac+5. Une expérience du MES serait un plus.")
>>> [(s.section, s.level) for s in lay.segments]  # doctest: +NORMALIZE_WHITESPACE
[('company', 'company'), ('company', 'company'), ('missions', 'required'), ('missions', 'required'),
 ('profile', 'required'), ('profile', 'nice_to_have')]
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from skillmine.text.fold import fold_text

MIN_SEGMENT = 12
"""Sentences shorter than this (in characters) are not scored by the skill model, in training as in use."""

_SECTION_KINDS = ("company", "missions", "profile", "profile_plus", "benefits")
_LINE_KINDS = {"benefits_line": "benefits", "other_line": "other"}
_BULLET = re.compile(r"^[\s•\-–—*#>+·◦o]*(?:\d{1,2}[.)]\s+|[a-z][.)]\s+)?(?=\S)")
_TRAIL = re.compile(r"[\s:?!.\-–—=*_]+$")
_INLINE = re.compile(r"^(?P<head>[^:]{2,60}?)\s*:\s*(?P<rest>\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|\s+[-–•]\s+(?=[A-ZÀ-Ý])")  # and bullets run together: " - Encadrer"


@dataclass(frozen=True)
class Segment:
    """A sentence or bullet line: ``[start, end)`` in the normalised text, its block and its level."""

    start: int
    end: int
    section: str
    level: str


@dataclass(frozen=True)
class Layout:
    segments: tuple[Segment, ...]
    starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(s.start for s in self.segments))

    def scored(self) -> list[Segment]:
        """The segments the skill model scores (at least :data:`MIN_SEGMENT` characters)."""
        return [s for s in self.segments if s.end - s.start >= MIN_SEGMENT]

    def body(self, text: str) -> str:
        """``text`` (the normalised offer this layout was made from) without its company and benefits blocks:
        what the offer models read, in training as in use."""
        return "\n".join(text[s.start : s.end] for s in self.segments if s.section not in ("company", "benefits"))

    def at(self, pos: int) -> Segment | None:
        """The segment that holds character ``pos`` (``None`` between segments)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.segments[i].end:
            return self.segments[i]
        return None


class _Rules:
    def __init__(self, spec: dict) -> None:
        self.headers = {kind: re.compile("(?:" + "|".join(pats) + ")") for kind, pats in spec["headers"].items()}
        self.nice = re.compile(spec["nice_to_have"])
        self.company = re.compile(spec["company_sentence"])
        self.job = re.compile(spec["job_sentence"])
        self.company_anywhere = re.compile(spec["company_anywhere"])
        self.job_line = re.compile(spec["job_line"])
        self.profile_line = re.compile(spec["profile_line"])

    def header_kind(self, core: str) -> str | None:
        for kind, rx in self.headers.items():
            if rx.fullmatch(core):
                return kind
        return None


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    spec = json.loads(resources.files("skillmine.text").joinpath("sections.json").read_text(encoding="utf-8"))
    return _Rules(spec)


def _fold_line(text: str) -> str:
    """A line or sentence without its bullet, folded: what header and level rules read."""
    return fold_text(_BULLET.sub("", text, count=1))


def _classify_line(rules: _Rules, folded: str) -> tuple[str | None, bool]:
    """Header kind of a line (folded, without its bullet) or None, and whether the header is inline (followed by
    text)."""
    folded = folded.replace("**", "").replace("__", "")
    core = _TRAIL.sub("", folded).strip()
    if core and len(core.split()) <= 9:
        kind = rules.header_kind(core)
        if kind:
            return kind, False
    m = _INLINE.match(folded)
    if m:
        kind = rules.header_kind(_TRAIL.sub("", m.group("head")).strip())
        if kind:
            return kind, True
    return None, False


def layout(text: str) -> Layout:
    """Blocks and sentences of a normalised offer text."""
    rules = _rules()
    segments: list[Segment] = []
    block, plus = "other", False
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        folded = _fold_line(line)
        kind, inline = _classify_line(rules, folded)
        line_section, line_plus = block, plus
        if kind in _LINE_KINDS or (inline and kind == "benefits"):
            line_section, line_plus = _LINE_KINDS.get(kind, "benefits"), False
        elif kind is not None:
            block, plus = ("profile", True) if kind == "profile_plus" else (kind, False)
            line_section, line_plus = block, plus
        elif (
            block in ("company", "benefits")
            and rules.profile_line.match(folded)
            or block == "company"
            and rules.job_line.match(folded)
        ):
            block = line_section = "other"  # a requirement or a duty: the presentation or the benefits are over
        sentences = list(_sentences(line, start))
        for s, e in sentences:  # a line of one sentence is folded already
            segments.extend(
                _segments(
                    rules,
                    text[s:e],
                    s,
                    e,
                    line_section,
                    line_plus,
                    folded if len(sentences) == 1 and e - s == len(line) else None,
                )
            )
    return Layout(tuple(segments))


def _sentences(line: str, offset: int):
    s = 0
    for m in _SENTENCE_END.finditer(line):
        yield offset + s, offset + m.start()
        s = m.end()
    yield offset + s, offset + len(line.rstrip())


_HIRING = re.compile(r"\b(?:recherch|recrut)", re.I)


def _segments(rules: _Rules, sent: str, s: int, e: int, section: str, plus: bool, folded: str | None = None):
    if section in ("company", "benefits"):
        yield Segment(s, e, section, "company")
        return
    if folded is None:
        folded = _fold_line(sent)
    if rules.company_anywhere.search(folded) and not rules.job.search(folded):
        yield Segment(s, e, "company", "company")  # what the company is or does, wherever it stands
        return
    if section in ("other", "missions") and rules.company.match(folded):
        if not rules.job.search(folded):
            yield Segment(s, e, "company", "company")
            return
        hiring = _HIRING.search(sent)
        # "Notre client, groupe engagé dans la RSE, recherche un responsable...": the subject is presentation.
        if hiring and not rules.job.search(fold_text(sent[: hiring.start()])):
            yield Segment(s, s + hiring.start(), "company", "company")
            s = s + hiring.start()
            sent = sent[hiring.start() :]
            folded = fold_text(sent)
    level = "nice_to_have" if plus or rules.nice.search(folded) else "required"
    yield Segment(s, e, section, level)
