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
from typing import Any, Callable, Iterable, Iterator

from .constants import CATEGORIES, FAMILIES, STATUSES
from .io import FieldMap, iter_records, keep_rows, open_writer, output_format, read_done_ids
from .result import OfferAnalysis
from .rome import rome_family

__all__ = ["OFFER_COLUMNS", "MENTION_COLUMNS", "offer_row", "mention_rows", "classify_files", "Summary"]

OFFER_COLUMNS: dict[str, str] = {
    "id": "string", "source": "string", "title": "string", "status": "string", "error": "string",
    "family": "string", "in_scope": "bool", "in_scope_score": "float64",
    "function": "string", "function_score": "float64", "level": "string", "level_score": "float64",
    **{f"score_{f}": "float64" for f in FAMILIES},
    **{f"has_{c}": "bool" for c in CATEGORIES},
    **{f"n_{c}": "int64" for c in CATEGORIES},
    **{f"skills_{c}": "string" for c in CATEGORIES},
    "rome_code": "string", "rome_family": "string", "date": "string",
}
MENTION_COLUMNS: dict[str, str] = {
    "offer_id": "string", "start": "int64", "end": "int64", "input_start": "int64", "input_end": "int64",
    "text": "string", "category": "string",
    "skill_id": "string", "label": "string", "level": "string", "section": "string", "source": "string",
    "score": "float64",
}


def offer_row(record: dict[str, Any], a: OfferAnalysis) -> dict[str, Any]:
    """The output row of one offer: the analysis, plus what the input carried (source, ROME code, date)."""
    row = a.to_row()
    row["source"] = record.get("source")
    code = record.get("rome_code")
    row["rome_code"] = code
    row["rome_family"] = rome_family(code)
    row["date"] = record.get("date")
    return row


def mention_rows(a: OfferAnalysis) -> list[dict[str, Any]]:
    """The mentions of one offer; ``start``/``end`` index the normalised text, ``input_start``/``input_end`` the
    text as it was given (HTML included): ``raw[input_start:input_end]`` holds the mention's words."""
    rows = []
    for m in a.skills:
        s, e = a.input_span(m)
        rows.append({"offer_id": a.id, **m.to_dict(), "input_start": s, "input_end": e})
    return rows


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
            parts.append(f"{len(self.skipped_files)} file(s) of another format skipped: " + ", ".join(self.skipped_files[:5]))
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


def classify_files(inputs: Iterable[str | Path], out: str | Path, mentions: str | Path | None = None,
                   miner=None, fields: FieldMap = FieldMap(), fmt: str | None = None, resume: bool = False,
                   batch_size: int = 64, n_process: int = 1, progress: bool | None = None,
                   load_kwargs: dict[str, Any] | None = None, on_chunk: Callable[[int], None] | None = None) -> Summary:
    """Classify every offer of ``inputs`` into ``out`` (CSV, JSONL or Parquet), one row per offer.

    With ``resume``, offers whose id is already in ``out`` are skipped and new rows are appended.
    """
    from .io import list_inputs

    t0 = time.perf_counter()
    files, skipped = list_inputs(inputs)
    summary = Summary(skipped_files=[str(s) for s in skipped])
    fmt = output_format(out, fmt)
    done = read_done_ids(out, fmt) if resume else set()
    if miner is None:
        from .miner import load

        miner = load(**(load_kwargs or {}))

    def todo():
        for rec in iter_records(files, fields):
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
