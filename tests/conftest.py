"""Shared fixtures: models load once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "corpora" / "examples"


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
