"""An HTTP response stored in a web archive: its status, headers and body, decoded with bounds.

The body is undone as the server sent it: chunked transfer coding, then gzip or deflate
content coding, streamed, under a limit on the decoded bytes (a compressed body of kilobytes
can expand to gigabytes). A body that ends before its coding does (a cut chunk, a compressed
stream without its end, corrupt compressed data) is kept as far as it goes and marked
`truncated`, so that the record says so (`body_truncated`) instead of passing off a cut
article as whole.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ...errors import FormatError, TooLargeError

#: Bytes of the status line and headers together.
MAX_HEAD = 256 * 1024
_CHUNK = 1 << 16
_STATUS = re.compile(rb"HTTP/\d(?:\.\d)?\s+(\d{3})")
_CHUNK_SIZE = re.compile(rb"\s*([0-9A-Fa-f]{1,15})\s*(?:;[^\r\n]*)?\r?\n?")


class Source(Protocol):
    """What the body is read from: a record's block."""

    def read(self, size: int) -> bytes: ...

    def readline(self, limit: int = ...) -> bytes: ...

    def peek(self, size: int) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Head:
    """The status code and the headers (names lower case, the first of each kept)."""

    status: str
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Body:
    """A decoded body, and whether it ended before its coding did."""

    data: bytes
    truncated: bool


def is_http(first_bytes: bytes) -> bool:
    """Whether a block starts with an HTTP status line.

    >>> is_http(b"HTTP/1.1 200 OK\\r\\n"), is_http(b"<html>")
    (True, False)
    """
    return _STATUS.match(first_bytes) is not None


def read_head(source: Source) -> Head | None:
    """The status line and headers, or None (and nothing read) when the block does not start
    with them."""
    if not is_http(source.peek(16)):
        return None
    first = source.readline()
    match = _STATUS.match(first)
    if match is None:
        return None
    headers: dict[str, str] = {}
    size = len(first)
    while True:
        line = source.readline()
        size += len(line)
        if size > MAX_HEAD:
            raise FormatError(f"HTTP headers of more than {MAX_HEAD:,} bytes")
        if not line.strip():
            break
        name, colon, value = line.decode("latin-1").partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return Head(match.group(1).decode("ascii"), headers)


def read_body(source: Source, head: Head | None, max_bytes: int) -> Body:
    """The body as the page's bytes, at most `max_bytes` of them (else `TooLargeError`).

    Raises `FormatError` for a content coding pkclean cannot undo.
    """
    headers = head.headers if head is not None else {}
    raw: Iterator[bytes]
    state = _State()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raw = _dechunked(source, state)
    else:
        raw = _plain(source)
    decode = _decoder(headers.get("content-encoding", ""))
    parts: list[bytes] = []
    size = 0
    for piece in decode(raw, state):
        size += len(piece)
        if size > max_bytes:
            raise TooLargeError(f"the page decodes to more than the limit of {max_bytes:,} bytes")
        parts.append(piece)
    return Body(b"".join(parts), state.truncated)


class _State:
    """Whether a layer of decoding found the body cut short."""

    truncated = False


def _plain(source: Source) -> Iterator[bytes]:
    while piece := source.read(_CHUNK):
        yield piece


def _dechunked(source: Source, state: _State) -> Iterator[bytes]:
    """Chunked transfer coding undone. A body that does not start with a chunk size was
    stored already undone (crawlers differ), and is read as it is."""
    first = True
    while True:
        line = source.readline(256)
        match = _CHUNK_SIZE.fullmatch(line)
        if match is None:
            if first:
                yield line
                yield from _plain(source)
            else:
                state.truncated = True
            return
        first = False
        size = int(match.group(1), 16)
        if size == 0:
            return
        while size:
            piece = source.read(min(size, _CHUNK))
            if not piece:
                state.truncated = True
                return
            size -= len(piece)
            yield piece
        source.readline(4)  # the line break after the chunk


Decoder = Callable[[Iterator[bytes], _State], Iterator[bytes]]


def _identity(raw: Iterator[bytes], state: _State) -> Iterator[bytes]:
    return raw


def _inflate(wbits: int, fallback: int | None) -> Decoder:
    """A zlib decoder; data that does not start as that format is passed on as it is (some
    crawlers store the body decoded and keep the header), or tried as `fallback`."""

    def decode(raw: Iterator[bytes], state: _State) -> Iterator[bytes]:
        stream = zlib.decompressobj(wbits)
        started = False
        for piece in raw:
            data = piece
            while data:
                try:
                    out = stream.decompress(data, _CHUNK)
                except zlib.error:
                    if started:
                        state.truncated = True
                        return
                    yield from _retry(piece, raw, state, fallback)
                    return
                started = True
                if out:
                    yield out
                if stream.eof:
                    return
                data = stream.unconsumed_tail
        if started:
            try:
                tail = stream.flush()
            except zlib.error:
                tail = b""
            if tail:
                yield tail
            if not stream.eof:
                state.truncated = True

    return decode


def _retry(first: bytes, raw: Iterator[bytes], state: _State, wbits: int | None) -> Iterator[bytes]:
    rest = _prepend(first, raw)
    if wbits is None:
        return rest
    return _inflate(wbits, None)(rest, state)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


_GZIP = _inflate(16 + zlib.MAX_WBITS, None)
_DEFLATE = _inflate(zlib.MAX_WBITS, -zlib.MAX_WBITS)  # zlib-wrapped, or raw as some send it
#: Content codings pkclean undoes, by their lower-case names.
DECODERS: dict[str, Decoder] = {
    "": _identity,
    "identity": _identity,
    "none": _identity,
    "gzip": _GZIP,
    "x-gzip": _GZIP,
    "deflate": _DEFLATE,
}


def _decoder(coding: str) -> Decoder:
    names = [name.strip().lower() for name in coding.split(",") if name.strip()]
    if not names:
        return _identity
    if len(names) > 1 or names[0] not in DECODERS:
        raise FormatError(f"the page's content coding {coding!r} is not one pkclean reads")
    return DECODERS[names[0]]
