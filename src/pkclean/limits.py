"""Bounds on the work one document may cost: bytes, lines, elements, attributes and seconds.

Every bound is checked before the work it protects: bytes and lines before a text is split
into lines, bytes, tags and attributes before lxml parses a page (libxml2 checks the names of
an element's attributes against each other, so its time grows with their square), elements
and page lines after. The time limit is `SIGALRM` within a worker process, and the main
process kills a worker that overruns it by `pkclean.parallel.GRACE_SECONDS` (C code that
holds on to the CPU does not see the signal).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NamedTuple

from .errors import PageTimeoutError, PageTooComplexError, TooLargeError

MIB = 1024 * 1024


class Limits(NamedTuple):
    """The bounds on one document (a text dump, or one HTML page); `_replace` makes a variant.

    The defaults leave a real article far inside every bound, and keep the worst document
    within them under about 500 MB of memory (`bench/limits.py` measures both).
    """

    #: HTML bytes per page (the largest real news pages are a few MiB).
    max_bytes: int = 16 * MIB
    #: Elements per page (a long article page has a few thousand).
    max_elements: int = 150_000
    #: Levels of nesting (an article page has a few dozen; deeper ones overflow recursion).
    max_depth: int = 255
    #: Tags per page, counted before parsing (`<` followed by a name, `/` or `!`).
    max_tags: int = 600_000
    #: Attributes of one element (real pages have a few dozen at most).
    max_attributes: int = 500
    #: Bytes of a text dump (articles are well under a MiB; memory is about 25 bytes per byte).
    max_text_bytes: int = 8 * MIB
    #: Lines of a document's text (memory is about 1 KB per line, time about 40 µs).
    max_lines: int = 200_000
    #: Wall-clock seconds for reading and for cleaning one document (0 disables the timer).
    seconds: float = 30.0


DEFAULT_LIMITS = Limits()


def line_count(text: str) -> int:
    """The lines of a text, however they end (LF, CRLF or CR), as `Document` splits it.

    >>> line_count("a\\r\\nb\\rc\\n"), line_count("one")
    (4, 1)
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def check_text(text: str, limits: Limits) -> None:
    """Refuse a document's text with more characters or lines than the limits, before it is
    split into lines."""
    if len(text) > limits.max_text_bytes:
        raise TooLargeError(
            f"{len(text):,} characters of text is over the limit of {limits.max_text_bytes:,} "
            "per document"
        )
    lines = line_count(text)
    if lines > limits.max_lines:
        raise PageTooComplexError(
            f"{lines:,} lines is over the limit of {limits.max_lines:,} per document"
        )


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
