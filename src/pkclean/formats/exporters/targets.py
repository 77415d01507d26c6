"""I/O edge for exports: one output file with its sidecar files, or one file per article.

An output file and its sidecars (a CSV file's `datapackage.json`) are files of one
`OutputSet`, put in place together with the `--errors` report. A sidecar describes other
files too, so it is read and updated under a lock at the moment the files are put in place:
two exports into one folder at once each add their own resource.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Mapping
from itertools import combinations
from pathlib import Path
from typing import BinaryIO

from ...errors import InputError, OutputError, UsageError
from ...ingest.files import open_regular
from ...ingest.names import shown
from ...model import Article
from ..atomic import OutputSet, atomic_output, direct_output, refuse_same_file
from ..locks import locked
from .base import Exporter
from .repeats import SeenCounter

#: The largest sidecar pkclean reads back (a data package of thousands of resources is far
#: smaller).
MAX_SIDECAR_BYTES = 64 * 1024 * 1024


def open_exporter(
    outputs: OutputSet,
    output: str,
    exporter_class: type[Exporter],
    options: Mapping[str, object],
    through: Callable[[BinaryIO], BinaryIO] | None = None,
) -> Exporter:
    """The exporter for `output`, its stream a file of `outputs` (or, given `through`, the
    stream `through` makes of that file).

    With the `split` option, `output` is a folder and every article goes to its own file.
    The sidecars are read now, so that one that cannot be updated stops the export before it
    starts.
    """
    if options.get("split"):
        return SplitExporter(output, exporter_class, options)
    stream = outputs.open(output)
    exporter = exporter_class(through(stream) if through is not None else stream, **options)
    if output != "-" and not direct_output(output):
        exporter.scratch_folder = os.path.dirname(os.path.realpath(output))
    for path, update in _sidecars(exporter, output).items():
        update(read_sidecar(path))
    return exporter


def sidecar_paths(
    output: str, exporter_class: type[Exporter], options: Mapping[str, object]
) -> list[str]:
    """The sidecar files an export to `output` writes (none for a stream or a split)."""
    if options.get("split"):
        return []
    probe = exporter_class(io.BytesIO(), **options)
    return [str(path) for path in _sidecars(probe, output, quiet=True)]


def planned_outputs(
    output: str,
    errors: str | None,
    exporter_class: type[Exporter],
    options: Mapping[str, object],
) -> list[tuple[str, str]]:
    """The files an export (or a merge) to `output` writes, each with the name an error gives
    it: the output, the files beside it, the `--errors` report. Empty names are refused."""
    if not output:
        raise UsageError("--output needs a file name (or - for standard output)")
    if errors is not None and not errors:
        raise UsageError("--errors needs a file name")
    planned = [("--output", output)]
    planned += [
        (f"the {Path(path).name} beside the output", path)
        for path in sidecar_paths(output, exporter_class, options)
    ]
    if errors:
        planned.append(("--errors", errors))
    return planned


def refuse_one_file(planned: list[tuple[str, str]]) -> None:
    """Refuse two planned outputs that are one file (`UsageError` naming both)."""
    for (first, one), (second, two) in combinations(planned, 2):
        refuse_same_file(one, two, f"{first} and {second}")


def commit_export(outputs: OutputSet, output: str, exporter: Exporter | None) -> None:
    """Put the files of an export in place: its sidecars updated from what they are now,
    under their locks, and every file of `outputs` together (or, on an error, none)."""
    sidecars = _sidecars(exporter, output, quiet=True) if exporter is not None else {}
    with contextlib.ExitStack() as stack:
        for path in sorted(sidecars):
            stack.enter_context(locked(path))
        for path, update in sidecars.items():
            outputs.put(str(path), update(read_sidecar(path)))
        outputs.commit()


def _sidecars(
    exporter: Exporter, output: str, *, quiet: bool = False
) -> dict[Path, Callable[[bytes | None], bytes]]:
    """Each sidecar's path and the function from its old bytes to its new ones."""
    if isinstance(exporter, SplitExporter):
        return {}
    updates = exporter.sidecars(Path(output).name)
    if output == "-" or direct_output(output):
        if not quiet:
            for name in updates:
                print(
                    f"pkclean: note: {name} is only written beside an output file",
                    file=sys.stderr,
                )
        return {}
    return {Path(output).with_name(name): update for name, update in updates.items()}


def read_sidecar(path: Path) -> bytes | None:
    """A sidecar's bytes as they are now, or None if there is none; `OutputError` when it
    cannot be read (no permission, not a regular file, far too large)."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        with open_regular(str(path)) as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    except InputError as exc:
        raise OutputError(
            f"cannot update {shown(str(path))}: {exc.message}; nothing was replaced"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"cannot update {shown(str(path))}: cannot read it: {exc.strerror or exc}; "
            "nothing was replaced"
        ) from None
    if len(data) > MAX_SIDECAR_BYTES:
        raise UsageError(
            f"{shown(str(path))} is over {MAX_SIDECAR_BYTES:,} bytes: not a descriptor "
            "pkclean wrote; move it away first"
        )
    return data


class SplitExporter(Exporter):
    """One file per article in a folder, named by the article id (`-2`, `-3`… for repeats)."""

    name = "split"
    suffix = ""

    def __init__(
        self, folder: str, exporter_class: type[Exporter], options: Mapping[str, object]
    ) -> None:
        if folder == "-":
            raise UsageError("--split writes one file per article: give --output a folder")
        if Path(folder).exists() and not Path(folder).is_dir():
            raise UsageError(f"--split needs a folder, and {shown(folder)} is a file")
        exporter_class(io.BytesIO(), **options)  # refuses options the format does not take
        self.folder = Path(folder)
        self.exporter_class = exporter_class
        self.exporter_options = dict(options)
        self.seen = SeenCounter()

    def start(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make the folder {shown(str(self.folder))}: {exc}") from None

    def write(self, article: Article) -> None:
        count = self.seen.add(article.id)
        stem = article.id if count == 1 else f"{article.id}-{count}"
        with atomic_output(str(self.folder / (stem + self.exporter_class.suffix))) as stream:
            exporter = self.exporter_class(stream, **self.exporter_options)
            exporter.start()
            exporter.write(article)
            exporter.finish()

    def finish(self) -> None:
        self.seen.close()
