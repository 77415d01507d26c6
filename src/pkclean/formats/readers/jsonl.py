"""JSON Lines: one record per line, lines ending in `\\n` only.

orjson writes U+2028 and U+2029 raw inside strings, so splitting on every Unicode line
break (`str.splitlines()`) would cut records apart; binary line iteration splits on `\\n` alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from ...errors import FormatError
from .base import (
    MAX_RECORD_BYTES,
    Item,
    Problem,
    ReaderFormat,
    Record,
    bounded_lines,
    open_binary,
    register,
)


def records(path: str, *, check: bool = False) -> Iterator[Item]:
    """Each non-blank line as a record; a line that is not a JSON object is a problem, and so
    is one longer than `MAX_RECORD_BYTES` (passed over, never held whole in memory)."""
    number = 0
    with open_binary(path) as handle:
        try:
            for number, line in enumerate(bounded_lines(handle), 1):
                if line is None:
                    too_long = f"a line longer than {MAX_RECORD_BYTES:,} bytes"
                    yield Problem(path, number, "json", too_long)
                elif line.strip():
                    yield _record(path, number, line)
        except FormatError as exc:  # broken gzip data, after the lines before it
            yield Problem(path, number + 1, "gzip", exc.message)


def _record(path: str, number: int, line: bytes) -> Item:
    """The record on one line, or the problem with it."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return Problem(path, number, "json", f"not valid JSON: {exc}")
    if not isinstance(data, dict):
        kind = type(data).__name__
        return Problem(path, number, "json", f"a record must be a JSON object, not {kind}")
    return Record(path, number, data)


register(ReaderFormat("jsonl", (".jsonl",), records))
