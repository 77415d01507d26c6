"""The code itself: `ruff check`, `ruff format --check` and `mypy` (strict) over src, tests and
bench, so that the README's test command (which CI runs verbatim) checks what tox checks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

#: Each check as tox runs it (mypy reads its files and settings from pyproject.toml).
CHECKS = {
    "ruff check": ["ruff", "check", "src", "tests", "bench"],
    "ruff format": ["ruff", "format", "--check", "src", "tests", "bench"],
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_code_passes(name: str) -> None:
    module, *args = CHECKS[name]
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"{name}:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
