"""`pkclean export`: clean every input and write one export file."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import TypeVar

import orjson

from ..clean.pipeline import BASES
from ..document import DEFAULT_LIMITS, Duplicate
from ..errors import ExitCode, Interrupted, OutputError, UsageError, WorkerCrashed
from ..formats import exporters
from ..formats import merge as merge_formats
from ..formats.atomic import OutputSet, direct_output, refuse_output_inside_inputs
from ..formats.exporters import Exporter
from ..formats.exporters.targets import (
    commit_export,
    open_exporter,
    planned_outputs,
    refuse_one_file,
)
from ..formats.parts import Key, PartRecorder, manifest_path
from ..ingest.load import DEFAULT_MAX_BYTES
from ..ingest.names import one_line, shown
from ..model import Article
from ..run import executors
from ..run.batch import (
    BatchSettings,
    Encoded,
    Piece,
    Rejection,
    body_fingerprint,
    export_batch,
    rejection,
)
from ..run.checkpoint import DEFAULT_EVERY, IDENTITY_NAME, Checkpoint
from ..run.duplicates import DuplicateWatch
from ..run.duplicates import summary_lines as duplicate_lines
from ..run.progress import Progress
from ..run.shards import Shard
from ..run.summary import Tally, summary_lines
from .options import add_knowledge_options, read_urls, report_unmatched_urls
from .settings import ExportSettings

HELP = "clean articles and export them as one file"
#: The most worker processes `--jobs` takes (each needs tens of megabytes).
MAX_JOBS = 256
#: The longest time limit `--time-limit` takes: a day.
MAX_TIME_LIMIT = 86_400.0
N = TypeVar("N", int, float)
EXAMPLES = """\
examples:
  pkclean export seeds/ --format jsonl --output corpus.jsonl
  pkclean export a.txt b.txt --format jsonl --output -
  pkclean export corpus/ --output corpus.jsonl --errors rejected.jsonl --strict
  pkclean export crawl/ --urls crawl/urls.csv --output corpus.jsonl
  pkclean export wsws-pages/ --publication wsws --output corpus.jsonl
  pkclean export corpus/ --format sqlite --output corpus.db      (then: datasette corpus.db)
  pkclean export corpus/ --dedup --duplicates dups.jsonl --output corpus.jsonl
  pkclean export corpus/ --shard 3/64 --output parts/part-03.jsonl
  pkclean export corpus/ --checkpoint .pkclean-run/ --output corpus.jsonl
  pkclean export crawl/ --executor ray --address ray://head:10001 --output corpus.jsonl
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        help=HELP,
        description=HELP + ". Files are read recursively from folders, in sorted order; the "
        "same input always gives byte-identical output.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    parser.add_argument(
        "--format",
        default="jsonl",
        choices=exporters.names(),
        help="output format (default: jsonl)",
    )
    parser.add_argument(
        "--output",
        "-o",
        default="-",
        metavar="FILE",
        help="output file, or - for standard output (default)",
    )
    parser.add_argument(
        "--errors", metavar="FILE", help="write rejected files as JSON lines (path, code, message)"
    )
    parser.add_argument(
        "--dedup",
        action="store_true",
        help="write an article reached twice (the same id) once, the first in input order, "
        "and look for near-duplicates (MinHash of the body; reported, never dropped)",
    )
    parser.add_argument(
        "--duplicates",
        metavar="FILE",
        help="write every duplicate found as JSON lines (kind, path, id, duplicate_of_path, "
        "duplicate_of_id, similarity, dropped)",
    )
    add_knowledge_options(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="reject files of no known publication instead of exporting them as unknown",
    )
    parser.add_argument(
        "--min-basis",
        choices=BASES,
        default=None,
        help="with --strict: also reject files whose publication was recognised on a weaker "
        "basis (layout: by the page's chrome, shapes or address; content: by its "
        "self-reference and house style too; default: content)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive("--max-bytes", int),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse files larger than N bytes; in a web archive, pages (default: "
        f"{DEFAULT_MAX_BYTES})",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=0,
        metavar="N",
        help="worker processes (default: one per available core); the output is the same "
        "for every N",
    )
    parser.add_argument(
        "--executor",
        default="local",
        choices=executors.names(),
        help="what runs the workers: local processes (default), or Ray tasks (needs "
        "pip install 'pkclean[ray]'); the output is the same",
    )
    parser.add_argument(
        "--address",
        metavar="ADDR",
        help="with --executor ray: a running Ray cluster (ray://HOST:10001, HOST:6379 or auto) "
        "instead of a Ray instance started on this machine",
    )
    parser.add_argument(
        "--ray-tmp",
        metavar="DIR",
        help="with --executor ray: the folder for the files of the Ray instance started here "
        "(default: ray in the system's temp folder)",
    )
    parser.add_argument(
        "--time-limit",
        type=_positive("--time-limit", float, most=MAX_TIME_LIMIT),
        default=DEFAULT_LIMITS.seconds,
        metavar="SECONDS",
        help="give up on a document (a file, or a page of an archive) after reading or "
        f"cleaning it for this long (default: {DEFAULT_LIMITS.seconds:g})",
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bar, no line per rejected file and no summary on standard error",
    )
    parser.add_argument(
        "--excel-safe",
        action="store_true",
        help="csv: put ' before cells a spreadsheet would run as formulas (= + - @ tab CR)",
    )
    parser.add_argument(
        "--split", action="store_true", help="tei: one file per article in the --output folder"
    )
    parser.add_argument(
        "--shard",
        type=Shard.parse,
        metavar="I/N",
        help="take only shard I of N (1 <= I <= N) of the inputs, the pages of web archives "
        "shared out one by one; write beside the output the manifest `pkclean merge` needs "
        "to join the N outputs into the bytes of one run",
    )
    parser.add_argument(
        "--checkpoint",
        metavar="DIR",
        help="keep finished chunks of inputs in DIR as the run goes; the same command run "
        "again (after a crash or a kill) redoes only the unfinished ones",
    )
    parser.add_argument(
        "--checkpoint-every",
        type=_positive("--checkpoint-every", int),
        default=DEFAULT_EVERY,
        metavar="N",
        help="with --checkpoint: units per chunk, files or pages of a large web archive "
        f"(default: {DEFAULT_EVERY})",
    )
    parser.set_defaults(run=run)


def _jobs(text: str) -> int:
    """`--jobs`: a number of worker processes, from 1 to `MAX_JOBS`."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise UsageError(f"--jobs takes a whole number from 1 to {MAX_JOBS}, not {text!r}")
    return value


def _positive(option: str, kind: type[N], most: float | None = None) -> Callable[[str], N]:
    """An option's type: a number above 0 (and at most `most`)."""

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            value = kind(0)
        if not value > 0 or value != value or (most is not None and value > most):
            limit = f" up to {most:g}" if most is not None else ""
            raise UsageError(f"{option} takes a number above 0{limit}, not {text!r}")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    return export(ExportSettings.from_args(args))


def export(settings: ExportSettings) -> int:
    """Run one export as `settings` says; the exit code."""
    exporter_class = settings.exporter_class
    options = settings.format_options
    _check_outputs(settings, exporter_class, options)
    if settings.min_basis is not None and not settings.strict:
        raise UsageError("--min-basis goes with --strict")
    _check_keyed(settings, exporter_class)
    placement = settings.placement
    executors.check(settings.executor, placement)
    urls = read_urls(settings.urls)
    started = time.perf_counter()
    tally = Tally()
    show_progress = not settings.quiet and sys.stderr.isatty()
    written = True
    with (
        _terminate_as_interrupt(),
        Progress(settings.paths, enabled=show_progress, stream=sys.stderr) as progress,
        OutputSet() as outputs,
        _interrupt_said(outputs, settings),
        contextlib.ExitStack() as stack,
    ):
        try:
            report = _errors_report(outputs, settings.errors)
            watch = _duplicates_watch(outputs, settings.duplicates, drop=settings.dedup)
            stack.callback(watch.close)
            recorder = PartRecorder() if settings.shard is not None else None
            exporter = open_exporter(
                outputs,
                settings.output,
                exporter_class,
                options,
                through=recorder.watch if recorder is not None else None,
            )
            stack.callback(exporter.close)
            sink = _Sink(exporter, report, progress, tally, watch, quiet=settings.quiet)
            sink.recorder = recorder
            worker_settings = settings.batch(urls, encode=type(exporter).independent_records)
            keyed = settings.shard is not None or settings.checkpoint is not None
            identity = settings.identity() if keyed else {}
            exporter.start()
            if sink.recorder is not None:
                sink.recorder.started()
            # Closed at once on any error, so that the workers stop before the output is
            # cleaned up, not whenever the generator is garbage-collected.
            batch = _batch(settings, worker_settings, placement, identity)
            with contextlib.closing(batch):
                for piece in batch:
                    sink.take(piece)
            exporter.finish()
            if sink.recorder is not None and settings.shard is not None:
                shard = (settings.shard.index, settings.shard.count)
                outputs.put(manifest_path(settings.output), sink.recorder.manifest(identity, shard))
            elif tally.articles == 0 and _replaceable(settings.output):
                outputs.discard(settings.output)  # left as it was; the errors report is written
                written = False
            commit_export(outputs, settings.output, exporter if written else None)
        except OSError as exc:
            raise outputs.failure(exc) from exc
    if not settings.quiet:
        for line in summary_lines(
            tally, time.perf_counter() - started, errors_file=settings.errors
        ):
            print(f"pkclean: {line}", file=sys.stderr)
        counts = watch.finder.counts
        for line in duplicate_lines(
            counts, drop=settings.dedup, near=settings.dedup, report=settings.duplicates
        ):
            print(f"pkclean: {line}", file=sys.stderr)
        report_unmatched_urls(urls, settings.paths)
    if not written:
        state = "left as it was" if os.path.exists(settings.output) else "not written"
        print(
            f"pkclean: no article was exported: {shown(settings.output)} was {state}",
            file=sys.stderr,
        )
    if outputs.late_signal is not None:
        print(
            "pkclean: interrupted while the output files were being put in place: the run "
            "had finished, and they were all written",
            file=sys.stderr,
        )
    empty = not tally.articles and settings.shard is None  # a shard may well hold no article
    return ExitCode.REJECTED if tally.rejections or empty else ExitCode.OK


def _check_keyed(settings: ExportSettings, exporter_class: type[Exporter]) -> None:
    """Refuse what `--shard` and `--checkpoint` cannot do."""
    if settings.shard is not None:
        if settings.split:
            raise UsageError("--shard does not go with --split (merge joins single files)")
        if not _replaceable(settings.output):
            raise UsageError("--shard needs --output, a file: merge reads it back")
        if settings.format not in merge_formats.names():
            raise UsageError(merge_formats.cannot_merge(settings.format))
        if settings.dedup or settings.duplicates:
            raise UsageError(
                "--shard does not go with --dedup or --duplicates: duplicates are found "
                "across the whole corpus, and a shard sees only its share"
            )
    if settings.checkpoint is not None:
        if not settings.checkpoint:
            raise UsageError("--checkpoint needs a folder name")
        if settings.split or not exporter_class.independent_records:
            raise UsageError(
                f"--checkpoint keeps records one by one: format {settings.format}"
                f"{' with --split' if settings.split else ''} cannot be checkpointed"
            )
        if "-" in settings.paths:
            raise UsageError("--checkpoint cannot resume standard input (-): name files")
        refuse_output_inside_inputs(
            os.path.join(settings.checkpoint, IDENTITY_NAME), settings.paths
        )


def _replaceable(output: str) -> bool:
    """Whether an output is a file that an empty run leaves as it was."""
    return output != "-" and not direct_output(output)


@contextlib.contextmanager
def _interrupt_said(outputs: OutputSet, settings: ExportSettings) -> Iterator[None]:
    """On Ctrl-C or SIGTERM, say truly what was left: files written as the run went stay."""
    try:
        yield
    except KeyboardInterrupt as exc:
        direct = [
            "standard output" if path == "-" else shown(path)
            for path in (settings.output, settings.errors, settings.duplicates)
            if path and not _replaceable(path)
        ]
        if settings.split:
            left = f"the article files written so far stay in {shown(settings.output)}"
        elif direct:
            left = f"what went to {' and '.join(direct)} as the run went stays"
        else:
            raise
        raise Interrupted(f"interrupted; {left}; no output file was replaced") from exc


@dataclass(slots=True)
class _Sink:
    """The main process's side of an export: writes articles, reports rejections, counts."""

    exporter: Exporter
    report: Callable[[Rejection], None]
    progress: Progress
    tally: Tally
    watch: DuplicateWatch
    quiet: bool
    #: With `--shard`: notes each record's key and extent for the manifest.
    recorder: PartRecorder | None = None
    _passed: int = 0  # inputs passed so far, in discovery order

    def take(self, piece: Piece) -> None:
        """Take the results of one input file, or one page of a large archive, in order,
        each with its key."""
        for index, result in piece.results:
            key = (piece.position, index)
            if isinstance(result, Rejection):
                self.reject(result, key)
            else:
                self.write(result, key)
        if piece.files:
            self.tally.files += piece.files
            # Inputs a shard leaves out count as passed: the bar counts every input.
            self.progress.advance(piece.position + 1 - self._passed)
            self._passed = piece.position + 1

    def write(self, result: Article | Encoded, key: Key | None = None) -> None:
        """Write one article (encoded by a worker, or here); a refused article is rejected.

        A duplicate is noted after its article is written; with `--dedup`, an exact one is not.
        """
        duplicate = self.duplicate(result)
        if duplicate is not None and duplicate.dropped:
            self.exporter.note_duplicate(duplicate)
            return
        if self.recorder is not None:
            self.recorder.before_record()
        if isinstance(result, Encoded):
            self.exporter.write_encoded(result.data, result.id)
        else:
            try:
                self.exporter.write(result)
            except OSError:
                raise
            except Exception as exc:
                self.reject(rejection(result.source.path, exc), key)
                return
        if self.recorder is not None and key is not None:
            self.recorder.record(key, result.id)
        self.tally.article(result.publication, result.warnings)
        if duplicate is not None:
            self.exporter.note_duplicate(duplicate)

    def duplicate(self, result: Article | Encoded) -> Duplicate | None:
        if isinstance(result, Encoded):
            return self.watch.check(result.id, result.path, result.fingerprint)
        fingerprint = body_fingerprint(result) if self.watch.finder.drop else None
        return self.watch.check(result.id, result.source.path, fingerprint)

    def reject(self, result: Rejection, key: Key | None = None) -> None:
        if self.recorder is not None and key is not None:
            self.recorder.rejection(key, result.path, result.code, result.message)
        self.tally.rejected(result)
        self.report(result)
        if not self.quiet:
            message = one_line(result.message)  # it may quote an archive's bytes
            self.progress.note(f"pkclean: rejected {result.path}: {result.code}: {message}")


def _check_outputs(
    settings: ExportSettings, exporter_class: type[Exporter], options: dict[str, bool]
) -> None:
    """Refuse outputs that would be read back as inputs, or that are one file."""
    planned = planned_outputs(settings.output, settings.errors, exporter_class, options)
    if settings.shard is not None and settings.output != "-":
        planned.append(("the shard manifest beside the output", manifest_path(settings.output)))
    if settings.duplicates is not None and not settings.duplicates:
        raise UsageError("--duplicates needs a file name")
    if settings.duplicates:
        planned.append(("--duplicates", settings.duplicates))
    for _, path in planned:
        refuse_output_inside_inputs(path, settings.paths)
    refuse_one_file(planned)


def _batch(
    settings: ExportSettings,
    worker_settings: BatchSettings,
    placement: executors.Placement,
    identity: dict[str, object],
) -> Generator[Piece, None, None]:
    """The results of the inputs this run takes, each with its key, resumed from the
    checkpoint if there is one."""
    try:
        checkpoint = None
        if settings.checkpoint is not None:
            named = {
                **identity,
                "shard": str(settings.shard) if settings.shard is not None else None,
                "split_bytes": worker_settings.split_bytes,
            }
            checkpoint = Checkpoint.open(settings.checkpoint, named, settings.checkpoint_every)
        yield from export_batch(
            settings.paths,
            worker_settings,
            executor=settings.executor,
            placement=placement,
            shard=settings.shard,
            checkpoint=checkpoint,
        )
    except WorkerCrashed as exc:
        raise OutputError(f"{exc}; nothing was replaced") from exc


def _errors_report(outputs: OutputSet, path: str | None) -> Callable[[Rejection], None]:
    """A function that streams each rejection to the `--errors` file (JSON lines), if any."""
    if path is None:
        return lambda rejection: None
    stream = outputs.open(path)

    def report(rejection: Rejection) -> None:
        stream.write(orjson.dumps(rejection.as_dict(), option=orjson.OPT_APPEND_NEWLINE))

    return report


def _duplicates_watch(outputs: OutputSet, path: str | None, *, drop: bool) -> DuplicateWatch:
    """The duplicate finder, streaming each duplicate to the `--duplicates` file, if any."""
    if path is None:
        return DuplicateWatch(lambda duplicate: None, drop=drop)
    stream = outputs.open(path)

    def report(duplicate: Duplicate) -> None:
        stream.write(orjson.dumps(duplicate.as_dict(), option=orjson.OPT_APPEND_NEWLINE))

    return DuplicateWatch(report, drop=drop)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM (a job scheduler's stop) clean up like Ctrl-C: no output is replaced."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
