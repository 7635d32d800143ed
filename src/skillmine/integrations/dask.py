"""Dask: the same analysis over the partitions of a Dask DataFrame, one miner per worker process.

>>> import dask.dataframe as dd                                              # doctest: +SKIP
>>> ddf = dd.read_parquet("s3://bucket/offers/")                             # doctest: +SKIP
>>> out = analyze_dask(ddf, text_col="description", title_col="intitule")    # doctest: +SKIP
>>> out.to_parquet("s3://bucket/results/")                                   # doctest: +SKIP

Each worker process loads its :class:`~skillmine.SkillMiner` once, on its first partition, and keeps it: the
miner is never pickled with the tasks (only the ``load()`` keywords travel). Needs the ``dask`` extra.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from skillmine.io.schema import OFFER_COLUMNS
from skillmine.miner.parallel import cached_miner

RESULT_COLUMNS: dict[str, str] = {
    k: v for k, v in OFFER_COLUMNS.items() if k not in ("source", "rome_code", "rome_family", "date")
}
"""Columns (and dtypes) of the frames returned by :func:`analyze_partition` and :func:`analyze_dask`."""


def analyze_partition(
    df: pd.DataFrame,
    text_col: str = "text",
    title_col: str | None = "title",
    id_col: str | None = None,
    batch_size: int = 64,
    **load_kwargs: Any,
) -> pd.DataFrame:
    """Analyse one pandas partition with this process's cached miner; same index, :data:`RESULT_COLUMNS`."""
    miner = cached_miner(**load_kwargs)
    out = miner.analyze_frame(df, text_col=text_col, title_col=title_col, id_col=id_col, batch_size=batch_size)
    return out.reindex(columns=list(RESULT_COLUMNS)).astype(RESULT_COLUMNS)


def analyze_dask(
    ddf,
    text_col: str = "text",
    title_col: str | None = "title",
    id_col: str | None = None,
    batch_size: int = 64,
    **load_kwargs: Any,
):
    """Analyse a Dask DataFrame of offers; returns a lazy Dask DataFrame, one row per offer, same index.

    ``load_kwargs`` (``profile``, ``model_dir``, ``extra_lexicon``, ``max_chars``) go to :func:`skillmine.load`
    in each worker process. Paths must be readable from the workers.
    """
    if text_col not in ddf.columns:
        raise KeyError(f"column {text_col!r} not found; columns are {list(ddf.columns)}")
    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in RESULT_COLUMNS.items()})
    meta.index = ddf._meta.index
    return ddf.map_partitions(
        analyze_partition,
        text_col=text_col,
        title_col=title_col,
        id_col=id_col,
        batch_size=batch_size,
        meta=meta,
        **load_kwargs,
    )
