"""Analysis of classified offers: pandas in, pandas out, composable with ``.pipe``.

The input is the table of result rows that ``skillmine classify`` writes or that
:meth:`SkillMiner.analyze_frame <skillmine.SkillMiner.analyze_frame>` returns (columns ``family``, ``in_scope``,
``has_<category>``, ``skills_<category>``, ``status``, and ``date`` where offers carry one)::

    results.pipe(in_scope).pipe(category_share)        # share of offers asking for each category, by family
    results.pipe(in_scope).pipe(top_skills, category="green", n=10)

Category flags count required and nice-to-have mentions only: a skill named in the company blurb is not asked for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillmine.constants import ANALYSED, CATEGORIES, CATEGORY_LABELS, FAMILIES

ALL = "ensemble"
"""Row label of the whole population in the tables below."""


def need_columns(df: pd.DataFrame, *cols: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(
            f"columns {missing} are missing; is this a table of skillmine results? columns: {list(df.columns)}"
        )


def analysed(df: pd.DataFrame) -> pd.DataFrame:
    """Offers that were analysed (status ``ok``, ``truncated`` or ``not_french``); empty and invalid rows out."""
    need_columns(df, "status")
    return df[df["status"].isin(ANALYSED)]


def in_scope(df: pd.DataFrame) -> pd.DataFrame:
    """Analysed offers that are cadre jobs of the production / maintenance function."""
    need_columns(df, "in_scope")
    df = analysed(df)
    return df[df["in_scope"].astype(bool)]


def function_level(df: pd.DataFrame) -> pd.DataFrame:
    """Analysed offers by function (rows) and level (columns), with totals: how many offers are production /
    maintenance jobs, and of those how many are cadre (in scope) or not (``non_cadre``: of interest too).

    >>> rows = pd.DataFrame({"status": ["ok"] * 3, "function": ["production_maintenance", "production_maintenance",
    ...                      "other"], "level": ["cadre", "non_cadre", "cadre"]})
    >>> function_level(rows)  # doctest: +NORMALIZE_WHITESPACE
    niveau                  cadre  non_cadre  total
    fonction
    production_maintenance      1          1      2
    other                       1          0      1
    total                       2          1      3
    """
    need_columns(df, "status", "function", "level")
    df = analysed(df)
    out = pd.crosstab(df["function"], df["level"]).reindex(
        index=["production_maintenance", "other"], columns=["cadre", "non_cadre"], fill_value=0
    )
    out["total"] = out.sum(axis=1)
    out.loc["total"] = out.sum(axis=0)
    out.index.name, out.columns.name = "fonction", "niveau"
    return out


SMALL = 30
"""Under this many offers, a share is too uncertain to publish without its interval (the report says so)."""

_SHARE_COLUMNS = ["share", "low", "high", "raw_share", "n"]


def _counts(adjust: bool, rates, *keys: str) -> list:
    """The error counts of each key (a category, ``in_scope`` or ``family_confusion``), read once; ``None`` each
    when not ``adjust`` (raw shares)."""
    if not adjust:
        return [None] * len(keys)
    from skillmine.analysis.shares import RatesError, load_rates

    found = load_rates(rates)
    missing = [k for k in keys if k not in found]
    if missing:
        raise RatesError(f"the error rates hold no {missing}; pass adjust=False for raw shares")
    return [found[k] for k in keys]


def _share(flags: pd.Series, counts, ci: float | None, seed: int = 0) -> dict:
    from skillmine.analysis.shares import adjusted_share, share_interval

    flags = flags.astype(bool)
    n = len(flags)
    raw = float(flags.mean()) if n else np.nan
    share = raw if counts is None or not n else adjusted_share(raw, counts)
    low, high = share_interval(flags, counts, ci, seed=seed) if ci and n else (np.nan, np.nan)
    return {"share": share, "low": low, "high": high, "raw_share": raw, "n": n}


def offers_per_family(df: pd.DataFrame, adjust: bool = True, ci: float | None = 0.95, rates=None) -> pd.DataFrame:
    """Offers per family (all four, in order, zeros kept): ``offres`` (the count), ``raw_share``, and ``share``
    with its interval ``low``-``high``, corrected for the family errors measured on real offers when ``adjust``
    (see :mod:`skillmine.analysis.shares`; ``rates``: a model folder, its error rates, or ``None`` for the bundled models).

    >>> rows = pd.DataFrame({"family": ["direction_industrielle"] * 3 + ["pilotage_production"]})
    >>> offers_per_family(rows, adjust=False)[["offres", "raw_share", "low", "high"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                              offres  raw_share   low  high
    famille
    direction_industrielle         3       0.75  0.21  0.90
    ingenierie_production          0       0.00  0.00  0.38
    maintenance_industrielle       0       0.00  0.00  0.36
    pilotage_production            1       0.25  0.03  0.63
    """
    from skillmine.analysis.shares import adjusted_distribution, distribution_interval

    need_columns(df, "family")
    [confusion] = _counts(adjust, rates, "family_confusion")
    n = df["family"].value_counts().reindex(list(FAMILIES), fill_value=0)
    raw = n / max(len(df), 1)
    share = (
        raw.to_numpy()
        if confusion is None or not len(df)
        else adjusted_distribution(raw.to_numpy(), confusion, FAMILIES)
    )
    low, high = (
        distribution_interval(list(df["family"]), confusion, FAMILIES, ci)
        if ci and len(df)
        else (np.full(len(FAMILIES), np.nan),) * 2
    )
    out = pd.DataFrame({"offres": n, "raw_share": raw, "share": share, "low": low, "high": high, "n": len(df)})
    out.index.name = "famille"
    return out


def in_scope_share(df: pd.DataFrame, adjust: bool = True, ci: float | None = 0.95, rates=None) -> pd.DataFrame:
    """The share of analysed offers that are in scope (cadre jobs of production / maintenance), corrected for the
    in-scope errors measured on real offers when ``adjust`` (see :func:`category_share`); one row."""
    need_columns(df, "status", "in_scope")
    flags = analysed(df)["in_scope"]
    row = _share(flags, _counts(adjust, rates, "in_scope")[0], ci)
    return pd.DataFrame(
        [{"offres": int(flags.astype(bool).sum()), **row}], index=pd.Index(["in_scope"], name="périmètre")
    )


def category_share(
    df: pd.DataFrame, by: str | None = "family", adjust: bool = True, ci: float | None = 0.95, rates=None
) -> pd.DataFrame:
    """Share of offers asking for each category: ``share`` with its interval ``low``-``high`` (level ``ci``),
    ``raw_share`` (the flags counted as they are) and ``n`` (offers).

    ``by=None`` gives one row per category (index: the category) over all the offers given; ``by="family"`` (or
    any column) one row per group and category, the whole set last as ``ensemble``.

    With ``adjust`` (the default), each share is corrected for the errors of the category's flag measured by
    cross-validation on labelled real offers and stored with the models (``rates``: a model folder, its
    ``error_rates`` mapping, or ``None`` for the bundled models): the adjusted classify-and-count estimator
    ``(raw - fpr) / (tpr - fpr)`` clipped to [0, 1] (Rogan & Gladen 1978; Forman 2008). The interval combines the
    sampling of the offers (a Jeffreys posterior of the counts) and the uncertainty of the error rates (their counts). It assumes the error
    rates on these offers are those measured; a group uses the rates of the whole set. See :mod:`skillmine.analysis.shares`.
    ``adjust=False`` gives raw shares with their sampling interval.
    """
    need_columns(df, *(f"has_{c}" for c in CATEGORIES), *([by] if by else []))
    counts = dict(zip(CATEGORIES, _counts(adjust, rates, *CATEGORIES)))
    groups: list[tuple[str, pd.DataFrame]] = []
    if by is not None:
        keys = list(FAMILIES) if by == "family" else sorted(df[by].dropna().unique(), key=str)
        groups = [(k, df[df[by] == k]) for k in keys]
    groups.append((ALL, df))
    rows = {(g, c): _share(part[f"has_{c}"], counts[c], ci) for g, part in groups for c in CATEGORIES}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=_SHARE_COLUMNS)
    out.index = pd.MultiIndex.from_tuples(
        out.index, names=["famille" if by == "family" else (by or "groupe"), "categorie"]
    )
    return out.loc[ALL] if by is None else out


def skill_labels() -> dict[str, str]:
    """Skill id -> canonical French label, from the bundled lexicon."""
    from skillmine.lexicon.store import Lexicon

    labels = {e.id: e.label for e in Lexicon.bundled()}
    labels.update({f"{c}_autre": f"autre ({CATEGORY_LABELS[c].lower()}, modèle)" for c in CATEGORIES})
    return labels


def top_skills(
    df: pd.DataFrame, category: str | None = None, n: int = 10, by_family: bool = True, include_model: bool = False
) -> pd.DataFrame:
    """The most asked-for skills: one row per (family, category, skill) with the number and share of offers.

    A skill counts once per offer. ``<category>_autre`` (mentions found by the model outside the lexicon) is left
    out unless ``include_model``.
    """
    cats = [category] if category else list(CATEGORIES)
    unknown = set(cats) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown category {unknown}; expected one of {CATEGORIES}")
    need_columns(df, "family", *(f"skills_{c}" for c in cats))
    labels = skill_labels()
    rows = []
    for cat in cats:
        ids = df[f"skills_{cat}"].fillna("").astype(str).str.split("|")
        long = pd.DataFrame(
            {
                "offre": range(len(df)),
                "famille": df["family"].to_numpy() if by_family else ALL,
                "skill_id": ids.to_numpy(),
            }
        ).explode("skill_id")
        long = long[long["skill_id"].astype(bool)]
        if not include_model:
            long = long[~long["skill_id"].str.endswith("_autre")]
        long = long.drop_duplicates(["offre", "skill_id"])  # a skill counts once per offer
        totals = df["family"].value_counts() if by_family else pd.Series({ALL: len(df)})
        counts = long.groupby(["famille", "skill_id"]).size().rename("offres").reset_index()
        counts["categorie"] = cat
        counts["part"] = counts["offres"] / counts["famille"].map(totals).clip(lower=1)
        rows.append(counts)
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if out.empty:
        return pd.DataFrame(columns=["famille", "categorie", "skill_id", "competence", "offres", "part"])
    out["competence"] = out["skill_id"].map(labels).fillna(out["skill_id"])
    out = out.sort_values(["famille", "categorie", "offres", "skill_id"], ascending=[True, True, False, True])
    out = out.groupby(["famille", "categorie"], sort=False).head(n)
    return out[["famille", "categorie", "skill_id", "competence", "offres", "part"]].reset_index(drop=True)


def cooccurrence(df: pd.DataFrame, normalize: bool = False) -> pd.DataFrame:
    """Offers asking for both categories (3 x 3; the diagonal is the category alone); shares with ``normalize``."""
    need_columns(df, *(f"has_{c}" for c in CATEGORIES))
    flags = df[[f"has_{c}" for c in CATEGORIES]].astype(int).to_numpy()
    m = pd.DataFrame(flags.T @ flags, index=list(CATEGORIES), columns=list(CATEGORIES))
    return m / max(len(df), 1) if normalize else m


def level_split(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per category and level (required / nice_to_have / company), from a ``--mentions`` table."""
    need_columns(mentions, "category", "level")
    t = pd.crosstab(mentions["category"], mentions["level"])
    return t.reindex(index=list(CATEGORIES), columns=["required", "nice_to_have", "company"], fill_value=0)


def monthly_trend(df: pd.DataFrame, date_col: str = "date", freq: str = "M") -> pd.DataFrame:
    """Share of offers asking for each category, per month (or ``freq``); rows without a date are left out."""
    need_columns(df, date_col, *(f"has_{c}" for c in CATEGORIES))
    dates = pd.to_datetime(df[date_col], errors="coerce", utc=True, format="mixed")
    ok = dates.notna()
    if not ok.any():
        return pd.DataFrame(columns=[*CATEGORIES, "offres"])
    period = dates[ok].dt.tz_localize(None).dt.to_period(freq)
    flags = df.loc[ok, [f"has_{c}" for c in CATEGORIES]].astype(bool).set_axis(list(CATEGORIES), axis=1)
    out = flags.groupby(period).mean()
    out["offres"] = flags.groupby(period).size()
    out.index.name = "mois"
    return out
