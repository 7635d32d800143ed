"""Batch classification of offer files: read, analyse, write, one row per offer, streaming.

This is what ``skillmine classify`` runs; it is usable from Python too::

    summary = classify_files(["offers.jsonl"], "results.csv", mentions="mentions.csv")
"""

from __future__ import annotations

import collections
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from skillmine.constants import STATUSES
from skillmine.io.fields import FieldMap
from skillmine.io.readers import list_inputs, read_files
from skillmine.io.resume import keep_rows, read_done_ids
from skillmine.io.schema import MENTION_COLUMNS, OFFER_COLUMNS, mention_rows, offer_row
from skillmine.io.writers import open_writer, output_format
from skillmine.result import OfferAnalysis

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@dataclass
class Summary:
    """What a run did: offers per status, skipped (resumed) offers, files skipped for their format, speed."""

    statuses: collections.Counter = field(default_factory=collections.Counter)
    resumed: int = 0
    skipped_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def offers(self) -> int:
        return sum(self.statuses.values())

    def __str__(self) -> str:
        rate = self.offers / self.seconds if self.seconds else 0.0
        parts = [f"{self.offers} offers in {self.seconds:.1f} s ({rate:.1f} offers/s)"]
        parts.append(", ".join(f"{s}: {self.statuses[s]}" for s in STATUSES if self.statuses[s]) or "nothing to do")
        if self.resumed:
            parts.append(f"{self.resumed} already in the output (resumed)")
        if self.notes:
            parts.append("; ".join(self.notes))
        if self.skipped_files:
            parts.append(
                f"{len(self.skipped_files)} file(s) of another format skipped: " + ", ".join(self.skipped_files[:5])
            )
        return "; ".join(parts)


def _paired(miner, records: Iterable[dict[str, Any]], **kwargs) -> Iterator[tuple[dict[str, Any], OfferAnalysis]]:
    """``(record, analysis)`` pairs in order; the pending records stay few (the miner streams)."""
    pending: collections.deque = collections.deque()

    def feed():
        for r in records:
            pending.append(r)
            yield r

    for a in miner.analyze_many(feed(), **kwargs):
        yield pending.popleft(), a


def classify_files(
    inputs: Iterable[str | Path],
    out: str | Path,
    mentions: str | Path | None = None,
    miner=None,
    fields: FieldMap = FieldMap(),
    fmt: str | None = None,
    resume: bool = False,
    batch_size: int = 64,
    n_process: int = 1,
    progress: bool | None = None,
    load_kwargs: dict[str, Any] | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Summary:
    """Classify every offer of ``inputs`` into ``out`` (CSV, JSONL or Parquet), one row per offer.

    With ``resume``, offers whose id is already in ``out`` are skipped and new rows are appended.
    """
    t0 = time.perf_counter()
    files, skipped = list_inputs(inputs)
    summary = Summary(skipped_files=[str(s) for s in skipped])
    fmt = output_format(out, fmt)
    done = read_done_ids(out, fmt) if resume else set()
    if miner is None:
        from skillmine.miner.facade import load

        miner = load(**(load_kwargs or {}))

    def todo():
        for rec in read_files(files, fields):
            if rec["id"] in done:
                summary.resumed += 1
                continue
            yield rec

    show = sys.stderr.isatty() if progress is None else progress
    from tqdm.auto import tqdm

    bar = tqdm(unit=" offers", disable=not show, file=sys.stderr, smoothing=0.1)
    if resume and mentions:
        # mentions are written before their offers' rows: those of offers without a row are analysed again
        dropped = keep_rows(mentions, "offer_id", done)
        if dropped:
            summary.notes.append(f"{mentions}: {dropped} mention(s) of offers not in {out} dropped (analysed again)")
    # a Parquet output keeps its rows in complete parts of 16 batches until the run ends; the mentions' part is
    # made just before their offers' one, so that an offer's row always means its mentions are written
    writer = open_writer(out, OFFER_COLUMNS, fmt, append=resume, part_rows=16 * batch_size)
    mwriter = open_writer(mentions, MENTION_COLUMNS, append=resume, part_rows=sys.maxsize) if mentions else None

    def write(rows, mrows):
        if mwriter is not None:
            mwriter.write(mrows)
            if writer.fmt != "parquet" or writer.buffered + len(rows) >= writer.part_rows:
                mwriter.flush()
        writer.write(rows)

    summary.notes += writer.notes + (mwriter.notes if mwriter is not None else [])
    try:
        rows, mrows = [], []
        for rec, a in _paired(miner, todo(), batch_size=batch_size, n_process=n_process, evidence=0):
            rows.append(offer_row(rec, a))
            if mwriter is not None:
                mrows.extend(mention_rows(a))
            summary.statuses[a.status] += 1
            if len(rows) >= batch_size:
                write(rows, mrows)  # mentions first: an offer's row says its mentions are written
                bar.update(len(rows))
                if on_chunk:
                    on_chunk(summary.offers)
                rows, mrows = [], []
        write(rows, mrows)
        bar.update(len(rows))
    finally:
        bar.close()
        if mwriter is not None:
            mwriter.close()
        writer.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def classify_frames(
    inputs: Iterable[str | Path], miner=None, n_process: int = 1, progress: bool | None = None, **kwargs: Any
) -> tuple[pd.DataFrame, pd.DataFrame, Summary]:
    """Classify ``inputs`` as :func:`classify_files` does, into DataFrames (offers, mentions) rather than files."""
    import tempfile

    from skillmine.io.tables import read_table

    with tempfile.TemporaryDirectory() as tmp:
        res, men = Path(tmp) / "results.parquet", Path(tmp) / "mentions.parquet"
        summary = classify_files(
            inputs, res, mentions=men, miner=miner, n_process=n_process, progress=progress, **kwargs
        )
        return read_table(res), read_table(men), summary
