"""Merging shard outputs: each format's records read back from its parts, in run order.

A format joins `pkclean merge` by registering a reader of its parts (`formats.part_readers`
for stream formats, `formats.sqlite_parts` for databases) under its name.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

from ..errors import MismatchError, UsageError
from ..registry import Registry
from .exporters import Exporter
from .part_readers import MergedRecord, PartReader, TeiPartReader
from .parts import Key, Part
from .sqlite_parts import SqlitePartReader


def cannot_merge(name: str) -> str:
    """Why the format `name` cannot be merged."""
    return f"the format {name} cannot be merged (mergeable: {', '.join(names())})"


def _unknown(name: str) -> UsageError:
    return UsageError(cannot_merge(name))


_READERS: Registry[type[PartReader]] = Registry("mergeable format", unknown=_unknown)


def register(name: str, reader: type[PartReader]) -> type[PartReader]:
    """Let the format `name` be merged, its parts read by `reader`."""
    return _READERS.register(name, reader)


def get(name: str) -> type[PartReader]:
    return _READERS.get(name)


def registered() -> tuple[type[PartReader], ...]:
    return _READERS.registered()


def names() -> tuple[str, ...]:
    return _READERS.names()


register("jsonl", PartReader)
register("csv", PartReader)
register("tei", TeiPartReader)
register("sqlite", SqlitePartReader)


def merged_records(
    parts: Iterable[Part],
    streams: Iterable[BinaryIO],
    reader_class: type[PartReader],
    options: Mapping[str, object],
    exporter_class: type[Exporter],
) -> Iterator[MergedRecord]:
    """The records of every part, in key order (the order of one whole run)."""
    readers = [
        reader_class(exporter_class, options).records(part, stream)
        for part, stream in zip(parts, streams, strict=True)
    ]
    previous: Key | None = None
    for record in heapq.merge(*readers, key=lambda record: record.key):
        if record.key == previous:
            raise MismatchError(
                f"two parts hold the record of input {record.key[0]} page {record.key[1]}"
            )
        previous = record.key
        yield record
