"""The command line: detect, help, exit codes, and byte-identical JSONL exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from pkclean.cli import main, may_use_workers
from pkclean.errors import ExitCode


def test_detect_prints_a_table_of_the_seeds(
    in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detect", "seeds/"]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["FILE", "LAYOUT", "CONFIDENCE"]
    layouts = [line.split()[1] for line in lines[1:]]
    assert layouts == ["socialist_worker", "workers_world", "socialist_worker", "wsws", "cwi"]
    assert "masthead 'Socialist Worker'" in lines[1]


def test_export_to_file_and_to_stdout_are_byte_identical(
    in_root: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["export", "seeds/", "--format", "jsonl", "--output", str(first), "-q"]) == 0
    assert main(["export", "seeds/", "--format", "jsonl", "--output", str(second), "-q"]) == 0
    assert first.read_bytes() == second.read_bytes()
    capsysbinary.readouterr()
    assert main(["export", "seeds/", "--format", "jsonl", "--output", "-", "-q"]) == 0
    assert capsysbinary.readouterr().out == first.read_bytes()
    records = [orjson.loads(line) for line in first.read_bytes().split(b"\n") if line]
    assert [r["source"]["path"] for r in records] == sorted(r["source"]["path"] for r in records)
    assert len(records) == 5


@pytest.mark.parametrize(
    "argv",
    [[], ["nonsense"], ["export"], ["export", "seeds/", "--format", "docx"]],
    ids=["nothing", "unknown-command", "no-path", "unknown-format"],
)
def test_usage_errors_exit_2(
    argv: list[str], in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == ExitCode.USAGE
    assert capsys.readouterr().err.strip()


def test_python_dash_m_and_help(in_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pkclean", "export", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "pkclean export seeds/ --format jsonl" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_package_and_the_command_line_module_load_no_pipeline() -> None:
    """`import pkclean` stays light, so `pkclean export` can start its workers while it loads."""
    code = (
        "import sys, pkclean, pkclean.cli; "
        "print(sorted(m for m in ('pydantic', 'lxml', 'pkclean.clean.pipeline')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_names_load_on_first_use() -> None:
    import pkclean

    assert pkclean.Article.__name__ == "Article"
    assert pkclean.clean_text("Strikers marched through the city on Monday. " * 3).word_count
    assert {"Article", "read", "clean", "clean_text"} <= set(dir(pkclean))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        pkclean.nothing  # noqa: B018


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "seeds/"], True),
        (["export", "seeds/", "--jobs", "2"], True),
        # One job is one worker process: the limits hold in it.
        (["export", "seeds/", "--jobs", "1"], True),
        (["export", "-j1", "seeds/"], True),
        (["export", "--help"], False),
        (["detect", "seeds/"], False),
        ([], False),
    ],
)
def test_workers_are_prestarted_only_for_exports(argv: list[str], expected: bool) -> None:
    assert may_use_workers(argv) is expected
