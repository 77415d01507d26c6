"""Disposable workers: one that overruns the time limit is killed, one that dies is replaced,
and the item each held is decided in the main process; none outlives the main process, and
Ctrl-C stops a run at once whatever a worker is doing.

The stuck workers here hold the CPU in C code that keeps the GIL and ignores signals (a
catastrophically backtracking regular expression, with SIGALRM blocked), as a page that
defeats lxml would: only the main process can stop them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pkclean.errors import WORKER_LOST, WorkerCrashed
from pkclean.run.parallel import TIMEOUT, ordered_map

from conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux processes")

STUCK = -1  # the item that gets stuck
DIES = -2  # the item whose worker dies


def work(item: int) -> int:
    """Square an item; get stuck in C code, or die, on the marked ones (in a worker only)."""
    if multiprocessing.parent_process() is not None:
        if item == STUCK:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM})
            re.fullmatch(r"(a|aa)+b", "a" * 100)  # hours of backtracking, holding the GIL
        if item == DIES:
            os.kill(os.getpid(), signal.SIGKILL)
    return item * item


def lost(item: int, code: str, message: str) -> int:
    return {TIMEOUT: 1000, WORKER_LOST: 2000}[code] + abs(item)


def _items(special: int) -> list[int]:
    return [*range(40), special, *range(40, 80)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stuck_worker_is_killed_and_replaced_and_its_item_timed_out(jobs: int) -> None:
    started = time.monotonic()
    results = list(
        ordered_map(
            work, _items(STUCK), jobs=jobs, chunk_size=8, isolated=True,
            seconds=0.5, grace=0.2, lost=lost,
        )
    )  # fmt: skip
    expected = [n * n for n in range(40)] + [1001] + [n * n for n in range(40, 80)]
    assert results == expected
    assert time.monotonic() - started < 30  # not the hours the item would take


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_is_replaced_and_its_item_lost(jobs: int) -> None:
    results = list(
        ordered_map(work, _items(DIES), jobs=jobs, chunk_size=8, isolated=True, lost=lost)
    )
    assert results == [n * n for n in range(40)] + [2002] + [n * n for n in range(40, 80)]


def test_without_a_lost_result_a_dead_worker_is_an_error() -> None:
    with pytest.raises(WorkerCrashed, match="died"):
        list(ordered_map(work, _items(DIES), jobs=2, chunk_size=8, isolated=True))


def test_several_workers_dying_one_after_another_lose_only_their_items() -> None:
    items = [DIES if n % 10 == 3 else n for n in range(60)]
    results = list(ordered_map(work, items, jobs=2, chunk_size=4, isolated=True, lost=lost))
    assert results == [2002 if n % 10 == 3 else n * n for n in range(60)]


def test_isolated_maps_even_one_item_in_a_worker() -> None:
    assert list(ordered_map(_where, [1], jobs=1, isolated=True)) == [True]


def _where(item: int) -> bool:
    return multiprocessing.parent_process() is not None


# -- the main process dies or is interrupted: no worker is left -----------------------------------

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [{tests!r}]
    from pkclean.run.parallel import ordered_map
    import test_workers
    if __name__ == "__main__":
        print("started", flush=True)
        for result in ordered_map(
            test_workers.work, [test_workers.STUCK] * 4, jobs=2, chunk_size=1, isolated=True
        ):
            print(result, flush=True)
    """
)


def _start_stuck_pool(tmp_path: Path) -> subprocess.Popen[bytes]:
    script = tmp_path / "stuck.py"
    script.write_text(SCRIPT.format(tests=str(ROOT / "tests")))
    process = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"started\n"
    _wait_for_busy_workers(process.pid)
    return process


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                numbers = {int(n) for n in task.read_text().split()}
                todo.extend(numbers - found)
                found |= numbers
    return found


def _busy(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] == "R"


def _wait_for_busy_workers(pid: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if sum(_busy(child) for child in _descendants(pid)) >= 1:
            return
        time.sleep(0.05)
    pytest.fail("no worker got busy")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_busy_in_c_code_die_with_a_killed_main_process(tmp_path: Path) -> None:
    process = _start_stuck_pool(tmp_path)
    helpers = _descendants(process.pid)
    assert helpers
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
        time.sleep(0.05)
    left = sorted(pid for pid in helpers if _alive(pid))
    for pid in left:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes outlived the main process"


def test_ctrl_c_stops_the_pool_at_once_while_workers_are_stuck(tmp_path: Path) -> None:
    process = _start_stuck_pool(tmp_path)
    helpers = _descendants(process.pid)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    assert time.monotonic() - sent < 2
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
        time.sleep(0.05)
    assert not [pid for pid in helpers if _alive(pid)]
