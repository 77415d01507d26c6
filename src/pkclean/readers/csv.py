"""CSV exports: rows back to records; with `check`, cells against the data package beside it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..exporters.datapackage import DESCRIPTOR_NAME, EXCEL_SAFE_KEY
from ..table import ADDED_COLUMNS, HEADER, CellError, excel_unsafe, row_record
from ..tableschema import cell_problem
from .base import Item, Problem, ReaderFormat, Record, open_binary, register

#: The columns of a file written by pkclean of the 1.0 record layout.
_EARLIER = sorted(name for name in HEADER if name not in ADDED_COLUMNS)
_FIELD_LIMIT = 1 << 30  # article text can exceed the csv module's default 128 KiB per cell


def records(path: str, check: bool = False) -> Iterator[Item]:
    """Each row as a record, after the header; problems for a wrong header or cell."""
    resource, problems = _resource(path)
    if check:
        yield from problems
    fields = resource.get("schema", {}).get("fields", []) if resource else []
    excel = bool(resource and resource.get(EXCEL_SAFE_KEY))
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    with open_binary(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        try:
            header = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            yield Problem(path, 1, "csv", str(exc))
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
    specs = {spec.get("name"): spec for spec in fields if isinstance(spec, dict)}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            yield Problem(path, line, "csv", str(exc))
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
        problem = cell_problem(spec, cells.get(name, ""), tuple(spec.get("missingValues", [""])))
        if problem:
            bad = True
            yield Problem(path, line, name, problem)
    if bad:
        return
    try:
        yield Record(path, line, row_record(cells))
    except CellError as exc:
        yield Problem(path, line, exc.column, exc.message)


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
        parts = [f"missing {', '.join(map(str, missing))}" if missing else ""]
        parts.append(f"unexpected {', '.join(extra)}" if extra else "")
        return f"columns differ from {source}: " + "; ".join(part for part in parts if part)
    return f"columns are not in the order of {source}"


def descriptor_path(path: str) -> Path:
    """Where the data package describing a CSV file is: `datapackage.json` beside it."""
    return Path(path).with_name(DESCRIPTOR_NAME)


def _resource(path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The data package resource describing `path`, and the problems in finding it."""
    descriptor = descriptor_path(path)
    where = str(descriptor)
    if not descriptor.is_file():
        return None, [Problem(path, None, "datapackage", f"no {DESCRIPTOR_NAME} beside the file")]
    try:
        package = json.loads(descriptor.read_bytes())
    except (OSError, ValueError) as exc:
        return None, [Problem(where, None, "datapackage", f"cannot be read as JSON: {exc}")]
    resources = package.get("resources") if isinstance(package, dict) else None
    name = Path(path).name
    for item in resources if isinstance(resources, list) else []:
        if isinstance(item, dict) and item.get("path") == name:
            return item, []
    return None, [Problem(where, None, "resources", f"no resource has the path {name!r}")]


register(ReaderFormat("csv", (".csv",), records))
