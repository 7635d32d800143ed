"""Dask: the same rows as the local path, on a LocalCluster of two worker processes."""

from __future__ import annotations

import pandas as pd
import pytest

from paths import EXAMPLES
from skillmine.io import iter_records

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


def test_analyze_dask_matches_the_local_path(fast_miner):
    from skillmine.dask import RESULT_COLUMNS, analyze_dask

    recs = list(iter_records([EXAMPLES]))
    df = pd.DataFrame({"text": [r["text"] for r in recs], "title": [r["title"] for r in recs]},
                      index=[r["id"] for r in recs])
    local = fast_miner.analyze_frame(df).reindex(columns=list(RESULT_COLUMNS)).astype(RESULT_COLUMNS)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ddf = dd.from_pandas(df, npartitions=4)
        out = analyze_dask(ddf, profile="fast")
        assert list(out.columns) == list(RESULT_COLUMNS)
        remote = out.compute()
        # each worker process loaded its miner once and kept it (not shipped with every task)
        loaded = client.run(lambda: len(__import__("skillmine.miner", fromlist=["x"])._CACHED_MINERS))
    assert len(loaded) == 2 and all(n == 1 for n in loaded.values() if n)
    pd.testing.assert_frame_equal(remote.sort_index(), local.sort_index(), check_exact=False, rtol=1e-6,
                                  check_index_type=False)


def test_analyze_dask_checks_the_text_column():
    from skillmine.dask import analyze_dask

    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="'text' not found"):
        analyze_dask(ddf)
