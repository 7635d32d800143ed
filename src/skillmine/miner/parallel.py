"""Batches of records and worker processes, each loading its miner once."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from skillmine.result import OfferAnalysis

if TYPE_CHECKING:  # pragma: no cover
    from skillmine.miner.facade import SkillMiner


def batches(records: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


_CACHED_MINERS: dict[str, SkillMiner] = {}


def cached_miner(**load_kwargs: Any) -> SkillMiner:
    """The miner of this process for these :func:`load` keywords, loaded on first use and kept (worker processes)."""
    key = repr(sorted((k, str(v)) for k, v in load_kwargs.items()))
    miner = _CACHED_MINERS.get(key)
    if miner is None:
        from skillmine.miner.facade import load

        miner = _CACHED_MINERS[key] = load(**load_kwargs)
    return miner


def worker_batch(load_kwargs: Mapping[str, Any], chunk: list[Any], evidence: int) -> list[OfferAnalysis]:
    """Run in a worker process: one miner per process, loaded on first use."""
    return cached_miner(**load_kwargs).analyze_batch(chunk, evidence)
