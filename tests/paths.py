"""Paths the tests share."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
"""Reference data beside the checkout (``../shared``); tests that read it skip when it is absent."""
EXAMPLES = ROOT / "corpora" / "examples"
