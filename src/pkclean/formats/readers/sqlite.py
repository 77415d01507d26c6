"""SQLite databases written by pkclean: each `articles` row, with its blocks and removed lines.

A problem's line is the article's number (`articles.article`). With `check`, the database is
also checked as a whole first: SQLite's own consistency check, the tables and columns, the
record layout in `metadata`, the full-text index against the articles, and that the
`authors` and `warnings` tables agree with the articles' own lists.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ...errors import UnreadableError
from ...model import READABLE_VERSIONS
from ..sqlite_tables import (
    ARTICLES,
    AUTHORS,
    BLOCKS,
    FTS_CHECK,
    METADATA,
    REMOVED,
    SUFFIXES,
    TABLES,
    WARNINGS,
    CellError,
    Table,
    children,
    row_record,
)
from .base import Item, Problem, ReaderFormat, Record, register


def records(path: str, *, check: bool = False) -> Iterator[Item]:
    """Each article as a record, in the order of the export."""
    with _opened(path) as db:
        try:
            if check:
                problems = list(_problems(path, db))
                yield from problems
                if problems:
                    return
            else:
                missing = _missing_tables(db)
                if missing:
                    yield Problem(path, None, "tables", f"missing {', '.join(missing)}")
                    return
            yield from _records(path, db)
        except sqlite3.DatabaseError as exc:
            yield Problem(path, None, "database", f"cannot be read: {exc}")


@contextlib.contextmanager
def _opened(path: str) -> Iterator[sqlite3.Connection]:
    """The database, read-only (a `.gz` one decompressed into a temporary file first)."""
    with contextlib.ExitStack() as stack:
        local = path
        if path.lower().endswith(".gz"):
            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="pkclean-"))
            local = str(Path(scratch) / Path(path).name.removesuffix(".gz"))
            try:
                with gzip.open(path, "rb") as packed, open(local, "wb") as unpacked:
                    shutil.copyfileobj(packed, unpacked, 1 << 20)
            except FileNotFoundError:
                raise UnreadableError("no such file", path=path) from None
            except (OSError, EOFError) as exc:
                raise UnreadableError(f"cannot decompress: {exc}", path=path) from None
        if not Path(local).is_file():
            raise UnreadableError("no such file", path=path)
        uri = Path(local).resolve().as_uri() + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise UnreadableError(f"cannot open: {exc}", path=path) from None
        stack.callback(db.close)
        db.row_factory = sqlite3.Row
        yield db


def _missing_tables(db: sqlite3.Connection) -> list[str]:
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return [table.name for table in TABLES if table.name not in present]


def _problems(path: str, db: sqlite3.Connection) -> Iterator[Problem]:
    try:
        verdict = [row[0] for row in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        yield Problem(path, None, "database", f"not a SQLite database ({exc})")
        return
    if verdict != ["ok"]:
        yield Problem(path, None, "database", "damaged: " + "; ".join(verdict[:3]))
        return
    missing = _missing_tables(db)
    if missing:
        yield Problem(path, None, "tables", f"missing {', '.join(missing)}")
        return
    for table in TABLES:
        yield from _column_problems(path, db, table)
    yield from _metadata_problems(path, db)
    for row in db.execute("PRAGMA foreign_key_check"):
        yield Problem(path, None, row[0], f"row {row[1]} refers to no row of {row[2]}")
    yield from _index_problems(path, db)
    yield from _list_problems(path, db, AUTHORS, "authors", "name")
    yield from _list_problems(path, db, WARNINGS, "warnings", "code")


def _column_problems(path: str, db: sqlite3.Connection, table: Table) -> Iterator[Problem]:
    present = [row["name"] for row in db.execute(f"PRAGMA table_info({table.name})")]
    missing = [name for name in table.names if name not in present]
    extra = [name for name in present if name not in table.names]
    if missing:
        yield Problem(path, None, table.name, f"missing columns {', '.join(missing)}")
    if extra:
        yield Problem(path, None, table.name, f"unexpected columns {', '.join(extra)}")


def _metadata_problems(path: str, db: sqlite3.Connection) -> Iterator[Problem]:
    values = dict(db.execute(f"SELECT key, value FROM {METADATA.name}").fetchall())
    version = values.get("schema_version")
    if version not in READABLE_VERSIONS:
        readable = ", ".join(READABLE_VERSIONS)
        yield Problem(path, None, "metadata", f"schema_version {version!r} is not {readable}")


def _index_problems(path: str, db: sqlite3.Connection) -> Iterator[Problem]:
    """The full-text index checked against the articles.

    Every article must have an entry and every entry an article. Then FTS5 checks the index
    itself, and (SQLite 3.44 or later) its every word against the articles' text. Its check
    is an INSERT: it runs on a second connection that may write, inside a transaction that is
    rolled back (it changes nothing), and only where the file may be written.
    """
    unmatched = db.execute(
        f"SELECT (SELECT count(*) FROM {ARTICLES.name} WHERE article NOT IN "
        "(SELECT id FROM articles_fts_docsize)) + (SELECT count(*) FROM articles_fts_docsize "
        f"WHERE id NOT IN (SELECT article FROM {ARTICLES.name}))"
    ).fetchone()[0]
    if unmatched:
        message = f"the full-text index and the articles differ in {unmatched} articles"
        yield Problem(path, None, "articles_fts", message)
        return
    (local,) = [row["file"] for row in db.execute("PRAGMA database_list") if row["name"] == "main"]
    if not os.access(local, os.W_OK):
        return
    checker = sqlite3.connect(Path(local).as_uri() + "?mode=rw", uri=True)
    try:
        checker.execute("BEGIN")
        checker.execute(FTS_CHECK, (1 if sqlite3.sqlite_version_info >= (3, 44) else 0,))
    except sqlite3.DatabaseError as exc:
        message = f"the full-text index does not match the articles ({exc})"
        yield Problem(path, None, "articles_fts", message)
    finally:
        checker.rollback()
        checker.close()


def _list_problems(
    path: str, db: sqlite3.Connection, table: Table, field: str, column: str
) -> Iterator[Problem]:
    """Articles whose list field disagrees with the rows of its table."""
    query = (
        f"SELECT a.article, a.{field} AS listed, "
        f"(SELECT json_group_array({column}) FROM "
        f"(SELECT {column} FROM {table.name} t WHERE t.article = a.article ORDER BY position)) "
        f"AS rows FROM {ARTICLES.name} a WHERE json_valid(a.{field}) AND "
        f"json(a.{field}) != rows"
    )
    for row in db.execute(query):
        yield Problem(
            path, row["article"], field, f"{row['listed']} differs from the {table.name} table"
        )


def _records(path: str, db: sqlite3.Connection) -> Iterator[Item]:
    plain = db.cursor()
    plain.row_factory = None
    articles = plain.execute(f"SELECT * FROM {ARTICLES.name} ORDER BY article")
    names = [column[0] for column in articles.description]
    body = children(db, BLOCKS, ("kind", "text"))
    removed = children(db, REMOVED, ("line", "text", "rule"))
    for row in articles:
        values = dict(zip(names, row, strict=True))
        number = values["article"]
        try:
            data = row_record(values, body.take(number), removed.take(number))
        except CellError as exc:
            yield Problem(path, number, exc.column, exc.message)
            continue
        yield Record(path, number, data)


register(ReaderFormat("sqlite", SUFFIXES, records))
