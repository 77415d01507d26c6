"""The command line at its edges (issue 16): interrupts from the first moment, closed streams,
impossible options, a worker killed mid-run, and outputs of several files put in place
together or not at all, with two exports into one folder at once keeping both resources."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode
from test_cli_export import _corpus, _descendants, _seeds

from conftest import SEEDS

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux processes and signals")

COMMAND = [sys.executable, "-m", "pkclean"]


def _run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]


# -- interrupts --------------------------------------------------------------------------------


def _catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for the signal (Linux's SigCgt mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) >> (signum - 1) & 1)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_at_any_moment_of_start_up_exits_130(tmp_path: Path, signum: int) -> None:
    """From the moment pkclean's first module runs (it takes SIGTERM first of all; Python's
    own start-up before it is out of pkclean's reach): a clean exit with 130, never a
    traceback or 143."""
    corpus = _seeds(tmp_path / "in")
    codes = []
    for delay in (0.0, 0.002, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4):
        command = [*COMMAND, "export", str(corpus), "-o", str(tmp_path / "o.jsonl")]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not _catches(process.pid, signal.SIGTERM) and time.monotonic() < deadline:
            time.sleep(0.0005)
        time.sleep(delay)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        assert b"Traceback" not in err, (delay, err)
        codes.append(process.returncode)
    # A run may finish before a late signal: 0 is then right.
    assert set(codes) <= {130, 0}, codes
    assert codes[0] == 130


def test_ctrl_c_stops_a_run_within_a_second_while_a_worker_is_stuck(tmp_path: Path) -> None:
    """The worker holds the CPU in C code and ignores signals; the main process kills it."""
    script = tmp_path / "stuck.py"
    script.write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(Path(__file__).parent)!r}]\n"
        "import pkclean.run.batch, test_workers\n"
        "from pkclean.cli import main\n"
        "def stuck(unit, settings, shard=None):\n"
        f"    open({str(tmp_path / 'started')!r}, 'w').close()\n"
        "    return [test_workers.work(test_workers.STUCK)]\n"
        "if __name__ == '__main__':\n"
        "    pkclean.run.batch.work = stuck\n"
        "    print('go', flush=True)\n"
        f"    sys.exit(main(['export', {str(SEEDS[0])!r}, '-o', {str(tmp_path / 'o.jsonl')!r}]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"go\n"
    deadline = time.monotonic() + 60
    # Signalled once a worker is in the stuck function (not while the run still starts up,
    # which a loaded machine can make long).
    while time.monotonic() < deadline and not (tmp_path / "started").exists():
        time.sleep(0.05)
    assert (tmp_path / "started").exists()
    time.sleep(0.5)  # the worker is in its loop
    helpers = _descendants(process.pid)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    # The interrupt is acted on at once (the stuck worker killed, the run cleaned up); the
    # rest is Python's own exit. Unloaded, the whole takes about half a second.
    assert time.monotonic() - sent < 5
    assert process.returncode == 130
    assert b"interrupted; no output was replaced" in err
    assert not (tmp_path / "o.jsonl").exists()
    time.sleep(0.5)
    assert not [pid for pid in helpers if Path(f"/proc/{pid}").exists() and _running(pid)]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# -- streams and options -----------------------------------------------------------------------


def test_a_closed_standard_output_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    command = " ".join([*COMMAND, "export", str(SEEDS[0]), "-o", "-"])
    result = subprocess.run(f"{command} >&-", shell=True, capture_output=True)
    assert result.returncode == ExitCode.OUTPUT
    assert b"standard output is closed" in result.stderr
    assert b"Traceback" not in result.stderr
    command = " ".join([*COMMAND, "validate", str(SEEDS[0])])
    result = subprocess.run(f"{command} >&- 2>&-", shell=True, capture_output=True)
    assert result.returncode == 1


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    command = " ".join([*COMMAND, "export", str(SEEDS[0].parent), "-o", "-"])
    result = subprocess.run(f"{command} | head -c 10", shell=True, capture_output=True)
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    "extra",
    [
        ["-o", ""],
        ["--errors", ""],
        ["--max-bytes", "-1"],
        ["--max-bytes", "0"],
        ["--jobs", "99999999999999999999"],
        ["--jobs", "-3"],
        ["--time-limit", "0"],
        ["--time-limit", "nan"],
        ["--format", "csv", "-o", "{tmp}/datapackage.json"],
        ["--format", "csv", "-o", "{tmp}/x.csv", "--errors", "{tmp}/datapackage.json"],
        ["-o", "/dev/stdout", "--errors", "/dev/stdout"],
    ],
)
def test_impossible_options_are_usage_errors(tmp_path: Path, extra: list[str]) -> None:
    args = [arg.format(tmp=tmp_path) for arg in extra]
    assert main(["export", str(SEEDS[0]), *args]) == ExitCode.USAGE
    assert list(tmp_path.iterdir()) == []


def test_dev_null_takes_both_outputs() -> None:
    args = ["export", str(SEEDS[0]), "-o", os.devnull, "--errors", os.devnull, "-q"]
    assert main(args) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_descriptor_that_cannot_be_read_is_named_and_nothing_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "corpus.csv").write_bytes(b"old rows\n")
    os.mkfifo(tmp_path / "datapackage.json")
    code = main(["export", str(SEEDS[0]), "--format", "csv", "-o", str(tmp_path / "corpus.csv")])
    assert code == ExitCode.OUTPUT
    err = capsys.readouterr().err
    assert "datapackage.json" in err
    assert "not a regular file" in err
    assert (tmp_path / "corpus.csv").read_bytes() == b"old rows\n"


# -- a worker killed in the middle of a run ----------------------------------------------------


def test_a_worker_killed_mid_run_costs_only_its_file(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 3000)
    output, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    command = [*COMMAND, "export", str(corpus), "-o", str(output), "--errors", str(errors)]
    process = subprocess.Popen([*command, "-j", "2", "-q"], stderr=subprocess.PIPE)
    time.sleep(1.0)  # the pool is running
    killed = False
    deadline = time.monotonic() + 60
    while not killed and time.monotonic() < deadline:
        for pid in _workers(process.pid):
            if _state(pid) == "R":
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    killed = True
                    break
        time.sleep(0.01)
    assert killed, "no busy worker"
    _, err = process.communicate(timeout=300)
    reported = [json.loads(line) for line in errors.read_bytes().splitlines()]
    exported = output.read_bytes().count(b"\n")
    assert exported + len(reported) == 3000
    if process.returncode == ExitCode.REJECTED:  # it held a file: that file, and only it, is lost
        [lost] = reported
        assert lost["code"] == "worker_lost"
        assert lost["path"].startswith(str(corpus))
    else:  # killed between two files: its chunk went to another worker
        assert (process.returncode, reported) == (0, []), err


def _workers(pid: int) -> list[int]:
    """The worker processes of a run: the children of its fork server."""
    servers = [child for child in _descendants(pid) if b"forkserver" in _cmdline(child)]
    return [worker for server in servers for worker in _descendants(server)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "?"


# -- outputs of several files ------------------------------------------------------------------


def _old_csv_folder(folder: Path) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    old = {
        "corpus.csv": b"old rows\n",
        "datapackage.json": json.dumps({"resources": [], "marker": "old"}).encode(),
        "errors.jsonl": b'{"old": true}\n',
    }
    for name, data in old.items():
        (folder / name).write_bytes(data)
    return old


def _state_of(folder: Path, old: dict[str, bytes]) -> str:
    """`old`, `new` or `mixed`: which version each of the three files is."""
    versions = {
        name: "old" if (folder / name).read_bytes() == data else "new" for name, data in old.items()
    }
    kinds = set(versions.values())
    return kinds.pop() if len(kinds) == 1 else f"mixed {versions}"


def test_a_rename_that_fails_leaves_all_three_files_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _old_csv_folder(tmp_path / "out")
    real_replace = os.replace
    calls = []

    def fail_on_the_second(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_the_second)
    folder = tmp_path / "out"
    args = ["--format", "csv", "-o", str(folder / "corpus.csv"), "--errors"]
    code = main(["export", str(SEEDS[0]), *args, str(folder / "errors.jsonl"), "-q"])
    assert code == ExitCode.OUTPUT
    assert _state_of(folder, old) == "old"
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == sorted(old)


def test_interrupted_csv_exports_leave_all_files_old_or_all_new(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 400)
    folder = tmp_path / "out"
    states = []
    rng = random.Random(16)
    for _ in range(6):
        old = _old_csv_folder(folder)
        command = [*COMMAND, "export", str(corpus), "--format", "csv", "-q"]
        command += ["-o", str(folder / "corpus.csv"), "--errors", str(folder / "errors.jsonl")]
        process = subprocess.Popen(command, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 3.0))
        process.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
        process.communicate(timeout=120)
        state = _state_of(folder, old)
        states.append(state)
        assert state in ("old", "new"), state
        # 130, or killed by the signal during Python's own start-up (before pkclean's code
        # runs): nothing new; 0 or 1 (finished, or interrupted while the files were being
        # put in place): all new.
        expected = "new" if process.returncode in (0, 1) else "old"
        assert state == expected, (process.returncode, state)
        leftovers = [
            p.name for p in folder.iterdir() if p.name.startswith(".") and "lock" not in p.name
        ]
        assert leftovers == []


def test_two_csv_exports_into_one_folder_at_once_keep_both_resources(tmp_path: Path) -> None:
    corpus = _seeds(tmp_path / "in")
    folder = tmp_path / "out"
    folder.mkdir()
    for attempt in range(3):
        names = [f"a{attempt}.csv", f"b{attempt}.csv"]
        processes = [
            subprocess.Popen(
                [*COMMAND, "export", str(corpus), "--format", "csv", "-o", str(folder / name), "-q"]
            )
            for name in names
        ]
        assert [process.wait(timeout=120) for process in processes] == [0, 0]
        package = json.loads((folder / "datapackage.json").read_bytes())
        paths = {resource["path"] for resource in package["resources"]}
        assert set(names) <= paths
