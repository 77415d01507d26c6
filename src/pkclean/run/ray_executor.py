"""The Ray executor (`--executor ray`, with the `pkclean[ray]` extra).

Units go to Ray tasks in chunks of a few hundred (`TASK_UNITS`); each task runs the same pure
per-unit function as the local pool, and the results are taken back in the order the tasks
were submitted, so the output is the bytes `--jobs 1` writes. A few tasks per CPU of the
cluster are in flight at a time, so memory stays flat however many units there are.

Without `--address`, a Ray instance is started on this machine for the run, with `--jobs`
CPUs, no dashboard, and its files in `--ray-tmp` or the system's temp folder (never the home
folder), and stopped at the end. Starting it takes seconds, mostly spent waiting for Ray's
own processes: it is started in the background (`prestart`), by the command line before it
loads the pipeline, else while the first units are found. With `--address` the run is a
client of that cluster, on which pkclean must be installed. A task whose worker dies (the
out-of-memory killer, a crash in a C library) is run again one unit at a time, and a unit
that kills its worker alone is rejected as `worker_lost`. Each document's time limit is the
worker's own timer (`pkclean.ingest.timer`); unlike the local pool, Ray does not kill a task
stuck in C code.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import secrets
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, TypeVar

from ..errors import WORKER_LOST
from .placement import Placement

T = TypeVar("T")
R = TypeVar("R")

#: Units per task: enough that Ray's cost per task (a few milliseconds) is small.
TASK_UNITS = 256
#: Tasks in flight per CPU of the cluster: enough to keep every CPU busy.
TASKS_PER_CPU = 2
#: Ray's settings for an instance started here (and for the client of a cluster).
_QUIET = {"logging_level": logging.WARNING, "log_to_driver": False}
#: Environment variables by which a user sets up Ray's authentication themselves.
_AUTH_SETTINGS = ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")
#: Names of Ray's exceptions for a task whose worker or node died.
_DEATHS = ("WorkerCrashedError", "NodeDiedError", "OutOfMemoryError", "ObjectLostError")
_LOST_MESSAGE = (
    "the Ray worker reading it died (killed by the system, perhaps for want of memory, or a "
    "crash in a C library)"
)


def ray_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    placement: Placement,
    seconds: float,
    lost: Callable[[T, str, str], R],
) -> Iterator[R]:
    """`map(func, items)` computed by Ray tasks, results in input order (see the module)."""
    prestart(placement)
    chunks = _chunked(items, TASK_UNITS)
    try:
        first = list(islice(chunks, 1))  # found while Ray starts
    except BaseException:
        release()
        raise
    start = connect(placement)
    ray: Any = importlib.import_module("ray")
    pending: deque[tuple[list[T], Any]] = deque()
    try:
        task = ray.remote(max_retries=0)(_run)
        shared = ray.put(func)
        chunks = chain(first, chunks)
        width = _cpus(ray, placement) * TASKS_PER_CPU
        for chunk in islice(chunks, width):
            pending.append((chunk, task.remote(shared, chunk)))
        while pending:
            chunk, ref = pending.popleft()
            for following in islice(chunks, 1):
                pending.append((following, task.remote(shared, following)))
            yield from _results(ray, task, shared, chunk, ref, lost)
    finally:
        for _, ref in pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        start.stop()


def _run(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    """A Ray task: the function over a chunk of units."""
    return [func(item) for item in chunk]


def _results(
    ray: Any,
    task: Any,
    shared: Any,
    chunk: list[T],
    ref: Any,
    lost: Callable[[T, str, str], R],
) -> list[R]:
    """A task's results; if its worker died, each unit's again, run alone."""
    deaths = _deaths(ray)
    try:
        return _get(ray, ref)
    except deaths:
        pass
    results = []
    for item in chunk:
        try:
            [result] = _get(ray, task.remote(shared, [item]))
        except deaths:
            result = lost(item, WORKER_LOST, _LOST_MESSAGE)
        results.append(result)
    return results


def _get(ray: Any, ref: Any) -> list[Any]:
    """A task's value; an exception raised in the task (a bug in pkclean) is raised here."""
    try:
        return list(ray.get(ref))
    except ray.exceptions.RayTaskError as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, Exception):
            raise cause from exc
        raise


def _deaths(ray: Any) -> tuple[type[BaseException], ...]:
    found = (getattr(ray.exceptions, name, None) for name in _DEATHS)
    return tuple(kind for kind in found if isinstance(kind, type))


class RayStart:
    """Ray started (or joined) for `placement` in a thread of its own, which also shuts
    it down (see `prestart`).

    Ray's processes die with the thread that started them (Linux's parent-death signal), so
    the thread lives until `stop`. Out of the main thread, Ray also leaves the command line's
    own SIGTERM handler alone.
    """

    def __init__(self, placement: Placement) -> None:
        self.placement = placement
        self._started = False
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pkclean-ray", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        logging.getLogger("ray._private.worker").addFilter(_not_about_sigterm)
        ray: Any = None
        try:
            ray = importlib.import_module("ray")
            if not self._done.is_set():  # else stopped while Ray loaded: nothing to start
                self._started = _begin(ray, self.placement)
        except BaseException as exc:  # raised again in the thread that waits
            self._error = exc
        finally:
            self._ready.set()
        if self._started:
            self._done.wait()
            ray.shutdown()

    def wait(self) -> None:
        """Wait until Ray is ready; an error in starting it is raised here."""
        self._ready.wait()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """Shut Ray down if this start began (or joined) it, and wait until it is; stopped
        while `import ray` runs (a usage error found meanwhile), it starts nothing."""
        self._done.set()
        self._thread.join()


def _not_about_sigterm(record: logging.LogRecord) -> bool:
    """Leaves out Ray's notice that it did not set a SIGTERM handler: pkclean has its own."""
    return not record.getMessage().startswith("SIGTERM handler is not set")


#: The start `prestart` began, until a run takes it up (at most one).
_EARLY: list[RayStart] = []


def prestart(placement: Placement) -> None:
    """Begin starting (or joining) Ray for `placement` in the background, unless begun.

    `ray_map` takes the start up; `release` undoes one that no run took up.
    """
    if not _EARLY and importlib.util.find_spec("ray") is not None:
        _EARLY.append(RayStart(placement))


def release() -> None:
    """Shut down Ray if `prestart` began it and no run took it up."""
    if _EARLY:
        _EARLY.pop().stop()


def connect(placement: Placement) -> RayStart:
    """Ray joined for `placement`, ready: the background start if it is for `placement` (one
    for another is undone), else a new one. `stop()` it when done."""
    start = _EARLY.pop() if _EARLY else None
    if start is None or start.placement != placement:
        if start is not None:
            start.stop()
        start = RayStart(placement)
    try:
        start.wait()
    except BaseException:
        start.stop()
        raise
    return start


def _begin(ray: Any, placement: Placement) -> bool:
    """Join Ray: the instance this process already runs, a cluster, or a new local one.

    True when this run started (or joined) it and so must shut it down.
    """
    if ray.is_initialized():
        return False
    if placement.address is not None:
        _quiet_environment()
        ray.init(address=placement.address, **_QUIET)
    else:
        start_local(ray, placement)
    return True


def start_local(ray: Any, placement: Placement) -> None:
    """Start a Ray instance on this machine with `placement.jobs` CPUs, its files in
    `temp_folder(placement)`.

    Ray guards even a local instance with a token, which it would save in the home folder
    (`~/.ray/auth_token`): unless the user has set up Ray's authentication, the token is
    made here and given to Ray (and its processes) in the environment instead.
    """
    _quiet_environment()
    if not any(name in os.environ for name in _AUTH_SETTINGS):
        os.environ["RAY_AUTH_MODE"] = "token"
        os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
        # Ray reads its settings when imported: have it read them again.
        with contextlib.suppress(Exception):
            ray._raylet.Config.initialize("")
    ray.init(
        num_cpus=placement.jobs,
        include_dashboard=False,
        _temp_dir=temp_folder(placement),
        **_QUIET,
    )


def _quiet_environment() -> None:
    # No usage report: pkclean runs on machines that must not call out.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def temp_folder(placement: Placement) -> str:
    """Where a Ray instance started here keeps its files: `--ray-tmp`, else `ray` in the
    system's temp folder (`TMPDIR`), as an absolute path."""
    return os.path.abspath(placement.temp or os.path.join(tempfile.gettempdir(), "ray"))


def _cpus(ray: Any, placement: Placement) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", placement.jobs)))


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
