"""The public contract of DESIGN.md, checked on the bundled examples and on constructed offers."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import skillmine
from paths import EXAMPLES
from skillmine.io.readers import iter_records

OFFER = """Responsable maintenance (H/F)

Qui sommes-nous ?
Groupe agroalimentaire engagé dans la RSE et la décarbonation, 3 sites en Bretagne.

Vos missions :
- Encadrer une équipe de 14 techniciens de maintenance
- Déployer la GMAO et la maintenance prédictive
- Réduire la consommation d'énergie des utilités

Profil recherché :
Ingénieur, 5 ans d'expérience. La connaissance de l'ISO 50001 serait un plus.
"""


def check_contract(a):
    assert a.family in skillmine.FAMILIES
    assert set(a.family_scores) == set(skillmine.FAMILIES)
    assert math.isclose(sum(a.family_scores.values()), 1.0, abs_tol=1e-6)
    assert 0.0 <= a.in_scope_score <= 1.0 and isinstance(a.in_scope, bool)
    for m in a.skills:
        assert a.text[m.start : m.end] == m.text
        assert m.category in skillmine.CATEGORIES
        assert m.source in ("rule", "model") and 0.0 <= m.score <= 1.0
        assert m.section in ("company", "missions", "profile", "benefits", "other")
        assert m.level in ("required", "nice_to_have", "company")
        assert m.skill_id in a_lexicon() or m.skill_id == f"{m.category}_autre"
    assert a.categories == {m.category for m in a.skills if m.level != "company"}
    json.dumps(a.to_dict())


def a_lexicon():
    from skillmine.lexicon.store import Lexicon

    return Lexicon.bundled()


def test_public_names():
    assert skillmine.FAMILIES == (
        "direction_industrielle",
        "ingenierie_production",
        "maintenance_industrielle",
        "pilotage_production",
    )
    assert skillmine.CATEGORIES == ("digital", "green", "management")
    for name in ("load", "SkillMiner", "OfferAnalysis", "SkillMention", "display", "rome_family"):
        assert hasattr(skillmine, name)


def test_one_offer(miner):
    a = miner.analyze(OFFER)
    check_contract(a)
    assert a.family == "maintenance_industrielle" and a.in_scope
    assert a.categories == {"digital", "green", "management"}
    levels = {(m.category, m.level) for m in a.skills}
    assert ("green", "company") in levels  # "engagé dans la RSE" is the company's, not the job's
    assert ("green", "nice_to_have") in levels  # ISO 50001 "serait un plus"
    gmao = [m for m in a.skills if m.text == "GMAO"]
    assert gmao and gmao[0].skill_id == "gmao" and gmao[0].section == "missions" and gmao[0].source == "rule"


def test_company_only_mentions_do_not_count(miner):
    text = (
        "Notre groupe, engagé dans la RSE et la décarbonation de ses usines, recrute.\n\n"
        "Vos missions :\n- Vendre nos solutions de stockage aux distributeurs de la région\n"
        "- Suivre votre portefeuille de clients et négocier les contrats annuels"
    )
    a = miner.analyze(text, title="Commercial sédentaire (H/F)")
    assert "green" not in a.categories
    assert any(m.category == "green" and m.level == "company" for m in a.skills)
    assert not a.in_scope


def test_examples_hold_the_contract(miner):
    records = list(iter_records([EXAMPLES]))
    assert len(records) >= 20
    results = list(miner.analyze_many(records, batch_size=7))
    assert [a.id for a in results] == [r["id"] for r in records]
    for a in results:
        check_contract(a)
    assert {a.family for a in results if a.in_scope} == set(skillmine.FAMILIES)


@pytest.mark.parametrize(
    "record,status",
    [
        ("", "empty"),
        (None, "empty"),
        ({"text": float("nan")}, "empty"),
        ({"text": 12}, "invalid"),
        ({"text": "x", "_error": "line 3: invalid JSON"}, "invalid"),
        ("\x00\ufffd" * 200, "invalid"),
        ("<div><br/><br/></div> &nbsp; <p></p>", "empty"),
        (
            "We are looking for a maintenance manager to lead our team of technicians and to deploy the CMMS across the plant.",
            "not_french",
        ),
    ],
)
def test_bad_input_gives_a_status_not_a_crash(miner, record, status):
    results = list(miner.analyze_many([record, OFFER]))
    assert len(results) == 2
    assert results[0].status == status and results[0].error
    assert results[1].status == "ok"
    check_contract(results[0])


def test_huge_offer_is_truncated_and_flagged(miner):
    big = OFFER + ("Vous pilotez la production. " * 200_000)  # about 5 MB
    a = miner.analyze(big)
    assert a.status == "truncated" and len(a.text) <= miner.max_chars
    check_contract(a)


def test_html_soup_offsets_map_back_to_the_input(miner):
    html = "<div><h2>Vos missions&nbsp;:</h2><ul><li>Piloter la <b>GMAO</b> &amp; le MES</li></ul></div>"
    a = miner.analyze(html, title="Ingénieur maintenance")
    check_contract(a)
    m = next(m for m in a.skills if m.text == "GMAO")
    s, e = a.input_span(m)
    assert html[s:e] == "GMAO"


def test_analyze_frame_keeps_index_and_rows(miner):
    df = pd.DataFrame(
        {"text": [OFFER, "", None], "title": ["Responsable maintenance", None, None]}, index=["x", "y", "z"]
    )
    out = miner.analyze_frame(df)
    assert list(out.index) == ["x", "y", "z"]
    assert list(out["status"]) == ["ok", "empty", "empty"]
    assert out.loc["x", "has_digital"] and out.loc["x", "n_management"] >= 1
    with pytest.raises(KeyError, match="texte"):
        miner.analyze_frame(df, text_col="texte")


def test_fast_profile_has_no_statistical_component(fast_miner):
    assert not {"tok2vec", "morphologizer", "parser", "ner", "lemmatizer"} & set(fast_miner.nlp.pipe_names)
    check_contract(fast_miner.analyze(OFFER))


def test_vocabulary_keeps_the_first_words_then_stays_flat(fast_miner):
    """Words of the first offers stay in the vocabulary (fast lookups); past the cap, batches run in a memory
    zone and a stream of new words no longer grows it, with the same results."""
    vocab = fast_miner.nlp.vocab

    def held():  # len(vocab) counts every word ever made, transient ones included: count what the vocab holds
        return sum(1 for _ in vocab), len(vocab.strings)

    text = "Vous pilotez la GMAO. Mots inédits : {}."
    before = held()
    first = fast_miner.analyze(text.format("zorglubase quiproquet"))
    assert held()[0] > before[0] and held()[1] > before[1]  # kept: below the cap
    cap = fast_miner._vocab_cap
    try:
        fast_miner._vocab_cap = len(vocab)  # the cap is reached
        full = held()
        later = [fast_miner.analyze(text.format(f"motnouveau{i} bidulex{i}")) for i in range(20)]
        assert held() == full
    finally:
        fast_miner._vocab_cap = cap
    assert [m.skill_id for m in first.skills] == ["gmao"]
    assert all([m.skill_id for m in a.skills] == ["gmao"] for a in later)


def test_n_process_gives_the_same_rows(miner):
    records = list(iter_records([EXAMPLES]))[:12]
    one = [a.to_row() for a in miner.analyze_many(records, batch_size=4)]
    two = [a.to_row() for a in miner.analyze_many(records, batch_size=4, n_process=2)]
    assert one == two


def test_extra_lexicon_is_merged(tmp_path):
    lex = tmp_path / "mine.csv"
    lex.write_text(
        "id;label;category;variants\nsmed;SMED (changement rapide de format);digital;SMED|changement rapide de format\n",
        encoding="utf-8",
    )
    m = skillmine.load(profile="fast", extra_lexicon=lex)
    a = m.analyze("Vous déployez le changement rapide de format sur les presses.")
    assert [x.skill_id for x in a.skills if x.source == "rule"] == ["smed"]


def test_spacy_entry_points():
    import spacy
    from spacy.util import registry

    nlp = spacy.blank("fr")  # the factories come from the entry points, not from an import of ours
    nlp.add_pipe("skillmine_normalizer")
    nlp.add_pipe("skillmine_skills")
    doc = nlp("Vous pilotez la GMAO et la Gestion De Projets.")
    assert {(s.text, s.label_) for s in doc.spans["skills"]} >= {
        ("GMAO", "digital"),
        ("Gestion De Projets", "management"),
    }
    assert "skillmine" in registry.displacy_colors.get_all()


def test_display_returns_html_outside_jupyter(miner):
    html = skillmine.display(miner.analyze(OFFER), jupyter=False)
    assert "GMAO" in html and "digital" in html and "management" in html


def test_rome_family():
    assert skillmine.rome_family("H2510") == "direction_industrielle"
    assert (
        skillmine.rome_family("I1102 - Management et ingénierie de maintenance industrielle")
        == "maintenance_industrielle"
    )
    assert skillmine.rome_family("M1805") is None and skillmine.rome_family(None) is None
