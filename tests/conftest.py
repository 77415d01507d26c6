"""Shared test helpers: paths of the repository, the seeds and the fixtures."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXT_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "text").glob("*.txt"))

# Property tests try the same examples on every run by default, so that a run (CI's too) can
# be repeated; `HYPOTHESIS_PROFILE=explore` tries new ones, as a search for bugs should.
# No per-example deadline: speed is measured in bench/, and an example that first imports a
# lazily loaded library (ftfy) could pass 200 ms on a busy machine and fail the run by chance.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so that paths like `seeds/…` resolve."""
    monkeypatch.chdir(ROOT)
    return ROOT


SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The team's shared folder beside the checkout (real pages, facts, benchmarks); CI has it."""
    assert SHARED.is_dir(), f"{SHARED} is missing: tests read the shared folder beside the checkout"
    return SHARED


@pytest.fixture
def bench_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the scripts in `bench/` importable."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))


@pytest.fixture(autouse=True)
def children_take_ctrl_c() -> Iterator[None]:
    """Child processes take SIGINT as from a terminal, even when pytest runs as a background
    job: such a job ignores SIGINT, and an ignored signal stays ignored across `exec`, so
    the tests that press Ctrl-C on a child would see it do nothing. A handler (unlike an
    ignore) is reset to the default in the child."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
