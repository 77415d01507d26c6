"""`--checkpoint DIR`: finished chunks of a run kept on disk, so that a rerun resumes.

The inputs of a run, in discovery order, are cut into chunks of `every` inputs (a web
archive is one input: its pages are in its chunk). When every input of a chunk is done, its
results (records already encoded, and rejections) go to `DIR/chunk-NNNNNNNN.json`, written
atomically. A rerun of the same command takes finished chunks from there and maps only the
others, so its output is the same bytes as an uninterrupted run's. `DIR/checkpoint.json`
names the run (pkclean version, options, inputs, shard, chunk size): a checkpoint of
another run is refused, and so is a chunk whose inputs changed since it was written.
"""

from __future__ import annotations

import base64
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from ..errors import MismatchError, UsageError
from ..formats.atomic import atomic_output
from ..ingest.names import shown
from .batch import Encoded, Rejection, Result
from .chunks import Executor, Item, ItemResults, KeyedResult
from .identity import differences

IDENTITY_NAME = "checkpoint.json"
#: Inputs per chunk by default (`--checkpoint-every`).
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

    def run(self, todo: Iterable[Item], execute: Executor) -> Iterator[ItemResults]:
        """The results of every item, finished chunks read back and the others mapped by
        `execute` (lazily: items are discovered as the executor asks for them)."""
        chunks: deque[tuple[int, list[Item], bool]] = deque()

        def pending() -> Iterator[Item]:
            for number, group in enumerate(_chunked(todo, self.every)):
                done = self._chunk_path(number).exists()
                chunks.append((number, group, done))
                if not done:
                    yield from group

        results = execute(pending())
        try:
            yield from self._in_order(chunks, results)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()

    def _in_order(
        self, chunks: deque[tuple[int, list[Item], bool]], results: Iterator[ItemResults]
    ) -> Iterator[ItemResults]:
        ahead: deque[ItemResults] = deque()  # mapped before their chunk was known
        exhausted = False
        while True:
            while not chunks and not exhausted:
                try:
                    ahead.append(next(results))
                except StopIteration:
                    exhausted = True
            if not chunks:
                return
            number, group, done = chunks.popleft()
            if done:
                yield from self._load(number, group)
                continue
            got = [ahead.popleft() if ahead else next(results) for _ in group]
            self._save(number, group, got)
            yield from got

    def _chunk_path(self, number: int) -> Path:
        return self.folder / f"chunk-{number:08d}.json"

    def _save(self, number: int, group: list[Item], got: list[ItemResults]) -> None:
        record = {
            "inputs": [_stamp(item) for item in group],
            "results": [[_dump(keyed) for keyed in done.results] for done in got],
        }
        with atomic_output(str(self._chunk_path(number))) as stream:
            stream.write(orjson.dumps(record))

    def _load(self, number: int, group: list[Item]) -> list[ItemResults]:
        path = self._chunk_path(number)
        try:
            record = orjson.loads(path.read_bytes())
            inputs, results = record["inputs"], record["results"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MismatchError(f"cannot read {shown(str(path))}: {exc}") from None
        now = [_stamp(item) for item in group]
        if inputs != now:
            changed = next((new for old, new in zip(inputs, now, strict=False) if old != new), None)
            which = f"{shown(str(changed[1]))} changed" if changed else "the inputs changed"
            raise MismatchError(
                f"{shown(str(self.folder))} was made from other inputs ({which} since "
                f"{path.name} was written): use a new checkpoint folder"
            )
        try:
            return [
                ItemResults(item.position, [_load_result(entry) for entry in entries])
                for item, entries in zip(group, results, strict=True)
            ]
        except (ValueError, TypeError) as exc:
            raise MismatchError(f"{shown(str(path))} is not a chunk pkclean wrote: {exc}") from None


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


def _stamp(item: Item) -> list[Any]:
    """What identifies an input at a moment: position, path, size and modification time."""
    try:
        stat = os.stat(item.path)
    except (OSError, ValueError):
        return [item.position, item.path, None, None]
    return [item.position, item.path, stat.st_size, stat.st_mtime_ns]


def _dump(keyed: KeyedResult) -> list[Any]:
    index, result = keyed
    if isinstance(result, Rejection):
        return [index, _REJECTION, result.path, result.code, result.message]
    if isinstance(result, Encoded):
        data = base64.b64encode(result.data).decode("ascii")
        return [index, _ARTICLE, result.id, result.publication, list(result.warnings), data]
    raise TypeError("a checkpoint keeps encoded records only")


def _load_result(entry: list[Any]) -> KeyedResult:
    index, kind, *rest = entry
    result: Result
    if kind == _REJECTION:
        result = Rejection(*rest)
    else:
        article_id, publication, warnings, data = rest
        result = Encoded(article_id, publication, tuple(warnings), base64.b64decode(data))
    return index, result


def _chunked(todo: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(todo)
    while group := list(islice(iterator, size)):
        yield group
