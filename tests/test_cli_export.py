"""`pkclean export` as a user runs it: exit codes, the errors report, the summary, workers,
and output safety when a run fails or is killed."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode
from pkclean.formats import exporters
from pkclean.model import Article
from pkclean.run import batch
from pkclean.run.parallel import boot_fork_server, start_context
from pkclean.run.shards import Shard
from pkclean.run.units import Item

from conftest import SEEDS, TEXT_FIXTURES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def _seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


def _corpus(folder: Path, copies: int) -> Path:
    """`copies` files made of the seeds and fixtures, each made unique by a last line."""
    sources = [*SEEDS, *TEXT_FIXTURES]
    for number in range(copies):
        source = sources[number % len(sources)]
        sub = folder / f"{number // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes() + f"\n\nCopy number {number}.\n".encode()
        (sub / f"{number:05d}_{source.name}").write_bytes(data)
    return folder


def _export(*args: str | Path) -> int:
    return main(["export", *map(str, args)])


def test_a_clean_run_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _seeds(tmp_path / "in")
    assert _export(corpus, "-o", tmp_path / "out.jsonl") == ExitCode.OK
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("pkclean: exported 5 articles from 5 files in ")
    assert err[1] == ("pkclean: by publication: socialist_worker 2, cwi 1, workers_world 1, wsws 1")
    assert err[2].startswith("pkclean: warnings: ")
    assert len(err) == 3  # no progress bar: standard error is not a terminal here


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _seeds(tmp_path / "in")
    assert _export(corpus, "-o", tmp_path / "out.jsonl", "--quiet") == ExitCode.OK
    assert capsys.readouterr().err == ""


def test_bad_files_are_reported_and_the_rest_is_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = tmp_path / "clean.jsonl"
    assert _export(_seeds(tmp_path / "clean"), "-o", clean, "-q") == ExitCode.OK
    corpus = _seeds(tmp_path / "in")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "picture.txt").write_bytes(PNG)
    missing = tmp_path / "missing.txt"
    output, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    capsys.readouterr()
    assert _export(corpus, missing, "-o", output, "--errors", errors) == ExitCode.REJECTED
    assert _bodies(output) == _bodies(clean)
    reported = [orjson.loads(line) for line in errors.read_bytes().splitlines()]
    assert [(Path(r["path"]).name, r["code"]) for r in reported] == [
        ("empty.txt", "empty_file"),
        ("picture.txt", "binary_file"),
        ("missing.txt", "unreadable"),
    ]
    assert all(set(r) == {"path", "code", "message"} and r["message"] for r in reported)
    err = capsys.readouterr().err
    rejected = [line for line in err.splitlines() if line.startswith("pkclean: rejected ")]
    assert len(rejected) == 3
    assert f"pkclean: rejected {corpus.as_posix()}/empty.txt: empty_file: " in err
    assert "rejections: 3 (binary_file 1, empty_file 1, unreadable 1), listed in " in err
    assert "Traceback" not in err


def _records(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _bodies(path: Path) -> list[tuple[object, ...]]:
    """Everything of each record except where its file was."""
    return [
        tuple(value for key, value in record.items() if key != "source")
        for record in _records(path)
    ]


def test_an_old_errors_report_is_replaced_by_an_empty_one(tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    errors.write_bytes(b'{"path": "old"}\n')
    corpus = _seeds(tmp_path / "in")
    assert _export(corpus, "-o", tmp_path / "out.jsonl", "--errors", errors, "-q") == ExitCode.OK
    assert errors.read_bytes() == b""


def work_with_a_bug(
    unit: batch.Unit, settings: batch.BatchSettings, shard: Shard | None = None
) -> batch.Piece:
    """`batch.work`, with a bug in cleaning one of the seeds (run in a worker process)."""
    if not (isinstance(unit, Item) and unit.path.endswith(SEEDS[1].name)):
        return batch.work(unit, settings, shard)

    def clean_with_a_bug(src: object, **options: Any) -> Article:
        raise IndexError("tuple index out of range")

    names = vars(batch)  # the pipeline's `clean` and `clean_record` as the batch module sees them
    real = {name: names[name] for name in ("clean", "clean_record")}
    names.update(dict.fromkeys(real, clean_with_a_bug))
    try:
        return batch.work(unit, settings, shard)
    finally:
        names.update(real)


def test_a_bug_in_one_file_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The workers run this module's function: it reaches them by name.
    monkeypatch.setattr(batch, "work", work_with_a_bug)
    output, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    corpus = _seeds(tmp_path / "in")
    assert _export(corpus, "-o", output, "--errors", errors, "--jobs", "1") == ExitCode.REJECTED
    assert len(_records(output)) == 4
    (report,) = _records(errors)
    assert report["code"] == "internal_error"
    assert str(report["message"]).startswith("IndexError: tuple index out of range (at ")
    err = capsys.readouterr().err
    assert "rejections: 1 (internal_error 1)" in err
    assert "1 file hit an internal error: a bug in pkclean" in err


def test_nothing_exported_leaves_an_existing_output_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"last week's corpus\n")
    assert _export(corpus, "-o", output) == ExitCode.REJECTED
    assert output.read_bytes() == b"last week's corpus\n"
    assert "no article was exported: " in capsys.readouterr().err
    output.unlink()
    assert _export(corpus, "-o", output) == ExitCode.REJECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize(
    "extra",
    [
        ["--jobs", "0"],
        ["--jobs", "many"],
        ["-o", "{in}/out.jsonl"],
        ["-o", "{tmp}/out.jsonl", "--errors", "{in}/errors.jsonl"],
        ["-o", "{tmp}/out.jsonl", "--errors", "{tmp}/./out.jsonl"],
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, extra: list[str]) -> None:
    corpus = _seeds(tmp_path / "in")
    args = [arg.format(tmp=tmp_path, **{"in": corpus}) for arg in extra]
    assert _export(corpus, *args) == ExitCode.USAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    assert len(list(corpus.iterdir())) == len(SEEDS)


@pytest.mark.parametrize("option", ["-o", "--errors"])
def test_an_output_that_cannot_be_written_exits_3(
    tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _seeds(tmp_path / "in")
    assert _export(corpus, option, tmp_path / "no-such-folder" / "x.jsonl") == ExitCode.OUTPUT
    assert "does not exist" in capsys.readouterr().err


@pytest.fixture
def fork_server_ready() -> None:
    """Start the workers' fork server first, so that a batch goes to the workers at once."""
    booting = boot_fork_server(start_context())
    if booting is not None:
        booting.join()


@pytest.fixture(scope="module")
def corpus_60(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("corpus"), 60)


@pytest.mark.usefixtures("fork_server_ready")
@pytest.mark.parametrize("name", exporters.names())
def test_every_format_is_byte_identical_for_any_number_of_workers(
    corpus_60: Path, tmp_path: Path, name: str
) -> None:
    outputs = []
    for jobs in (1, 2, 3):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        assert (
            _export(corpus_60, "--format", name, "-o", folder / "out", "-j", str(jobs), "-q") == 0
        )
        outputs.append({path.name: path.read_bytes() for path in folder.iterdir()})
    assert outputs[0]["out"]
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


# A progress bar on a terminal, and interrupting a run: a subprocess over a corpus large enough
# to take a few seconds.

PART = re.compile(r"^\.out\.jsonl\.[0-9a-f]{8}\.part$")


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("big"), 3000)


def _start(corpus: Path, output: Path, jobs: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "pkclean", "export", str(corpus), "-o", str(output)]
    return subprocess.Popen(
        [*command, "--jobs", str(jobs), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_half_written(process: subprocess.Popen[bytes], folder: Path) -> Path:
    """The temporary output, once the run has written some of it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the export ended before it could be interrupted: use a larger corpus")
        parts = [path for path in folder.iterdir() if PART.match(path.name)]
        if parts and parts[0].stat().st_size > 0:
            return parts[0]
        time.sleep(0.01)
    process.kill()
    pytest.fail("the export wrote nothing in two minutes")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_the_old_output_and_no_temporary_file(
    big_corpus: Path, tmp_path: Path, signum: int, jobs: int
) -> None:
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"the old corpus\n")
    process = _start(big_corpus, output, jobs)
    _wait_until_half_written(process, tmp_path)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert b"interrupted; no output was replaced" in err
    assert b"Traceback" not in err
    assert output.read_bytes() == b"the old corpus\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.jsonl"]


def _descendants(pid: int) -> set[int]:
    """The processes below `pid`, where Linux lists them in /proc."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        children = Path(f"/proc/{todo.pop()}/task")
        for task in children.glob("*/children") if children.exists() else []:
            numbers = {int(n) for n in task.read_text().split()}
            todo.extend(numbers - found)
            found |= numbers
    return found


def _assert_all_exit(pids: set[int]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        alive = {pid for pid in pids if Path(f"/proc/{pid}").exists() and not _zombie(pid)}
        if not alive:
            return
        time.sleep(0.05)
    pytest.fail(f"processes {sorted(alive)} outlived the killed export")


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("existing", [b"the old corpus\n", None])
def test_a_killed_run_leaves_the_old_output_or_none(
    big_corpus: Path, tmp_path: Path, existing: bytes | None
) -> None:
    output = tmp_path / "out.jsonl"
    if existing is not None:
        output.write_bytes(existing)
    process = _start(big_corpus, output, 2)
    part = _wait_until_half_written(process, tmp_path)
    helpers = _descendants(process.pid)
    process.kill()
    process.wait(timeout=120)
    _assert_all_exit(helpers)  # the workers (and the fork server) do not outlive the run
    if existing is None:
        assert not output.exists()
    else:
        assert output.read_bytes() == existing
    # SIGKILL gives no chance to clean up: the half-written file stays, hidden and named so.
    leftovers = sorted(path.name for path in tmp_path.iterdir() if path != output)
    assert leftovers == [part.name]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal")
def test_a_terminal_shows_the_rate_and_how_far_along_the_run_is(
    big_corpus: Path, tmp_path: Path
) -> None:
    import fcntl
    import pty
    import struct
    import termios

    terminal, stderr = pty.openpty()
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    command = [sys.executable, "-m", "pkclean", "export", str(big_corpus), "-o", "out.jsonl"]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=stderr, stdout=subprocess.DEVNULL)
    os.close(stderr)
    shown = b""
    with contextlib.suppress(OSError):  # the terminal closes when the run ends
        while chunk := os.read(terminal, 4096):
            shown += chunk
    os.close(terminal)
    assert process.wait(timeout=120) == ExitCode.OK
    assert b"files/s" in shown
    assert b"/3000 [" in shown  # the total is known, so the bar shows how much is left
    assert b"pkclean: exported 3,000 articles from 3,000 files" in shown
