"""An ordered, bounded, chunked map over worker processes (the local executor of a batch).

Items are sent to the workers in chunks, at most a few chunks per worker at a time, so memory
stays flat however many items there are; results come back in input order, so the output does
not depend on the number of workers. Each worker has its own pipe and takes its turn, which
costs the main process one send and one receive per chunk.

Workers are started with the `forkserver` method where the platform has it (else `spawn`):
a clean process forked from a server that has imported pkclean once, so a worker starts in
milliseconds yet inherits no threads (the progress bar's) and no lxml or
trafilatura state from the main process, which plain `fork` would copy mid-use.

A worker is disposable. Each one writes, in memory it shares with the main process, which
item it is on and since when (`beat()` restarts the clock for each document of a file). The
main process kills a worker that stays on one item past the time limit, or finds one dead
(the out-of-memory killer, a crash in a C library); either way the item it held gets the
result `lost()` gives for it, the other items it held go to the other workers, and a fresh
worker takes its place. Workers leave Ctrl-C to the main process, are killed at once when it
stops, and die with it even when it is killed outright (`PR_SET_PDEATHSIG` on Linux, and a
pipe whose end they watch everywhere).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..errors import WORKER_LOST, PageTimeoutError, WorkerCrashed

T = TypeVar("T")
R = TypeVar("R")

#: Items per chunk: large enough that inter-process traffic is a small cost.
CHUNK_SIZE = 32
#: Chunks queued or running per worker: enough to keep every worker busy.
CHUNKS_PER_WORKER = 3
#: Imported once by the fork server, so that forked workers start ready.
PRELOAD = ("pkclean.run.preload",)
#: Seconds a worker gets beyond the time limit to give up by itself before it is killed.
GRACE_SECONDS = 5.0
#: Seconds between looks at a worker that has a chunk but has not started it yet.
_POLL = 0.5
#: Workers that die in a row while holding no item before the pool gives up.
MAX_IDLE_DEATHS = 3
#: Codes of the two ways the main process loses an item: as `lost()` receives them.
TIMEOUT = PageTimeoutError.code
#: `prctl` option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1

#: Called in the main process for an item whose worker was killed or died: (item, code,
#: message) to the item's result.
Lost = Callable[[Any, str, str], Any]


def available_cores() -> int:
    """The number of cores this process may run on (its affinity mask where there is one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_context() -> BaseContext:
    """The process start method for workers: forkserver where available, else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    chunk_size: int = CHUNK_SIZE,
    chunks_per_worker: int = CHUNKS_PER_WORKER,
    isolated: bool = False,
    seconds: float = 0.0,
    grace: float = GRACE_SECONDS,
    lost: Callable[[T, str, str], R] | None = None,
) -> Iterator[R]:
    """`map(func, items)`, computed by `jobs` worker processes.

    `func` must be picklable (a module-level function or a `functools.partial` of one).
    Unless `isolated`, `jobs` 1 maps in this process, and so do a single chunk of items
    (starting workers would cost more) and the first chunks while the fork server starts.
    `isolated` maps every item in a worker, so that the limits below always hold:

    - `seconds` (0: none): an item still running `seconds` (plus `grace`) after it started,
      or after its worker's last `beat()`, has its worker killed;
    - `lost(item, code, message)` gives the result of an item whose worker was killed
      (code `timeout`) or died (`worker_lost`); without it a lost item raises
      `WorkerCrashed`.

    Closing the iterator early, or an exception such as KeyboardInterrupt in the caller,
    discards the work in flight and kills the workers at once.
    """
    if jobs <= 1 and not isolated:
        yield from map(func, items)
        return
    chunks = _chunked(items, chunk_size)
    jobs = max(jobs, 1)
    first = list(islice(chunks, jobs * chunks_per_worker))
    if len(first) <= 1 and not isolated:
        for chunk in first:
            yield from map(func, chunk)
        return
    if not first:
        return
    jobs = min(jobs, len(first))  # no idle workers for a small batch
    chunks = chain(first, chunks)
    del first
    context = start_context()
    if not isolated:
        booting = boot_fork_server(context)
        if booting is not None:
            # The fork server takes a moment to import pkclean: map chunks here meanwhile.
            for chunk in chunks:
                yield from map(func, chunk)
                if not booting.is_alive():
                    break
            else:
                return
    with _Pool(context, jobs, func, seconds=seconds, grace=grace, lost=lost) as pool:
        for chunk in islice(chunks, jobs * chunks_per_worker):
            pool.submit(chunk)
        while pool.in_flight:
            results = pool.next_result()
            for chunk in islice(chunks, 1):
                pool.submit(chunk)
            yield from results


@dataclass(slots=True)
class _Chunk(Generic[T, R]):
    """Items submitted together; `known` holds results decided here (items that were lost)."""

    number: int
    items: list[T]
    known: dict[int, R] = field(default_factory=dict)

    def todo(self) -> list[int]:
        """Indexes of the items a worker must still map."""
        return [index for index in range(len(self.items)) if index not in self.known]


class _Clock:
    """What a worker is doing, in memory shared with the main process (no system call).

    Slots: the `time.monotonic()` at which the current item (or its latest document)
    started, 0 when the worker holds no item; and the item's index in the chunk's to-do list.
    """

    STARTED, INDEX = 0, 1

    @staticmethod
    def new(context: BaseContext) -> Any:
        return context.RawArray("d", 2)


@dataclass(slots=True)
class _Worker:
    """One worker process, its pipe, its clock, and the chunks sent to it in order."""

    process: BaseProcess
    pipe: Connection
    clock: Any
    queue: deque[_Chunk[Any, Any]] = field(default_factory=deque)


class _Pool(Generic[T, R]):
    """Worker processes that map chunks sent through a pipe of their own; results in order.

    A chunk goes to the worker with the fewest chunks in hand; results are read from every
    pipe as soon as they arrive (so that no worker waits to send), and given back in the
    order the chunks were submitted. No threads: the main process does one send and one
    receive per chunk. A worker that overruns the time limit is killed and one that dies is
    replaced (see the module docstring). Leaving the `with` block on an exception such as
    KeyboardInterrupt kills the workers at once.
    """

    def __init__(
        self,
        context: BaseContext,
        jobs: int,
        func: Callable[[T], R],
        *,
        seconds: float = 0.0,
        grace: float = GRACE_SECONDS,
        lost: Callable[[T, str, str], R] | None = None,
    ) -> None:
        self._context = context
        self._func = func
        self._seconds = seconds
        self._grace = grace
        self._lost = lost
        self._lifeline, self._keep_alive = context.Pipe(duplex=False)
        self._workers: list[_Worker] = []
        self._submitted = 0
        self._next = 0  # the number of the chunk whose results are given back next
        self._done: dict[int, list[R] | _Failed] = {}
        self._idle_deaths = 0
        try:
            for _ in range(jobs):
                self._workers.append(self._start())
        except BaseException:
            self._stop(kill=True)
            raise

    def _start(self) -> _Worker:
        here, there = self._context.Pipe()
        clock = _Clock.new(self._context)
        process = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(there, self._func, self._lifeline, clock), daemon=True
        )
        process.start()
        there.close()
        return _Worker(process, here, clock)

    @property
    def in_flight(self) -> int:
        """Chunks submitted whose results have not been given back yet."""
        return self._submitted - self._next

    def submit(self, items: list[T]) -> None:
        self._send(_Chunk(self._submitted, items))
        self._submitted += 1

    def _send(self, chunk: _Chunk[T, R]) -> None:
        todo = chunk.todo()
        if not todo:
            self._done[chunk.number] = [chunk.known[index] for index in range(len(chunk.items))]
            return
        worker = min(self._workers, key=lambda each: len(each.queue))
        worker.queue.append(chunk)
        try:
            worker.pipe.send([chunk.items[index] for index in todo])
        except OSError:
            self._replace(worker, None)

    def next_result(self) -> list[R]:
        """The results of the oldest chunk submitted (waiting for them if need be)."""
        while self._next not in self._done:
            self._wait()
        reply = self._done.pop(self._next)
        self._next += 1
        if isinstance(reply, _Failed):  # raised in its turn, after the results before it
            raise reply.exception
        return reply

    def _wait(self) -> None:
        """Read every reply that is ready, and deal with workers that died or overran."""
        waiting: dict[Connection | int, _Worker] = {}
        for worker in self._workers:
            waiting[worker.process.sentinel] = worker
            if worker.queue:
                waiting[worker.pipe] = worker
        ready = wait(list(waiting), timeout=self._time_left())
        for worker in list(self._workers):
            if worker.queue and worker.pipe in ready:
                self._read(worker)
            elif worker.process.sentinel in ready:
                self._replace(worker, WORKER_LOST)
        self._kill_overdue()

    def _read(self, worker: _Worker) -> None:
        try:
            reply = worker.pipe.recv()
        except (EOFError, OSError):
            self._replace(worker, WORKER_LOST)
            return
        self._idle_deaths = 0
        chunk = worker.queue.popleft()
        if isinstance(reply, _Failed):
            self._done[chunk.number] = reply
            return
        results = dict(chunk.known)
        results.update(zip(chunk.todo(), reply, strict=True))
        self._done[chunk.number] = [results[index] for index in range(len(chunk.items))]

    def _time_left(self) -> float | None:
        """Seconds until the first worker could overrun the time limit (None: no limit)."""
        if not self._seconds:
            return None
        now = time.monotonic()
        waits = []
        for worker in self._workers:
            if worker.queue:
                started = float(worker.clock[_Clock.STARTED])
                # A worker that has not started its chunk yet is looked at again shortly.
                waits.append(started + self._seconds + self._grace - now if started else _POLL)
        return max(0.0, min(waits)) if waits else None

    def _kill_overdue(self) -> None:
        if not self._seconds:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            started = worker.clock[_Clock.STARTED]
            if worker.queue and started and now - started > self._seconds + self._grace:
                self._replace(worker, TIMEOUT)

    def _replace(self, worker: _Worker, code: str | None) -> None:
        """Kill a worker, start another, decide the item it held, and send its chunks again.

        `code` is why it went (`timeout` or `worker_lost`); None when it failed to take work.
        """
        _kill(worker.process)
        worker.pipe.close()
        # Read once the worker is dead: the clock no longer moves.
        started = worker.clock[_Clock.STARTED]
        index = int(worker.clock[_Clock.INDEX])
        self._workers[self._workers.index(worker)] = self._start()
        chunks = list(worker.queue)
        todo = chunks[0].todo() if chunks else []
        if started and code is not None and index < len(todo):
            held = chunks[0]
            held.known[todo[index]] = self._decide(held.items[todo[index]], code)
            self._idle_deaths = 0
        else:
            self._idle_deaths += 1
            if self._idle_deaths >= MAX_IDLE_DEATHS:
                raise WorkerCrashed(
                    f"{MAX_IDLE_DEATHS} worker processes died in a row without working on "
                    "any file: the system may be out of memory or processes"
                )
        for chunk in chunks:
            self._send(chunk)

    def _decide(self, item: T, code: str) -> R:
        if code == TIMEOUT:
            message = (
                f"still running after {self._seconds:g} s (and {self._grace:g} s of grace): "
                "its worker process was stopped"
            )
        else:
            message = "the worker process reading it died (killed by the system, perhaps "
            message += "for want of memory, or a crash in a C library)"
        if self._lost is None:
            raise WorkerCrashed(message)
        return self._lost(item, code, message)

    def __enter__(self) -> _Pool[T, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self._stop(kill=kind is not None)

    def _stop(self, *, kill: bool) -> None:
        """End the workers: at once (`kill`), or by closing their pipes when all is done."""
        self._keep_alive.close()
        self._lifeline.close()
        for worker in self._workers:
            if kill:
                _kill(worker.process)
            worker.pipe.close()
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():  # pragma: no cover - a worker stuck in C code
                _kill(worker.process)


def _kill(process: BaseProcess) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        process.kill()
        process.join(timeout=5)


@dataclass(frozen=True)
class _Failed:
    """An exception raised in a worker, sent back to be raised in the main process."""

    exception: BaseException


#: The worker's clock, set in worker processes only (see `beat`).
_CLOCK: Any = None


def beat() -> None:
    """Restart the time limit of the current item: a file's next document begins.

    A no-op outside a worker process.
    """
    if _CLOCK is not None:
        _CLOCK[_Clock.STARTED] = time.monotonic()


def _serve(
    pipe: Connection, func: Callable[[T], R], lifeline: Connection, clock: Any = None
) -> None:
    """A worker: map each chunk that comes through the pipe, until the pipe closes."""
    global _CLOCK
    _start_worker(lifeline)
    _CLOCK = clock
    while True:
        try:
            chunk = pipe.recv()
        except (EOFError, OSError):
            return
        reply: list[R] | _Failed
        try:
            reply = []
            for index, item in enumerate(chunk):
                if clock is not None:
                    clock[_Clock.INDEX] = index
                    clock[_Clock.STARTED] = time.monotonic()
                reply.append(func(item))
        except Exception as exc:
            reply = _Failed(exc)
        finally:
            if clock is not None:
                clock[_Clock.STARTED] = 0.0
        try:
            pipe.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            pipe.send(_Failed(RuntimeError(f"a worker's result cannot be sent back: {exc}")))
        except OSError:
            return


def prestart_workers() -> None:
    """Start the fork server now, in the background.

    Called before the command line loads the pipeline, so that the server loads it on another
    core at the same time, and workers are ready when the first files are.
    """
    boot_fork_server(start_context())


def boot_fork_server(context: BaseContext) -> threading.Thread | None:
    """Start the fork server in the background (forkserver only), by forking one process.

    The returned thread ends when the server is ready; it is ready at once if it was running.
    """
    if context.get_start_method() != "forkserver":
        return None

    def probe() -> None:
        with contextlib.suppress(Exception):  # the pool itself will report what is wrong
            process = context.Process(target=_nothing, daemon=True)  # type: ignore[attr-defined]
            process.start()
            process.join()

    thread = threading.Thread(target=probe, name="pkclean-boot", daemon=True)
    thread.start()
    return thread


def _nothing() -> None:
    """The fork server's first child: proof that it is ready."""


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _start_worker(lifeline: Connection) -> None:
    """Set up a worker: Ctrl-C is for the main process, and its death ends the worker."""
    # Ctrl-C reaches every process of the terminal's group: only the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    threading.Thread(target=_exit_with_main, args=(lifeline,), daemon=True).start()


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere a no-op).

    A worker's parent is the fork server, which exits when the main process does. Unlike
    the lifeline thread, this holds while the worker is busy in C code that keeps the GIL.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _exit_with_main(lifeline: Connection) -> None:
    """Wait until the main process closes its end of the pipe (or dies), then exit.

    Without this, workers of a main process killed outright (SIGKILL, the OOM killer) would
    wait for work forever, as each holds its queue open itself.
    """
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os._exit(1)
