"""Mention rows map back into the input as it was given, HTML included: ``raw[input_start:input_end]``."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmine.io.schema import mention_rows
from skillmine.text.fold import fold_text

SKILLS = [
    "la GMAO",
    "la norme ISO 14001",
    "encadrer une &eacute;quipe de 8 techniciens",
    "le MES",
    "la maintenance pr&eacute;dictive",
    "la d&#233;carbonation du site",
    "l&#x27;analyse de donn&eacute;es",
    "manager l'&eacute;quipe",
    "les automates Siemens",
]
FILLER = [
    "Vous pilotez",
    "Au sein de l'usine,",
    "vous d&eacute;ployez",
    "et suivez",
    "avec rigueur",
    "&nbsp;",
    "Profil :",
    "Missions :",
    "&amp;",
    "vos <b>objectifs</b>",
]
WRAP = [
    ("", ""),
    ("<b>", "</b>"),
    ("<li>", "</li>"),
    ('<a title="x>y" href="#">', "</a>"),
    ("<p class='a>b'>", "</p>"),
    ("<span>", "</span>"),
    ("<br/>", ""),
    ("<!-- note -->", ""),
]

pieces = st.lists(st.tuples(st.sampled_from(FILLER + SKILLS), st.sampled_from(WRAP)), min_size=3, max_size=14)


def _visible(raw: str) -> str:
    """What a reader sees of a piece of HTML: tags and comments out, entities decoded, spaces collapsed."""
    text = re.sub(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", " ", raw, flags=re.S)
    return " ".join(html.unescape(text).replace("\xa0", " ").split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces)
def test_mention_offsets_map_back_into_html_input(fast_miner, parts):
    raw = "<ul>" + " ".join(f"{a}{p}{b}" for p, (a, b) in parts) + "</ul>"
    a = fast_miner.analyze(raw, title="Responsable maintenance")
    for row in mention_rows(a):
        shown = _visible(raw[row["input_start"] : row["input_end"]])
        assert fold_text(shown) == fold_text(" ".join(row["text"].split())), (row, raw)
        assert a.text[row["start"] : row["end"]] == row["text"]


def test_mention_offsets_of_a_plain_export(fast_miner):
    raw = "Missions :\r\n- Déployer la GMAO\u00a0 et encadrer   une équipe de 5 techniciens.\r\n"
    rows = mention_rows(fast_miner.analyze(raw))
    assert {raw[r["input_start"] : r["input_end"]] for r in rows} >= {"GMAO", "encadrer   une équipe"}


def test_html_attributes_may_hold_a_closing_bracket():
    from skillmine.text.normalize import normalize

    n = normalize('<p>Déployer <a title="x>y" href="#">la GMAO</a> <span class=\'a>b\'>et le MES</span></p>')
    assert n.text == "Déployer la GMAO et le MES"
