"""Gzip-compressed inputs, decompressed under a size limit (a tiny file can expand to gigabytes).

Decompression streams: the compressed data is read and decompressed in chunks of 64 KiB, so
memory stays bounded whatever the data expands to, and time is linear in the number of
members (a file can hold thousands of empty ones). Data that breaks off yields everything
decompressed before the break, then raises.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import EmptyFileError, FormatError, TooLargeError

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
#: Bytes of compressed input read, and of output produced, at a time.
CHUNK = 1 << 16


def is_gzip(head: bytes) -> bool:
    """Whether bytes start like gzip data (by content, whatever the file is called).

    >>> is_gzip(b"\\x1f\\x8b\\x08\\x00"), is_gzip(b"Socialist Worker")
    (True, False)
    """
    return head.startswith(GZIP_MAGIC)


def peek(data: bytes, size: int = 64) -> bytes:
    """The first `size` decompressed bytes (fewer if the data is short or broken).

    Cheap whatever the data holds: at most `size` bytes are produced.
    """
    try:
        return zlib.decompressobj(_GZIP_WBITS).decompress(data, size)
    except zlib.error:
        return b""


def gunzip_chunks(source: BinaryIO) -> Iterator[bytes]:
    """The decompressed data of every gzip member in `source`, chunk by chunk, in order.

    NUL bytes after the last member (tape padding) are allowed. Broken or truncated data,
    or other bytes after a member, raise `FormatError` once the data before them is yielded.

    >>> import gzip
    >>> b"".join(gunzip_chunks(io.BytesIO(gzip.compress(b"one ") + gzip.compress(b"two"))))
    b'one two'
    >>> list(gunzip_chunks(io.BytesIO(b"l")))  # one byte: found by the fuzzer, which hung here
    Traceback (most recent call last):
    ...
    pkclean.errors.FormatError: unexpected bytes after the end of the gzip data
    """
    pending = b""
    stream: zlib._Decompress | None = None
    ended = padded = False
    while True:
        if not pending and not ended:
            pending = source.read(CHUNK)
            ended = not pending
        if stream is None:  # between members
            if padded or pending[:1] == b"\x00":
                padded = True
                if pending.strip(b"\x00"):
                    raise FormatError("unexpected bytes after the end of the gzip data")
                pending = b""
                if ended:
                    return
                continue
            if not pending:
                return
            if len(pending) < len(GZIP_MAGIC) and not ended:
                more = source.read(CHUNK)
                ended = not more
                pending += more
                continue
            if not is_gzip(pending):
                raise FormatError("unexpected bytes after the end of the gzip data")
            stream = zlib.decompressobj(_GZIP_WBITS)
        try:
            if pending or not ended:
                out = stream.decompress(pending, CHUNK)
                pending = stream.unconsumed_tail
            else:  # no input left: what the stream still holds, and whether it ends here
                out = stream.flush()
        except zlib.error as exc:
            raise FormatError(f"broken gzip data: {exc}") from None
        if out:
            yield out
        if stream.eof:
            pending = stream.unused_data + pending
            stream = None
        elif ended and not pending and not out:
            raise FormatError("truncated gzip data (the end of the compressed stream is missing)")


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress every member of gzip data, refusing more than `max_bytes` of output.

    >>> import gzip
    >>> gunzip(gzip.compress(b"Pakistan"), max_bytes=100)
    b'Pakistan'
    """
    parts: list[bytes] = []
    produced = 0
    for chunk in gunzip_chunks(io.BytesIO(data)):
        produced += len(chunk)
        if produced > max_bytes:
            raise TooLargeError(f"decompresses to more than the limit of {max_bytes} bytes")
        parts.append(chunk)
    if not produced:
        raise EmptyFileError("empty after gzip decompression")
    return b"".join(parts)
