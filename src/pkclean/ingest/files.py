"""I/O edge: opening a file to read, refusing what is not a regular file before it can hang.

A file is opened without blocking and checked on the open descriptor, so a pipe, socket or
device cannot stall a run (opening a FIFO to read waits for a writer), however the path
changes between a check and the open. A file found through a symbolic link can be required
to lie inside a folder, so that reading a folder never reads, or prints, a file outside it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import BrokenLinkError, UnreadableError
from .names import shown

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_regular(path: str, *, within: str | None = None, shown_as: str | None = None) -> BinaryIO:
    """Open a regular file to read (unbuffered, binary), or raise an `InputError` saying why
    not: missing, a broken link, a folder, a pipe, socket or device, no permission, or (with
    `within`) a symbolic link to somewhere outside the folder `within`.

    `shown_as` is the name errors give (the escaped path by default).
    """
    return open_sized(path, within=within, shown_as=shown_as)[0]


def open_sized(
    path: str, *, within: str | None = None, shown_as: str | None = None
) -> tuple[BinaryIO, int]:
    """`open_regular`, and the file's size when it was opened (from the same `fstat` that
    found it a regular file)."""
    name = shown_as if shown_as is not None else shown(path)
    if within is not None:
        refuse_link_out(path, within, name)
    try:
        descriptor = os.open(path, _FLAGS)
    except FileNotFoundError:
        if os.path.islink(path):
            target = shown(os.readlink(path))
            raise BrokenLinkError(
                f"broken symbolic link: its target {target} does not exist", path=name
            ) from None
        raise UnreadableError("no such file", path=name) from None
    except IsADirectoryError:
        raise UnreadableError(folder_problem(path), path=name) from None
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror}", path=name) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableError(folder_problem(path), path=name)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableError("not a regular file (a pipe, socket or device)", path=name)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb", buffering=0), info.st_size
    except BaseException:
        os.close(descriptor)
        raise


def refuse_link_out(path: str, folder: str, name: str) -> None:
    """Refuse a path that resolves (through symbolic links) to outside `folder`."""
    target = os.path.realpath(path)
    root = os.path.realpath(folder)
    if os.path.commonpath([root, target]) != root:
        raise UnreadableError(
            "a symbolic link to a file outside the folder being read (not followed)", path=name
        )


def folder_problem(path: str) -> str:
    """Why a folder given as a file cannot be read."""
    if os.path.islink(path):
        return "a symbolic link to a folder (not followed: give the folder itself as a PATH)"
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"a folder that cannot be listed: {exc.strerror}"
    return "a folder, not a file"


def parent_folder(path: str) -> str:
    """The folder a file named on its own is read within: the one that holds it."""
    return str(Path(path).parent)
