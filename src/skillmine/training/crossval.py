"""Cross-validation on labelled real offers: folds, out-of-fold probabilities, calibration, figures with intervals.

The unit of evaluation is the *pool*: the labelled real offers given to ``skillmine train --real`` (or, without
them, the written corpus's train + dev, grouped by writer). The rest of the training data (the written corpus) is
in every fold's training part and never scored. Folds are grouped (reposts of one job, found by
:func:`skillmine.analysis.duplicates.near_duplicates`, stay in one fold) and stratified on the function x level class.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def repost_groups(ids: Sequence[str], texts: Sequence[str], threshold: float = 0.5) -> np.ndarray:
    """A group id per offer: offers whose texts are near duplicates (cosine of word 2-shingles >= ``threshold``)
    share one."""
    import pandas as pd

    from skillmine.analysis.duplicates import duplicate_clusters, near_duplicates

    df = pd.DataFrame({"id": [str(i) for i in ids], "text": list(texts)})
    clusters = duplicate_clusters(df["id"], near_duplicates(df, threshold=threshold))
    return clusters.reindex(df["id"]).to_numpy()


def make_folds(
    labels: Sequence[str], groups: Sequence, k: int = 5, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Grouped, stratified ``k``-fold splits (fewer folds when there are fewer groups)."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels, groups = np.asarray(labels, dtype=object).astype(str), np.asarray(groups, dtype=object).astype(str)
    k = min(k, len(set(groups)))
    if k < 2:
        raise ValueError("cross-validation needs offers from at least two groups")
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in splitter.split(np.zeros(len(labels)), labels, groups)]


def fold_calibrators(raw: np.ndarray, y: Sequence[str], folds, classes) -> list:
    """Per fold, a calibrator (:func:`skillmine.estimators.family.fit_calibrator`) fitted on the other folds' out-of-fold
    probabilities ``raw`` of the offers with a label (``y`` not empty)."""
    from skillmine.estimators.family import fit_calibrator

    y = np.asarray(y, dtype=object)
    out = []
    for tr, _ in folds:
        known = tr[y[tr] != ""]
        out.append(fit_calibrator(raw[known], y[known], classes))
    return out


def crossfit_calibrated(raw: np.ndarray, y: Sequence[str], folds, classes, calibrators=None) -> np.ndarray:
    """Out-of-fold probabilities ``raw`` calibrated without reading their own fold: each fold's calibrator is fitted
    on the other folds' probabilities (so the figures measured on the result are honest)."""
    from skillmine.estimators.family import calibrated

    calibrators = fold_calibrators(raw, y, folds, classes) if calibrators is None else calibrators
    out = np.zeros_like(raw)
    for cal, (_, te) in zip(calibrators, folds):
        out[te] = calibrated(cal, raw[te], classes)
    return out


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of probabilities ``p`` of binary outcomes ``y`` (equal-width bins)."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if not len(p):
        return 0.0
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / len(p))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict]:
    """Per bin: its range, the number of offers, the mean predicted probability and the observed frequency."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        rows.append(
            {
                "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                "n": int(m.sum()),
                "predicted": round(float(p[m].mean()), 4) if m.any() else None,
                "observed": round(float(y[m].mean()), 4) if m.any() else None,
            }
        )
    return rows


def bootstrap_ci(
    stat: Callable[[np.ndarray], float], n: int, rounds: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat(indices)`` over ``n`` offers resampled with replacement."""
    rng = np.random.default_rng(seed)
    values = [stat(rng.integers(0, n, n)) for _ in range(rounds)]
    lo, hi = np.nanpercentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return round(float(lo), 4), round(float(hi), 4)
