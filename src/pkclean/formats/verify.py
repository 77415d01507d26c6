"""Validate exports: every record against the schema, and each file against its format's standard.

JSON Lines: each line against the model. CSV: the header and cells against the data package
beside it, then each row against the model. TEI: each article against the TEI DTD, then
against the model. A `datapackage.json` is checked with the CSV files it describes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .readers import Problem, format_for, known_suffixes, validate_record
from .readers.datapackage import resource_paths


def validate_file(path: str) -> Iterator[Problem]:
    """Every problem in one file, in file order."""
    reader = format_for(path)
    if reader is None:
        endings = ", ".join(known_suffixes())
        yield Problem(path, None, "file", f"not a pkclean export (file names end in {endings})")
        return
    try:
        for item in reader.records(path, check=True):
            if isinstance(item, Problem):
                yield item
            else:
                yield from validate_record(item)[1]
    except InputError as exc:
        yield Problem(exc.path or path, None, "file", exc.message)


def expand(paths: Iterable[str]) -> list[str]:
    """Files to check: the paths given, and the export files inside given folders (sorted)."""
    files: list[str] = []
    for arg in paths:
        if not os.path.isdir(arg):
            files.append(arg)
            continue
        for root, dirs, names in os.walk(arg):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files.extend(
                Path(root, name).as_posix()
                for name in sorted(names)
                if not name.startswith(".") and format_for(name) is not None
            )
    return files


def validate_paths(paths: Iterable[str]) -> Iterator[Problem]:
    """Problems in every file; a CSV is checked once even if its data package is given too."""
    files = expand(paths)
    covered = {
        Path(csv_path).resolve()
        for path in files
        if Path(path).name == "datapackage.json"
        for csv_path in resource_paths(path)[0]
    }
    for path in files:
        if Path(path).name != "datapackage.json" and Path(path).resolve() in covered:
            continue
        yield from validate_file(path)
