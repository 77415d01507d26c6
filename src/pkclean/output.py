"""I/O edge for outputs: written to a temporary file and renamed into place on success."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[BinaryIO]:
    """Yield a binary stream for `path` (`-` is standard output).

    The data goes to a temporary file beside the target, which replaces the target only when
    the block finishes without an exception: an interrupted run leaves the old file or none.
    """
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        "wb", dir=folder, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle  # type: ignore[misc]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def refuse_output_inside_inputs(output: str, inputs: Iterable[str]) -> None:
    """Refuse an output path inside a folder that is being read (it would be read back)."""
    if output == "-":
        return
    target = Path(output).resolve()
    for arg in inputs:
        source = Path(arg).resolve()
        if source.is_dir() and (source == target.parent or source in target.parents):
            raise UsageError(f"the output {output} is inside the input folder {arg}")
        if source == target:
            raise UsageError(f"the output {output} is also an input")
