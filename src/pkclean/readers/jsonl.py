"""JSON Lines: one record per line, lines ending in `\\n` only.

orjson writes U+2028 and U+2029 raw inside strings, so splitting on every Unicode line
break (`str.splitlines()`) would cut records apart; binary line iteration splits on `\\n` alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from .base import Item, Problem, ReaderFormat, Record, open_binary, register


def records(path: str, check: bool = False) -> Iterator[Item]:
    """Each non-blank line as a record; a line that is not a JSON object is a problem."""
    with open_binary(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield Problem(path, number, "json", f"not valid JSON: {exc}")
                continue
            if not isinstance(data, dict):
                kind = type(data).__name__
                yield Problem(path, number, "json", f"a record must be a JSON object, not {kind}")
                continue
            yield Record(path, number, data)


register(ReaderFormat("jsonl", (".jsonl",), records))
