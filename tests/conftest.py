"""Shared test helpers: paths of the repository, the seeds and the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXT_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "text").glob("*.txt"))


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so that paths like `seeds/…` resolve."""
    monkeypatch.chdir(ROOT)
    return ROOT
