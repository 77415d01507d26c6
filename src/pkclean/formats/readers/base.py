"""The reader contract: formats found by file name, yielding raw records or problems."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from pydantic import ValidationError

from ...errors import FormatError
from ...ingest.files import open_regular
from ...ingest.gzipped import gunzip_chunks
from ...ingest.names import one_line, shown
from ...model import Article, upgrade
from ...registry import Registry

#: The longest line (JSON Lines) or cell (CSV) read: a record of the longest article pkclean
#: writes is a few MB; anything longer is refused before it is held whole in memory.
MAX_RECORD_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file, where it is, and which field it concerns."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file's name or content holds (see `pkclean.ingest.names`)."""
        path = shown(self.path)
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {one_line(self.field)}: {one_line(self.message)}"


@dataclass(frozen=True, slots=True)
class Record:
    """One record as read, not yet validated: where it starts and its fields as a dict.

    `lines` gives the line of a top-level field when it is not `line` (TEI spreads a record).
    """

    path: str
    line: int
    data: dict[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)


Item = Record | Problem


class Records(Protocol):
    """Reads a file lazily; with `check`, also yields the problems the format's standard finds."""

    def __call__(self, path: str, *, check: bool = False) -> Iterator[Item]: ...


@dataclass(frozen=True, slots=True)
class ReaderFormat:
    """One readable export format and the file names it claims."""

    name: str
    suffixes: tuple[str, ...]
    records: Records


_FORMATS: Registry[ReaderFormat] = Registry("reader")


def register(reader: ReaderFormat) -> ReaderFormat:
    """Add a format to the registry (name clashes are programming errors)."""
    return _FORMATS.register(reader.name, reader)


def get(name: str) -> ReaderFormat:
    """The reader of the format called `name`."""
    return _FORMATS.get(name)


def registered() -> tuple[ReaderFormat, ...]:
    """Every reader, in registration order."""
    return _FORMATS.registered()


def names() -> tuple[str, ...]:
    """The names of the readable formats, sorted."""
    return _FORMATS.names()


def known_suffixes() -> tuple[str, ...]:
    """Every file-name ending a reader claims, and the compressed (`.gz`) export files."""
    suffixes = sorted(suffix for reader in _FORMATS.registered() for suffix in reader.suffixes)
    return tuple(suffixes) + tuple(s + ".gz" for s in suffixes if s.startswith("."))


def format_for(path: str) -> ReaderFormat | None:
    """The format whose longest suffix ends the file name (a `.gz` ending is looked through)."""
    name = path.lower().removesuffix(".gz")
    matches = [
        (len(suffix), reader)
        for reader in _FORMATS.registered()
        for suffix in reader.suffixes
        if name.endswith(suffix)
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def open_binary(path: str) -> IO[bytes]:
    """Open an export to read, decompressing `.gz` files on the fly.

    Only a regular file is opened (a pipe or device named like an export would block), and a
    symbolic link only to a file inside the folder that holds the link. Broken gzip data
    raises `FormatError` when it is reached, after the data before it.
    """
    handle = open_regular(path, within=str(Path(path).parent))
    if not path.lower().endswith(".gz"):
        return handle
    return io.BufferedReader(_Gunzipped(handle))


class _Gunzipped(io.RawIOBase):
    """The decompressed stream of a gzip file (`pkclean.ingest.gzipped.gunzip_chunks`)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._chunks = gunzip_chunks(handle)  # type: ignore[arg-type]
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        self._handle.close()
        super().close()


def bounded_lines(handle: IO[bytes], limit: int | None = None) -> Iterator[bytes | None]:
    """Each line of a binary stream with its end, or None for a line longer than `limit`
    (`MAX_RECORD_BYTES` by default), passed over without being held whole."""
    limit = MAX_RECORD_BYTES if limit is None else limit
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(1 << 20)
        yield None


def require_format(path: str) -> ReaderFormat:
    """The reader for `path`, or a `FormatError` naming the endings pkclean reads."""
    reader = format_for(path)
    if reader is None:
        raise FormatError(
            "not a pkclean export: file names must end in " + ", ".join(known_suffixes()),
            path=path,
        )
    return reader


def validate_record(record: Record) -> tuple[Article | None, list[Problem]]:
    """The article a record makes, or the problems that stop it, one per wrong field."""
    try:
        return Article.model_validate(upgrade(record.data)), []
    except ValidationError as exc:
        return None, [_problem(record, error) for error in exc.errors(include_url=False)]


def _problem(record: Record, error: Mapping[str, Any]) -> Problem:
    loc = tuple(str(part) for part in error["loc"])
    message = "missing" if error["type"] == "missing" else str(error["msg"])
    message = message.removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, str | int | float | bool):
        message += f" (got {shorten(repr(value))})"
    if not loc:  # a check across fields: its message starts with the field it blames
        first = message.split(" ", 1)[0]
        loc = (first,) if first in Article.model_fields else ("record",)
    line = record.lines.get(loc[0], record.line)
    return Problem(record.path, line, ".".join(loc), message)


def shorten(text: str, limit: int = 60) -> str:
    """Text cut to `limit` characters with an ellipsis.

    >>> shorten("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
