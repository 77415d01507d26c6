"""A `datapackage.json` read safely: a regular file inside its folder, of a bounded size, as
JSON of a bounded depth; never anything it points to outside its folder or on the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...ingest.files import open_regular
from ..tableschema import trusted_pattern
from .base import Problem

#: The largest descriptor read: one of thousands of resources is far smaller.
MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024


def read_descriptor(path: str) -> tuple[Any, Problem | None]:
    """The descriptor's JSON value, or the problem that stops reading it."""
    try:
        with open_regular(path, within=str(Path(path).parent)) as handle:
            data = handle.read(MAX_DESCRIPTOR_BYTES + 1)
    except InputError as exc:
        field = "file" if exc.code in ("unreadable", "broken_link") else "datapackage"
        return None, Problem(path, None, field, exc.message)
    except OSError as exc:
        return None, Problem(path, None, "datapackage", f"cannot be read: {exc.strerror}")
    if len(data) > MAX_DESCRIPTOR_BYTES:
        too_big = f"over {MAX_DESCRIPTOR_BYTES:,} bytes: not a data package pkclean wrote"
        return None, Problem(path, None, "datapackage", too_big)
    try:
        return json.loads(data), None
    except ValueError as exc:
        return None, Problem(path, None, "datapackage", f"cannot be read as JSON: {exc}")
    except RecursionError:
        return None, Problem(path, None, "datapackage", "JSON nested too deeply to read")


def schema_fields(resource: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The field specs of a resource's Table Schema given inline (pkclean never fetches a
    schema named by a URL or a path)."""
    schema = resource.get("schema") if resource else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return [spec for spec in fields if isinstance(spec, dict)] if isinstance(fields, list) else []


def schema_problems(path: str, number: int, resource: dict[str, Any]) -> list[Problem]:
    """What pkclean cannot check in a resource's schema: one not given inline (pkclean never
    fetches a schema from elsewhere), and patterns it did not write (an arbitrary regular
    expression could take exponential time on a cell)."""
    schema = resource.get("schema")
    where = f"resources.{number}.schema"
    if schema is not None and not isinstance(schema, dict):
        message = "must be the Table Schema itself: pkclean does not fetch a schema from elsewhere"
        return [Problem(path, None, where, message)]
    problems = []
    for index, spec in enumerate(schema_fields(resource)):
        constraints = spec.get("constraints")
        pattern = constraints.get("pattern") if isinstance(constraints, dict) else None
        if pattern is not None and trusted_pattern(pattern) is None:
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where}.fields.{index}.constraints.pattern",
                    "not a pattern pkclean writes: cells are not checked against it",
                )
            )
    return problems
