"""The Frictionless Data Package (v2) descriptor that types every column of a CSV export."""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import UsageError
from ..csvtable import COLUMNS

DESCRIPTOR_NAME = "datapackage.json"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
EXCEL_SAFE_KEY = "pkclean:excelSafe"


def resource_name(file_name: str) -> str:
    """A resource name from a file name: lower case, letters, digits, `-`, `_` and `.`.

    >>> resource_name("Seeds 2024.csv")
    'seeds-2024'
    """
    stem = file_name.split(".")[0] or "corpus"
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "corpus"


def table_schema() -> dict[str, Any]:
    """The Table Schema of pkclean's CSV: one typed field per column, in order."""
    fields = []
    for column in COLUMNS:
        spec: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "description": column.description,
        }
        if column.constraints:
            spec["constraints"] = {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in column.constraints.items()
            }
        fields.append(spec)
    return {
        "$schema": SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
        "fieldsMatch": "exact",
    }


def resource(file_name: str, *, excel_safe: bool = False) -> dict[str, Any]:
    """The resource describing one CSV export called `file_name` (in the same folder)."""
    description = "Articles cleaned by pkclean, one row per article."
    if excel_safe:
        description += (
            " Written with --excel-safe: a cell that starts with = + - @ tab or carriage return"
            " (after any apostrophes) has one more apostrophe in front."
        )
    return {
        "$schema": RESOURCE_PROFILE,
        "name": resource_name(file_name),
        "type": "table",
        "path": file_name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        EXCEL_SAFE_KEY: excel_safe,
        "dialect": {
            "$schema": DIALECT_PROFILE,
            "header": True,
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
        },
        "schema": table_schema(),
    }


def updated_descriptor(old: bytes | None, file_name: str, *, excel_safe: bool = False) -> bytes:
    """The descriptor with this CSV's resource added or replaced; other resources are kept."""
    package: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": "pkclean-export",
        "title": "Articles cleaned by pkclean",
        "resources": [],
    }
    if old is not None:
        try:
            existing = json.loads(old)
        except ValueError:
            existing = None
        if not isinstance(existing, dict) or not isinstance(existing.get("resources"), list):
            raise UsageError(
                f"{DESCRIPTOR_NAME} beside the output is not a data package: move it away first"
            )
        package = existing
    new = resource(file_name, excel_safe=excel_safe)
    resources = package["resources"]
    for index, item in enumerate(resources):
        if isinstance(item, dict) and item.get("path") == file_name:
            resources[index] = new
            break
    else:
        resources.append(new)
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
