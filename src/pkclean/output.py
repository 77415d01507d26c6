"""I/O edge for outputs: written to a hidden temporary file and renamed into place on success.

The temporary file is `.NAME.XXXXXXXX.part` beside the target: hidden, so that no folder scan
(pkclean's included) picks it up, and named after the file it will become. It is removed when
the run fails or is interrupted; only a process killed outright (SIGKILL, power loss) can
leave one behind, and the target is then still the old file or absent, never half-written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, UsageError

#: Permission bits of a new output before the umask, as for any file a program creates.
NEW_FILE_MODE = 0o666
#: Write buffer: one system call per megabyte rather than per record or two.
BUFFER_BYTES = 1 << 20


def part_name(target: Path) -> Path:
    """A fresh hidden temporary name beside `target`.

    >>> part_name(Path("out/corpus.jsonl")).name.startswith(".corpus.jsonl.")
    True
    """
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[BinaryIO]:
    """Yield a binary stream for `path` (`-` is standard output).

    The data goes to a temporary file beside the target, which replaces the target only when
    the block finishes without an exception: an interrupted run leaves the old file or none.
    A new file gets the usual permissions (0666 less the umask); a replaced file keeps its
    own. A symbolic link is followed: the file it points to is replaced, the link is kept.
    Raises `OutputError` when the file cannot be written.
    """
    if path == "-":
        with _stdout() as stream:
            yield stream
        return
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    part, handle = _create_part(target, path)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, part)
        os.replace(part, target)
        _sync_folder(target.parent)
    except OSError as exc:
        _remove(part)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(part)
        raise


def _create_part(target: Path, shown: str) -> tuple[Path, BinaryIO]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    while True:
        part = part_name(target)
        try:
            descriptor = os.open(part, flags, NEW_FILE_MODE)
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise OutputError(
                f"cannot write {shown}: the folder {target.parent} does not exist"
            ) from None
        except OSError as exc:
            raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
        return part, os.fdopen(descriptor, "wb", buffering=BUFFER_BYTES)


def _copy_mode(target: Path, part: Path) -> None:
    """Give the new file the permissions of the one it replaces, if any."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(part, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(descriptor)


def _remove(part: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(part)


@contextlib.contextmanager
def _stdout() -> Iterator[BinaryIO]:
    """Standard output; a reader that goes away (`| head`) is an output error, quietly."""
    stream = sys.stdout.buffer
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        # Point stdout at nothing, so that Python's own flush at exit raises no second error.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        raise OutputError("standard output was closed before the export finished") from None


def refuse_output_inside_inputs(output: str, inputs: Iterable[str]) -> None:
    """Refuse an output path inside a folder that is being read (it would be read back).

    Symbolic links, relative paths, `..` and other names for the same folder (a bind mount,
    a case-insensitive file system) are seen through: folders are compared by identity.
    """
    if output == "-":
        return
    target = Path(os.path.realpath(output))
    outer = [_identity(folder) for folder in (target, *target.parents)]
    for arg in inputs:
        if arg == "-":
            continue
        source = _identity(Path(os.path.realpath(arg)))
        if source is None:
            continue
        if source == outer[0]:
            raise UsageError(f"the output {output} is also an input ({arg})")
        if os.path.isdir(arg) and source in outer[1:]:
            raise UsageError(f"the output {output} is inside the input folder {arg}")


def refuse_same_file(first: str, second: str, what: str) -> None:
    """Refuse two outputs of one run that are the same file."""
    if first == "-" or second == "-":
        if first == second:
            raise UsageError(f"{what} cannot both go to standard output")
        return
    same_path = os.path.realpath(first) == os.path.realpath(second)
    one, two = _identity(Path(first)), _identity(Path(second))
    if same_path or (one is not None and one == two):
        raise UsageError(f"{what} are the same file: {first}")


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing path, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
