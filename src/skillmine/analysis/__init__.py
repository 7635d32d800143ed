"""Figures for analysts, pandas in and pandas out: corrected shares with intervals, top skills, co-occurrence,
trends (``stats``), near-duplicates (``duplicates``); plots, the HTML report, displaCy views and skill discovery live
in the submodules of the same name."""

from importlib import import_module
from typing import Any

_STATS = (
    "ALL",
    "SMALL",
    "analysed",
    "category_share",
    "cooccurrence",
    "function_level",
    "in_scope",
    "in_scope_share",
    "level_split",
    "monthly_trend",
    "offers_per_family",
    "skill_labels",
    "top_skills",
)
_DUPLICATES = ("DUPLICATE_THRESHOLD", "dedup", "duplicate_clusters", "near_duplicates", "one_per_cluster")
_HOME = {**{n: "stats" for n in _STATS}, **{n: "duplicates" for n in _DUPLICATES}}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    """The table functions, imported on first use: the submodules that do not need pandas (``display``, the
    displaCy colours that spaCy loads through an entry point) stay light."""
    if name in _HOME:
        value = getattr(import_module(f"skillmine.analysis.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skillmine.analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
