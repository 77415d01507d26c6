"""A `datapackage.json`: the records of every local CSV resource it describes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..exporters.datapackage import DESCRIPTOR_NAME, PACKAGE_PROFILE
from . import csv as csv_reader
from .base import Item, Problem, ReaderFormat, register


def resource_paths(path: str) -> tuple[list[str], list[Problem]]:
    """The CSV files a descriptor describes (beside it), and what is wrong with the descriptor."""
    try:
        package = json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return [], [Problem(path, None, "file", "no such file")]
    except (OSError, ValueError) as exc:
        return [], [Problem(path, None, "datapackage", f"cannot be read as JSON: {exc}")]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return [], [Problem(path, None, "resources", "a data package needs a list of resources")]
    problems = []
    paths = []
    for number, resource in enumerate(package["resources"]):
        where = f"resources.{number}.path"
        target = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(target, str) or not target.lower().endswith((".csv", ".csv.gz")):
            problems.append(Problem(path, None, where, f"{target!r} is not a CSV file"))
        elif "/" in target or "\\" in target or PurePosixPath(target).name != target:
            problems.append(Problem(path, None, where, f"{target!r} is not a file beside it"))
        else:
            paths.append(str(Path(path).with_name(target)))
    return paths, problems


def profile_problems(path: str) -> Iterator[Problem]:
    """A wrong or missing Data Package v2 profile (`$schema`)."""
    try:
        package = json.loads(Path(path).read_bytes())
    except (OSError, ValueError):
        return
    if isinstance(package, dict) and package.get("$schema") != PACKAGE_PROFILE:
        yield Problem(path, None, "$schema", f"should be {PACKAGE_PROFILE}")


def records(path: str, check: bool = False) -> Iterator[Item]:
    """The records of each CSV resource, in the descriptor's order."""
    paths, problems = resource_paths(path)
    yield from problems
    if check:
        yield from profile_problems(path)
    for csv_path in paths:
        yield from csv_reader.records(csv_path, check)


register(ReaderFormat("datapackage", (DESCRIPTOR_NAME,), records))
