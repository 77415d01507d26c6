"""A batch over many inputs: every file gives articles or a rejection, never a crash.

`process_path` is the per-file function: pure apart from reading its file, picklable, and
safe to run in any process. `encode_path` adds the exporter's per-article encoding, so that
worker processes also do the serialising. `work` is what an executor runs on each unit (a
file, or a page of a large web archive: `pkclean.run.units`), each result keyed by its
document's index in its file, and only the documents of a shard if there is one. All turn
every failure inside one file into a `Rejection`: an `InputError` keeps its code; any other
exception is a bug in pkclean and becomes the code `internal_error`, with the exception and
where it was raised.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any, NamedTuple

from ..clean.pipeline import clean, clean_record
from ..document import DEFAULT_LIMITS, Limits, SourceDoc
from ..formats import exporters
from ..ingest.discover import discover
from ..ingest.kinds.warc import Scanned, read_page
from ..ingest.load import DEFAULT_MAX_BYTES, load, record_limits, records
from ..ingest.names import shown
from ..ingest.timer import time_limit
from ..ingest.urlmap import UrlMap
from ..model import DERIVED_FROM_BODY, Article
from ..record_check import is_plain_article
from . import executors
from .checkpoint import Checkpoint
from .parallel import beat, ordered_map
from .results import Encoded, Outcome, Rejection, Result, describe_bug, rejection
from .shards import Selection, Shard
from .units import Item, Noted, Page, PageFailed, Piece, Unit, archive_units, gather, units

__all__ = [
    "BatchSettings",
    "Encoded",
    "Outcome",
    "Piece",
    "Plain",
    "Rejection",
    "Result",
    "Unit",
    "body_fingerprint",
    "describe_bug",
    "encode_path",
    "export_batch",
    "process_path",
    "rejection",
    "run_batch",
    "vetted",
    "work",
]

#: Web archives larger than this are read by the main process and their pages handed out
#: one by one (`pkclean.run.units`); smaller ones go to one worker whole, like other files.
SPLIT_BYTES = 16 * 1024 * 1024


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
    #: Web archives over this many bytes are split into their pages (`SPLIT_BYTES`).
    split_bytes: int = SPLIT_BYTES

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
            outcomes.append(
                _clean_one(
                    src, strict=strict, limits=limits, declared=declared, min_basis=min_basis
                )
            )
            beat()
    except Exception as exc:
        outcomes.append(rejection(shown(path), exc))
    return outcomes


def _clean_one(
    src: SourceDoc, *, strict: bool, limits: Limits, declared: str | None, min_basis: str
) -> Outcome:
    """One document cleaned under the time limit, or its rejection."""
    try:
        with time_limit(limits.seconds, "cleaning the document"):
            return clean(src, strict=strict, limits=limits, declared=declared, min_basis=min_basis)
    except Exception as exc:
        return rejection(src.path, exc)


def encode_path(path: str, settings: BatchSettings) -> list[Result]:
    """The outcomes of one file, articles encoded by the exporter `settings.encode` names.

    Only for formats whose records depend on nothing but their article
    (`Exporter.independent_records`); an article the exporter refuses becomes a rejection.
    """
    if settings.encode is None:
        raise ValueError("encode_path needs settings.encode, a format name")
    return _encoded(_process(path, settings), settings)


class Plain(NamedTuple):
    """An article's record that `pkclean.record_check.is_plain_article` vouches for, to be
    encoded as it is (`Exporter.encode_plain`) instead of through the model."""

    record: dict[str, Any]


#: What cleaning a document gives a worker.
Cleaned = Outcome | Plain


def _encoded(outcomes: Sequence[Cleaned], settings: BatchSettings) -> list[Result]:
    """The outcomes as `settings` asks: articles encoded by its exporter, or as they are."""
    if settings.encode is None:
        return [_article(outcome) for outcome in outcomes]
    exporter = _encoder(settings.encode, settings.options)
    results: list[Result] = []
    for outcome in outcomes:
        if isinstance(outcome, Rejection):
            results.append(outcome)
            continue
        if isinstance(outcome, Plain):
            record = outcome.record
            id_, publication, warnings = record["id"], record["publication"], record["warnings"]
            path, text = record["source"]["path"], record["text"]
        else:
            id_, publication, warnings = outcome.id, outcome.publication, outcome.warnings
            path, text = outcome.source.path, outcome.text
        try:
            if isinstance(outcome, Plain):
                data = exporter.encode_plain(outcome.record)
            else:
                data = exporter.encode(outcome)
        except Exception as exc:
            results.append(rejection(path, exc))
            continue
        print_ = _text_fingerprint(text) if settings.fingerprints else None
        results.append(Encoded(id_, publication, tuple(warnings), data, path, print_))
    return results


def _article(outcome: Cleaned) -> Outcome:
    """An outcome as an article or a rejection (a plain record validated by the model)."""
    if isinstance(outcome, Plain):
        return Article.model_validate(outcome.record, context=DERIVED_FROM_BODY)
    return outcome


def body_fingerprint(article: Article) -> bytes | None:
    """The MinHash fingerprint of an article's text, as bytes (None for an empty body)."""
    return _text_fingerprint(article.text)


def _text_fingerprint(text: str) -> bytes | None:
    from .fingerprints import fingerprint, to_bytes  # numpy: loaded only when asked for

    value = fingerprint(text)
    return None if value is None else to_bytes(value)


@lru_cache(maxsize=4)
def _encoder(name: str, options: tuple[tuple[str, object], ...]) -> exporters.Exporter:
    """An exporter to encode records with (`encode` writes nothing to its stream)."""
    return exporters.get(name)(io.BytesIO(), **dict(options))


def work(unit: Unit, settings: BatchSettings, shard: Shard | None = None) -> Piece:
    """The worker's function: the results of one unit (a file, or a page of an archive), of
    the documents `shard` takes, each with its document's index in its file."""
    if isinstance(unit, Item):
        return _file(unit, settings, shard)
    if isinstance(unit, Page):
        return _page(unit, settings)
    return Piece(unit.position, [], 0, unit)  # a split archive's problem or end: for `gather`


def _file(item: Item, settings: BatchSettings, shard: Shard | None) -> Piece:
    """One input file read and cleaned; a web archive's pages numbered and selected as the
    main process does for a large one (`pkclean.run.units.archive_units`)."""
    selection = Selection(item.path, shard)
    limits = settings.limits
    url = settings.urls.url_for(item.path) if settings.urls else None
    outcomes: list[tuple[int, Cleaned]] = []
    count = 0  # documents read so far
    try:
        found = records(item.path, max_bytes=settings.max_bytes, limits=limits)
        for document in found:
            if not isinstance(document, SourceDoc):
                return _archive(item, selection, settings, _scanned(document, found))
            index, count = count, count + 1
            beat()
            if not selection.page(index):
                continue
            if url is not None and document.format != "warc":
                document = replace(document, url=url)
            outcomes.append((index, _clean(document, settings)))
            beat()
    except Exception as exc:
        if selection.whole():
            outcomes.append((count, rejection(shown(item.path), exc)))
    results = _encoded([outcome for _, outcome in outcomes], settings)
    keyed = [(index, result) for (index, _), result in zip(outcomes, results, strict=True)]
    return Piece(item.position, keyed, 1)


def _archive(
    item: Item, selection: Selection, settings: BatchSettings, scanned: Iterator[Scanned]
) -> Piece:
    """A web archive read in this worker, page by page, as the workers would take it split."""
    pieces = []
    for unit in archive_units(item, selection, scanned):
        beat()
        pieces.append(work(unit, settings))
    results = [keyed for piece in gather(pieces) for keyed in piece.results]
    return Piece(item.position, results, 1)


def _scanned(first: Scanned, rest: Iterator[SourceDoc | Scanned]) -> Iterator[Scanned]:
    """What reading an archive finds (`records` gives nothing else once it gave one)."""
    yield first
    for found in rest:
        if not isinstance(found, SourceDoc):
            yield found


def _clean(src: SourceDoc, settings: BatchSettings) -> Cleaned:
    """One document cleaned under the time limit: a plain record if the exporter encodes
    those (and the record is one), else an article; or the document's rejection."""
    if settings.encode is None or not _encoder(settings.encode, settings.options).plain_records:
        return _clean_one(
            src,
            strict=settings.strict,
            limits=settings.limits,
            declared=settings.declared,
            min_basis=settings.min_basis,
        )
    try:
        with time_limit(settings.limits.seconds, "cleaning the document"):
            record = clean_record(
                src,
                strict=settings.strict,
                limits=settings.limits,
                declared=settings.declared,
                min_basis=settings.min_basis,
            )
            return vetted(record)
    except Exception as exc:
        return rejection(src.path, exc)


def vetted(record: dict[str, Any]) -> Plain | Article:
    """A record `clean_record` built, as a plain record if `is_plain_article` vouches for it,
    else validated by the model (which raises what `clean` would)."""
    if is_plain_article(record, derived_from_body=True):
        return Plain(record)
    return Article.model_validate(record, context=DERIVED_FROM_BODY)


def _page(page: Page, settings: BatchSettings) -> Piece:
    """One page of an archive read and, if it is to be, cleaned; a page that cannot be read
    is a note for its archive's report."""
    capture = page.capture
    try:
        src = read_page(capture, record_limits(settings.limits, settings.max_bytes))
    except Exception as exc:
        failed = rejection(capture.path, exc)
        note = PageFailed(failed.path, failed.code, failed.message)
        return Piece(page.position, [], 0, Noted(page.position, page.record, page.path, note))
    if not page.clean:
        return Piece(page.position, [], 0)
    (result,) = _encoded([_clean(src, settings)], settings)
    return Piece(page.position, [(page.record, result)], 0)


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


def export_batch(
    paths: Iterable[str],
    settings: BatchSettings,
    *,
    jobs: int = 1,
    executor: str = "local",
    placement: executors.Placement | None = None,
    shard: Shard | None = None,
    checkpoint: Checkpoint | None = None,
) -> Iterator[Piece]:
    """The results of every file under `paths` (those of `shard`), in discovery order, as
    pieces: a file's results, or a page's of a large archive (`pkclean.run.units`).

    Every unit is processed by the executor named (`pkclean.run.executors`), `jobs` workers
    at a time, so that the time limit holds whatever a page does and a worker's death costs
    only its unit: a unit whose worker was stopped, or died, is rejected (`timeout`,
    `worker_lost`) and the batch goes on. With a `checkpoint`, chunks of units it holds are
    read back instead. The order, and so the output, is the same for every executor and
    number of workers. A script must call it under `if __name__ == "__main__":`, as workers
    import the main module.
    """
    func: Callable[[Unit], Piece] = partial(work, settings=settings, shard=shard)
    run = executors.get(executor).map
    where = placement or executors.Placement(jobs=jobs)

    def execute(todo: Iterable[Unit]) -> Iterator[Piece]:
        return run(func, todo, placement=where, seconds=settings.seconds, lost=lost_unit)

    limits = record_limits(settings.limits, settings.max_bytes)
    todo = units(paths, settings.split_bytes, limits, shard)
    return gather(execute(todo) if checkpoint is None else checkpoint.run(todo, execute))


def lost_unit(unit: Unit, code: str, message: str) -> Piece:
    """The result of a unit whose worker was stopped or died: its rejection.

    A lost page goes into its archive's report; a shard that does not report the archive
    (`Page.owner`) rejects the page itself, so that no page is lost unsaid. A shard that
    loses a whole archive reports it even if another shard owns the archive's rejection.
    """
    if isinstance(unit, Item):
        return Piece(unit.position, [(0, Rejection(shown(unit.path), code, message))], 1)
    if isinstance(unit, Page):
        path = unit.capture.path
        if not unit.owner:
            return Piece(unit.position, [(unit.record, Rejection(path, code, message))], 0)
        note = Noted(unit.position, unit.record, unit.path, PageFailed(path, code, message))
        return Piece(unit.position, [], 0, note)
    return Piece(unit.position, [], 0, unit)


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
