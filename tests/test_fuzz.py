"""A bounded coverage-guided fuzzing run (atheris) of each entry point that reads untrusted
bytes, failing on any exception that is not a pkclean error (see `tests/fuzz_targets.py`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fuzz_seeds import write_seeds

pytest.importorskip("atheris")

TARGETS = ("sniff", "decoding", "html", "warc", "reader")
#: Seconds per target in the test suite; the long runs (10 minutes each) are in the README.
SECONDS = 8
FUZZER = Path(__file__).with_name("fuzz_targets.py")


@pytest.mark.parametrize("target", TARGETS)
def test_fuzzing_finds_no_crash(tmp_path: Path, target: str) -> None:
    corpus = write_seeds(target, tmp_path / "corpus")
    command = [sys.executable, str(FUZZER), target, str(corpus)]
    options = [f"-max_total_time={SECONDS}", "-timeout=20", "-rss_limit_mb=2048", "-seed=1"]
    result = subprocess.run(
        [*command, *options, f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        timeout=SECONDS * 10 + 60,
    )
    report = result.stderr.decode(errors="replace")
    assert result.returncode == 0, report[-3000:]
    assert "Done " in report
