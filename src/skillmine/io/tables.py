"""Result tables written by ``classify`` read back as DataFrames, and the texts of offer files as a DataFrame (for
the report, near-duplicates and discovery)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from skillmine.io.encoding import open_bytes, text_stream
from skillmine.io.fields import FieldMap
from skillmine.io.formats import OUTPUT_FORMATS, output_format, suffixes
from skillmine.io.readers import iter_records

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

RESULT_MARKERS = {"family", "in_scope", "has_digital"}
"""Columns that tell a results table from a table of offers."""


def read_table(path: str | Path) -> pd.DataFrame:
    """A results or mentions table written by ``classify`` (CSV, JSONL or Parquet, optionally gzipped)."""
    import pandas as pd

    fmt = output_format(path)
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_csv(path, dtype={"id": str, "offer_id": str}, keep_default_na=False, na_values=[""])


def is_results_table(path: str | Path) -> bool:
    """Whether ``path`` is a results table written by ``classify`` (rather than offers to classify)."""
    path = Path(path)
    suffix, gz = suffixes(path)
    fmt = OUTPUT_FORMATS.get(suffix)
    if not path.is_file() or fmt is None or (gz and fmt == "parquet"):
        return False
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            cols = pq.read_schema(path).names
        elif fmt == "jsonl":
            with text_stream(open_bytes(path)) as fh:
                cols = list(json.loads(fh.readline() or "{}"))
        else:
            import pandas as pd

            cols = list(pd.read_csv(path, nrows=0).columns)
    except Exception:  # not a table: treat it as offers
        return False
    return RESULT_MARKERS <= set(cols)


def offer_texts(inputs: Iterable[str | Path], fields: FieldMap = FieldMap()) -> pd.DataFrame:
    """``id`` and ``text`` of every offer of the input files (an unreadable record gets an empty text)."""
    import pandas as pd

    rows = [
        {"id": r["id"], "text": r.get("text") if isinstance(r.get("text"), str) else ""}
        for r in iter_records(inputs, fields)
    ]
    return pd.DataFrame(rows, columns=["id", "text"])
