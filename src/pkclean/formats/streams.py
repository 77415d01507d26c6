"""The standard streams of the command: any closed at start-up are pointed at `/dev/null`.

A program started with a standard stream closed (`>&-`) would otherwise give that descriptor
to the first file it opens, and print into it. pkclean remembers which were closed, so that
an export to standard output can refuse to start instead of writing nowhere.
"""

from __future__ import annotations

import io
import os
import sys

_CLOSED: set[str] = set()
_STREAMS = ((0, "stdin", os.O_RDONLY), (1, "stdout", os.O_WRONLY), (2, "stderr", os.O_WRONLY))


def guard_standard_streams() -> None:
    """Open `/dev/null` on each standard descriptor that is closed, and remember it."""
    for number, name, mode in _STREAMS:
        try:
            os.fstat(number)
            continue
        except OSError:
            pass
        try:
            descriptor = os.open(os.devnull, mode)
        except OSError:
            continue
        if descriptor != number:
            os.dup2(descriptor, number)
            os.close(descriptor)
        _CLOSED.add(name)
        raw = io.FileIO(number, "r" if number == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if number == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(
            buffered,
            encoding="utf-8",
            errors="backslashreplace",
            line_buffering=number == 2,
        )
        setattr(sys, name, stream)


def closed_at_start() -> frozenset[str]:
    """The names of the standard streams that were closed when the command started."""
    return frozenset(_CLOSED)
