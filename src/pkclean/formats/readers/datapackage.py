"""A `datapackage.json`: the records of every local CSV resource it describes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ...ingest.names import shown
from ..exporters.datapackage import DESCRIPTOR_NAME, PACKAGE_PROFILE
from . import csv as csv_reader
from .base import Item, Problem, ReaderFormat, register, shorten
from .descriptor import read_descriptor, schema_problems


def resource_paths(path: str) -> tuple[list[str], list[Problem]]:
    """The CSV files a descriptor describes (beside it), and what is wrong with the descriptor."""
    package, problem = read_descriptor(path)
    if problem is not None:
        return [], [problem]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return [], [Problem(path, None, "resources", "a data package needs a list of resources")]
    problems = []
    paths = []
    for number, resource in enumerate(package["resources"]):
        where = f"resources.{number}.path"
        target = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(target, str) or not target.lower().endswith((".csv", ".csv.gz")):
            problems.append(Problem(path, None, where, f"{_shown(target)} is not a CSV file"))
        elif not _beside(target):
            problems.append(Problem(path, None, where, f"{_shown(target)} is not a file beside it"))
        else:
            paths.append(str(Path(path).with_name(target)))
        if isinstance(resource, dict):
            problems.extend(schema_problems(path, number, resource))
    return paths, problems


def _beside(target: str) -> bool:
    """Whether a resource path is a plain file name (no folder, no NUL or control byte)."""
    return (
        "/" not in target
        and "\\" not in target
        and target.isprintable()
        and PurePosixPath(target).name == target
        and target not in (".", "..")
    )


def _shown(value: object) -> str:
    return shown(shorten(value)) if isinstance(value, str) else repr(value)


def profile_problems(path: str) -> Iterator[Problem]:
    """A wrong or missing Data Package v2 profile (`$schema`)."""
    package, problem = read_descriptor(path)
    if problem is None and isinstance(package, dict) and package.get("$schema") != PACKAGE_PROFILE:
        yield Problem(path, None, "$schema", f"should be {PACKAGE_PROFILE}")


def records(path: str, *, check: bool = False) -> Iterator[Item]:
    """The records of each CSV resource, in the descriptor's order."""
    paths, problems = resource_paths(path)
    yield from problems
    if check:
        yield from profile_problems(path)
    for csv_path in paths:
        yield from csv_reader.records(csv_path, check=check)


register(ReaderFormat("datapackage", (DESCRIPTOR_NAME,), records))
