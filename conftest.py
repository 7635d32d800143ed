"""Fixtures shared by the tests and the doctests: the models load once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def miner():
    import skillmine

    return skillmine.load()


@pytest.fixture(scope="session")
def fast_miner():
    import skillmine

    return skillmine.load(profile="fast")


@pytest.fixture(autouse=True)
def _doctest_miner(request, doctest_namespace):
    """Docstring examples may use ``miner`` (loaded only when a doctest runs)."""
    from _pytest.doctest import DoctestItem

    item = request.node
    if isinstance(item, DoctestItem) and any("miner" in ex.source for ex in item.dtest.examples):
        doctest_namespace["miner"] = request.getfixturevalue("miner")
