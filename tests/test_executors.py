"""`--executor`: the registry, and the usage errors that need no executor installed."""

from __future__ import annotations

import importlib.util
import os
import tempfile
import threading
from pathlib import Path

import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode
from pkclean.run import executors, ray_executor
from pkclean.run.executors import Placement
from pkclean.run.parallel import available_cores
from pkclean.run.prestart import prestart, where
from pkclean.run.ray_executor import temp_folder

from conftest import SEEDS


def export(tmp_path: Path, *options: str) -> int:
    return main(["export", str(SEEDS[0]), "--output", str(tmp_path / "out.jsonl"), *options])


def test_the_executors_are_local_and_ray() -> None:
    assert executors.names() == ("local", "ray")


def test_ray_without_its_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *rest: None if name == "ray" else found(name)
    )
    assert export(tmp_path, "--executor", "ray") == ExitCode.USAGE
    error = capsys.readouterr().err
    assert "--executor ray needs ray" in error
    assert "pip install 'pkclean[ray]'" in error
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--address", "auto"], "--address goes with --executor ray"),
        (["--ray-tmp", "/tmp/r"], "--ray-tmp goes with --executor ray"),
        (
            ["--executor", "ray", "--address", "auto", "--ray-tmp", "/tmp/r"],
            "--ray-tmp is for a Ray instance pkclean starts",
        ),
    ],
)
def test_ray_options_without_ray_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], said: str
) -> None:
    if "--executor" in options and importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed")
    assert export(tmp_path, *options) == ExitCode.USAGE
    assert said in capsys.readouterr().err


def test_an_unknown_executor_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(tmp_path, "--executor", "dask") == ExitCode.USAGE
    assert "invalid choice: 'dask'" in capsys.readouterr().err


def test_ray_files_go_to_the_system_temp_folder_or_the_one_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert temp_folder(Placement()) == str(tmp_path / "ray")
    assert temp_folder(Placement(temp="here")) == os.path.abspath("here")
    assert not temp_folder(Placement()).startswith(os.path.expanduser("~") + os.sep)


_DEFAULT = ("local", Placement(jobs=available_cores()))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["export", "in/", "--executor", "ray", "--jobs", "3", "--ray-tmp", "/tmp/r"],
            ("ray", Placement(jobs=3, temp="/tmp/r")),
        ),
        (
            ["export", "in/", "--executor=ray", "-j1", "--address", "auto"],
            ("ray", Placement(jobs=1, address="auto")),
        ),
        (["export", "in/", "-j", "2"], ("local", Placement(jobs=2))),
        (["export", "in/", "--executor", "ray"], ("ray", Placement(jobs=available_cores()))),
        # What the export parser refuses starts the default, which its error then undoes.
        (["export", "in/", "--executor", "dask", "-j", "2"], ("local", Placement(jobs=2))),
        (["export", "in/", "--executor", "ray", "-j", "two"], _DEFAULT),
        (["export", "in/", "--executor", "ray", "-j", "-1"], _DEFAULT),
        (["export", "in/", "--executor"], _DEFAULT),
    ],
)
def test_the_executor_is_read_before_the_pipeline_loads(
    argv: list[str], expected: tuple[str, Placement]
) -> None:
    assert where(argv) == expected


def test_a_ray_run_starts_ray_early_and_no_fork_server(monkeypatch: pytest.MonkeyPatch) -> None:
    begun: list[object] = []
    monkeypatch.setattr(executors, "prestart_workers", lambda: begun.append("fork server"))
    monkeypatch.setattr(ray_executor, "prestart", begun.append)
    monkeypatch.setattr(ray_executor, "release", lambda: begun.append("released"))
    undo = prestart(["export", "in/", "--executor", "ray", "-j", "2"])
    assert begun == [Placement(jobs=2)]
    undo()
    assert begun == [Placement(jobs=2), "released"]
    prestart(["export", "in/", "-j", "2"])()
    assert begun[2:] == ["fork server"]


class _FakeRay:
    """Stands for the `ray` module: counts shutdowns."""

    def __init__(self) -> None:
        self.shutdowns = 0

    def shutdown(self) -> None:
        self.shutdowns += 1


@pytest.mark.parametrize("stopped_while_loading", [True, False])
def test_a_ray_start_stopped_while_ray_loads_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, stopped_while_loading: bool
) -> None:
    """A usage error is found while `import ray` runs in the background: stopping the start
    then must not start Ray (and wait for it to come up) only to shut it down."""
    fake, begun = _FakeRay(), []
    loaded = threading.Event()
    real_import = importlib.import_module

    def load(name: str) -> object:
        if name != "ray":
            return real_import(name)
        assert loaded.wait(10)
        return fake

    def begin(ray: object, placement: Placement) -> bool:
        begun.append(placement)
        return True

    monkeypatch.setattr(importlib, "import_module", load)
    monkeypatch.setattr(ray_executor, "_begin", begin)
    start = ray_executor.RayStart(Placement(jobs=1))
    if stopped_while_loading:
        stopping = threading.Thread(target=start.stop)
        stopping.start()
        assert start._done.wait(10)
        loaded.set()
        stopping.join(10)
        assert (begun, fake.shutdowns) == ([], 0)
    else:
        loaded.set()
        start.wait()
        start.stop()
        assert (begun, fake.shutdowns) == ([Placement(jobs=1)], 1)
