"""Readers of parts: each gives back the records of one shard's output, as its exporter
encoded them, checked against the part's manifest (its frame, records and hash).

The reader of a stream format (a head, one run of bytes per record, a tail) checks that a
part's head and tail are those its exporter writes and gives back each record as the
exporter's `encode()` made it, so that writing the records of every part, in key order, to
a fresh exporter writes the bytes of one whole run. A format whose exporter changes a record
as it writes it (TEI numbers repeated ids) undoes that in `unwritten()`. A database is not a
stream: its reader (`formats.sqlite_parts`) reads each article's rows back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import BinaryIO, ClassVar, NamedTuple

from ..errors import MismatchError
from ..ingest.names import shown
from .digests import HashingReader, file_digest
from .exporters import Exporter
from .exporters.repeats import SeenCounter
from .exporters.tei import PLACEHOLDER_ID_ATTRIBUTE
from .parts import Key, Part


class MergedRecord(NamedTuple):
    """A record of some part, as its exporter encoded it (with its source path, from a
    reader that `notes_duplicates`)."""

    key: Key
    id: str
    data: bytes
    path: str = ""


class PartReader:
    """Reads the records of one part of a stream format (see the module docstring)."""

    #: True for a format that lists the duplicates it holds (SQLite): its records carry
    #: their source paths, and the merge finds the duplicates again over every record.
    notes_duplicates: ClassVar[bool] = False

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
        tail, and the hash of all its bytes, are checked after the last."""
        head, tail = self._frame()
        body = sum(record.length for record in part.records)
        if part.head != len(head) or part.size != len(head) + body + len(tail):
            raise altered(part)
        reader = HashingReader(stream)
        if reader.read(len(head)) != head:
            raise altered(part)
        try:
            for record in part.records:
                data = reader.read(record.length)
                if len(data) != record.length:
                    raise altered(part)
                yield MergedRecord(record.key, record.id, self.unwritten(data, record.id))
            if reader.read() != tail or reader.hexdigest() != part.sha256:
                raise altered(part)
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


def altered(part: Part) -> MismatchError:
    """The error for a part that is not what its manifest says."""
    return MismatchError(
        f"{shown(part.path)} does not match its manifest: it was changed after pkclean wrote it"
    )


def check_digest(part: Part, stream: BinaryIO) -> None:
    """Refuse a part whose bytes (read once, from the start of its open file, which is left
    there) do not hash to its manifest's."""
    if file_digest(stream) != part.sha256:
        raise altered(part)
