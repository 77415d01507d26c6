"""CSV exports: rows back to records; with `check`, cells against the data package beside it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import CellError, FormatError
from ..csvtable import ADDED_COLUMNS, HEADER, excel_unsafe, row_record
from ..exporters.datapackage import DESCRIPTOR_NAME, EXCEL_SAFE_KEY
from ..tableschema import cell_problem
from .base import MAX_RECORD_BYTES, Item, Problem, ReaderFormat, Record, open_binary, register
from .descriptor import read_descriptor, schema_fields

#: The columns of a file written by pkclean of the 1.0 record layout.
_EARLIER = sorted(name for name in HEADER if name not in ADDED_COLUMNS)
#: Names of columns shown in a message about a header: pkclean's own are short identifiers;
#: other text (a foreign file's first line) is counted, not shown.
_COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


class _LineTooLong(Exception):
    """A physical line longer than `MAX_RECORD_BYTES`."""


def records(path: str, *, check: bool = False) -> Iterator[Item]:
    """Each row as a record, after the header; problems for a wrong header or cell, and for
    a line or cell longer than `MAX_RECORD_BYTES` (which ends the reading of the file: CSV
    cannot be resynchronised safely)."""
    resource, problems = _resource(path)
    if check:
        yield from problems
    fields = schema_fields(resource)
    excel = bool(resource and resource.get(EXCEL_SAFE_KEY))
    # The csv module's limit is per process: pkclean's is the longest record it writes.
    csv.field_size_limit(MAX_RECORD_BYTES)
    with open_binary(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(_bounded(text))
        try:
            header = next(reader, None)
        except (UnicodeDecodeError, csv.Error, _LineTooLong, FormatError) as exc:
            yield Problem(path, 1, "csv", _reading_problem(exc))
            return
        header_problem = _header_problem(header, fields if check else [])
        if header_problem:
            yield Problem(path, 1, "header", header_problem)
            return
        assert header is not None
        yield from _rows(path, reader, header, fields if check else [], excel)


def _rows(
    path: str, reader: Any, header: list[str], fields: list[dict[str, Any]], excel: bool
) -> Iterator[Item]:
    specs = {str(spec.get("name")): spec for spec in fields if isinstance(spec, dict)}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except (UnicodeDecodeError, csv.Error, _LineTooLong, FormatError) as exc:
            yield Problem(path, line, "csv", _reading_problem(exc))
            return
        if row is None:
            return
        yield from _row_items(path, line, row, header, specs, excel)
        line = reader.line_num + 1


def _row_items(
    path: str,
    line: int,
    row: list[str],
    header: list[str],
    specs: dict[Any, dict[str, Any]],
    excel: bool,
) -> Iterator[Item]:
    if len(row) != len(header):
        yield Problem(path, line, "csv", f"{len(row)} cells in a row of {len(header)} columns")
        return
    if excel:
        row = [excel_unsafe(cell) for cell in row]
    cells = dict(zip(header, row, strict=True))
    bad = False
    for name, spec in specs.items():
        problem = cell_problem(spec, cells.get(name, ""), _missing_values(spec))
        if problem:
            bad = True
            yield Problem(path, line, name, problem)
    if bad:
        return
    try:
        yield Record(path, line, row_record(cells))
    except CellError as exc:
        yield Problem(path, line, exc.column, exc.message)


def _missing_values(spec: dict[str, Any]) -> tuple[str, ...]:
    """The cells a field takes for a missing value (`[""]` unless the field says otherwise)."""
    values = spec.get("missingValues", [""])
    if not isinstance(values, list):
        return ("",)
    return tuple(value for value in values if isinstance(value, str))


def _bounded(text: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines of the text, each at most `MAX_RECORD_BYTES` characters."""
    while True:
        line = text.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith("\n"):
            raise _LineTooLong
        yield line


def _reading_problem(exc: Exception) -> str:
    """What stopped the reading of a CSV file, in words (never the file's content)."""
    if isinstance(exc, _LineTooLong):
        return f"a line longer than {MAX_RECORD_BYTES:,} characters"
    if isinstance(exc, FormatError):
        return exc.message
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8: byte {exc.object[exc.start]:#04x} at byte {exc.start} of a block"
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {MAX_RECORD_BYTES:,} characters"
    return str(exc)


def _header_problem(header: list[str] | None, fields: list[dict[str, Any]]) -> str | None:
    if header is None:
        return "the file is empty (no header row)"
    if fields:
        names = [spec.get("name") for spec in fields if isinstance(spec, dict)]
        if header != names:
            return _difference(header, names, "the data package")
    if sorted(header) != sorted(HEADER) and sorted(header) != _EARLIER:
        return _difference(header, list(HEADER), "pkclean's columns")
    return None


def _difference(header: list[str], expected: list[Any], source: str) -> str:
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    if missing or extra:
        parts = [f"missing {_names(missing)}" if missing else ""]
        parts.append(f"unexpected {_names(extra)}" if extra else "")
        return f"columns differ from {source}: " + "; ".join(part for part in parts if part)
    return f"columns are not in the order of {source}"


def _names(names: list[Any]) -> str:
    """Column names for a message: names like pkclean's are listed, others only counted.

    >>> _names(["title", "root:x:0:0:root:/root:/bin/bash"])
    'title and 1 other'
    """
    shown = [str(name) for name in names if _COLUMN_NAME.fullmatch(str(name))][:10]
    others = len(names) - len(shown)
    if not others:
        return ", ".join(shown)
    counted = f"{others} other" + ("s" if others > 1 else "")
    return f"{', '.join(shown)} and {counted}" if shown else counted


def descriptor_path(path: str) -> Path:
    """Where the data package describing a CSV file is: `datapackage.json` beside it."""
    return Path(path).with_name(DESCRIPTOR_NAME)


def _resource(path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The data package resource describing `path`, and the problems in finding it."""
    descriptor = descriptor_path(path)
    where = str(descriptor)
    if not descriptor.is_file():
        return None, [Problem(path, None, "datapackage", f"no {DESCRIPTOR_NAME} beside the file")]
    package, problem = read_descriptor(where)
    if problem is not None:
        return None, [problem]
    resources = package.get("resources") if isinstance(package, dict) else None
    name = Path(path).name
    for item in resources if isinstance(resources, list) else []:
        if isinstance(item, dict) and item.get("path") == name:
            return item, []
    return None, [Problem(where, None, "resources", f"no resource has the path {name!r}")]


register(ReaderFormat("csv", (".csv",), records))
