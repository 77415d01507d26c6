"""The time limit on reading or cleaning one document (`Limits.seconds`).

The limit is `SIGALRM` within a worker process, and the main process kills a worker that
overruns it by `pkclean.run.parallel.GRACE_SECONDS` (C code that holds on to the CPU does
not see the signal).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..errors import PageTimeoutError


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no `except Exception` inside a library
    swallows it."""


@contextmanager
def time_limit(seconds: float, what: str = "extracting the page") -> Iterator[None]:
    """Raise `PageTimeoutError` if the block runs longer than `seconds`.

    Uses `SIGALRM` (Unix), so it works only in the main thread of a process (each worker of a
    process pool has one); elsewhere, or with `seconds` 0, the block runs without a timer.
    An outer timer is restored afterwards.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    armed = [True]

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise _Expired

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise PageTimeoutError(f"{what} took more than {seconds:g} s") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
