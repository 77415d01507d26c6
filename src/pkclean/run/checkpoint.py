"""`--checkpoint DIR`: finished chunks of a run kept on disk, so that a rerun resumes.

The units of a run (`pkclean.run.units`: files, and the pages of the web archives the main
process reads), in order, are cut into chunks of `every` units, whatever executor runs them.
When every unit of a chunk is done, its results (records already encoded, rejections, and a
split archive's notes) go to `DIR/chunk-NNNNNNNN.json`, written atomically. A rerun of the
same command takes finished chunks from there and maps only the others, so its output is the
same bytes as an uninterrupted run's. `DIR/checkpoint.json`
names the run (pkclean version, options, inputs, shard, chunk size): a checkpoint of
another run is refused, and so is a chunk whose inputs changed since it was written.
"""

from __future__ import annotations

import base64
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ..errors import MismatchError, UsageError
from ..formats.atomic import atomic_output
from ..ingest.kinds.warc import ArchiveEnd
from ..ingest.names import shown
from .identity import differences
from .results import Encoded, Rejection, Result
from .units import Aborted, Item, KeyedResult, Note, Noted, PageFailed, Piece, Unit

#: Maps units to their pieces, in order (lazily: units may be found as it goes).
Executor = Callable[[Iterable[Unit]], Iterator[Piece]]

IDENTITY_NAME = "checkpoint.json"
#: Units per chunk by default (`--checkpoint-every`).
DEFAULT_EVERY = 64
_ARTICLE, _REJECTION = "a", "r"


class Checkpoint:
    """The chunks of one run kept in a folder (see the module docstring)."""

    def __init__(self, folder: Path, every: int) -> None:
        self.folder = folder
        self.every = every

    @classmethod
    def open(cls, folder: str, identity: Mapping[str, object], every: int) -> Checkpoint:
        """The checkpoint in `folder` for the run `identity` names: made if the folder is
        new or empty, refused (`MismatchError`) if it holds another run's."""
        path = Path(folder)
        if path.exists() and not path.is_dir():
            raise UsageError(f"--checkpoint needs a folder, and {shown(folder)} is a file")
        named = {**identity, "every": every}
        marker = path / IDENTITY_NAME
        try:
            path.mkdir(parents=True, exist_ok=True)
            if marker.exists():
                _check_identity(folder, marker.read_bytes(), named)
            elif any(path.iterdir()):
                raise MismatchError(
                    f"{shown(folder)} is not empty and holds no {IDENTITY_NAME}: not a "
                    "checkpoint of pkclean; give a new or empty folder"
                )
            else:
                with atomic_output(str(marker)) as stream:
                    stream.write(orjson.dumps(named, option=orjson.OPT_INDENT_2))
        except OSError as exc:
            raise UsageError(
                f"cannot use {shown(folder)} as a checkpoint: {exc.strerror or exc}"
            ) from None
        return cls(path, every)

    def run(self, todo: Iterable[Unit], execute: Executor) -> Iterator[Piece]:
        """The pieces of every unit, finished chunks read back and the others mapped by
        `execute` (lazily: units are found as the executor asks for them)."""
        chunks: deque[_Chunk] = deque()

        def pending() -> Iterator[Unit]:
            for number, group in enumerate(_chunked(todo, self.every)):
                done = self._chunk_path(number).exists()
                # Stamps, not the units: a page's body is not held longer than its task.
                chunks.append(_Chunk(number, [_stamp(unit) for unit in group], done))
                if not done:
                    yield from group

        results = execute(pending())
        try:
            yield from self._in_order(chunks, results)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()

    def _in_order(self, chunks: deque[_Chunk], results: Iterator[Piece]) -> Iterator[Piece]:
        ahead: deque[Piece] = deque()  # mapped before their chunk was known
        exhausted = False
        while True:
            while not chunks and not exhausted:
                try:
                    ahead.append(next(results))
                except StopIteration:
                    exhausted = True
            if not chunks:
                return
            chunk = chunks.popleft()
            if chunk.done:
                yield from self._load(chunk)
                continue
            got = [ahead.popleft() if ahead else next(results) for _ in chunk.stamps]
            self._save(chunk, got)
            yield from got

    def _chunk_path(self, number: int) -> Path:
        return self.folder / f"chunk-{number:08d}.json"

    def _save(self, chunk: _Chunk, got: list[Piece]) -> None:
        record = {"inputs": chunk.stamps, "results": [_dump_piece(piece) for piece in got]}
        with atomic_output(str(self._chunk_path(chunk.number))) as stream:
            stream.write(orjson.dumps(record))

    def _load(self, chunk: _Chunk) -> list[Piece]:
        path = self._chunk_path(chunk.number)
        try:
            record = orjson.loads(path.read_bytes())
            inputs, results = record["inputs"], record["results"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MismatchError(f"cannot read {shown(str(path))}: {exc}") from None
        now = chunk.stamps
        if inputs != now:
            changed = next((new for old, new in zip(inputs, now, strict=False) if old != new), None)
            which = f"{shown(str(changed[1]))} changed" if changed else "the inputs changed"
            raise MismatchError(
                f"{shown(str(self.folder))} was made from other inputs ({which} since "
                f"{path.name} was written): use a new checkpoint folder"
            )
        try:
            return [_load_piece(entry) for entry in results]
        except (ValueError, TypeError, KeyError) as exc:
            raise MismatchError(f"{shown(str(path))} is not a chunk pkclean wrote: {exc}") from None


class _Chunk(NamedTuple):
    number: int
    stamps: list[list[Any]]
    done: bool


def _check_identity(folder: str, data: bytes, identity: Mapping[str, object]) -> None:
    try:
        old = orjson.loads(data)
    except ValueError:
        old = None
    if not isinstance(old, dict):
        raise MismatchError(f"{shown(folder)}/{IDENTITY_NAME} is not a checkpoint of pkclean")
    differ = differences(old, identity)
    if differ:
        raise MismatchError(
            f"{shown(folder)} is the checkpoint of another run (other {'; '.join(differ)}): "
            "rerun the same command, or use a new checkpoint folder"
        )


def _stamp(unit: Unit) -> list[Any]:
    """What identifies a unit at a moment: position, path, size and modification time of its
    input, and a page's index and name in its archive."""
    page = [] if isinstance(unit, Item) else [unit.record, _name(unit)]
    try:
        stat = os.stat(unit.path)
    except (OSError, ValueError):
        return [unit.position, unit.path, None, None, *page]
    return [unit.position, unit.path, stat.st_size, stat.st_mtime_ns, *page]


def _name(unit: Unit) -> str:
    if isinstance(unit, Noted):
        return type(unit.note).__name__
    return unit.capture.path if not isinstance(unit, Item) else unit.path


def _dump_piece(piece: Piece) -> list[Any]:
    note = None if piece.note is None else _dump_note(piece.note)
    return [piece.position, [_dump(keyed) for keyed in piece.results], piece.files, note]


def _load_piece(entry: list[Any]) -> Piece:
    position, results, files, note = entry
    noted = None if note is None else _load_note(note)
    return Piece(position, [_load_result(result) for result in results], files, noted)


def _dump_note(noted: Noted) -> list[Any]:
    note = noted.note
    if isinstance(note, ArchiveEnd):
        fields: list[Any] = [note.path, note.pages, [list(pair) for pair in note.passed_over]]
    else:
        fields = [note.path, note.code, note.message]
    kind = type(note).__name__
    return [noted.position, noted.record, noted.path, noted.owner, kind, *fields]


def _load_note(entry: list[Any]) -> Noted:
    position, index, path, owner, kind, *fields = entry
    note: Note
    if kind == "ArchiveEnd":
        name, pages, passed_over = fields
        note = ArchiveEnd(name, pages, tuple((what, count) for what, count in passed_over))
    else:
        note = _NOTES[kind](*fields)
    return Noted(position, index, path, note, owner)


_NOTES: dict[str, type[PageFailed] | type[Aborted]] = {
    "PageFailed": PageFailed,
    "Aborted": Aborted,
}


def _dump(keyed: KeyedResult) -> list[Any]:
    index, result = keyed
    if isinstance(result, Rejection):
        return [index, _REJECTION, result.path, result.code, result.message]
    if isinstance(result, Encoded):
        data = _b64(result.data)
        fingerprint = None if result.fingerprint is None else _b64(result.fingerprint)
        warnings = list(result.warnings)
        return [
            index,
            _ARTICLE,
            result.id,
            result.publication,
            warnings,
            data,
            result.path,
            fingerprint,
        ]
    raise TypeError("a checkpoint keeps encoded records only")


def _load_result(entry: list[Any]) -> KeyedResult:
    index, kind, *rest = entry
    result: Result
    if kind == _REJECTION:
        result = Rejection(*rest)
    else:
        article_id, publication, warnings, data, path, fingerprint = rest
        result = Encoded(
            article_id,
            publication,
            tuple(warnings),
            base64.b64decode(data),
            path,
            None if fingerprint is None else base64.b64decode(fingerprint),
        )
    return index, result


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _chunked(todo: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    iterator = iter(todo)
    while group := list(islice(iterator, size)):
        yield group
