"""Corrected shares: a simulation with known shares and a classifier with known error rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillmine import analysis as A
from skillmine.analysis.shares import adjusted_distribution, adjusted_share, share_interval

DRAWS = 200


def _classify(truth: np.ndarray, tpr: float, fpr: float, rng) -> np.ndarray:
    return np.where(truth, rng.random(len(truth)) < tpr, rng.random(len(truth)) < fpr)


# the first two as the issue measured the former models on real offers (green: 44 % read where 26 % are; in scope:
# 71 % where 45 % are), the third a classifier that misses more than it adds
@pytest.mark.parametrize("share,tpr,fpr", [(0.26, 0.96, 0.25), (0.45, 0.97, 0.50), (0.60, 0.75, 0.15)])
def test_corrected_share_is_unbiased_and_its_interval_covers(share, tpr, fpr):
    """Each draw: error rates measured on a labelled set of 640 offers (as the bundled ones are), then a population
    of 1,000 offers with the true share, read by the same classifier. Over 200 draws the corrected share is
    unbiased where the raw one is not, and the 95 % interval covers the true share at least 90 % of the time."""
    rng = np.random.default_rng(7)
    raw, corrected, covered = [], [], 0
    for d in range(DRAWS):
        labelled = rng.random(640) < 0.3
        read = _classify(labelled, tpr, fpr, rng)
        counts = {
            "tp": int((read & labelled).sum()),
            "fn": int((~read & labelled).sum()),
            "fp": int((read & ~labelled).sum()),
            "tn": int((~read & ~labelled).sum()),
        }
        truth = rng.random(1000) < share
        flags = _classify(truth, tpr, fpr, rng)
        true_share = truth.mean()
        raw.append(flags.mean() - true_share)
        corrected.append(adjusted_share(flags.mean(), counts) - true_share)
        low, high = share_interval(flags, counts, draws=1000, seed=d)
        covered += low <= true_share <= high
    assert abs(np.mean(corrected)) <= 0.01
    assert abs(np.mean(raw)) > 0.05  # the raw share is off by fpr (1 - share) - (1 - tpr) share
    assert covered / DRAWS >= 0.90


def test_the_analysis_layer_gives_the_same_correction():
    rng = np.random.default_rng(3)
    truth = rng.random(800) < 0.3
    flags = _classify(truth, 0.85, 0.1, rng)
    counts = {"tp": 170, "fn": 30, "fp": 40, "tn": 360}
    df = pd.DataFrame(
        {"family": "direction_industrielle", "has_digital": flags, "has_green": flags, "has_management": flags}
    )
    t = A.category_share(df, by=None, rates={c: counts for c in ("digital", "green", "management")})
    assert t.loc["green", "share"] == pytest.approx(adjusted_share(flags.mean(), counts))
    assert t.loc["green", "raw_share"] == pytest.approx(flags.mean())


def test_family_distribution_is_recovered_from_a_confusion():
    """A known family distribution read through a known confusion: the raw distribution is off, the corrected
    one is back to the truth."""
    classes = ["a", "b", "c"]
    truth = np.array([0.5, 0.3, 0.2])
    M = np.array([[0.7, 0.3, 0.0], [0.3, 0.6, 0.1], [0.0, 0.3, 0.7]])  # M[true, read]
    raw = truth @ M
    confusion = {g: {k: int(M[i, j] * 1000) for j, k in enumerate(classes)} for i, g in enumerate(classes)}
    assert np.abs(raw - truth).max() > 0.05
    assert adjusted_distribution(raw, confusion, classes) == pytest.approx(truth, abs=1e-6)


def test_small_groups_get_wide_intervals_even_when_every_offer_or_none_is_flagged():
    """3 offers of 3 flagged (or 0 of 6) is no proof that the share is 100 % (or 0 %): the interval says so, raw or
    corrected, and a family with no offer among a few still gets an upper bound above zero."""
    counts = {"tp": 80, "fn": 20, "fp": 30, "tn": 270}
    for c in (None, counts):
        low, high = share_interval([True] * 3, c)
        assert low < 0.6 and high > 0.99
        low, high = share_interval([False] * 6, c)
        assert low < 0.01 and high > 0.2
    t = A.offers_per_family(
        pd.DataFrame({"family": ["direction_industrielle"] * 3 + ["pilotage_production"]}), adjust=False
    )
    assert t.loc["maintenance_industrielle", "high"] > 0.2
    assert t.loc["direction_industrielle", "low"] < 0.5 < t.loc["direction_industrielle", "high"]
