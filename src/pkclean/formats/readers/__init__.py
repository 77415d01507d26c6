"""Readers: pkclean's own exports (JSON Lines, CSV, TEI) back to validated articles."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...errors import FormatError
from ...model import Article
from . import csv as _csv  # noqa: F401  (registration)
from . import datapackage as _datapackage  # noqa: F401  (registration)
from . import jsonl as _jsonl  # noqa: F401  (registration)
from . import sqlite as _sqlite  # noqa: F401  (registration)
from . import tei as _tei  # noqa: F401  (registration)
from .base import (
    Item,
    Problem,
    ReaderFormat,
    Record,
    format_for,
    get,
    known_suffixes,
    names,
    register,
    registered,
    require_format,
    validate_record,
)

__all__ = [
    "Item",
    "Problem",
    "ReaderFormat",
    "Record",
    "format_for",
    "get",
    "known_suffixes",
    "names",
    "read",
    "register",
    "registered",
    "require_format",
    "validate_record",
]


def read(path: str | os.PathLike[str]) -> Iterator[Article]:
    """Yield the articles of an export, validated, in file order.

    The format follows the file name: `.jsonl`, `.csv`, `.xml` (TEI), `.db`, `.sqlite` or
    `.sqlite3` (SQLite), each optionally `.gz`, or a `datapackage.json` (its CSV files). A
    record that is not a valid article raises `FormatError` naming the file, the line and the
    field.
    """
    name = os.fspath(path)
    for item in require_format(name).records(name):
        if isinstance(item, Problem):
            raise FormatError(_located(item), path=item.path)
        article, problems = validate_record(item)
        if article is None:
            raise FormatError(_located(problems[0]), path=problems[0].path)
        yield article


def _located(problem: Problem) -> str:
    line = f"line {problem.line}: " if problem.line is not None else ""
    return f"{line}{problem.field}: {problem.message}"
