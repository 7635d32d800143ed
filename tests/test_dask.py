"""Dask: the same rows as the local path, on a LocalCluster of two worker processes."""

from __future__ import annotations

import pandas as pd
import pytest

from paths import EXAMPLES
from skillmine.io.readers import iter_records

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


def _cached_miners():
    """In a worker process: the id of each miner it holds."""
    from skillmine.miner.parallel import _CACHED_MINERS

    return [id(m) for m in _CACHED_MINERS.values()]


def test_analyze_dask_matches_the_local_path(fast_miner):
    """The rows of the local path; each worker process loads one miner, on its first partition, and keeps it for
    the next ones (every partition runs first on one worker, then on the other, then on the first again)."""
    from skillmine.integrations.dask import RESULT_COLUMNS, analyze_dask

    recs = list(iter_records([EXAMPLES]))
    df = pd.DataFrame(
        {"text": [r["text"] for r in recs], "title": [r["title"] for r in recs]}, index=[r["id"] for r in recs]
    )
    local = fast_miner.analyze_frame(df).reindex(columns=list(RESULT_COLUMNS)).astype(RESULT_COLUMNS)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        ddf = dd.from_pandas(df, npartitions=4)
        out = analyze_dask(ddf, profile="fast")
        assert list(out.columns) == list(RESULT_COLUMNS)
        a, b = sorted(client.scheduler_info()["workers"])
        assert client.run(_cached_miners) == {a: [], b: []}
        remote = client.compute(out, workers=[a]).result()
        after_a = client.run(_cached_miners)
        remote_b = client.compute(out, workers=[b]).result()
        after_b = client.run(_cached_miners)
        client.compute(out, workers=[a]).result()
        again = client.run(_cached_miners)
    assert len(after_a[a]) == 1 and after_a[b] == []  # four partitions on a: one miner; b did nothing yet
    assert after_b[a] == after_a[a] and len(after_b[b]) == 1
    assert again == after_b  # a ran four more partitions with the miner it had (not loaded again, not shipped)
    for rows in (remote, remote_b):
        pd.testing.assert_frame_equal(
            rows.sort_index(), local.sort_index(), check_exact=False, rtol=1e-6, check_index_type=False
        )


def test_analyze_dask_checks_the_text_column():
    from skillmine.integrations.dask import analyze_dask

    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="'text' not found"):
        analyze_dask(ddf)
