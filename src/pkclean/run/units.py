"""Units of work: an input file, or the pages of a large web archive, one by one.

A web archive over `BatchSettings.split_bytes` is read by the main process, record by record
(`scan_archive`), and each page it holds is a unit of its own: pages go to the workers in
chunks like files, so the records of one archive are cleaned by every worker, and memory does
not grow with the archive's size. Every other file is one unit, read and cleaned by a worker.

Either way the output is the same: `gather` folds the problems of a split archive's pages
into the one rejection that reading it whole in one worker gives, at the same place.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..document import Limits
from ..errors import InputError
from ..ingest import kinds
from ..ingest.discover import discover
from ..ingest.files import open_regular
from ..ingest.kinds.warc import ArchiveEnd, Capture, archive_error, scan_archive
from ..ingest.names import shown
from .results import Rejection, Result, rejection


@dataclass(frozen=True, slots=True)
class PageFailed:
    """A page of a split archive that could not be read: kept for the archive's report."""

    path: str
    code: str
    message: str

    def error(self) -> InputError:
        """The error again, as `archive_error` takes it."""
        error = InputError(self.message, path=self.path)
        error.code = self.code
        return error


@dataclass(frozen=True, slots=True)
class Aborted:
    """A split archive whose reading broke off on something unexpected: its rejection."""

    path: str
    code: str
    message: str


#: What a worker is given: a file's path, a page of a split archive, or (passed through in
#: their turn) a split archive's reading problems and its end.
Unit = str | Capture | PageFailed | ArchiveEnd | Aborted
#: What `gather` takes in order besides results: a split archive's problems and its end.
Note = PageFailed | ArchiveEnd | Aborted

#: Bytes read from a large file to tell whether it is a web archive.
_SNIFF_BYTES = 8192


class Piece(NamedTuple):
    """What a unit gives: articles and rejections in order, the input files it completes (0
    for one page of a split archive), and for a split archive's other units what `gather`
    needs."""

    results: list[Result]
    files: int
    note: Note | None = None


def units(paths: Iterable[str], split_bytes: int, limits: Limits) -> Generator[Unit, None, None]:
    """The units of work under `paths`, lazily, in discovery and record order; `limits`
    bound each record of an archive read here (`pkclean.ingest.load.record_limits`)."""
    for path in discover(paths):
        if _is_large_archive(path, split_bytes):
            yield from archive_units(path, limits)
        else:
            yield path


def archive_units(path: str, limits: Limits) -> Iterator[Unit]:
    """The units of one web archive read here: its pages and problems, then its end."""
    name = shown(path)
    try:
        with open_regular(path, shown_as=name) as handle:
            for scanned in scan_archive(handle, name, limits):
                if isinstance(scanned, InputError):
                    yield PageFailed(scanned.path or name, scanned.code, scanned.message)
                else:
                    yield scanned
    except Exception as exc:
        rejected = rejection(name, exc)
        yield Aborted(rejected.path, rejected.code, rejected.message)


def _is_large_archive(path: str, split_bytes: int) -> bool:
    """Whether `path` is a web archive (by content) of more than `split_bytes` bytes.

    A file that cannot be looked at is not: its worker says why.
    """
    try:
        if os.stat(path).st_size <= split_bytes:
            return False
        with open_regular(path) as handle:
            head = handle.read(_SNIFF_BYTES)
    except (OSError, InputError):
        return False
    return kinds.kind_for(head, path).stream is not None


def gather(pieces: Iterable[Piece]) -> Iterator[Piece]:
    """The pieces of a batch, in order, each split archive's problems folded into its
    rejection, which comes with the piece that completes the archive."""
    failures: list[InputError] = []
    for piece in pieces:
        note = piece.note
        if note is None:
            yield piece
        elif isinstance(note, PageFailed):
            failures.append(note.error())
        elif isinstance(note, Aborted):
            failures.clear()
            yield Piece([Rejection(note.path, note.code, note.message)], 1)
        else:
            error = archive_error(note, failures)
            failures = []
            if error is None:
                yield Piece([], 1)
            else:
                yield Piece([Rejection(error.path or note.path, error.code, error.message)], 1)
