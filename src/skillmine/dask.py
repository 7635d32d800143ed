"""``skillmine.dask``: the name the API contract gives the Dask helpers; they live in
:mod:`skillmine.integrations.dask`."""

from skillmine.integrations.dask import RESULT_COLUMNS, analyze_dask, analyze_partition

__all__ = ["RESULT_COLUMNS", "analyze_dask", "analyze_partition"]
