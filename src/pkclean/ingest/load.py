"""I/O edge for inputs: read the documents out of one file.

Reading a file refuses, each with its own error code, what cannot be an article: broken
links, folders, pipes and unreadable files (`broken_link`, `unreadable`), files over the size
limit (`too_large`, checked before reading), empty files (`empty_file`) and binary files
(`binary_file`, by content). Gzip data is decompressed, under the same size limit, before the
input kind is chosen, so `.txt.gz` and `.html.gz` read like their plain forms.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Generator, Iterator
from typing import BinaryIO

from ..document import DEFAULT_LIMITS, Limits, SourceDoc
from ..errors import BinaryFileError, EmptyFileError, InputError, TooLargeError, UnreadableError
from . import kinds
from .binary import binary_kind
from .files import open_sized
from .gzipped import gunzip, is_gzip
from .kinds.base import InputKind
from .kinds.text import TEXT
from .kinds.warc import Scanned, scan_archive
from .names import shown

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 8192


def read_bytes(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file, refusing links to nothing, folders, pipes, devices, empty
    and oversized files (see `pkclean.ingest.files.open_regular`).

    The size is checked before reading, and reading stops one byte past the limit, so a huge
    file (or one growing while it is read) is never loaded whole.
    """
    handle, size = open_sized(path)
    with handle:
        return _read_all(handle, shown(path), max_bytes, size)


def _read_all(handle: BinaryIO, name: str, max_bytes: int, size: int, head: bytes = b"") -> bytes:
    """The rest of an open file of `size` bytes (when opened) after `head` (already read),
    within the size limit."""
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


def open_input(
    data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, sniffed: InputKind | None = None
) -> tuple[bytes, InputKind]:
    """The bytes to read and the input kind that reads them (pure).

    Gzip data goes to an input kind that recognises it compressed (warcio reads WARC.gz
    itself); otherwise it is decompressed under `max_bytes` and sniffed again, under its name
    without `.gz`. Bytes that only plain text would take are refused if they are binary.
    `sniffed` is the kind already found for the data's first `_SNIFF_BYTES` and `name`.
    """
    kind = sniffed or kinds.kind_for(data[:_SNIFF_BYTES], name)
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


def record_limits(limits: Limits, max_bytes: int) -> Limits:
    """The limits of one record of a web archive: `max_bytes` bounds each page, not the file.

    >>> record_limits(DEFAULT_LIMITS, 1000).max_bytes
    1000
    """
    return limits._replace(max_bytes=min(limits.max_bytes, max_bytes))


def load(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDoc]:
    """Read the documents of one file (a web archive may hold many).

    Documents and errors name the file as `pkclean.ingest.names.shown` writes it. A kind that reads
    a stream (web archives) reads the open file, of any size, `max_bytes` bounding each of its
    records (`record_limits`); others get its bytes, and are refused over `max_bytes`. Every
    error raised is an `InputError` naming the file.
    """
    with contextlib.closing(_read(path, max_bytes, limits, scan=False)) as documents:
        for document in documents:
            if isinstance(document, SourceDoc):
                yield document


def records(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = DEFAULT_LIMITS
) -> Iterator[SourceDoc | Scanned]:
    """`load`, but a web archive's records as `scan_archive` finds them, pages not yet read:
    for a worker that numbers and selects an archive's pages as the main process does."""
    return _read(path, max_bytes, limits, scan=True)


def _read(
    path: str, max_bytes: int, limits: Limits, *, scan: bool
) -> Generator[SourceDoc | Scanned, None, None]:
    name = shown(path)
    handle, size = open_sized(path, shown_as=name)
    with handle:
        head = _read_up_to(handle, _SNIFF_BYTES)
        try:
            kind = kinds.kind_for(head, path)
            if kind.stream is not None:
                handle.seek(0)
                bounded = record_limits(limits, max_bytes)
                if scan:
                    yield from scan_archive(handle, name, bounded)
                else:
                    yield from kind.stream(handle, name, bounded)
                return
            if size > max_bytes:
                raise TooLargeError(f"{size} bytes is over the limit of {max_bytes} bytes")
            too_long = kind is TEXT and size > limits.max_text_bytes
            if too_long and not is_gzip(head) and binary_kind(head) is None:
                # Refused before it is read whole (a binary file keeps its own code).
                raise TooLargeError(
                    f"{size:,} bytes of text is over the limit of "
                    f"{limits.max_text_bytes:,} per text document"
                )
            raw = _read_all(handle, name, max_bytes, size, head)
            sha256 = hashlib.sha256(raw).hexdigest()
            # The kind sniffed from `head` holds if `head` is still the start of what was read.
            sniffed = kind if raw[:_SNIFF_BYTES] == head else None
            data, kind = open_input(raw, path, max_bytes=max_bytes, sniffed=sniffed)
            yield from kind.read(data, name, sha256, limits)
        except InputError as exc:
            if exc.path is None:
                exc.path = name
            raise
