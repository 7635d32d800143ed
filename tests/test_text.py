"""Normalisation keeps offsets; folding makes matching insensitive to case, accents, apostrophes, plural."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmine.text.fold import fold, fold_text
from skillmine.text.normalize import normalize

NORMALIZE_TABLE = [
    # (input, expected normalised text)
    ("Vos missions :\r\n- piloter", "Vos missions :\n- piloter"),
    ("a\u00a0b\t\tc   d", "a b c d"),
    ("  début et fin  \n\n", "début et fin"),
    ("un\n\n\n\n\ndeux", "un\n\ndeux"),
    ("ligne   \n   suivante", "ligne\nsuivante"),
    ("e\u0301quipe", "équipe"),
    ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
    ("\u25aa premier\n\uf0b7 second", "• premier\n• second"),
    ("<p>Vos missions&nbsp;:</p><ul><li>GMAO</li><li>MES</li></ul>", "Vos missions :\n• GMAO\n• MES"),
    ("<b>R&eacute;duire</b> l&rsquo;empreinte", "Réduire l’empreinte"),
    ("Un<br>deux<br/>trois", "Un\ndeux\ntrois"),
    ("<script>var x = 1;</script>Texte", "Texte"),
    ("<!-- commentaire -->Texte &amp; suite", "Texte & suite"),
    ("Prix &lt; 5 &#8364;", "Prix < 5 €"),
]


@pytest.mark.parametrize("raw,expected", NORMALIZE_TABLE)
def test_normalize(raw, expected):
    assert normalize(raw).text == expected


FOLD_TABLE = [
    ("Équipes", "equipe"),
    ("GESTION", "gestion"),
    ("projets", "projet"),
    ("travaux", "travau"),
    ("process", "process"),
    ("l’", "le"),
    ("d‘", "de"),
    ("des", "de"),
    ("aux", "a"),
    ("Œuvre", "oeuvre"),
    ("technicien·ne·s", "technicien"),
    ("ingénieur·e", "ingenieur"),
    ("collaborateur.rice.s", "collaborateur"),
    ("4.0", "4.0"),
    ("KPIs", "kpi"),
    ("mes", "mes"),
    ("éco-conception", "eco-conception"),
]


@pytest.mark.parametrize("word,expected", FOLD_TABLE)
def test_fold(word, expected):
    assert fold(word) == expected


SPECIAL_FOLDS = {
    # apostrophes
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "′": "'",
    # ligatures (NFKD keeps œ and æ)
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "Æ": "ae",
    "ﬁ": "fi",
    "ﬂ": "fl",
    # dashes
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
}
"""The characters folded before NFKD, written out: what the definition of folding says."""


@pytest.mark.parametrize("char,expected", sorted(SPECIAL_FOLDS.items()))
def test_fold_text_special_characters(char, expected):
    """Each apostrophe, ligature and dash of the definition folds to its written-out replacement."""
    assert fold_text(f"x{char}y") == f"x{expected}y"


def _fold_by_definition(text: str) -> str:
    t = text.translate(str.maketrans(SPECIAL_FOLDS)).lower()
    return "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
    | st.text(alphabet="àâäçéèêëîïôöùûüÿœæÀÉÈÇŒÆ’‘ʼ`´′–—‐‑ﬁﬂ·«»€°²½ ÉTÉéte\u0301", max_size=60)
)
def test_fold_text_is_nfkd_without_marks(text):
    """The fast path (lower, then only special characters folded, each once) equals the definition."""
    assert fold_text(text) == _fold_by_definition(text)


def test_normalize_rejects_non_strings():
    with pytest.raises(TypeError):
        normalize(None)  # type: ignore[arg-type]


PIECES = st.sampled_from(
    [
        "GMAO",
        "gestion de projet",
        "ISO 14001",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\n\n\n",
        "\t",
        "\u00a0",
        "<br>",
        "<p>",
        "</p>",
        "<li>",
        "&nbsp;",
        "&eacute;",
        "&amp;",
        "e\u0301",
        "\u00ad",
        "\u25aa ",
        "• ",
        "é",
        "l’équipe",
        "<b>",
        "</b>",
        "Vos missions :",
        "x",
        "<!-- c -->",
        "&#8217;",
        "œ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=0, max_size=40))
def test_offsets_map_back_to_the_input(pieces):
    raw = "".join(pieces)
    n = normalize(raw)
    text = n.text
    assert n.to_input(0) >= 0 and n.to_input(len(text), end=True) <= len(raw)
    previous = -1
    for i in range(len(text) + 1):
        j = n.to_input(i)
        assert j >= previous  # monotone
        previous = j
    # every word of the normalised text maps back to an input span that shows the same word
    # (up to entities and combining accents, which are the rewrites)
    import re

    for m in re.finditer(r"[A-Za-z]+", text):
        s, e = n.map.span_to_input(m.start(), m.end())
        # invisible characters and inline tags are dropped
        shown = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]|<!--.*?-->|<[^>]*>", "", raw[s:e])
        assert m.group(0) in shown or "&" in shown or "\u0301" in shown
        assert n.from_input(s, e)[0] <= m.start() and n.from_input(s, e)[1] >= m.end()
