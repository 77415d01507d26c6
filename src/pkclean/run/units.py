"""Units of work: an input file, or the pages of a large web archive, one by one.

A web archive over `BatchSettings.split_bytes` is read by the main process, record by record
(`scan_archive`), and each page it holds is a unit of its own (`Page`): pages go to the
workers in chunks like files, so the records of one archive are cleaned by every worker, and
memory does not grow with the archive's size. Every other file is one unit (`Item`), read and
cleaned by a worker; a smaller web archive is numbered and selected by that worker with the
same `archive_units`, so the output is the same whichever process read it.

Every unit carries its key in the whole run: the position of its input in discovery order
and, for a page, its index among the archive's pages (counting pages that could not be read).
`--shard` selects by those keys (`pkclean.run.shards.Selection`). `gather` folds the problems
of a split archive's pages into the one rejection that reading it whole in one worker gives,
at the same place.
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
from ..ingest.kinds.warc import ArchiveEnd, Capture, Scanned, archive_error, scan_archive
from ..ingest.names import shown
from .results import Rejection, Result, rejection
from .shards import Selection, Shard


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


#: What `gather` takes in order besides results: a split archive's problems and its end.
Note = PageFailed | ArchiveEnd | Aborted


class Item(NamedTuple):
    """An input file of the run: its position in discovery order and its path."""

    position: int
    path: str


class Page(NamedTuple):
    """A page of a web archive, to read (and, if `clean`, to clean) in a worker.

    `owner` says whether this run reports the archive's own rejection (`Selection.whole`): a
    shard that owns the archive but not the page reads it only for that report.
    """

    position: int
    record: int
    path: str
    capture: Capture
    clean: bool = True
    owner: bool = True


class Noted(NamedTuple):
    """A problem or the end of a web archive, passed through in its turn for `gather`;
    `record` is where the archive's rejection goes among its pages."""

    position: int
    record: int
    path: str
    note: Note
    owner: bool = True


#: What a worker is given: a file, a page of a split archive, or a split archive's note.
Unit = Item | Page | Noted
#: A result and the index of its document in its input.
KeyedResult = tuple[int, Result]

#: Bytes read from a large file to tell whether it is a web archive.
_SNIFF_BYTES = 8192


class Piece(NamedTuple):
    """What a unit gives: the position of its input, articles and rejections in order each
    with its document's index, the input files it completes (0 for one page of a split
    archive), and for a split archive's notes what `gather` needs."""

    position: int
    results: list[KeyedResult]
    files: int
    note: Noted | None = None


def items(paths: Iterable[str], shard: Shard | None = None) -> Iterator[Item]:
    """The inputs under `paths` in discovery order, those a shard does not read left out
    (their positions are kept, so keys are those of the whole run)."""
    for position, path in enumerate(discover(paths)):
        if shard is None or shard.reads(path):
            yield Item(position, path)


def units(
    paths: Iterable[str], split_bytes: int, limits: Limits, shard: Shard | None = None
) -> Generator[Unit, None, None]:
    """The units of work under `paths`, lazily, in discovery and record order; `limits`
    bound each record of an archive read here (`pkclean.ingest.load.record_limits`)."""
    for item in items(paths, shard):
        if _is_large_archive(item.path, split_bytes):
            yield from _read_here(item, Selection(item.path, shard), limits)
        else:
            yield item


def _read_here(item: Item, selection: Selection, limits: Limits) -> Iterator[Unit]:
    name = shown(item.path)
    try:
        with open_regular(item.path, shown_as=name) as handle:
            yield from archive_units(item, selection, scan_archive(handle, name, limits))
    except Exception as exc:  # it could not be opened (`archive_units` catches the rest)
        rejected = rejection(name, exc)
        aborted = Aborted(rejected.path, rejected.code, rejected.message)
        yield Noted(item.position, 0, item.path, aborted, selection.whole())


def archive_units(
    item: Item, selection: Selection, scanned: Iterator[Scanned]
) -> Iterator[Page | Noted]:
    """The units of one web archive, numbered from what `scan_archive` finds: the pages
    `selection` cleans (or, as the archive's owner, reads for its report), its problems and
    its end. Reading that breaks off on something unexpected gives an `Aborted` note."""
    position, name, owner = item.position, shown(item.path), selection.whole()
    pages = 0
    try:
        for found in scanned:
            if isinstance(found, ArchiveEnd):
                yield Noted(position, pages, item.path, found, owner)
                continue
            index = pages
            if isinstance(found, Capture) or found.path is not None:
                pages += 1  # a page, read or not (as `scan_archive` counts them)
            if isinstance(found, Capture):
                clean = selection.page(index)
                if clean or owner:
                    yield Page(position, index, item.path, found, clean, owner)
            else:
                failed = PageFailed(found.path or name, found.code, found.message)
                yield Noted(position, index, item.path, failed, owner)
    except Exception as exc:
        rejected = rejection(name, exc)
        aborted = Aborted(rejected.path, rejected.code, rejected.message)
        yield Noted(position, pages, item.path, aborted, owner)


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
    rejection, which comes with the piece that completes the archive (if this run owns
    the archive: see `Page`)."""
    failures: list[InputError] = []
    for piece in pieces:
        noted = piece.note
        if noted is None:
            yield piece
            continue
        note = noted.note
        if isinstance(note, PageFailed):
            failures.append(note.error())
            continue
        error: InputError | Rejection | None
        if isinstance(note, Aborted):
            error = Rejection(note.path, note.code, note.message)
        else:
            error = archive_error(note, failures)
        failures = []
        results: list[KeyedResult] = []
        if error is not None and noted.owner:
            results.append((noted.record, _rejected(error, note.path)))
        yield Piece(noted.position, results, 1)


def _rejected(error: InputError | Rejection, path: str) -> Rejection:
    if isinstance(error, Rejection):
        return error
    return Rejection(error.path or path, error.code, error.message)
