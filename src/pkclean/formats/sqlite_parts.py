"""SQLite parts for `pkclean merge`: each article's rows read back from a shard's database.

A shard's database is the one `export --format sqlite` writes over the shard's share of the
inputs, with its manifest beside it as for every format. Its records are rows, not runs of
bytes: the exporter writes the file whole at the end, so the manifest gives each record a
length of 0, and the database's size and hash. The reader gives each article's rows back, in
article order, in the form `encode()` makes, and the merge builds the database anew with the
same exporter: SQLite converts a value to its column's type once, and a converted value is
stored as it is, so the merged file holds the values the parts hold, the bytes of one run. The
part's `duplicates` and `metadata` tables are not read: the merge finds the exact duplicates
again over every record (`notes_duplicates`), and the exporter counts its own articles. SQLite
reads the file itself, so the hash is checked in one pass of its own over the part's bytes,
after the last article (a part that is no longer a database pkclean wrote is named so first).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from ..errors import MismatchError
from ..ingest.names import shown
from .part_readers import MergedRecord, PartReader, altered, check_digest
from .parts import Part
from .sqlite_tables import APPLICATION_ID, ARTICLES, DATABASE_VERSION, LISTS, children

#: The columns of `articles` that `encode()` gives, in its order (the number comes from the
#: exporter).
_COLUMNS = ARTICLES.names[1:]
_ID = _COLUMNS.index("id")
_PATH = _COLUMNS.index("source_path")


class SqlitePartReader(PartReader):
    """Reads the articles of one SQLite part (see the module docstring)."""

    notes_duplicates = True

    def records(self, part: Part, stream: BinaryIO) -> Iterator[MergedRecord]:
        """The articles of `part`, once its size and layout are checked, each checked against
        its manifest's record as it is read; then the hash of its bytes, read once from
        `stream` (the open part) after the last."""
        if part.head != 0 or os.fstat(stream.fileno()).st_size != part.size:
            raise altered(part)
        try:
            with contextlib.closing(_open(part.path)) as db:
                if _header(db) != (APPLICATION_ID, DATABASE_VERSION):
                    raise MismatchError(
                        f"{shown(part.path)} is not a database pkclean wrote in this layout"
                    )
                yield from _records(part, db)
        except (sqlite3.DatabaseError, orjson.JSONEncodeError) as exc:
            raise MismatchError(f"{shown(part.path)} cannot be read back: {exc}") from None
        check_digest(part, stream)


def _open(path: str) -> sqlite3.Connection:
    """The part, read-only: it is not changed while the merge reads it."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _header(db: sqlite3.Connection) -> tuple[int, int]:
    application = db.execute("PRAGMA application_id").fetchone()[0]
    return application, db.execute("PRAGMA user_version").fetchone()[0]


def _records(part: Part, db: sqlite3.Connection) -> Iterator[MergedRecord]:
    """Each article as `encode()` made it, checked against the manifest's record."""
    (count,) = db.execute(f"SELECT count(*) FROM {ARTICLES.name}").fetchone()
    if count != len(part.records):
        raise altered(part)
    rows = db.execute(
        f"SELECT article, {', '.join(_COLUMNS)} FROM {ARTICLES.name} ORDER BY article"
    )
    lists = [children(db, table, table.names[1:]) for table, _ in LISTS]
    for number, (record, (article, *row)) in enumerate(zip(part.records, rows, strict=True), 1):
        if article != number or row[_ID] != record.id:
            raise altered(part)
        data = orjson.dumps(
            [row, *([list(item) for item in rows_of.take(number)] for rows_of in lists)]
        )
        yield MergedRecord(record.key, record.id, data, str(row[_PATH]))
