"""Gzip-compressed inputs, decompressed under a size limit (a tiny file can expand to gigabytes)."""

from __future__ import annotations

import zlib

from .errors import EmptyFileError, FormatError, TooLargeError

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS


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


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress every member of gzip data, refusing more than `max_bytes` of output.

    >>> import gzip
    >>> gunzip(gzip.compress(b"Pakistan"), max_bytes=100)
    b'Pakistan'
    """
    parts: list[bytes] = []
    produced = 0
    rest = data
    while rest:
        stream = zlib.decompressobj(_GZIP_WBITS)
        pending = rest
        while not stream.eof:
            try:
                chunk = stream.decompress(pending, max_bytes - produced + 1)
            except zlib.error as exc:
                raise FormatError(f"broken gzip data: {exc}") from None
            produced += len(chunk)
            if produced > max_bytes:
                raise TooLargeError(f"decompresses to more than the limit of {max_bytes} bytes")
            parts.append(chunk)
            pending = stream.unconsumed_tail
            if not chunk and not pending and not stream.eof:
                raise FormatError(
                    "truncated gzip data (the end of the compressed stream is missing)"
                )
        rest = stream.unused_data
        if not rest.strip(b"\x00"):
            break
        if not is_gzip(rest):
            raise FormatError("unexpected bytes after the end of the gzip data")
    if not produced:
        raise EmptyFileError("empty after gzip decompression")
    return b"".join(parts)
