"""An ordered, bounded, chunked map over worker processes (the local executor of a batch).

Items are sent to the workers in chunks, at most a few chunks per worker at a time, so memory
stays flat however many items there are; results come back in input order, so the output does
not depend on the number of workers. Each worker has its own pipe and takes its turn, which
costs the main process one send and one receive per chunk.

Workers are started with the `forkserver` method where the platform has it (else `spawn`):
a clean process forked from a server that has imported pkclean once, so a worker starts in
milliseconds yet inherits no threads (the progress bar's) and no lxml or
trafilatura state from the main process, which plain `fork` would copy mid-use. Workers
leave Ctrl-C to the main process, and exit with it even when it is killed outright.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items per chunk: large enough that inter-process traffic is a small cost.
CHUNK_SIZE = 32
#: Chunks queued or running per worker: enough to keep every worker busy.
CHUNKS_PER_WORKER = 3
#: Imported once by the fork server, so that forked workers start ready.
PRELOAD = ("pkclean.preload",)


class WorkerCrashed(RuntimeError):
    """A worker process died (killed by the system, or a crash in a C extension)."""


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
) -> Iterator[R]:
    """`map(func, items)`, computed by `jobs` worker processes (in-process when `jobs` is 1).

    `func` must be picklable (a module-level function or a `functools.partial` of one).
    A single chunk of items is mapped in this process, as starting workers would cost more;
    so are the first chunks while the fork server starts. Closing the iterator early, or an
    exception such as KeyboardInterrupt in the caller, discards the work in flight and stops
    the workers at once.
    """
    if jobs <= 1:
        yield from map(func, items)
        return
    chunks = _chunked(items, chunk_size)
    first = list(islice(chunks, jobs * chunks_per_worker))
    if len(first) <= 1:
        for chunk in first:
            yield from map(func, chunk)
        return
    chunks = chain(first, chunks)
    del first
    context = start_context()
    booting = boot_fork_server(context)
    if booting is not None:
        # The fork server takes a moment to import pkclean: map chunks here meanwhile.
        for chunk in chunks:
            yield from map(func, chunk)
            if not booting.is_alive():
                break
        else:
            return
    with _Pool(context, jobs, func) as pool:
        for chunk in islice(chunks, jobs * chunks_per_worker):
            pool.submit(chunk)
        while pool.in_flight:
            results = pool.next_result()
            for chunk in islice(chunks, 1):
                pool.submit(chunk)
            yield from results


class _Pool(Generic[T, R]):
    """Worker processes that map chunks sent through a pipe of their own; results in order.

    A chunk goes to the worker with the fewest chunks in hand; results are read from every
    pipe as soon as they arrive (so that no worker waits to send), and given back in the
    order the chunks were submitted. No threads: the main process does one send and one
    receive per chunk. Leaving the `with` block, normally or on an exception such as
    KeyboardInterrupt, stops the workers at once.
    """

    def __init__(self, context: BaseContext, jobs: int, func: Callable[[T], R]) -> None:
        self._lifeline, self._keep_alive = context.Pipe(duplex=False)
        self._pipes: list[Connection] = []
        self._processes: list[BaseProcess] = []
        self._owners: deque[int] = deque()  # the worker of each submitted chunk, in order
        self._in_hand = [0] * jobs  # chunks sent to each worker and not yet read back
        self._done: list[deque[list[R] | _Failed]] = [deque() for _ in range(jobs)]
        try:
            for _ in range(jobs):
                here, there = context.Pipe()
                process = context.Process(  # type: ignore[attr-defined]
                    target=_serve, args=(there, func, self._lifeline), daemon=True
                )
                process.start()
                there.close()
                self._pipes.append(here)
                self._processes.append(process)
        except BaseException:
            self.__exit__()
            raise

    @property
    def in_flight(self) -> int:
        """Chunks submitted whose results have not been given back yet."""
        return len(self._owners)

    def submit(self, chunk: list[T]) -> None:
        worker = min(range(len(self._pipes)), key=self._in_hand.__getitem__)
        try:
            self._pipes[worker].send(chunk)
        except OSError as exc:
            raise _crashed() from exc
        self._in_hand[worker] += 1
        self._owners.append(worker)

    def next_result(self) -> list[R]:
        """The results of the oldest chunk submitted (waiting for them if need be)."""
        worker = self._owners.popleft()
        while not self._done[worker]:
            busy = [number for number, count in enumerate(self._in_hand) if count]
            ready = wait([self._pipes[number] for number in busy])
            for number in busy:
                if self._pipes[number] in ready:
                    self._read(number)
        reply = self._done[worker].popleft()
        if isinstance(reply, _Failed):  # raised in its turn, after the results before it
            raise reply.exception
        return reply

    def _read(self, worker: int) -> None:
        try:
            reply = self._pipes[worker].recv()
        except (EOFError, OSError) as exc:
            raise _crashed() from exc
        self._in_hand[worker] -= 1
        self._done[worker].append(reply)

    def __enter__(self) -> _Pool[T, R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # Closing the lifeline ends every worker, even one in the middle of a chunk.
        self._keep_alive.close()
        self._lifeline.close()
        for pipe in self._pipes:
            pipe.close()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():  # pragma: no cover - a worker stuck in C code
                process.kill()
                process.join()


@dataclass(frozen=True)
class _Failed:
    """An exception raised in a worker, sent back to be raised in the main process."""

    exception: BaseException


def _serve(pipe: Connection, func: Callable[[T], R], lifeline: Connection) -> None:
    """A worker: map each chunk that comes through the pipe, until the pipe closes."""
    _start_worker(lifeline)
    while True:
        try:
            chunk = pipe.recv()
        except (EOFError, OSError):
            return
        reply: list[R] | _Failed
        try:
            reply = [func(item) for item in chunk]
        except Exception as exc:
            reply = _Failed(exc)
        try:
            pipe.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            pipe.send(_Failed(RuntimeError(f"a worker's result cannot be sent back: {exc}")))
        except OSError:
            return


def _crashed() -> WorkerCrashed:
    return WorkerCrashed(
        "a worker process died (out of memory, or a crash in a C library); "
        "run again with --jobs 1 to find the file that causes it"
    )


def prestart_workers() -> None:
    """Start the fork server now, in the background, on a machine with cores to spare.

    Called before the command line loads the pipeline, so that the server loads it on another
    core at the same time, and workers are ready when the first files are.
    """
    if available_cores() > 1:
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
    threading.Thread(target=_exit_with_main, args=(lifeline,), daemon=True).start()


def _exit_with_main(lifeline: Connection) -> None:
    """Wait until the main process closes its end of the pipe (or dies), then exit.

    Without this, workers of a main process killed outright (SIGKILL, the OOM killer) would
    wait for work forever, as each holds its queue open itself.
    """
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os._exit(1)
