"""Shares corrected for the measured error of the per-offer decisions, with intervals.

A raw share counts the offers that skillmine flags. Each flag is wrong at some rate, and those rates, measured by
cross-validation on labelled real offers, are stored with the models (``error_rates`` in ``models/manifest.json``).
The corrected share inverts them:

- **binary** (a category, in scope): the adjusted classify-and-count estimator
  ``p = (q - fpr) / (tpr - fpr)``, clipped to [0, 1], where ``q`` is the raw share (Rogan & Gladen 1978,
  "Estimating prevalence from the results of a screening test", *Am. J. Epidemiol.* 107:71-76; Forman 2008,
  "Quantifying counts and costs via classification", *Data Min. Knowl. Disc.* 17:164-206);
- **several classes** (the families): the raw distribution ``q`` is ``M.T @ p``, with ``M[g, k]`` the share of
  offers of true class ``g`` read as ``k``; ``p`` is the non-negative least-squares solution, normalised
  (the matrix form of the same estimator; Saerens et al. 2002 discuss it beside EM).

The interval is a percentile interval over draws that combine both sources of uncertainty: the offers (the share
among offers like them, as a Jeffreys beta or Dirichlet posterior of the observed counts) and the error rates (their
counts, the same way). A bootstrap of the offers would give a zero-width interval to a group whose offers are all
flagged, or none (3 of 3 offers: "100 % [100 %, 100 %]"); the posterior gives [45 %, 100 %] there.

What the correction assumes: the error rates on the offers analysed are those measured on the labelled real
offers. It holds when the offers are alike (same sources, same kind of jobs); for a group (a family) the rates of
the whole set are used.

>>> rates = {"tp": 80, "fn": 20, "fp": 30, "tn": 270}  # tpr 0.8, fpr 0.1
>>> round(adjusted_share(0.31, rates), 3)
0.3
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

DRAWS = 2000
"""Draws of the intervals."""


class RatesError(ValueError):
    """Corrected shares asked for, but the models carry no error rates measured on real offers."""


def load_rates(rates: Mapping | str | Path | None = None) -> dict:
    """The error rates to correct with: a mapping as stored in the manifest, a model folder (or its
    ``manifest.json``), or ``None`` for the bundled models."""
    if isinstance(rates, Mapping):
        out = dict(rates)
    else:
        if rates is None:
            from skillmine.estimators.artifacts import default_model_dir

            rates = default_model_dir()
        path = Path(rates)
        path = path / "manifest.json" if path.is_dir() else path
        if not path.is_file():
            raise RatesError(f"{path}: no model manifest here, so no error rates to correct with")
        manifest = json.loads(path.read_text(encoding="utf-8"))
        out = manifest.get("error_rates") or {}
        if out and manifest.get("chosen", {}).get("cv", {}).get("pool") != "real":
            out = {}
        if not out:
            raise RatesError(
                f"{path}: these models' error rates were not measured on labelled real offers (trained "
                "without `skillmine train --real`), so shares cannot be corrected; pass adjust=False "
                "for raw shares, or retrain with --real"
            )
    return out


def _tpr_fpr(c: Mapping[str, int]) -> tuple[float, float]:
    tpr = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
    fpr = c["fp"] / (c["fp"] + c["tn"]) if c["fp"] + c["tn"] else float("nan")
    return tpr, fpr


def _adjust(q, tpr, fpr):
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (np.asarray(q, dtype=float) - fpr) / (tpr - fpr)
    return np.where(np.asarray(tpr - fpr) > 0, np.clip(p, 0.0, 1.0), np.nan)


def adjusted_share(q: float, counts: Mapping[str, int]) -> float:
    """The corrected share of a raw share ``q``, given the decision's ``counts`` (``tp``, ``fp``, ``fn``, ``tn``);
    NaN when the decision tells nothing (``tpr <= fpr``)."""
    return float(_adjust(q, *_tpr_fpr(counts)))


def share_interval(
    flags: Sequence[bool], counts: Mapping[str, int] | None, ci: float = 0.95, draws: int = DRAWS, seed: int = 0
) -> tuple[float, float]:
    """Percentile interval of the corrected share (raw share when ``counts`` is ``None``) of ``flags``."""
    flags = np.asarray(flags, dtype=bool)
    n = len(flags)
    if not n:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    k = int(flags.sum())
    q = rng.beta(k + 0.5, n - k + 0.5, draws)  # the share among such offers: Jeffreys posterior of k of n
    if counts is None:
        p = q
    else:
        tpr = rng.beta(counts["tp"] + 0.5, counts["fn"] + 0.5, draws)
        fpr = rng.beta(counts["fp"] + 0.5, counts["tn"] + 0.5, draws)
        p = _adjust(q, tpr, fpr)
        p = p[~np.isnan(p)]
        if not len(p):
            return float("nan"), float("nan")
    lo, hi = np.percentile(p, [100 * (1 - ci) / 2, 100 * (1 + ci) / 2])
    point = k / n if counts is None else adjusted_share(k / n, counts)
    return _with_point(float(lo), float(hi), point, k, n)


def _with_point(lo, hi, point, k, n):
    """The interval widened to hold the point estimate when the count is at a boundary (none or all of the offers):
    the usual modification of the Jeffreys interval there (Brown, Cai & DasGupta 2001, "Interval estimation for a
    binomial proportion", *Statist. Sci.* 16:101-133)."""
    at_bound = (k == 0) | (k == n)
    with np.errstate(invalid="ignore"):
        lo = np.where(at_bound, np.fmin(lo, point), lo)
        hi = np.where(at_bound, np.fmax(hi, point), hi)
    return (float(lo), float(hi)) if np.ndim(lo) == 0 else (lo, hi)


def _solve(q: np.ndarray, M: np.ndarray) -> np.ndarray:
    from scipy.optimize import nnls

    p, _ = nnls(M.T, q)
    return p / p.sum() if p.sum() > 0 else np.full(len(q), np.nan)


def _rows(confusion: Mapping[str, Mapping[str, int]], classes: Sequence[str]) -> np.ndarray:
    return np.array([[confusion.get(g, {}).get(k, 0) for k in classes] for g in classes], dtype=float)


def adjusted_distribution(
    q: Sequence[float], confusion: Mapping[str, Mapping[str, int]], classes: Sequence[str]
) -> np.ndarray:
    """The corrected distribution over ``classes`` of a raw one ``q``, given the ``confusion`` counts
    (``confusion[true][predicted]``)."""
    C = _rows(confusion, classes)
    M = C / np.maximum(C.sum(axis=1, keepdims=True), 1)
    return _solve(np.asarray(q, dtype=float), M)


def distribution_interval(
    labels: Sequence[str],
    confusion: Mapping[str, Mapping[str, int]] | None,
    classes: Sequence[str],
    ci: float = 0.95,
    draws: int = DRAWS,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Per class, the percentile interval of the corrected share (raw share when ``confusion`` is ``None``)."""
    n = len(labels)
    if not n:
        return np.full(len(classes), np.nan), np.full(len(classes), np.nan)
    rng = np.random.default_rng(seed)
    counts = np.array([sum(1 for x in labels if x == k) for k in classes], dtype=float)
    q = rng.dirichlet(counts + 0.5, draws)  # the distribution among such offers: Jeffreys (Dirichlet) posterior
    if confusion is None:
        p = q
    else:
        C = _rows(confusion, classes)
        p = np.array([_solve(q[d], np.vstack([rng.dirichlet(row + 0.5) for row in C])) for d in range(draws)])
    lo, hi = np.nanpercentile(p, [100 * (1 - ci) / 2, 100 * (1 + ci) / 2], axis=0)
    point = counts / n if confusion is None else adjusted_distribution(counts / n, confusion, classes)
    return _with_point(lo, hi, point, counts, n)
