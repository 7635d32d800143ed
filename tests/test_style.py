"""The code style CI keeps: ruff's lint (pyflakes, pycodestyle, import order) and its formatter, configured in
pyproject.toml, over the package, the tests, the benchmarks and the scripts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from paths import ROOT

TREES = ["src", "tests", "benchmarks", "scripts"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    if (
        shutil.which("ruff") is None
        and subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True).returncode
    ):
        pytest.skip("ruff is not installed (it comes with the 'test' extra)")
    return subprocess.run([sys.executable, "-m", "ruff", *args, *TREES], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_passes():
    res = _ruff("check", "--no-cache")
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_format_is_applied():
    res = _ruff("format", "--check", "--no-cache")
    assert res.returncode == 0, "run `ruff format src tests benchmarks`:\n" + res.stdout + res.stderr
