"""Bridges to other libraries (Dask)."""
