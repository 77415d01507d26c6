"""Check CSV cells against Table Schema fields: the types and constraints pkclean's CSV uses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import orjson

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def _parse_integer(cell: str) -> Any:
    return int(cell) if _INTEGER.fullmatch(cell) else None


def _parse_number(cell: str) -> Any:
    return float(cell.replace("INF", "inf")) if _NUMBER.fullmatch(cell) else None


def _parse_date(cell: str) -> Any:
    return dt.date.fromisoformat(cell) if _DATE.fullmatch(cell) else None


def _parse_datetime(cell: str) -> Any:
    return dt.datetime.fromisoformat(cell) if _DATETIME.fullmatch(cell) else None


def _parse_array(cell: str) -> Any:
    value = orjson.loads(cell)
    return value if isinstance(value, list) else None


def _parse_object(cell: str) -> Any:
    value = orjson.loads(cell)
    return value if isinstance(value, dict) else None


#: Table Schema type name to a parser returning the value, or None if the cell is not one.
PARSERS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "datetime": _parse_datetime,
    "array": _parse_array,
    "object": _parse_object,
}


def cell_problem(
    spec: Mapping[str, Any], cell: str, missing: tuple[str, ...] = ("",)
) -> str | None:
    """What is wrong with one cell under its field's type and constraints, or None.

    >>> cell_problem({"name": "n", "type": "integer", "constraints": {"minimum": 0}}, "-2")
    'is -2, below the minimum 0'
    >>> cell_problem({"name": "d", "type": "date"}, "20 Nov 2007")
    "'20 Nov 2007' is not a date (YYYY-MM-DD)"
    """
    constraints = spec.get("constraints") or {}
    if cell in missing:
        return "is required but empty" if constraints.get("required") else None
    kind = spec.get("type", "string")
    parser = PARSERS.get(kind)
    if parser is None:
        return f"has type {kind!r}, which pkclean validate does not check"
    try:
        value = parser(cell)
    except ValueError:
        value = None
    if value is None:
        return f"{_show(cell)} is not {_TYPE_NAMES.get(kind, kind)}"
    return _constraint_problem(constraints, cell, value)


_TYPE_NAMES = {
    "integer": "an integer",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date-time (YYYY-MM-DDThh:mm:ss, optional offset)",
    "array": "a JSON array",
    "object": "a JSON object",
}


def _constraint_problem(constraints: Mapping[str, Any], cell: str, value: Any) -> str | None:
    if "enum" in constraints and value not in constraints["enum"]:
        return f"{_show(cell)} is not one of {', '.join(map(str, constraints['enum']))}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return f"{_show(cell)} does not match the pattern {constraints['pattern']}"
    if "minimum" in constraints and value < constraints["minimum"]:
        return f"is {cell}, below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return f"is {cell}, above the maximum {constraints['maximum']}"
    return None


def _show(cell: str, limit: int = 40) -> str:
    return repr(cell if len(cell) <= limit else cell[: limit - 1] + "…")
