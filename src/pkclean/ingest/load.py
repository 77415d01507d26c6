"""I/O edge for inputs: read the documents out of one file.

Reading a file refuses, each with its own error code, what cannot be an article: broken
links, folders, pipes and unreadable files (`broken_link`, `unreadable`), files over the size
limit (`too_large`, checked before reading), empty files (`empty_file`) and binary files
(`binary_file`, by content). Gzip data is decompressed, under the same size limit, before the
input kind is chosen, so `.txt.gz` and `.html.gz` read like their plain forms.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from ..document import DEFAULT_LIMITS, Limits, SourceDoc
from ..errors import BinaryFileError, EmptyFileError, InputError, TooLargeError, UnreadableError
from . import kinds
from .binary import binary_kind
from .files import open_regular
from .gzipped import gunzip, is_gzip
from .kinds.base import InputKind
from .kinds.text import TEXT
from .names import shown

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 8192


def read_bytes(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file, refusing links to nothing, folders, pipes, devices, empty
    and oversized files (see `pkclean.ingest.files.open_regular`).

    The size is checked before reading, and reading stops one byte past the limit, so a huge
    file (or one growing while it is read) is never loaded whole.
    """
    with open_regular(path) as handle:
        return _read_all(handle, shown(path), max_bytes)


def _read_all(handle: BinaryIO, name: str, max_bytes: int, head: bytes = b"") -> bytes:
    """The rest of an open file after `head` (already read), within the size limit."""
    size = os.fstat(handle.fileno()).st_size
    if size > max_bytes:
        raise TooLargeError(f"{size} bytes is over the limit of {max_bytes} bytes", path=name)
    try:
        # Sized by the file, not the limit: reading allocates what it is asked for up front.
        data = head + _read_up_to(handle, size + 1 - len(head))
        if len(data) > size:  # it grew since fstat(): read on, up to the limit
            data += _read_up_to(handle, max_bytes + 1 - len(data))
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=name) from None
    if len(data) > max_bytes:
        raise TooLargeError(f"file grew over the limit of {max_bytes} bytes", path=name)
    if not data or data.isspace():
        raise EmptyFileError("empty or whitespace-only file", path=name)
    return data


def _read_up_to(handle: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes (an unbuffered read may return fewer than asked before the end)."""
    parts = []
    while size > 0:
        part = handle.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class _Bounded(io.RawIOBase):
    """An open file read as a stream, refused once it grows past the size limit."""

    def __init__(self, handle: BinaryIO, name: str, max_bytes: int) -> None:
        self._handle = handle
        self._name = name
        self._max_bytes = max_bytes
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = self._handle.seek(offset, whence)
        return self._position

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size if size >= 0 else self._max_bytes + 1)
        self._position += len(data)
        if self._position > self._max_bytes:
            raise TooLargeError(
                f"file grew over the limit of {self._max_bytes} bytes", path=self._name
            )
        return data


def open_input(
    data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[bytes, InputKind]:
    """The bytes to read and the input kind that reads them (pure).

    Gzip data goes to an input kind that recognises it compressed (warcio reads WARC.gz
    itself); otherwise it is decompressed under `max_bytes` and sniffed again, under its name
    without `.gz`. Bytes that only plain text would take are refused if they are binary.
    """
    kind = kinds.kind_for(data[:_SNIFF_BYTES], name)
    compressed = kind is TEXT and is_gzip(data)
    if compressed:
        data = gunzip(data, max_bytes=max_bytes)
        name = name[:-3] if name.lower().endswith(".gz") else name
        kind = kinds.kind_for(data[:_SNIFF_BYTES], name)
    if kind is TEXT:
        what = binary_kind(data[:_SNIFF_BYTES])
        if what is not None:
            inside = " inside gzip data" if compressed else ""
            raise BinaryFileError(f"{what}{inside}, not text")
    return data, kind


def load(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDoc]:
    """Read the documents of one file (a web archive may hold many).

    Documents and errors name the file as `pkclean.ingest.names.shown` writes it. A kind that reads
    a stream (web archives) reads the open file; others get its bytes. Every error raised is
    an `InputError` naming the file.
    """
    name = shown(path)
    with open_regular(path, shown_as=name) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise TooLargeError(f"{size} bytes is over the limit of {max_bytes} bytes", path=name)
        head = _read_up_to(handle, _SNIFF_BYTES)
        try:
            kind = kinds.kind_for(head, path)
            if kind.stream is not None:
                handle.seek(0)
                stream = _Bounded(handle, name, max_bytes)
                yield from kind.stream(stream, name, limits)  # type: ignore[arg-type]
                return
            too_long = kind is TEXT and size > limits.max_text_bytes
            if too_long and not is_gzip(head) and binary_kind(head) is None:
                # Refused before it is read whole (a binary file keeps its own code).
                raise TooLargeError(
                    f"{size:,} bytes of text is over the limit of "
                    f"{limits.max_text_bytes:,} per text document"
                )
            raw = _read_all(handle, name, max_bytes, head)
            sha256 = hashlib.sha256(raw).hexdigest()
            data, kind = open_input(raw, path, max_bytes=max_bytes)
            yield from kind.read(data, name, sha256, limits)
        except InputError as exc:
            if exc.path is None:
                exc.path = name
            raise
