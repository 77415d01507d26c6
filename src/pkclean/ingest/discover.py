"""Finding the input files under the paths a user gives, lazily and in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


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
