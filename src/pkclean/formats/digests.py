"""SHA-256 of a shard's part: taken of the bytes as they are written, checked as they are read.

A part's manifest records the hash of the part's bytes (hex, under `sha256`), so that `merge`
refuses a part changed after pkclean wrote it even where its size, frame and records still
look right (a letter changed in an article, a flipped bit).
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from typing_extensions import Buffer

#: The manifest's key for the hash (the name of the hash too).
DIGEST = "sha256"
#: A hash as a manifest gives it: lowercase hex.
_HEX = re.compile("[0-9a-f]{64}")
#: Bytes read at a time when a whole file is hashed.
CHUNK_BYTES = 1 << 20


def is_digest(value: object) -> bool:
    """Whether `value` is a hash as a manifest gives it.

    >>> is_digest("ab" * 32), is_digest("AB" * 32), is_digest("ab"), is_digest(None)
    (True, False, False, False)
    """
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


class HashingWriter(io.BufferedIOBase, BinaryIO):
    """A stream that writes through to `stream`, hashing every byte on the way.

    It holds nothing back (no buffer of its own), so `tell()` is the stream's position and
    `hexdigest()` is that of everything written so far. It does not flush or close `stream`:
    the stream's owner does.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream
        self._hash = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Buffer) -> int:
        self._hash.update(data)
        return self._stream.write(data)

    def tell(self) -> int:
        return self._stream.tell()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class HashingReader:
    """Reads `stream`, hashing every byte it gives."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def file_digest(stream: BinaryIO) -> str:
    """The hash of an open file's bytes from its start (read in chunks); the file is left at
    its start again."""
    stream.seek(0)
    reader = HashingReader(stream)
    while reader.read(CHUNK_BYTES):
        pass
    stream.seek(0)
    return reader.hexdigest()
