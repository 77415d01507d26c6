"""`--executor ray` on a local Ray instance: the same bytes as `--jobs 1`.

One Ray instance serves the whole module (starting one takes seconds). Skipped only when Ray
is not installed; the `test` extra installs it (`pkclean[ray]`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode
from pkclean.run.batch import BatchSettings
from pkclean.run.executors import Placement
from pkclean.run.ray_executor import TASK_UNITS, connect, ray_map
from test_streamed_archives import many_pages
from test_warc import archive, crawl

from conftest import ROOT

ray: Any = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def home() -> Iterator[Path]:
    """A Ray instance on this machine, two CPUs, no dashboard, started as a run starts it (in
    a thread that lives on: Ray's processes die with the thread that started them); yields
    the home folder it saw."""
    saved = dict(os.environ)
    folder = Path(tempfile.mkdtemp(prefix="pkray"))  # short: Ray's socket paths must be
    (folder / "home").mkdir()
    os.environ["HOME"] = str(folder / "home")
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    handler = signal.getsignal(signal.SIGTERM)
    start = connect(Placement(jobs=2, temp=str(folder / "tmp")))
    try:
        # Started in a thread of its own, Ray leaves the command line's SIGTERM handler alone.
        assert signal.getsignal(signal.SIGTERM) is handler
        yield folder / "home"
    finally:
        start.stop()
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Articles, bad files and two web archives: one read whole, one split by page."""
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "tests" / "fixtures" / "html", folder / "html")
    for name in ("empty.txt", "bad_utf16.txt", "articles.zip", "good_cp1252.txt"):
        shutil.copy(ROOT / "tests" / "bad" / name, folder / name)
    (folder / "small.warc").write_bytes(archive(crawl(), compressed=False))
    (folder / "large.warc.gz").write_bytes(archive(many_pages(30), compressed=True))
    return folder


def export(corpus: Path, out: Path, *options: str) -> tuple[int, bytes, bytes]:
    errors = out.with_name(out.name + ".errors")
    code = main(
        ["export", str(corpus), "-q", "--output", str(out), "--errors", str(errors), *options]
    )
    return code, out.read_bytes(), errors.read_bytes()


@pytest.mark.parametrize("format", ["jsonl", "csv", "tei"])
def test_ray_writes_the_bytes_jobs_1_writes(
    home: Path, corpus: Path, tmp_path: Path, format: str
) -> None:
    one = export(corpus, tmp_path / f"one.{format}", "--format", format, "--jobs", "1")
    by_ray = export(corpus, tmp_path / f"ray.{format}", "--format", format, "--executor", "ray")
    assert by_ray == one
    code, _, errors = one
    assert code == 1
    assert errors.count(b"\n") == 4  # three bad files, and the large archive's failing pages
    assert list(home.iterdir()) == []  # nothing in the home folder


def test_archives_split_by_page_run_on_ray_as_on_the_pool(
    home: Path, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pkclean.commands import settings as command

    whole = export(corpus, tmp_path / "whole.jsonl", "--jobs", "1")
    monkeypatch.setattr(command, "BatchSettings", partial(BatchSettings, split_bytes=0))
    one = export(corpus, tmp_path / "one.jsonl", "--jobs", "1")
    assert export(corpus, tmp_path / "ray.jsonl", "--executor", "ray") == one
    assert export(corpus, tmp_path / "two.jsonl", "--jobs", "2") == one
    assert one == whole


def _kill_on(doomed: int, item: int) -> int:
    if item == doomed:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 2


def _in_main_thread(item: int) -> bool:
    return threading.current_thread() is threading.main_thread()


def _lost(item: int, code: str, message: str) -> int:
    assert code == "worker_lost"
    return -item


def test_results_come_back_in_order_and_a_dead_worker_costs_one_unit(home: Path) -> None:
    items = range(TASK_UNITS * 3 + 5)
    doomed = TASK_UNITS + 7
    placement = Placement(jobs=2)
    results = list(
        ray_map(partial(_kill_on, doomed), items, placement=placement, seconds=0, lost=_lost)
    )
    assert results == [-item if item == doomed else item * 2 for item in items]


def test_units_run_in_the_main_thread_of_a_worker_so_the_time_limit_holds(home: Path) -> None:
    placement = Placement(jobs=2)
    results = ray_map(_in_main_thread, range(4), placement=placement, seconds=0, lost=_lost)
    assert all(results)


def test_ray_takes_shards_and_checkpoints(
    home: Path, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards run on Ray merge into the bytes of `--jobs 1`, and a checkpoint Ray made
    resumes, on Ray or on the local pool, into the same bytes; the large archive is
    streamed by the main process and its pages handed out as Ray tasks."""
    from pkclean.commands import settings as command

    one = export(corpus, tmp_path / "one.jsonl", "--jobs", "1")
    monkeypatch.setattr(command, "BatchSettings", partial(BatchSettings, split_bytes=0))
    parts = []
    for index in (1, 2):
        part = tmp_path / f"part-{index}.jsonl"
        export(corpus, part, "--executor", "ray", "--shard", f"{index}/2")
        parts.append(str(part))
    merged = tmp_path / "merged.jsonl"
    code = main(["merge", *parts, "-q", "-o", str(merged), "--errors", f"{merged}.errors"])
    assert (code, merged.read_bytes(), Path(f"{merged}.errors").read_bytes()) == one
    checkpoint = ["--checkpoint", str(tmp_path / "ck"), "--checkpoint-every", "8"]
    assert export(corpus, tmp_path / "ray.jsonl", "--executor", "ray", *checkpoint) == one
    kept = sorted((tmp_path / "ck").glob("chunk-*.json"))
    assert len(kept) > 4
    for chunk in kept[1::2]:  # as if the run had been killed: some chunks never kept
        chunk.unlink()
    assert export(corpus, tmp_path / "again.jsonl", "--executor", "ray", *checkpoint) == one
    for chunk in kept[::3]:
        chunk.unlink()
    assert export(corpus, tmp_path / "local.jsonl", "--jobs", "1", *checkpoint) == one
    assert list(home.iterdir()) == []


def _running_with(mark: str) -> list[int]:
    """The live processes, this one aside, whose environment holds `mark` (Ray's processes
    inherit it)."""
    needle = mark.encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if needle in environ.read_bytes():
                found.append(int(environ.parent.name))
    return [pid for pid in found if pid != os.getpid()]


def _left_running(mark: str, seconds: float = 15.0) -> list[int]:
    """The processes still running with `mark` once they had `seconds` to end."""
    deadline = time.monotonic() + seconds
    while (found := _running_with(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


#: Runs the command line and, still alive, says what it left: threads, processes, Ray.
_MAIN_THEN_LOOK = """
import json, os, sys, threading
from test_ray import _left_running
from pkclean.cli import main
import ray
code = main(sys.argv[1:])
threads = [thread.name for thread in threading.enumerate()]
left = _left_running(os.environ["PKCLEAN_TEST_RUN"])
print(json.dumps([code, threads, left, ray.is_initialized()]))
"""


def _pkclean(*args: str, home: Path) -> tuple[int, bytes]:
    """`pkclean ARGS` in a process of its own without another Ray run's settings: its exit
    code and what it said; checks that it left nothing of Ray behind."""
    mark = secrets.token_hex(8)
    env = {key: value for key, value in os.environ.items() if not key.startswith("RAY_")}
    env.update(HOME=str(home), PKCLEAN_TEST_RUN=mark, PYTHONPATH=str(ROOT / "tests"))
    command = [sys.executable, "-c", _MAIN_THEN_LOOK, *args]
    done = subprocess.run(command, env=env, capture_output=True, check=False, timeout=600)
    code, threads, left, initialized = json.loads(done.stdout)
    assert "pkclean-ray" not in threads, done.stderr
    assert (left, initialized) == ([], False), done.stderr
    return code, done.stderr


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_the_command_line_starts_ray_early_and_stops_it_whatever_happens(
    corpus: Path, tmp_path: Path
) -> None:
    """Ray started in the background by the command line (before the pipeline loads) runs
    the batch into the bytes of `--jobs 1`, says nothing, and is shut down at the end; a
    usage error found after it began shuts it down too. Nothing is left running."""
    one = export(corpus, tmp_path / "one.jsonl", "--jobs", "1")
    home = tmp_path / "home"
    home.mkdir()
    temp = tempfile.mkdtemp(prefix="pkray")  # short: Ray's socket paths must be
    try:
        out, errors = tmp_path / "ray.jsonl", tmp_path / "ray.errors"
        options = ["--executor", "ray", "--jobs", "2", "--ray-tmp", temp]
        code, said = _pkclean(
            "export", str(corpus), "-q", "--output", str(out), "--errors", str(errors),
            *options, home=home,
        )  # fmt: skip
        assert (code, out.read_bytes(), errors.read_bytes()) == one, said
        assert said == b""
        code, said = _pkclean("export", str(corpus), "--format", "nope", *options, home=home)
        assert code == ExitCode.USAGE
        assert b"invalid choice: 'nope'" in said
        assert list(home.iterdir()) == []
    finally:
        shutil.rmtree(temp, ignore_errors=True)
