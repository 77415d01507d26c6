"""Check CSV cells against Table Schema fields: the types and constraints pkclean's CSV uses.

The fields come from a `datapackage.json`, which anyone can edit: a constraint of the wrong
kind is a problem, not a crash, and a `pattern` is applied only if it is one pkclean writes
(`trusted_pattern`): any other regular expression could take exponential time on a cell.
"""

from __future__ import annotations

import datetime as dt
import functools
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
    if not isinstance(constraints, Mapping):
        return "has constraints that are not a JSON object"
    if cell in missing:
        return "is required but empty" if constraints.get("required") is True else None
    kind = spec.get("type", "string")
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        return f"has type {_show(str(kind))}, which pkclean validate does not check"
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
    enum = constraints.get("enum")
    if isinstance(enum, list) and value not in enum:
        return f"{_show(cell)} is not one of {', '.join(map(str, enum))}"
    if "pattern" in constraints:
        pattern = trusted_pattern(constraints["pattern"])
        if pattern is not None and not pattern.fullmatch(cell):
            return f"{_show(cell)} does not match the pattern {pattern.pattern}"
    for key, word, too_far in (("minimum", "below", -1), ("maximum", "above", 1)):
        bound = constraints.get(key)
        if _comparable(value, bound) and (value > bound) - (value < bound) == too_far:
            return f"is {cell}, {word} the {key} {bound}"
    return None


def _comparable(value: Any, bound: Any) -> bool:
    """Whether a bound from the descriptor can be compared with a cell's value."""
    numbers = (int, float)
    if isinstance(value, numbers) and not isinstance(value, bool):
        return isinstance(bound, numbers) and not isinstance(bound, bool)
    return False


def trusted_pattern(pattern: object) -> re.Pattern[str] | None:
    """The compiled pattern if it is one of pkclean's own columns', else None.

    >>> trusted_pattern("pk-[0-9a-f]{20}") is not None, trusted_pattern("(a|aa)+b")
    (True, None)
    """
    return _own_patterns().get(pattern) if isinstance(pattern, str) else None


@functools.cache
def _own_patterns() -> dict[str, re.Pattern[str]]:
    from .csvtable import COLUMNS  # the table is built from the model: import it when needed

    patterns = (column.constraints.get("pattern") for column in COLUMNS)
    return {pattern: re.compile(pattern) for pattern in patterns if isinstance(pattern, str)}


def _show(cell: str, limit: int = 40) -> str:
    return repr(cell if len(cell) <= limit else cell[: limit - 1] + "…")
