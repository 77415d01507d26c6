"""Merging shard outputs: each format's records read back from its parts, in run order.

A format joins `pkclean merge` by registering a `PartReader` under its name. The reader of
a stream format (a head, one run of bytes per record, a tail) checks that a part's head and
tail are those its exporter writes and gives back each record as the exporter's `encode()`
made it, so that writing the records of every part, in key order, to a fresh exporter
writes the bytes of one whole run. A format whose exporter changes a record as it writes
it (TEI numbers repeated ids) undoes that in `unwritten()`.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO, NamedTuple

from ..errors import MismatchError, UsageError
from ..ingest.names import shown
from ..registry import Registry
from .exporters import Exporter
from .exporters.repeats import SeenCounter
from .exporters.tei import PLACEHOLDER_ID_ATTRIBUTE
from .parts import Key, Part


class MergedRecord(NamedTuple):
    """A record of some part, as its exporter encoded it."""

    key: Key
    id: str
    data: bytes


class PartReader:
    """Reads the records of one part of a stream format (see the module docstring)."""

    def __init__(self, exporter_class: type[Exporter], options: Mapping[str, object]) -> None:
        self.exporter_class = exporter_class
        self.options = options

    def unwritten(self, data: bytes, article_id: str) -> bytes:
        """A record as `encode()` made it, from the bytes `write_encoded()` wrote."""
        return data

    def close(self) -> None:
        """Drop what reading one part kept."""

    def records(self, part: Part, stream: BinaryIO) -> Iterator[MergedRecord]:
        """The records of `part`, read from its open file, after its head is checked; its
        tail is checked after the last."""
        head, tail = self._frame()
        body = sum(record.length for record in part.records)
        if part.head != len(head) or part.size != len(head) + body + len(tail):
            raise _altered(part)
        if stream.read(len(head)) != head:
            raise _altered(part)
        try:
            for record in part.records:
                data = stream.read(record.length)
                if len(data) != record.length:
                    raise _altered(part)
                yield MergedRecord(record.key, record.id, self.unwritten(data, record.id))
            if stream.read() != tail:
                raise _altered(part)
        finally:
            self.close()

    def _frame(self) -> tuple[bytes, bytes]:
        """The bytes the exporter writes before the first record and after the last."""
        buffer = io.BytesIO()
        exporter = self.exporter_class(buffer, **self.options)
        exporter.start()
        head = buffer.getvalue()
        exporter.finish()
        return head, buffer.getvalue()[len(head) :]


class TeiPartReader(PartReader):
    """TEI: a part numbered repeated ids (`-2`, `-3`…) among its own records only; the merged
    corpus numbers them again among all records."""

    def __init__(self, exporter_class: type[Exporter], options: Mapping[str, object]) -> None:
        super().__init__(exporter_class, options)
        self._seen = SeenCounter()

    def unwritten(self, data: bytes, article_id: str) -> bytes:
        seen = self._seen.add(article_id)
        xml_id = article_id if seen == 1 else f"{article_id}-{seen}"
        return data.replace(f'xml:id="{xml_id}"'.encode(), PLACEHOLDER_ID_ATTRIBUTE, 1)

    def close(self) -> None:
        self._seen.close()
        self._seen = SeenCounter()


def _altered(part: Part) -> MismatchError:
    return MismatchError(
        f"{shown(part.path)} does not match its manifest: it was changed after pkclean wrote it"
    )


#: Why a format has no part reader, and what to do instead.
UNMERGEABLE = {
    "sqlite": "a database is built whole, not record by record: export the shards with "
    "--format jsonl and merge those; a database of the whole corpus comes from one run of "
    "export --format sqlite (with --checkpoint DIR, it resumes after a crash)",
}


def cannot_merge(name: str) -> str:
    """Why the format `name` cannot be merged, and what to do instead."""
    why = UNMERGEABLE.get(name, f"mergeable: {', '.join(names())}")
    return f"the format {name} cannot be merged ({why})"


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
