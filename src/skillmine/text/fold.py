"""Folding for matching, as in edsnlp: :func:`fold` is applied to single tokens (``token.norm_``): lower case,
curly apostrophes, ligatures, inclusive writing, accents and a final plural ``s``/``x`` are folded;
:func:`fold_text` folds a whole text character by character, offsets kept. Neither changes the text they read.

>>> fold("Équipes"), fold("technicien·ne·s"), fold("l’"), fold("Œuvre")
('equipe', 'technicien', 'le', 'oeuvre')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD_TABLE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
    }
)
_INCLUSIVE_DOT = re.compile(
    r"^([a-zà-ÿ]{3,})[.·⋅∙•/](?:e|es|ne|nes|se|ses|rice|rices|trice|trices|euse|euses|ice|ices|le|les|fe|ve|ère|ere)(?:[.·⋅∙]s)?$"
)


@lru_cache(maxsize=1 << 16)
def _fold_char(c: str) -> str:
    """One lower-cased character folded: apostrophes, dashes, ligatures, then NFKD without combining marks."""
    return "".join(d for d in unicodedata.normalize("NFKD", c.translate(_FOLD_TABLE)) if not unicodedata.combining(d))


_SPECIAL = re.compile(r"[^\x00-\x5f\x61-\x7f]")  # what folding can change after lower(): non-ASCII, and "`"


def fold_text(text: str) -> str:
    """Lower case, apostrophes, ligatures and accents folded; same length is not guaranteed.

    Equal to NFKD-decomposing ``text.translate(_FOLD_TABLE).lower()`` and dropping combining marks (a test checks
    it), but only the characters that can change are looked at, each folded once per process."""
    t = text.lower()
    return _SPECIAL.sub(lambda m: _fold_char(m.group()), t)


# articles and contractions folded together: "gestion des projets" matches "gestion de projet"
_FUNCTION_WORDS = {
    "des": "de",
    "du": "de",
    "d'": "de",
    "d": "de",
    "la": "le",
    "les": "le",
    "l'": "le",
    "l": "le",
    "aux": "a",
    "au": "a",
    "à": "a",
}


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Fold one token for matching: :func:`fold_text`, inclusive writing, and a final plural ``s``/``x``."""
    w = word.translate(_FOLD_TABLE).lower()
    if "·" in w or "⋅" in w or "∙" in w:
        w = re.split("[·⋅∙]", w, maxsplit=1)[0] or w
    else:
        m = _INCLUSIVE_DOT.match(w)
        if m:
            w = m.group(1)
    w = fold_text(w)
    if w in _FUNCTION_WORDS:
        return _FUNCTION_WORDS[w]
    if len(w) > 3 and w[-1] in "sx" and w[-2] != "s" and w.isalpha():
        w = w[:-1]
    return w
