"""Figures for analysts, pandas in and pandas out: corrected shares with intervals, top skills, co-occurrence,
trends (``stats``), near-duplicates (``dedup``); plots, the HTML report, displaCy views and skill discovery live
in the submodules of the same name."""

from skillmine.analysis.dedup import DUPLICATE_THRESHOLD, dedup, duplicate_clusters, near_duplicates
from skillmine.analysis.stats import (
    ALL,
    SMALL,
    analysed,
    category_share,
    cooccurrence,
    function_level,
    in_scope,
    in_scope_share,
    level_split,
    monthly_trend,
    offers_per_family,
    skill_labels,
    top_skills,
)

__all__ = [
    "ALL",
    "SMALL",
    "DUPLICATE_THRESHOLD",
    "analysed",
    "category_share",
    "cooccurrence",
    "dedup",
    "duplicate_clusters",
    "function_level",
    "in_scope",
    "in_scope_share",
    "level_split",
    "monthly_trend",
    "near_duplicates",
    "offers_per_family",
    "skill_labels",
    "top_skills",
]
