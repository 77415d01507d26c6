"""I/O edge: an exclusive lock that pkclean runs take before updating a shared file.

The lock is taken on a hidden file beside the one updated, `.NAME.lock`, which stays: a file
that is replaced by a rename cannot carry a lock itself (the lock would stay with the old
file). Where the platform has no `flock`, there is no lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError
from ..ingest.names import shown

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(path: Path) -> Path:
    """The lock file of `path`.

    >>> lock_path(Path("exports/datapackage.json")).as_posix()
    'exports/.datapackage.json.lock'
    """
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock on `path` for the block, waiting for another run that holds it."""
    if fcntl is None:
        yield
        return
    lock = lock_path(path)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(lock, flags, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot lock {shown(str(path))}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
