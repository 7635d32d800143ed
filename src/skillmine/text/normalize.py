"""Text normalisation that keeps offsets (the folding used for matching is :mod:`skillmine.text.fold`).

* :func:`normalize` turns the input (plain text or HTML) into the text that offsets refer to: double-encoded
  UTF-8 ("GÃ©rer") mended with ftfy, HTML tags and entities to text (``<br>`` and blocks to new lines, ``<li>``
  to bullet lines), Unicode NFC, odd bullets to ``•``, spaces and blank lines tidied. It returns an
  :class:`OffsetMap` back to the input.

Examples
--------
>>> n = normalize("<p>Vos missions&nbsp;:</p><ul><li>piloter la GMAO</li></ul>")
>>> n.text
'Vos missions :\\n• piloter la GMAO'
>>> n.text[n.text.index("GMAO"):][:4], n.to_input(n.text.index("GMAO"))
('GMAO', 45)
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of a rewritten text back to the text it was made from.

    ``pieces`` lists the rewritten spots as ``(out_start, out_end, in_start, in_end)``; text between them was
    copied unchanged. ``parent`` chains the maps of successive rewriting passes.
    """

    pieces: tuple[tuple[int, int, int, int], ...] = ()
    parent: "OffsetMap | None" = None
    _outs: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_outs", tuple(p[0] for p in self.pieces))

    def _local(self, pos: int, end: bool) -> int:
        if end:  # the end of a span: rewritten pieces that start before it
            i = bisect.bisect_left(self._outs, pos) - 1
            if i < 0:
                return pos
            o0, o1, i0, i1 = self.pieces[i]
            return i1 if pos <= o1 else i1 + (pos - o1)
        i = bisect.bisect_right(self._outs, pos) - 1
        if i < 0:
            return pos
        o0, o1, i0, i1 = self.pieces[i]
        return i0 if pos < o1 else i1 + (pos - o1)

    def to_input(self, pos: int, end: bool = False) -> int:
        """Input offset of output offset ``pos`` (``end=True`` for the end of a span)."""
        p = self._local(pos, end)
        return self.parent.to_input(p, end) if self.parent is not None else p

    def span_to_input(self, start: int, end: int) -> tuple[int, int]:
        return self.to_input(start), self.to_input(end, end=True)


@dataclass(frozen=True)
class Normalized:
    """The normalised text and its map to the input; ``repaired`` when double-encoded UTF-8 was mended."""

    text: str
    map: OffsetMap
    was_html: bool = False
    repaired: bool = False

    def to_input(self, pos: int, end: bool = False) -> int:
        return self.map.to_input(pos, end)

    def from_input(self, start: int, end: int) -> tuple[int, int]:
        """Normalised span that covers the input span ``[start, end)`` (used to read gold annotations)."""
        n = len(self.text)
        lo = _first(lambda p: self.map.to_input(p) >= start, n)
        hi = _first(lambda p: self.map.to_input(p, end=True) >= end, n)
        return lo, max(lo, hi)


def _first(pred: Callable[[int], bool], n: int) -> int:
    """Smallest ``p`` in ``[0, n]`` with ``pred(p)`` (``pred`` monotone), or ``n``."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _rewrite(text: str, pattern: re.Pattern, repl: Callable[[re.Match], str], parent: OffsetMap | None):
    """``pattern.sub(repl, text)`` that also returns the :class:`OffsetMap` of the rewrite."""
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = 0
    olen = 0
    for m in pattern.finditer(text):
        r = repl(m)
        if r == m.group(0):
            continue
        s, e = m.span()
        out.append(text[last:s])
        olen += s - last
        out.append(r)
        pieces.append((olen, olen + len(r), s, e))
        olen += len(r)
        last = e
    if not pieces:
        return text, parent if parent is not None else OffsetMap()
    out.append(text[last:])
    return "".join(out), OffsetMap(tuple(pieces), parent)


_HTML_HINT = re.compile(
    r"</?(?:p|br|li|ul|ol|div|span|strong|b|em|i|u|h[1-6]|table|tr|td|th|a|script|style|html|body|section|article|font|img)\b[^>]*>"
    r"|<!--|&(?:[a-z]{2,8}|#\d{2,5}|#x[0-9a-f]{2,5});",
    re.I,
)
_HTML_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#\d{1,7}|#x[0-9a-fA-F]{1,6});",
    re.S | re.I,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "hr",
    "pre",
    "tbody",
    "thead",
}


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text) is not None


def _html_repl(m: re.Match) -> str:
    tok = m.group(0)
    if tok.startswith("&"):
        ch = html.unescape(tok)
        return " " if ch in ("\xa0", "\u202f") else ch
    if tok.startswith("<!--") or m.group(1):
        return ""
    closing, name = m.group(2), m.group(3).lower()
    if name == "li":
        return "\n" if closing else "\n• "
    if name in ("td", "th"):
        return " "
    return "\n" if name in _BLOCK_TAGS else ""


# One pass over characters: line ends, space runs, invisible characters, combining sequences, odd bullets.
_NL = "\u2028\u2029\x0b\x0c"
_WS = "\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_GONE = "\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff"
_COMB = "\u0300-\u036f"
_BULLETS = "\u25aa\u25cf\u25e6\u25ba\u27a2\u27a4\u2192\u2713\u2714\u25c6\u25a0\u25a1\u2043\u2219\uf0b7\uf0a7\uf0d8\uf076\uf0fc\u2023\u2981*"
_CHARS = re.compile(
    rf"(?P<nl>\r\n?|[{_NL}])"
    rf"|(?P<ws>[ {_WS}]{{2,}}|[{_WS}])"
    rf"|(?P<gone>[{_GONE}])"
    rf"|(?P<comb>\S[{_COMB}]+)"
    rf"|(?P<bullet>(?:(?<=\n)|^)[ ]*[{_BULLETS}](?=\s))",
    re.M,
)
_CHARS_HINT = re.compile(rf"[\r{_NL}{_WS}{_GONE}{_COMB}{_BULLETS}]|  ")
"""Finds something in a text iff :data:`_CHARS` may: the common clean text skips that slower pass."""


def _chars_repl(m: re.Match) -> str:
    kind = m.lastgroup
    if kind == "nl":
        return "\n"
    if kind == "ws":
        return " "
    if kind == "gone":
        return ""
    if kind == "comb":
        return unicodedata.normalize("NFC", m.group(0))
    return "•"


_LINES = re.compile(r"\n(?:[ ]*\n){2,}|[ ]+(?=\n)|(?<=\n)[ ]+")
_HTML_LINES = re.compile(r"\n(?:[ ]*\n)+|[ ]+(?=\n)|(?<=\n)[ ]+")


def _lines_repl(m: re.Match) -> str:
    """Blank-line runs to one blank line (plain text) or one line end (HTML, where tags pile them up)."""
    if not m.group(0).startswith("\n"):
        return ""
    return "\n" if m.re is _HTML_LINES else "\n\n"


_ENDS = re.compile(r"\A\s+|\s+\Z")


# UTF-8 read as cp1252 or Latin-1 ("Ã©quipe", "lâ€™usine"): a lead character, then one to three characters that
# stand for UTF-8 continuation bytes in those code pages
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"(?:[\u00c2-\u00f4][{_CONT}]{{1,3}})+")


def _mojibake_repl(m: re.Match) -> str:
    from ftfy import fix_encoding

    return fix_encoding(m.group(0))


def _mojibake(text: str) -> bool:
    """Whether ``text`` holds double-encoded UTF-8 (ftfy's test, after a cheap one)."""
    if not _MOJIBAKE.search(text):
        return False
    from ftfy.badness import is_bad

    return is_bad(text)


def normalize(text: str, html_mode: bool | None = None) -> Normalized:
    """Normalise an offer's text and keep a map to the input offsets.

    Parameters
    ----------
    text:
        The offer, as plain text or HTML.
    html_mode:
        Force (``True``) or forbid (``False``) HTML handling; by default it is detected.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    is_html = looks_like_html(text) if html_mode is None else html_mode
    cur, omap = text, None
    repaired = _mojibake(text)
    if repaired:  # mended run by run, so that offsets still map to the input
        cur, omap = _rewrite(cur, _MOJIBAKE, _mojibake_repl, omap)
    if is_html:
        cur, omap = _rewrite(cur, _HTML_TOKENS, _html_repl, omap)
    if _CHARS_HINT.search(cur):
        cur, omap = _rewrite(cur, _CHARS, _chars_repl, omap)
    # what the line pass can change: spaces at a line end or start, blank-line runs (cheap tests first)
    if " \n" in cur or "\n " in cur or ("\n\n" if is_html else "\n\n\n") in cur:
        cur, omap = _rewrite(cur, _HTML_LINES if is_html else _LINES, _lines_repl, omap)
    if cur[:1].isspace() or cur[-1:].isspace():
        cur, omap = _rewrite(cur, _ENDS, lambda m: "", omap)
    return Normalized(cur, omap if omap is not None else OffsetMap(), is_html, repaired)
