"""SQLite: one database file with a full-text index, ready for Datasette.

A database cannot be streamed: it is built in a hidden scratch file beside the output (in the
output's folder, so that a large corpus does not fill a memory-backed `/tmp`), then copied
into the output stream, which is renamed into place like every other output. The same input
gives the same bytes: nothing in the file depends on the time or the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ... import __version__
from ...model import SCHEMA_VERSION, Article
from ...record_check import plain_json
from ..sqlite_tables import (
    APPLICATION_ID,
    ARTICLES,
    DATABASE_VERSION,
    DUPLICATES,
    FTS_REBUILD,
    INDEXES,
    LISTS,
    METADATA,
    Table,
    record_rows,
    schema,
)
from .base import Exporter, register
from .datasette import datasette_metadata

if TYPE_CHECKING:
    from ...document import Duplicate

#: Articles whose rows are inserted together (one `executemany` per table).
BATCH = 500
#: Build settings: the scratch file needs no journal (a failed build is thrown away), and an
#: 8 MiB page cache builds as fast as a larger one (`bench/sqlite_report.py`).
_PRAGMAS = (
    "PRAGMA journal_mode = OFF",
    "PRAGMA synchronous = OFF",
    "PRAGMA cache_size = -8192",
    "PRAGMA foreign_keys = OFF",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {DATABASE_VERSION}",
)
_COPY_BUFFER = 1 << 20


@register
class SqliteExporter(Exporter):
    """The tables of `formats.sqlite_tables`, the FTS5 index, indexes for publication and date."""

    name = "sqlite"
    suffix = ".db"
    options = frozenset({"dedup"})
    independent_records = True
    plain_records = True

    def __init__(self, stream: Any, **options: object) -> None:
        super().__init__(stream, **options)
        self._scratch: Path | None = None
        self._db: sqlite3.Connection | None = None
        self._count = 0
        self._pending: dict[str, list[list[Any]]] = {table.name: [] for table in _ROW_TABLES}
        self._duplicates: list[list[Any]] = []

    def encode(self, article: Article) -> bytes:
        return orjson.dumps(record_rows(article.model_dump(mode="json")))

    def encode_plain(self, record: dict[str, Any]) -> bytes:
        return orjson.dumps(record_rows(plain_json(record)))

    def start(self) -> None:
        folder = self.scratch_folder or tempfile.gettempdir()
        handle, name = tempfile.mkstemp(prefix=".pkclean-", suffix=".db.build", dir=folder)
        os.close(handle)
        self._scratch = Path(name)
        self._db = sqlite3.connect(name, isolation_level=None)
        for pragma in _PRAGMAS:
            self._db.execute(pragma)
        self._db.execute("BEGIN")
        for statement in schema():
            self._db.execute(statement)

    def write_encoded(self, data: bytes, article_id: str) -> None:
        row, *lists = orjson.loads(data)
        self._count += 1
        number = self._count
        self._pending[ARTICLES.name].append([number, *row])
        for (table, _), items in zip(LISTS, lists, strict=True):
            pending = self._pending[table.name]
            for item in items:
                pending.append([number, *item])
        if self._count % BATCH == 0:
            self._flush()

    def note_duplicate(self, duplicate: Duplicate) -> None:
        self._duplicates.append(
            [
                len(self._duplicates) + 1,
                duplicate.kind,
                None if duplicate.dropped else self._count,
                duplicate.id,
                duplicate.path,
                duplicate.first_number,
                duplicate.first_id,
                duplicate.first_path,
                duplicate.similarity,
                int(duplicate.dropped),
            ]
        )

    def finish(self) -> None:
        db = self._connection()
        self._flush()
        db.executemany(DUPLICATES.insert(), self._duplicates)
        for statement in INDEXES:
            db.execute(statement)
        db.execute(FTS_REBUILD)
        db.executemany(METADATA.insert(), self._metadata())
        db.execute("COMMIT")
        db.execute("PRAGMA optimize")
        db.close()
        self._db = None
        assert self._scratch is not None
        with open(self._scratch, "rb") as built:
            shutil.copyfileobj(built, self.stream, _COPY_BUFFER)
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._scratch is not None:
            with contextlib.suppress(FileNotFoundError):
                self._scratch.unlink()
            self._scratch = None

    def sidecars(self, name: str) -> dict[str, Callable[[bytes | None], bytes]]:
        """Datasette settings beside the database: `NAME.metadata.json` for `corpus.db`
        (`datasette corpus.db --metadata corpus.metadata.json`)."""
        stem = Path(name).stem
        data = datasette_metadata(stem)
        return {f"{stem}.metadata.json": lambda old: data}

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the SQLite exporter was not started")
        return self._db

    def _flush(self) -> None:
        db = self._connection()
        for table in _ROW_TABLES:
            rows = self._pending[table.name]
            if rows:
                db.executemany(table.insert(), rows)
                rows.clear()

    def _metadata(self) -> list[tuple[str, str]]:
        return [
            ("pkclean_version", __version__),
            ("schema_version", SCHEMA_VERSION),
            ("database_version", str(DATABASE_VERSION)),
            ("articles", str(self._count)),
            ("dedup", "true" if self.settings.get("dedup") else "false"),
        ]


_ROW_TABLES: tuple[Table, ...] = (ARTICLES, *(table for table, _ in LISTS))
