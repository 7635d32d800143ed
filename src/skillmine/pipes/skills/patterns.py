"""Lexicon token patterns compiled for the matcher: variants folded as norms are, patterns expanded into phrases
where they are finite, else compiled to one regular expression over the norms of a doc (``LIKE_NUM`` includes
spaCy's French number words), with the words a pattern needs to match at all (a cheap prefilter)."""

from __future__ import annotations

import itertools
import math
import re
from functools import cached_property
from typing import Iterator

from spacy.attrs import NORM
from spacy.tokens import Doc

from skillmine.text.fold import fold


def fold_pattern(pattern: list[dict]) -> list[dict]:
    out = []
    for tok in pattern:
        tok = dict(tok)
        norm = tok.get("NORM")
        if isinstance(norm, str):
            tok["NORM"] = fold(norm)
        elif isinstance(norm, dict):
            tok["NORM"] = {
                op: ([fold(v) for v in vals] if isinstance(vals, list) else vals) for op, vals in norm.items()
            }
        out.append(tok)
    return out


MAX_EXPANSION = 500
"""Token patterns that are only alternatives of NORM values (and optional tokens) are expanded into phrases for the
``PhraseMatcher`` (much faster than the ``Matcher``) when they make at most this many phrases; larger ones run as
regular expressions over the string of token norms (:func:`norm_regex`); only patterns with other keys use the
spaCy ``Matcher``."""


def _values(value) -> list[str] | None:
    """The strings a token attribute accepts (``"x"`` or ``{"IN": [...]}``), or ``None`` for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


def expand(pattern: list[dict]) -> list[tuple[str, ...]] | None:
    """The phrases a simple pattern stands for, or ``None`` when it must stay a token pattern."""
    choices = []
    for tok in pattern:
        values = _values(tok.get("NORM"))
        if set(tok) - {"NORM", "OP"} or tok.get("OP") not in (None, "?") or values is None:
            return None
        choices.append(values + ([None] if tok.get("OP") == "?" else []))
    if math.prod(len(c) for c in choices) > MAX_EXPANSION:
        return None
    out = {tuple(w for w in combo if w is not None) for combo in itertools.product(*choices)}
    return sorted(p for p in out if p)


_OPS = {None: "{}", "?": "(?:{})?", "*": "(?:{})*", "+": "(?:{})+"}


def _number_words() -> list[str]:
    """spaCy's French number words ("deux", "douze", "quatre-vingt"...), folded as token norms are ("deux" ->
    "deu"), longest first."""
    from spacy.lang.fr.lex_attrs import _num_words

    return sorted({fold(w) for w in _num_words}, key=len, reverse=True)


_FLAGS = {
    "LIKE_NUM": r"\d[\d.,]*|" + "|".join(map(re.escape, _number_words())),
    "IS_DIGIT": r"\d+",
    "IS_PUNCT": r"[^\w\s]+",
}


def _word_values(key: str, value) -> list[str] | None:
    """The folded strings a ``NORM``/``LOWER``/``ORTH`` value accepts (``NORM`` values are folded already)."""
    values = _values(value)
    if values is None or key == "NORM":
        return values
    return [fold(v) for v in values]


def _token_regex(tok: dict) -> str | None:
    """The regex of one pattern token over token norms, or ``None`` when it cannot be written as one.

    ``NORM`` values are folded already; ``LOWER`` and ``ORTH`` values are folded here (slightly more permissive:
    accents and case then do not matter, as for every variant); ``LIKE_NUM``, ``IS_DIGIT``, ``IS_PUNCT`` become
    character classes."""
    alts = []
    for key, value in tok.items():
        if key == "OP":
            continue
        if key in _FLAGS and value is True:
            alts.append(_FLAGS[key])
        elif key in ("NORM", "LOWER", "ORTH"):
            values = _word_values(key, value)
            if values is None:
                return None
            alts.append("|".join(re.escape(v) for v in sorted(set(values), key=len, reverse=True)))
        else:
            return None
    return alts[0] if len(alts) == 1 else None


def norm_regex(pattern: list[dict]) -> str | None:
    """The source of a regular expression over ``" " + " ".join(token norms) + " "`` that matches what ``pattern``
    matches, or ``None`` when the pattern cannot be written so."""
    parts = []
    for tok in pattern:
        body = _token_regex(tok)
        if body is None or tok.get("OP") not in _OPS:
            return None
        parts.append(_OPS[tok.get("OP")].format(f" (?:{body})"))
    return "".join(parts) + "(?= )"


def _word_set(tok: dict) -> frozenset[str] | None:
    """The norms a mandatory word token accepts, or ``None`` (optional token, flag, other attribute)."""
    if tok.get("OP") not in (None, "+"):
        return None
    for key in ("NORM", "LOWER", "ORTH"):
        values = _word_values(key, tok.get(key))
        if values is not None:
            return frozenset(values)
    return None


def required_words(pattern: list[dict]) -> tuple[frozenset[str], ...]:
    return tuple(w for w in map(_word_set, pattern) if w is not None)


def may_match(required: tuple[frozenset[str], ...], words: set[str]) -> bool:
    """Whether a doc with these norms holds one word of each required set."""
    return not any(words.isdisjoint(r) for r in required)


class NormRegex:
    """A pattern as a regular expression over the norm string (:func:`norm_regex`), with what makes it cheap: a
    doc must hold one norm of each mandatory word token (most patterns are skipped on most docs), and when the
    first token is such a word the regex is only tried where it stands, not at every position. The regex is
    compiled when a doc first may match it: compiling all of them took a third of the matcher's start-up."""

    def __init__(self, key: int, pattern: list[dict], source: str) -> None:
        self.key, self.source = key, source
        self.required = required_words(pattern)
        self.first = _word_set(pattern[0])

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(self.source)

    def spans(self, text: str, words: set[str]):
        """``(start, end)`` character spans of the matches, as ``regex.finditer(text)`` finds them."""
        if not may_match(self.required, words):
            return
        if self.first is None:
            for m in self.regex.finditer(text):
                yield m.start(), m.end()
            return
        after = 0
        for pos in sorted(p for w in self.first & words for p in _positions(text, w)):
            if pos < after:  # finditer resumes after the previous match
                continue
            m = self.regex.match(text, pos)
            if m:
                after = m.end()
                yield m.start(), m.end()


def _positions(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as a whole token in the norm string (offsets of the space before it)."""
    needle = f" {word} "
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


_SPACE = re.compile(r"\s")


def norm_string(doc: Doc) -> tuple[str, list[int]]:
    """The token norms joined by spaces (a norm with whitespace, or empty, becomes "␣") and the offset of each
    token in that string. Reads the norms as an array: no ``Token`` objects are made."""
    strings = doc.vocab.strings
    # str.isprintable() is False for every whitespace character but " " (tested apart): a cheap first test
    parts = [
        n if n and ((n.isprintable() and " " not in n) or not _SPACE.search(n)) else "\u2423"
        for n in map(strings.__getitem__, doc.to_array(NORM).tolist())
    ]
    starts = list(itertools.accumulate([len(n) + 1 for n in parts], initial=1))
    starts.pop()
    return " " + " ".join(parts) + " ", starts


def norm_doc(vocab, words: tuple[str, ...]) -> Doc:
    doc = Doc(vocab, words=list(words))
    for tok in doc:
        tok.norm_ = tok.text
    return doc
