"""The SQLite database: its tables, and the conversions between records and rows.

`articles` has one row per article, every scalar field a column (nested ones flattened as in
the CSV table: `source_path`, `detection_layout`…), list and object fields as JSON text, and
`year` for faceting; `authors`, `blocks`, `removed` and `warnings` have one row per item, in
order; `duplicates` lists the duplicates an export found; `metadata` says what wrote the file.
`articles_fts` is an FTS5 index of title, subtitle and text over `articles`.
`children()` reads a child table back, article by article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson

from .csvtable import COLUMNS, Column

if TYPE_CHECKING:
    import sqlite3

#: The database's `PRAGMA application_id`: "pkcl" in ASCII, so that `file` and other tools can
#: tell a pkclean database from any SQLite file.
APPLICATION_ID = 0x706B636C
#: The layout of the tables (`PRAGMA user_version`); it changes when a table or column does.
DATABASE_VERSION = 1
#: Where suffixes a database is read from.
SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: SQLite types of the CSV table's Table Schema types.
_SQL_TYPES = {
    "string": "TEXT",
    "date": "TEXT",
    "datetime": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "array": "TEXT",
    "object": "TEXT",
}
#: Fields kept in tables of their own rather than as columns of `articles`.
_OWN_TABLES = frozenset({"headings", "removed"})
#: The tokenizer of the full-text index: words of any script, case and diacritics folded.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
FTS_COLUMNS = ("title", "subtitle", "text")


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its name, its columns with their SQL declarations, and its description."""

    name: str
    columns: tuple[tuple[str, str], ...]
    description: str
    constraints: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create(self) -> str:
        parts = [f"{name} {declaration}" for name, declaration in self.columns]
        return f"CREATE TABLE {self.name} ({', '.join([*parts, *self.constraints])})"

    def insert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({', '.join(self.names)}) VALUES ({marks})"


#: The columns of `articles` taken from the record (as in the CSV table, less the body).
ARTICLE_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.name not in _OWN_TABLES)


def _declaration(column: Column) -> str:
    return _SQL_TYPES[column.type] + ("" if column.nullable else " NOT NULL")


_ARTICLE = "article INTEGER NOT NULL REFERENCES articles(article)"

ARTICLES = Table(
    "articles",
    (
        ("article", "INTEGER PRIMARY KEY"),
        *((column.name, _declaration(column)) for column in ARTICLE_COLUMNS),
        ("year", "INTEGER"),
    ),
    "One row per article, in the order of the export.",
)
AUTHORS = Table(
    "authors",
    (("article", _ARTICLE), ("position", "INTEGER NOT NULL"), ("name", "TEXT NOT NULL")),
    "The names of each article's byline, in order.",
    ("PRIMARY KEY (article, position)",),
)
BLOCKS = Table(
    "blocks",
    (
        ("article", _ARTICLE),
        ("position", "INTEGER NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("text", "TEXT NOT NULL"),
    ),
    "The body of each article: paragraphs and headings in reading order.",
    ("PRIMARY KEY (article, position)",),
)
REMOVED = Table(
    "removed",
    (
        ("article", _ARTICLE),
        ("position", "INTEGER NOT NULL"),
        ("line", "INTEGER NOT NULL"),
        ("text", "TEXT NOT NULL"),
        ("rule", "TEXT NOT NULL"),
    ),
    "Every input line that is not in the record, and the rule that removed it.",
    ("PRIMARY KEY (article, position)",),
)
WARNINGS = Table(
    "warnings",
    (("article", _ARTICLE), ("position", "INTEGER NOT NULL"), ("code", "TEXT NOT NULL")),
    "The warning codes of each article.",
    ("PRIMARY KEY (article, position)",),
)
DUPLICATES = Table(
    "duplicates",
    (
        ("duplicate", "INTEGER PRIMARY KEY"),
        ("kind", "TEXT NOT NULL"),
        ("article", "INTEGER REFERENCES articles(article)"),
        ("id", "TEXT NOT NULL"),
        ("path", "TEXT NOT NULL"),
        ("duplicate_of", "INTEGER REFERENCES articles(article)"),
        ("duplicate_of_id", "TEXT NOT NULL"),
        ("duplicate_of_path", "TEXT NOT NULL"),
        ("similarity", "REAL NOT NULL"),
        ("dropped", "INTEGER NOT NULL"),
    ),
    "Articles found twice: exact (the same id; with --dedup only the first is written) "
    "and near (the same body by MinHash, kept).",
)
METADATA = Table(
    "metadata",
    (("key", "TEXT PRIMARY KEY"), ("value", "TEXT NOT NULL")),
    "What wrote this file: pkclean's version, the record layout, the options.",
)
TABLES: tuple[Table, ...] = (ARTICLES, AUTHORS, BLOCKS, REMOVED, WARNINGS, DUPLICATES, METADATA)
#: Child tables holding one list field of the record each: (table, field, the row's values).
LISTS: tuple[tuple[Table, str], ...] = (
    (AUTHORS, "authors"),
    (BLOCKS, "body"),
    (REMOVED, "removed"),
    (WARNINGS, "warnings"),
)
INDEXES = (
    "CREATE INDEX articles_publication ON articles (publication)",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_year ON articles (year)",
    "CREATE INDEX articles_id ON articles (id)",
)
FTS = (
    f"CREATE VIRTUAL TABLE articles_fts USING fts5({', '.join(FTS_COLUMNS)}, "
    f'content="articles", content_rowid="article", tokenize=\'{FTS_TOKENIZER}\')'
)
FTS_REBUILD = "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')"
#: FTS5's own check; a rank of 1 also compares the index with the articles (SQLite 3.44+).
FTS_CHECK = "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', ?)"


def schema() -> list[str]:
    """Every statement that creates the empty database, in order."""
    return [table.create() for table in TABLES] + [FTS]


#: An article as rows, before it has a number: its `articles` row (less `article`), and the
#: rows of each list table (less `article`), in the order of `LISTS`.
Rows = tuple[list[Any], list[list[Any]], list[list[Any]], list[list[Any]], list[list[Any]]]


def record_rows(record: Mapping[str, Any]) -> Rows:
    """A JSON record (as `Article.model_dump(mode="json")` gives it) as rows of the tables."""
    row = [_value(record, column) for column in ARTICLE_COLUMNS]
    published = record["published"]
    row.append(int(published[:4]) if published else None)
    return (
        row,
        [[n, name] for n, name in enumerate(record["authors"])],
        [[n, block["kind"], block["text"]] for n, block in enumerate(record["body"])],
        [[n, item["line"], item["text"], item["rule"]] for n, item in enumerate(record["removed"])],
        [[n, code] for n, code in enumerate(record["warnings"])],
    )


def _value(record: Mapping[str, Any], column: Column) -> Any:
    value: Any = record
    for key in column.path:
        value = value[key]
    if column.type in ("array", "object"):
        return orjson.dumps(value).decode("utf-8")
    return value


class CellError(ValueError):
    """A value in the database that cannot be turned into its record field."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


def row_record(
    row: Mapping[str, Any],
    body: Iterable[Sequence[Any]],
    removed: Iterable[Sequence[Any]],
) -> dict[str, Any]:
    """An `articles` row (by column name) with its `blocks` and `removed` rows (each less
    `article` and `position`) as a record dict for `Article.model_validate`.

    A column the row lacks is left out of the record, so that validation names it as missing.
    """
    record: dict[str, Any] = {}
    for column in ARTICLE_COLUMNS:
        if column.name not in row:
            continue
        value = row[column.name]
        if column.type in ("array", "object") and isinstance(value, str | bytes):
            value = _json(column, value)
        node = record
        for key in column.path[:-1]:
            node = node.setdefault(key, {})
        node[column.path[-1]] = value
    record["body"] = [{"kind": kind, "text": text} for kind, text in body]
    record["removed"] = [{"line": line, "text": text, "rule": rule} for line, text, rule in removed]
    return record


def _json(column: Column, raw: str | bytes) -> Any:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise CellError(column.name, f"{_show(raw)} is not JSON") from None
    wanted = list if column.type == "array" else dict
    if not isinstance(value, wanted):
        kind = "array" if column.type == "array" else "object"
        raise CellError(column.name, f"{_show(raw)} is not a JSON {kind}")
    return value


def _show(raw: str | bytes, limit: int = 40) -> str:
    text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
    return repr(text if len(text) <= limit else text[:limit] + "…")


class Children:
    """The rows of a child table in article order, handed out article by article."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next: tuple[int, list[tuple[Any, ...]]] | None = None
        self._advance()

    def _advance(self) -> None:
        found = next(self._groups, None)
        if found is None:
            self._next = None
            return
        number, rows = found
        self._next = (number, [row[1:] for row in rows])

    def take(self, number: int) -> list[tuple[Any, ...]]:
        """The rows of article `number` (rows of articles that do not exist are passed over)."""
        while self._next is not None and self._next[0] < number:
            self._advance()
        if self._next is None or self._next[0] != number:
            return []
        rows = self._next[1]
        self._advance()
        return rows


def children(db: sqlite3.Connection, table: Table, columns: tuple[str, ...]) -> Children:
    """The `columns` of a child table's rows, each after its `article`, in article order."""
    cursor = db.cursor()
    cursor.row_factory = None
    query = f"SELECT article, {', '.join(columns)} FROM {table.name} ORDER BY article, position"
    return Children(iter(cursor.execute(query)))
