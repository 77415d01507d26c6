"""Keyed batches: every input with its place in the run, every result with its key.

A sharded or checkpointed export needs to know where each result goes among those of one
whole run: its key is the position of its input in discovery order and the index of its
document in the input (`KeyedResult`). Inputs (`Item`) are mapped by an executor, any
function from items to their results in order: `local_executor` is the worker pool of
`--jobs`; another executor (a cluster's) maps the same pure `run_item`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import NamedTuple

from ..ingest.discover import discover
from ..ingest.names import shown
from .batch import BatchSettings, Rejection, Result, work_keyed
from .parallel import ordered_map
from .shards import Selection, Shard

#: A result and the index of its document in its input.
KeyedResult = tuple[int, Result]


class Item(NamedTuple):
    """An input of the run: its position in discovery order and its path."""

    position: int
    path: str


class ItemResults(NamedTuple):
    """The results of one input, each with the index of its document."""

    position: int
    results: list[KeyedResult]


#: Maps items to their results, in order (lazily: items may be discovered as it goes).
Executor = Callable[[Iterable[Item]], Iterator[ItemResults]]


def items(paths: Iterable[str], shard: Shard | None = None) -> Iterator[Item]:
    """The inputs under `paths` in discovery order, those a shard does not read left out
    (their positions are kept, so keys are those of the whole run)."""
    for position, path in enumerate(discover(paths)):
        if shard is None or shard.reads(path):
            yield Item(position, path)


def run_item(item: Item, settings: BatchSettings, shard: Shard | None = None) -> ItemResults:
    """The per-input function of every executor: pure apart from reading the input."""
    return ItemResults(item.position, work_keyed(Selection(item.path, shard), settings))


def lost_item(item: Item, code: str, message: str) -> ItemResults:
    """The result of an input whose worker was stopped or died: its rejection.

    A shard that loses an archive reports it even if another shard owns the archive's own
    rejection, so that none of its pages is lost unsaid.
    """
    return ItemResults(item.position, [(0, Rejection(shown(item.path), code, message))])


def local_executor(settings: BatchSettings, shard: Shard | None, jobs: int) -> Executor:
    """The worker pool of `--jobs`, as an executor."""
    func = partial(run_item, settings=settings, shard=shard)

    def execute(todo: Iterable[Item]) -> Iterator[ItemResults]:
        return ordered_map(
            func, todo, jobs=jobs, isolated=True, seconds=settings.seconds, lost=lost_item
        )

    return execute
