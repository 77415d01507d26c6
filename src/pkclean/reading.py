"""I/O edge for inputs: find files under the given paths and read documents out of them.

Reading a file refuses, each with its own error code, what cannot be an article: broken
links, folders, pipes and unreadable files (`broken_link`, `unreadable`), files over the size
limit (`too_large`, checked before reading), empty files (`empty_file`) and binary files
(`binary_file`, by content). Gzip data is decompressed, under the same size limit, before the
input kind is chosen, so `.txt.gz` and `.html.gz` read like their plain forms.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import inputs
from .document import SourceDoc
from .errors import (
    BinaryFileError,
    BrokenLinkError,
    EmptyFileError,
    InputError,
    TooLargeError,
    UnreadableError,
)
from .gzipped import gunzip, is_gzip
from .inputs.base import InputKind
from .inputs.text import TEXT
from .sniffing import binary_kind

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 8192


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Yield file paths under each argument, lazily, folders recursively in sorted order.

    Hidden files and folders (names starting with a dot) inside folders are skipped; a path
    given explicitly is always yielded, even if it does not exist, so that it is reported.
    Folders that cannot be listed and symbolic links to folders are yielded too, so that
    reading them reports why they were not read: nothing is skipped silently.
    """
    for arg in paths:
        if os.path.isdir(arg):
            yield from _walk(arg)
        else:
            yield Path(arg).as_posix() if arg != "-" else arg


def _walk(folder: str) -> Iterator[str]:
    failed: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: failed.append(exc.filename)):
        yield from _drain(failed)
        linked = sorted(d for d in dirs if os.path.islink(os.path.join(root, d)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        prefix = _prefix(root)  # once per folder: a Path per file costs more than reading it
        for name in sorted([*files, *linked]):
            if not name.startswith("."):
                yield prefix + name
    yield from _drain(failed)


def _prefix(root: str) -> str:
    """What `Path(root, name).as_posix()` puts before `name`.

    >>> [_prefix(root) for root in ("seeds/", "./a//b", ".", "/")]
    ['seeds/', 'a/b/', '', '/']
    """
    base = Path(root).as_posix()
    return "" if base == "." else base.rstrip("/") + "/"


def _drain(failed: list[str]) -> Iterator[str]:
    while failed:
        yield Path(failed.pop(0)).as_posix()


def read_bytes(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole regular file, refusing links to nothing, folders, empty and oversized files.

    The size is checked before reading, and reading stops one byte past the limit, so a huge
    file (or one growing while it is read) is never loaded whole.
    """
    if os.path.islink(path) and not os.path.exists(path):
        raise BrokenLinkError(
            f"broken symbolic link: its target {os.readlink(path)} does not exist", path=path
        )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableError("no such file", path=path) from None
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableError(_folder_problem(path), path=path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableError("not a regular file (a pipe, socket or device)", path=path)
    if info.st_size > max_bytes:
        raise TooLargeError(
            f"{info.st_size} bytes is over the limit of {max_bytes} bytes", path=path
        )
    try:
        with open(path, "rb") as handle:
            # Sized by the file, not the limit: read(n) allocates n bytes up front.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since stat(): read on, up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=path) from None
    if len(data) > max_bytes:
        raise TooLargeError(f"file grew over the limit of {max_bytes} bytes", path=path)
    if not data or data.isspace():
        raise EmptyFileError("empty or whitespace-only file", path=path)
    return data


def _folder_problem(path: str) -> str:
    if os.path.islink(path):
        return "a symbolic link to a folder (not followed: give the folder itself as a PATH)"
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"a folder that cannot be listed: {exc.strerror}"
    return "a folder, not a file"


def open_input(
    data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[bytes, InputKind]:
    """The bytes to read and the input kind that reads them (pure).

    Gzip data goes to an input kind that recognises it compressed (warcio reads WARC.gz
    itself); otherwise it is decompressed under `max_bytes` and sniffed again, under its name
    without `.gz`. Bytes that only plain text would take are refused if they are binary.
    """
    kind = inputs.sniff(data[:_SNIFF_BYTES], name)
    compressed = kind is TEXT and is_gzip(data)
    if compressed:
        data = gunzip(data, max_bytes=max_bytes)
        name = name[:-3] if name.lower().endswith(".gz") else name
        kind = inputs.sniff(data[:_SNIFF_BYTES], name)
    if kind is TEXT:
        what = binary_kind(data[:_SNIFF_BYTES])
        if what is not None:
            inside = " inside gzip data" if compressed else ""
            raise BinaryFileError(f"{what}{inside}, not text")
    return data, kind


def load(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDoc]:
    """Read the documents of one file (a web archive may hold many).

    Every error raised is an `InputError` naming the file.
    """
    raw = read_bytes(path, max_bytes=max_bytes)
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        data, kind = open_input(raw, path, max_bytes=max_bytes)
        yield from kind.read(data, path, sha256)
    except InputError as exc:
        if exc.path is None:
            exc.path = path
        raise
