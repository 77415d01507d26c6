"""Bounds on the work one HTML page may cost: bytes, elements, nesting and seconds."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NamedTuple

from ..errors import InputError


class Limits(NamedTuple):
    """The bounds on one page; a variant is made with `_replace`."""

    #: HTML bytes per page (the largest real news pages are a few MiB).
    max_bytes: int = 16 * 1024 * 1024
    #: Elements per page (a long article page has a few thousand).
    max_elements: int = 150_000
    #: Wall-clock seconds for parsing and extracting one page (0 disables the timer).
    seconds: float = 30.0


DEFAULT_LIMITS = Limits()


class PageTimeoutError(InputError):
    """A page whose extraction took longer than the time limit."""

    code = "timeout"


class PageTooComplexError(InputError):
    """A page with more elements, or deeper nesting, than an article page ever has."""

    code = "too_complex"


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no `except Exception` inside a library
    swallows it."""


@contextmanager
def time_limit(seconds: float, what: str = "the page") -> Iterator[None]:
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
        raise PageTimeoutError(f"extracting {what} took more than {seconds:g} s") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
