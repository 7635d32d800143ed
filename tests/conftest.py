"""Fixtures of the tests (the miners are in the root ``conftest.py``, shared with the doctests)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp_default():
    from skillmine.pipes.nlp import build_nlp

    return build_nlp("default")
