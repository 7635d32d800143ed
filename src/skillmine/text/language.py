"""Which language an offer is written in: an offline identifier (py3langid) on a sample of the text, with a
word-list guard for short French texts."""

from __future__ import annotations

import itertools
import re

# French function words that Spanish, Italian, Portuguese or Catalan do not share
_FR = frozenset(
    "les des du et est une pour dans vous avec sur au aux nous votre vos notre nos cette sont être ou".split()
)
LANGUAGES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ca": "Catalan",
    "pl": "Polish",
    "ro": "Romanian",
}
_EN = frozenset("the and of to in for with is are you we our your on as be this will an at from or by have".split())
_WORDS = re.compile(r"[^\W\d_]+")


def language_of(text: str, sample: int = 200) -> str:
    """The language of ``text`` (ISO 639-1 code), or ``"unknown"`` for a text too short to tell.

    Function words that only French uses among its neighbours decide the common case at no cost; any other text
    goes to an offline language identifier (py3langid, its model bundled with the package)."""
    words = " ".join(m.group(0) for m in itertools.islice(_WORDS.finditer(text), sample)).lower().split()
    fr = sum(map(_FR.__contains__, words))
    en = sum(map(_EN.__contains__, words))
    if fr >= 4 and fr >= 2 * en:
        return "fr"
    if len(words) < 10:
        return "unknown"  # too short to tell: identifiers guess wildly on a few unaccented words
    import py3langid

    return str(py3langid.classify(" ".join(words))[0])
