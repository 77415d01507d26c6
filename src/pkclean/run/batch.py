"""A batch over many inputs: every file gives articles or a rejection, never a crash.

`process_path` is the per-file function: pure apart from reading its file, picklable, and
safe to run in any process. `encode_path` adds the exporter's per-article encoding, so that
worker processes also do the serialising. Both turn every failure inside one file into a
`Rejection`: an `InputError` keeps its code; any other exception is a bug in pkclean and
becomes the code `internal_error`, with the exception and where it was raised.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..clean.pipeline import clean
from ..document import DEFAULT_LIMITS, Limits
from ..errors import INTERNAL_ERROR, PkcleanError
from ..formats import exporters
from ..ingest.discover import discover
from ..ingest.load import DEFAULT_MAX_BYTES, load
from ..ingest.names import shown
from ..ingest.timer import time_limit
from ..ingest.urlmap import UrlMap
from ..model import Article
from .parallel import beat, ordered_map


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


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """What a worker needs to process a file: picklable, immutable.

    With `encode` set to a format name, articles come back as that format's bytes.
    """

    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    encode: str | None = None
    options: tuple[tuple[str, object], ...] = field(default=())
    #: Seconds to read, and to clean, one document (`Limits.seconds`).
    seconds: float = DEFAULT_LIMITS.seconds
    #: The publication the user declared for every input (`--publication`).
    declared: str | None = None
    #: The weakest basis a verdict may rest on in strict mode (`--min-basis`).
    min_basis: str = "content"
    #: The URL each input was fetched from (`--urls`).
    urls: UrlMap = field(default_factory=UrlMap)
    #: Whether encoded articles carry their body's fingerprint (`--dedup`).
    fingerprints: bool = False

    @property
    def limits(self) -> Limits:
        return DEFAULT_LIMITS._replace(seconds=self.seconds)


def process_path(
    path: str,
    *,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: Limits = DEFAULT_LIMITS,
    declared: str | None = None,
    min_basis: str = "content",
    urls: UrlMap | None = None,
) -> list[Outcome]:
    """All outcomes of one input file, in document order (pure apart from reading the file).

    Reading each document, and cleaning it, may take `limits.seconds` each; in a worker
    process each document restarts the clock the main process watches (`parallel.beat`).
    `urls` gives the URL the file was fetched from (not for a web archive, whose records say
    their own); `declared` and `min_basis` are passed to `clean`.
    """
    outcomes: list[Outcome] = []
    url = urls.url_for(path) if urls else None
    try:
        for src in load(path, max_bytes=max_bytes, limits=limits):
            beat()
            if url is not None and src.format != "warc":
                src = replace(src, url=url)
            try:
                with time_limit(limits.seconds, "cleaning the document"):
                    outcomes.append(
                        clean(
                            src,
                            strict=strict,
                            limits=limits,
                            declared=declared,
                            min_basis=min_basis,
                        )
                    )
            except Exception as exc:
                outcomes.append(rejection(src.path, exc))
            beat()
    except Exception as exc:
        outcomes.append(rejection(shown(path), exc))
    return outcomes


def encode_path(path: str, settings: BatchSettings) -> list[Result]:
    """The outcomes of one file, articles encoded by the exporter `settings.encode` names.

    Only for formats whose records depend on nothing but their article
    (`Exporter.independent_records`); an article the exporter refuses becomes a rejection.
    """
    if settings.encode is None:
        raise ValueError("encode_path needs settings.encode, a format name")
    exporter = exporters.get(settings.encode)(io.BytesIO(), **dict(settings.options))
    results: list[Result] = []
    for outcome in _process(path, settings):
        if isinstance(outcome, Rejection):
            results.append(outcome)
            continue
        try:
            data = exporter.encode(outcome)
        except Exception as exc:
            results.append(rejection(outcome.source.path, exc))
            continue
        print_ = body_fingerprint(outcome) if settings.fingerprints else None
        results.append(
            Encoded(
                outcome.id, outcome.publication, outcome.warnings, data, outcome.source.path, print_
            )
        )
    return results


def body_fingerprint(article: Article) -> bytes | None:
    """The MinHash fingerprint of an article's text, as bytes (None for an empty body)."""
    from .fingerprints import fingerprint, to_bytes  # numpy: loaded only when asked for

    value = fingerprint(article.text)
    return None if value is None else to_bytes(value)


def work(path: str, settings: BatchSettings) -> list[Result]:
    """The worker's function: `encode_path` or `process_path`, as `settings` asks."""
    if settings.encode is not None:
        return encode_path(path, settings)
    return list(_process(path, settings))


def _process(path: str, settings: BatchSettings) -> list[Outcome]:
    return process_path(
        path,
        strict=settings.strict,
        max_bytes=settings.max_bytes,
        limits=settings.limits,
        declared=settings.declared,
        min_basis=settings.min_basis,
        urls=settings.urls,
    )


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


def export_batch(
    paths: Iterable[str], settings: BatchSettings, *, jobs: int = 1
) -> Iterator[list[Result]]:
    """The results of every file under `paths`, one list per file, in discovery order.

    Files are discovered lazily and processed by `jobs` worker processes (at least one), so
    that the time limit holds whatever a page does and a worker's death costs only its file:
    a file whose worker was stopped, or died, is rejected (`timeout`, `worker_lost`) and the
    batch goes on. The order, and so the output, is the same for every number of workers. A
    script must call it under `if __name__ == "__main__":`, as workers import the main module.
    """
    func: Callable[[str], list[Result]] = partial(work, settings=settings)
    return ordered_map(
        func,
        discover(paths),
        jobs=jobs,
        isolated=True,
        seconds=settings.seconds,
        lost=lost_file,
    )


def lost_file(path: str, code: str, message: str) -> list[Result]:
    """The result of a file whose worker was stopped or died: its rejection."""
    return [Rejection(shown(path), code, message)]


def run_batch(
    paths: Iterable[str],
    *,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes of every file under `paths`, lazily and in a deterministic order."""
    func = partial(process_path, strict=strict, max_bytes=max_bytes)
    for outcomes in ordered_map(func, discover(paths), jobs=jobs):
        yield from outcomes
