"""Shared fixtures: models load once per session."""

from __future__ import annotations

import pytest

from paths import EXAMPLES, ROOT, SHARED  # noqa: F401


@pytest.fixture(scope="session")
def miner():
    import skillmine

    return skillmine.load()


@pytest.fixture(scope="session")
def fast_miner():
    import skillmine

    return skillmine.load(profile="fast")


@pytest.fixture(scope="session")
def nlp_default():
    from skillmine.nlp import build_nlp

    return build_nlp("default")
