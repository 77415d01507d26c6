"""A batch over many inputs: every file gives articles or a rejection, never a crash."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import InputError
from .model import Article
from .pipeline import clean
from .reading import DEFAULT_MAX_BYTES, discover, load


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file (or one document in it) that could not become an article, and why."""

    path: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


Outcome = Article | Rejection


def process_path(
    path: str, *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Outcome]:
    """All outcomes of one input file, in document order (pure apart from reading the file)."""
    outcomes: list[Outcome] = []
    try:
        for src in load(path, max_bytes=max_bytes):
            try:
                outcomes.append(clean(src, strict=strict))
            except InputError as exc:
                outcomes.append(Rejection(src.path, exc.code, exc.message))
    except InputError as exc:
        outcomes.append(Rejection(exc.path or path, exc.code, exc.message))
    return outcomes


def run_batch(
    paths: Iterable[str], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Outcome]:
    """Outcomes of every file under `paths`, lazily and in a deterministic order."""
    for path in discover(paths):
        yield from process_path(path, strict=strict, max_bytes=max_bytes)
