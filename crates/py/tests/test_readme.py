"""The README's Python notebook runs as printed, on the DEV corpus store, and draws its figure."""

from __future__ import annotations

import os
import re

import pytest

from conftest import CORPUS, REPO


def readme_example() -> str:
    text = (REPO / "README.md").read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the Python section has one notebook"
    return blocks[0]


def test_the_readme_notebook_runs(corpus, tmp_path, monkeypatch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    code = readme_example()
    assert '"/tmp/corresp.db"' in code and '"../shared/corpus/lehigh"' in code
    code = code.replace('"/tmp/corresp.db"', repr(corpus.db)).replace(
        '"../shared/corpus/lehigh"', repr(os.fspath(CORPUS))
    )
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 (the README's own code)
    assert (tmp_path / "corresp.png").stat().st_size > 10_000
    # What the README's figures are drawn from (the figures themselves are dated in the README).
    days, first = scope["days"], scope["first"]
    assert "10-K" in days.index and days.loc["10-K", "count"] > 100
    assert {"declined", "will_revise", "provided_info"} <= set(first.index)
    assert first["mean"].between(0, 1).all()
    assert len(scope["by_topic"].columns) == 5
