"""Near-duplicate offers (reposts by several agencies, small edits): cosine similarity of word 2-shingles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillmine.analysis.stats import need_columns

# ------------------------------------------------------------------------------------------------- near-duplicates
DUPLICATE_THRESHOLD = 0.7
"""Default cosine similarity above which two offers are reposts of one job.

Similarity is the cosine of word-bigram (2-shingle) count vectors (sublinear tf, no idf, so that it does not
depend on the rest of the batch). Constructed reposts (reordered bullets, another agency blurb, another date)
score 0.83 to 0.93; a different job of the same employer in the same words scores about 0.3; see
``benchmarks/RESULTS.md`` for the distribution over the whole corpus."""


def near_duplicates(
    df: pd.DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    threshold: float = DUPLICATE_THRESHOLD,
    block: int = 2000,
) -> pd.DataFrame:
    """Pairs of offers that are reposts of one job: columns ``id_a, id_b, similarity`` (``id_a`` comes first
    in the input), similarity = cosine of word 2-shingle vectors of the normalised text (see
    :data:`DUPLICATE_THRESHOLD`).

    Memory stays bounded: similarities are computed ``block`` rows at a time on sparse vectors.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from skillmine.text.fold import fold_text
    from skillmine.text.normalize import normalize

    need_columns(df, text_col)
    ids = df[id_col].astype(str).to_numpy() if id_col and id_col in df.columns else df.index.astype(str).to_numpy()
    texts = [fold_text(normalize(t).text) if isinstance(t, str) else "" for t in df[text_col]]
    empty = pd.DataFrame(
        {"id_a": pd.Series(dtype="string"), "id_b": pd.Series(dtype="string"), "similarity": pd.Series(dtype="float64")}
    )
    if sum(bool(t.strip()) for t in texts) < 2:
        return empty
    vec = TfidfVectorizer(
        analyzer="word",
        ngram_range=(2, 2),
        token_pattern=r"(?u)\b\w+\b",
        sublinear_tf=True,
        use_idf=False,
        dtype=np.float32,
    )
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # no text has two words
        return empty
    rows = []
    for s in range(0, X.shape[0], block):
        sims = (X[s : s + block] @ X.T).tocoo()
        keep = (sims.row + s < sims.col) & (sims.data >= threshold)
        for i, j, v in zip(sims.row[keep] + s, sims.col[keep], sims.data[keep]):
            rows.append((ids[i], ids[j], round(float(v), 4)))
    out = pd.DataFrame(rows, columns=["id_a", "id_b", "similarity"]) if rows else empty
    return out.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)


def duplicate_clusters(ids, pairs: pd.DataFrame) -> pd.Series:
    """A cluster id per offer id (connected components of ``pairs``); the smallest id names its cluster."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = pd.Index(pd.Series(ids).astype(str))
    pos = pd.Series(np.arange(len(ids)), index=ids)
    a, b = pos.reindex(pairs["id_a"]).to_numpy(), pos.reindex(pairs["id_b"]).to_numpy()
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    first = pd.Series(ids, index=ids).groupby(labels).transform("min")
    return pd.Series(first.to_numpy(), index=ids, name="cluster")


def dedup(
    df: pd.DataFrame, text_col: str = "text", id_col: str = "id", threshold: float = DUPLICATE_THRESHOLD
) -> pd.DataFrame:
    """``df`` with one offer per cluster of reposts kept (the first one of each cluster)."""
    pairs = near_duplicates(df, text_col=text_col, id_col=id_col, threshold=threshold)
    clusters = duplicate_clusters(df[id_col], pairs)
    return df[~clusters.duplicated().to_numpy()]


def one_per_cluster(
    results: pd.DataFrame, texts: pd.DataFrame, threshold: float = DUPLICATE_THRESHOLD
) -> tuple[pd.DataFrame, int]:
    """``results`` keeping one offer per cluster of reposts among ``texts`` (``id``, ``text``: the offers'
    texts), and how many results were dropped."""
    keep = set(dedup(texts, threshold=threshold)["id"].astype(str))
    mask = results["id"].astype(str).isin(keep)
    return results[mask], int((~mask).sum())
