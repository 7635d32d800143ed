"""Cross-validation helpers: calibration error, cross-fitted calibration, grouped folds, intervals, masked labels."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from skillmine.estimators.skills import UNKNOWN, MaskedOneVsRest
from skillmine.training.crossval import bootstrap_ci, crossfit_calibrated, ece, make_folds, reliability


@pytest.mark.parametrize(
    "p, y, expected",
    [
        ([0.9] * 10, [1] * 9 + [0], 0.0),  # 90 % predicted, 90 % observed
        ([0.9] * 10, [1] * 5 + [0] * 5, 0.4),  # 90 % predicted, 50 % observed
        ([0.15] * 4 + [0.85] * 4, [0, 0, 0, 0, 1, 1, 1, 1], 0.15),  # two bins, each 0.15 off
        ([0.25, 0.75], [0, 1], 0.25),
    ],
)
def test_ece_by_hand(p, y, expected):
    assert ece(np.array(p), np.array(y)) == pytest.approx(expected)


def test_reliability_rows_count_every_offer():
    rows = reliability(np.array([0.05, 0.15, 0.95, 0.97]), np.array([0, 0, 1, 0]))
    assert [r["n"] for r in rows] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert rows[-1]["predicted"] == pytest.approx(0.96) and rows[-1]["observed"] == 0.5


def test_crossfitted_calibration_repairs_overconfident_probabilities():
    rng = np.random.default_rng(0)
    truth = rng.random(2000)  # true probability of class "b"
    y = np.where(rng.random(2000) < truth, "b", "a")
    logit = np.log(truth / (1 - truth + 1e-9) + 1e-9) * 3  # three times too sure
    pb = 1 / (1 + np.exp(-logit))
    raw = np.column_stack([1 - pb, pb])
    folds = make_folds(y, np.arange(2000), k=5)
    cal = crossfit_calibrated(raw, y, folds, ("a", "b"))
    assert np.allclose(cal.sum(axis=1), 1.0)
    before, after = ece(raw[:, 1], y == "b"), ece(cal[:, 1], y == "b")
    assert before > 0.08 and after < 0.03


def test_folds_keep_groups_together_and_cover_every_offer():
    labels = ["x", "y"] * 30
    groups = [i // 3 for i in range(60)]  # reposts of one job come in threes
    folds = make_folds(labels, groups, k=5, seed=1)
    assert len(folds) == 5
    seen = np.concatenate([te for _, te in folds])
    assert sorted(seen) == list(range(60))
    for tr, te in folds:
        assert not {groups[i] for i in tr} & {groups[i] for i in te}


def test_folds_need_two_groups():
    with pytest.raises(ValueError, match="at least two groups"):
        make_folds(["a", "b"], [0, 0])


def test_bootstrap_interval_holds_the_value_and_narrows_with_more_offers():
    rng = np.random.default_rng(0)
    small, large = rng.random(50) < 0.3, rng.random(5000) < 0.3
    lo_s, hi_s = bootstrap_ci(lambda idx: small[idx].mean(), len(small), rounds=500)
    lo_l, hi_l = bootstrap_ci(lambda idx: large[idx].mean(), len(large), rounds=500)
    assert lo_s <= small.mean() <= hi_s and lo_l <= large.mean() <= hi_l
    assert hi_l - lo_l < (hi_s - lo_s) / 5


def test_masked_one_vs_rest_leaves_unknown_rows_out():
    X = np.array([[0.0], [0.1], [0.2], [1.0], [1.1], [1.2]])
    # column 0 is known everywhere; column 1 is unknown on the high rows, which would otherwise say "0"
    y = np.array([[0, 1], [0, 1], [0, 0], [1, UNKNOWN], [1, UNKNOWN], [1, UNKNOWN]])
    model = MaskedOneVsRest(LogisticRegression()).fit(X, y)
    assert model.estimators_[1].n_features_in_ == 1
    assert len(model.estimators_[1].coef_) == 1
    # the second classifier saw three rows only: two positives at 0.0-0.1, one negative at 0.2
    assert model.predict_proba(np.array([[0.0]]))[0, 1] > 0.5
    masked = np.array([[0, 1], [0, 1], [0, 0], [1, 0], [1, 0], [1, 0]])
    unmasked = MaskedOneVsRest(LogisticRegression()).fit(X, masked)
    assert model.predict_proba(np.array([[0.05]]))[0, 1] > unmasked.predict_proba(np.array([[0.05]]))[0, 1]


def test_error_rates_count_decisions_at_the_chosen_thresholds():
    """A model mention under its category's threshold does not count as a positive decision."""
    from skillmine.result import OfferAnalysis, SkillMention
    from skillmine.training.corpus import GoldOffer
    from skillmine.training.train import error_rates

    def analysis(score, in_scope):
        m = SkillMention("tri des déchets", 0, 15, "green", "green_autre", "x", "model", score, "missions", "required")
        return OfferAnalysis(
            text="tri des déchets",
            family="pilotage_production",
            family_scores={"pilotage_production": 1.0},
            in_scope=in_scope,
            in_scope_score=0.9,
            skills=[m],
        )

    gold = [
        GoldOffer("a", None, "t", "pilotage_production", True, categories={"green": True}),
        GoldOffer("b", None, "t", None, False, categories={"green": False}),
        GoldOffer("c", None, "t", None, False, categories={"green": False}),
    ]
    rates = error_rates(
        [analysis(0.9, True), analysis(0.9, True), analysis(0.5, False)],
        gold,
        {"digital": 0.5, "green": 0.8, "management": 0.5},
    )
    assert rates["green"] == {"tp": 1, "fp": 1, "fn": 0, "tn": 1}
    assert rates["in_scope"] == {"tp": 1, "fp": 1, "fn": 0, "tn": 1}
    assert rates["family_confusion"]["pilotage_production"]["pilotage_production"] == 1


def test_cue_prefilter_finds_exactly_what_the_regexes_find():
    """Cues skip a regex when none of its literals is in the text: the same features as running every regex."""
    import re

    from paths import ROOT
    from skillmine.estimators.cues import BODY_CUES, TITLE_CUES, Cues, _prefilter
    from skillmine.text.fold import fold_text
    from skillmine.text.normalize import normalize
    from skillmine.training.corpus import read_corpus

    offers = read_corpus(ROOT / "corpora" / "offers.jsonl")
    extra = [
        "Statut : cadre, forfait 218 jours",
        "Rattaché au chef d'équipe, 2x8",
        "taux horaire 12,5 €/h",
        "Technicien / Technicienne",
        "pré-production applicative",
        "charge/capacité",
        "",
    ]
    for cues, texts in (
        (BODY_CUES, [normalize(o.text).text for o in offers] + extra),
        (TITLE_CUES, [o.title or "" for o in offers] + extra),
    ):
        got = Cues([list(p) for p in cues.items()]).transform(texts).toarray()
        want = np.array([[1.0 if re.search(rx, fold_text(t)) else 0.0 for rx in cues.values()] for t in texts])
        assert (got == want).all()
    assert _prefilter(r"statut\s*:?\s*cadre|\bcadre (au )?forfait") == ("statut", "forfait")
    assert _prefilter(r"apres-?vente|\bsav\b") == ("apres", "sav")
    assert _prefilter(r"(a|b)x{0,25}") is None


def test_cue_search_in_windows_agrees_with_a_full_search():
    """Cues search only around their literals; a match cut by a window's end is confirmed on the whole text."""
    import re

    from skillmine.estimators.cues import _search

    rx = re.compile(r"\bcap\b|statut[^.]{0,10}cadre")
    lits, width = ("cap", "statut"), 22
    texts = [
        "capital",
        "le cap.",
        "xcap cap",
        "cap",
        "statut : cadre",
        "statut ." + " " * 30 + "cadre",
        "recap capitaine",
        "statut" + "x" * 10 + "cadre",
        "statutaire cadrer",
        "",
    ]
    assert [_search(rx, lits, width, t) for t in texts] == [rx.search(t) is not None for t in texts]
    edge = re.compile(r"ab\b")
    # the window of the first "ab" ends where "abc" goes on: the match there is confirmed on the whole text
    assert _search(edge, ("ab",), 2, "ab" + "c") is False and _search(edge, ("ab",), 2, "abc ab") is True
