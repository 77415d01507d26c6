"""I/O edge for outputs: the files of a run are written beside their targets, then put in
place together.

Each output file is written to a hidden temporary file beside its target, `.NAME.XXXXXXXX.part`
(the name cut short if need be, so that it fits the file system's limit on names): hidden, so
that no folder scan (pkclean's included) picks it up, and named after the file it will become.
When the run is complete, `OutputSet.commit` renames every temporary file onto its target,
keeping a hard link to each old file until all are in place: if one rename fails, the ones
before it are undone, so the targets are all new or all old, and Ctrl-C or SIGTERM during
those few renames is acted on once they are done. A run that fails or is interrupted before
then leaves every old file as it was (or none), and removes its temporary files. Only a
process killed outright (SIGKILL, power loss) can leave a `.part` file behind (or, killed in
the instant of the renames, a `.old` link to a replaced file); both are safe to delete.

An output that is not a regular file (standard output, `/dev/null`, a pipe or FIFO, a
device, `/dev/stdout`) cannot be replaced: it is written directly, as the run goes, and stays
what it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from ..errors import OutputError, UsageError
from ..ingest.names import shown

#: Permission bits of a new output before the umask, as for any file a program creates.
NEW_FILE_MODE = 0o666
#: Write buffer: one system call per megabyte rather than per record or two.
BUFFER_BYTES = 1 << 20
#: The longest file name where the file system does not say (POSIX's NAME_MAX on Linux).
DEFAULT_NAME_MAX = 255
#: Paths that stand for a stream already open, written directly whatever they point to.
_STREAM_PATHS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def hidden_name(target: Path, suffix: str) -> Path:
    """A fresh hidden name beside `target`: `.NAME.XXXXXXXX<suffix>`, with NAME cut short so
    that the whole fits the folder's limit on the length of a name.

    >>> hidden_name(Path("out/corpus.jsonl"), ".part").name.startswith(".corpus.jsonl.")
    True
    >>> len(os.fsencode(hidden_name(Path("x" * 255), ".part").name)) <= 255
    True
    """
    limit = _name_max(target.parent)
    tail = f".{secrets.token_hex(4)}{suffix}"
    room = limit - 1 - len(tail.encode())
    name = os.fsencode(target.name)[: max(room, 1)]
    return target.with_name("." + os.fsdecode(name) + tail)


def part_name(target: Path) -> Path:
    """A fresh hidden temporary name beside `target` (see `hidden_name`)."""
    return hidden_name(target, ".part")


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder if str(folder) else ".", "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


@dataclass(slots=True)
class _File:
    """One output of a run: where it goes, and the temporary file it is written to first
    (None for an output written directly)."""

    path: str
    target: Path
    part: Path | None
    handle: BinaryIO
    standard: bool = False  # standard output, which is flushed but never closed


class OutputSet:
    """The output files of one run: `open()` or `put()` each, then `commit()` them together.

    Leaving the `with` block without a commit (an error, an interrupt, or a run with nothing
    to write) removes the temporary files and leaves every target as it was.
    """

    def __init__(self) -> None:
        self._files: list[_File] = []
        self.committed = False
        #: A signal (Ctrl-C, SIGTERM) that came while the files were being put in place.
        self.late_signal: int | None = None

    def open(self, path: str) -> BinaryIO:
        """A binary stream for `path` (`-` is standard output); raises `OutputError`."""
        if path == "-":
            self._files.append(_File(path, Path("-"), None, _stdout(), standard=True))
            return self._files[-1].handle
        if direct_output(path):
            handle = _open_direct(path)
            self._files.append(_File(path, Path(path), None, handle))
            return handle
        target = Path(os.path.realpath(path))
        try:
            is_folder = target.is_dir()
        except OSError as exc:
            raise OutputError(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
        if is_folder:
            raise OutputError(f"cannot write {shown(path)}: it is a folder")
        part, handle = _create_part(target, path)
        self._files.append(_File(path, target, part, handle))
        return handle

    def put(self, path: str, data: bytes) -> None:
        """A whole output file, put in place with the others."""
        try:
            self.open(path).write(data)
        except OSError as exc:
            raise OutputError(f"cannot write {shown(path)}: {exc.strerror or exc}") from exc

    def discard(self, path: str) -> None:
        """Drop an output from the set: its target is left as it was."""
        for file in [file for file in self._files if file.path == path]:
            self._files.remove(file)
            _close(file)
            if file.part is not None:
                _remove(file.part)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(file.path for file in self._files)

    def commit(self) -> None:
        """Put every file in place: all of them, or (raising `OutputError`) none."""
        staged = [file for file in self._files if file.part is not None]
        try:
            for file in self._files:
                file.handle.flush()
                if file.part is not None:
                    os.fsync(file.handle.fileno())
            for file in self._files:
                _close(file)
            for file in staged:
                _copy_mode(file.target, file.part)  # type: ignore[arg-type]
        except BrokenPipeError:
            raise _closed_stdout() from None
        except OSError as exc:
            raise self.failure(exc) from exc
        with self._signals_deferred():
            _replace_all(staged)
        self.committed = True
        for folder in {file.target.parent for file in staged}:
            _sync_folder(folder)

    def failure(self, exc: OSError) -> OutputError:
        """The error for a failed write: which files, and that nothing was replaced."""
        if isinstance(exc, BrokenPipeError) and any(file.standard for file in self._files):
            return _closed_stdout()
        names = ", ".join(shown(file.path) for file in self._files) or "the output"
        staged = any(file.part is not None for file in self._files)
        after = "; nothing was replaced" if staged else ""
        return OutputError(f"cannot write {names}: {exc.strerror or exc}{after}")

    @contextlib.contextmanager
    def _signals_deferred(self) -> Iterator[None]:
        """Hold Ctrl-C and SIGTERM back while the files are renamed (main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def note(signum: int, frame: FrameType | None) -> None:
            self.late_signal = signum

        previous = {number: signal.signal(number, note) for number in _DEFERRED}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def close(self) -> None:
        """Remove what was not committed."""
        for file in self._files:
            _close(file)
            if not self.committed and file.part is not None:
                _remove(file.part)
        self._files.clear()

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        to_stdout = any(file.standard for file in self._files)
        self.close()
        if isinstance(exc, BrokenPipeError) and to_stdout:
            raise _closed_stdout() from None


_DEFERRED = (signal.SIGINT, signal.SIGTERM)


def _replace_all(staged: list[_File]) -> None:
    """Rename each part onto its target; on a failure, undo the renames before it."""
    done: list[tuple[_File, Path | None]] = []
    try:
        for file in staged:
            backup = _keep_old(file.target)
            done.append((file, backup))
            os.replace(file.part, file.target)  # type: ignore[arg-type]
    except OSError as exc:
        undone = _undo(done)
        for file in staged:
            _remove(file.part)  # type: ignore[arg-type]
        names = ", ".join(shown(file.path) for file in staged)
        what = "nothing was replaced" if undone else "some files could not be restored"
        raise OutputError(f"cannot put {names} in place: {exc.strerror or exc}; {what}") from exc
    for _, backup in done:
        if backup is not None:
            _remove(backup)


def _keep_old(target: Path) -> Path | None:
    """A hard link to the file `target` now is, kept until every new file is in place."""
    if not target.exists():
        return None
    backup = hidden_name(target, ".old")
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links: move it aside instead
        os.rename(target, backup)
    return backup


def _undo(done: list[tuple[_File, Path | None]]) -> bool:
    """Put the old files back (or remove new ones that had none); whether all went back."""
    ok = True
    for file, backup in reversed(done):
        try:
            if backup is not None and _same_file(backup, file.target):
                os.unlink(backup)  # not replaced yet (rename() of a file onto itself does nothing)
            elif backup is not None:
                os.replace(backup, file.target)
            elif file.target.exists() and file.part is not None and not file.part.exists():
                os.unlink(file.target)
        except OSError:
            ok = False
    return ok


def _same_file(one: Path, two: Path) -> bool:
    try:
        return os.path.samefile(one, two)
    except OSError:
        return False


def direct_output(path: str) -> bool:
    """Whether an output path is written directly: a stream already open (`/dev/stdout`),
    or an existing file that is not a regular one (`/dev/null`, a FIFO, a device)."""
    if path.startswith(_STREAM_PATHS):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _open_direct(path: str) -> BinaryIO:
    try:
        return open(path, "wb", buffering=BUFFER_BYTES)
    except OSError as exc:
        raise OutputError(f"cannot write {shown(path)}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[BinaryIO]:
    """Yield a binary stream for `path` (`-` is standard output), put in place when the block
    finishes without an exception (one file of an `OutputSet`).

    A new file gets the usual permissions (0666 less the umask); a replaced file keeps its
    own. A symbolic link is followed: the file it points to is replaced, the link is kept.
    Raises `OutputError` when the file cannot be written.
    """
    with OutputSet() as outputs:
        stream = outputs.open(path)
        try:
            yield stream
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) and path == "-":
                raise _closed_stdout() from None
            raise outputs.failure(exc) from exc
        outputs.commit()


def _create_part(target: Path, shown_path: str) -> tuple[Path, BinaryIO]:
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
                f"cannot write {shown(shown_path)}: the folder {shown(str(target.parent))} "
                "does not exist"
            ) from None
        except OSError as exc:
            raise OutputError(f"cannot write {shown(shown_path)}: {exc.strerror or exc}") from None
        return part, os.fdopen(descriptor, "wb", buffering=BUFFER_BYTES)


def _copy_mode(target: Path, part: Path) -> None:
    """Give the new file the permissions of the one it replaces, if any."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(part, mode)


def _sync_folder(folder: Path) -> None:
    """Make the renames themselves durable (POSIX); a no-op where folders cannot be opened."""
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


def _close(file: _File) -> None:
    if file.standard:
        with contextlib.suppress(OSError, ValueError):
            file.handle.flush()
        return
    with contextlib.suppress(OSError, ValueError):
        file.handle.close()


def _remove(part: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(part)


def _stdout() -> BinaryIO:
    """Standard output as a binary stream; `OutputError` when it is closed (`>&-`)."""
    from .streams import closed_at_start

    if "stdout" in closed_at_start() or sys.stdout is None:
        raise OutputError("standard output is closed: give --output a file")
    return sys.stdout.buffer


def _closed_stdout() -> OutputError:
    """A reader that went away (`| head`): pointed at nothing, so that Python's own flush at
    exit raises no second error."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return OutputError("standard output was closed before the export finished")


def refuse_output_inside_inputs(output: str, inputs: Iterable[str]) -> None:
    """Refuse an output path inside a folder that is being read (it would be read back).

    Symbolic links, relative paths, `..` and other names for the same folder (a bind mount,
    a case-insensitive file system) are seen through: folders are compared by identity.
    """
    if output == "-" or direct_output(output):
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
            raise UsageError(f"the output {shown(output)} is also an input ({shown(arg)})")
        if os.path.isdir(arg) and source in outer[1:]:
            raise UsageError(f"the output {shown(output)} is inside the input folder {shown(arg)}")


def refuse_same_file(first: str, second: str, what: str) -> None:
    """Refuse two outputs of one run that are the same file."""
    if first == "-" or second == "-":
        if first == second:
            raise UsageError(f"{what} cannot both go to standard output")
        return
    same_path = os.path.realpath(first) == os.path.realpath(second)
    one, two = _identity(Path(first)), _identity(Path(second))
    if same_path or (one is not None and one == two):
        if os.path.realpath(first) == os.devnull:
            return  # /dev/null takes any number of writers
        raise UsageError(f"{what} are the same file: {shown(first)}")


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing path, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
