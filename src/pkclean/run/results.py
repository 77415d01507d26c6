"""What a batch gives for each document: an article, an encoded article, or a rejection."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import INTERNAL_ERROR, PkcleanError
from ..model import Article


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file (or one document in it) that could not become an article, and why."""

    path: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


class Encoded(NamedTuple):
    """An article already encoded by its exporter, with its id and what the summary counts.

    A named tuple: the main process unpickles one per article, and a slotted dataclass takes
    a Python call to restore its state.
    """

    id: str
    publication: str
    warnings: tuple[str, ...]
    data: bytes
    #: `source.path`, and the body's MinHash fingerprint when duplicates are looked for.
    path: str = ""
    fingerprint: bytes | None = None


Outcome = Article | Rejection
Result = Article | Encoded | Rejection


def rejection(path: str, exc: Exception) -> Rejection:
    """The rejection of `path` for an exception raised while processing it."""
    if isinstance(exc, PkcleanError):
        return Rejection(exc.path or path, exc.code, exc.message)
    return Rejection(path, INTERNAL_ERROR, describe_bug(exc))


def describe_bug(exc: BaseException) -> str:
    """The exception and the line of pkclean that raised it, for a bug report.

    >>> describe_bug(ValueError("bad"))
    'ValueError: bad'
    """
    text = f"{type(exc).__name__}: {exc}"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if "pkclean" in Path(frame.filename).parts]
    if ours:
        text += f" (at {Path(ours[-1].filename).name}:{ours[-1].lineno})"
    return text
