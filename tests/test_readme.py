"""The README's Python examples run as written, and its quick start names the commands CI runs."""

from __future__ import annotations

import re

import pytest

from paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
SKIP = ("Client(", "s3://")  # the Dask block needs a real cluster; tests/test_dask.py runs the same call locally


@pytest.mark.parametrize("code", [b for b in BLOCKS if not any(s in b for s in SKIP)])
def test_python_examples_run(code, tmp_path, monkeypatch):
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})


def test_quick_start_is_two_commands():
    blocks = re.findall(r"```bash\n(.*?)```", README.split("## In Python")[0], flags=re.S)
    assert [b.strip() for b in blocks] == [
        "pip install . && skillmine classify corpora/examples -o results.csv",
        'pip install ".[test]" && pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && python -m pytest' in ci
