"""A `datapackage.json` read safely: a regular file inside its folder, of a bounded size, as
JSON of a bounded depth; never anything it points to outside its folder or on the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import open_regular
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


def schema_problem(path: str, number: int, resource: dict[str, Any]) -> Problem | None:
    """A resource whose schema is not given inline, as pkclean writes it."""
    schema = resource.get("schema")
    if schema is None or isinstance(schema, dict):
        return None
    return Problem(
        path,
        None,
        f"resources.{number}.schema",
        "must be the Table Schema itself: pkclean does not fetch a schema from elsewhere",
    )
