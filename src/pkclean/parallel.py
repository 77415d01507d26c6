"""An ordered, bounded, chunked map over worker processes (the local executor of a batch).

Items are sent to the workers in chunks, at most a few chunks per worker at a time, so memory
stays flat however many items there are; results come back in input order, so the output does
not depend on the number of workers.

Workers are started with the `forkserver` method where the platform has it (else `spawn`):
a clean process forked from a server that has imported pkclean once, so a worker starts in
milliseconds yet inherits no threads (the progress bar's, the pool's own) and no lxml or
trafilatura state from the main process, which plain `fork` would copy mid-use. Workers
leave Ctrl-C to the main process, and exit with it even when it is killed outright.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items per chunk: large enough that inter-process traffic is a small cost.
CHUNK_SIZE = 32
#: Chunks queued or running per worker: enough to keep every worker busy.
CHUNKS_PER_WORKER = 3
#: Imported once by the fork server, so that forked workers start ready.
PRELOAD = ("pkclean.batch",)


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
    exception such as KeyboardInterrupt in the caller, discards the queued work and stops
    the workers once they finish the chunk in hand.
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
    pending: deque[Future[list[R]]] = deque()
    lifeline, keep_alive = context.Pipe(duplex=False)
    executor = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(lifeline,)
    )
    try:
        for chunk in islice(chunks, jobs * chunks_per_worker):
            pending.append(executor.submit(_run_chunk, func, chunk))
        while pending:
            results = _result(pending.popleft())
            for chunk in islice(chunks, 1):
                pending.append(executor.submit(_run_chunk, func, chunk))
            yield from results
    finally:
        # Queued chunks are dropped; the few being worked on are let finish, as a worker
        # terminated while it sends a result would leave the pool waiting for the rest.
        executor.shutdown(wait=True, cancel_futures=True)
        keep_alive.close()
        lifeline.close()


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


def _run_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def _result(future: Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerCrashed(
            "a worker process died (out of memory, or a crash in a C library); "
            "run again with --jobs 1 to find the file that causes it"
        ) from exc


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
