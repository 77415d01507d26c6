"""I/O edge for inputs: find files under the given paths and read documents out of them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import inputs
from .document import SourceDoc
from .errors import BrokenLinkError, EmptyFileError, TooLargeError, UnreadableError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 8192


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Yield file paths under each argument, lazily, folders recursively in sorted order.

    Hidden files and folders (names starting with a dot) inside folders are skipped; a path
    given explicitly is always yielded, even if it does not exist, so that it is reported.
    """
    for arg in paths:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root, name).as_posix()
        else:
            yield Path(arg).as_posix() if arg != "-" else arg


def read_bytes(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole file, refusing broken links, folders, empty and oversized files."""
    if os.path.islink(path) and not os.path.exists(path):
        raise BrokenLinkError("broken symbolic link", path=path)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise UnreadableError("no such file", path=path) from None
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=path) from None
    if size > max_bytes:
        raise TooLargeError(f"{size} bytes is over the limit of {max_bytes} bytes", path=path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise UnreadableError("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=path) from None
    if len(data) > max_bytes:
        raise TooLargeError(f"file grew over the limit of {max_bytes} bytes", path=path)
    if not data.strip():
        raise EmptyFileError("empty or whitespace-only file", path=path)
    return data


def load(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDoc]:
    """Read the documents of one file (a web archive may hold many)."""
    data = read_bytes(path, max_bytes=max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    kind = inputs.sniff(data[:_SNIFF_BYTES], path)
    yield from kind.read(data, path, sha256)
