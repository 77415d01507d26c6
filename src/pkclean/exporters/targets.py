"""I/O edge for exports: one output file (with its sidecar files) or one file per article."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import UsageError
from ..model import Article
from ..output import atomic_output
from .base import Exporter
from .repeats import SeenCounter


@contextlib.contextmanager
def open_exporter(
    output: str, exporter_class: type[Exporter], options: Mapping[str, object]
) -> Iterator[Exporter]:
    """The exporter for `output`; sidecar files are written beside it once it is complete.

    With the `split` option, `output` is a folder and every article goes to its own file.
    """
    if options.get("split"):
        yield SplitExporter(output, exporter_class, options)
        return
    with atomic_output(output) as stream:
        exporter = exporter_class(stream, **options)
        sidecars = _sidecar_bytes(exporter, output)
        if output != "-":
            exporter.scratch_folder = os.path.dirname(os.path.realpath(output))
        try:
            yield exporter
        finally:
            exporter.close()
    for path, data in sidecars.items():
        with atomic_output(str(path)) as stream:
            stream.write(data)


def _sidecar_bytes(exporter: Exporter, output: str) -> dict[Path, bytes]:
    """Each sidecar's new content, computed before the export runs so that a problem stops it."""
    updates = exporter.sidecars(Path(output).name)
    if output == "-":
        for name in updates:
            print(f"pkclean: note: {name} is only written beside an output file", file=sys.stderr)
        return {}
    contents = {}
    for name, update in updates.items():
        path = Path(output).with_name(name)
        contents[path] = update(path.read_bytes() if path.is_file() else None)
    return contents


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
            raise UsageError(f"--split needs a folder, and {folder} is a file")
        exporter_class(io.BytesIO(), **options)  # refuses options the format does not take
        self.folder = Path(folder)
        self.exporter_class = exporter_class
        self.exporter_options = dict(options)
        self.seen = SeenCounter()

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

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
