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
from itertools import combinations
from pathlib import Path
from types import FrameType
from typing import TypeVar

import orjson

from ..clean.pipeline import BASES
from ..document import DEFAULT_LIMITS, Duplicate
from ..errors import ExitCode, Interrupted, OutputError, UsageError, WorkerCrashed
from ..formats import exporters
from ..formats.atomic import OutputSet, direct_output, refuse_output_inside_inputs, refuse_same_file
from ..formats.exporters import Exporter
from ..formats.exporters.targets import commit_export, open_exporter, sidecar_paths
from ..ingest.load import DEFAULT_MAX_BYTES
from ..ingest.names import one_line, shown
from ..model import Article
from ..run.batch import (
    BatchSettings,
    Encoded,
    Rejection,
    Result,
    body_fingerprint,
    export_batch,
    rejection,
)
from ..run.duplicates import DuplicateWatch
from ..run.duplicates import summary_lines as duplicate_lines
from ..run.parallel import available_cores
from ..run.progress import Progress
from ..run.summary import Tally, summary_lines
from .options import add_knowledge_options, read_urls, report_unmatched_urls

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
        help=f"refuse files larger than N bytes (default: {DEFAULT_MAX_BYTES})",
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
    exporter_class = exporters.get(args.format)
    options = {key: True for key in ("excel_safe", "split") if getattr(args, key)}
    if args.dedup and "dedup" in exporter_class.options:
        options["dedup"] = True
    _check_outputs(args, exporter_class, options)
    if args.min_basis is not None and not args.strict:
        raise UsageError("--min-basis goes with --strict")
    urls = read_urls(args.urls)
    jobs = args.jobs or available_cores()
    started = time.perf_counter()
    tally = Tally()
    show_progress = not args.quiet and sys.stderr.isatty()
    written = True
    with (
        _terminate_as_interrupt(),
        Progress(args.paths, enabled=show_progress, stream=sys.stderr) as progress,
        OutputSet() as outputs,
        _interrupt_said(outputs, args),
        contextlib.ExitStack() as stack,
    ):
        try:
            report = _errors_report(outputs, args.errors)
            watch = _duplicates_watch(outputs, args.duplicates, drop=args.dedup)
            stack.callback(watch.close)
            exporter = open_exporter(outputs, args.output, exporter_class, options)
            stack.callback(exporter.close)
            sink = _Sink(exporter, report, progress, tally, watch, quiet=args.quiet)
            settings = BatchSettings(
                strict=args.strict,
                max_bytes=args.max_bytes,
                encode=args.format if type(exporter).independent_records else None,
                options=tuple(options.items()),
                seconds=args.time_limit,
                declared=args.publication,
                min_basis=args.min_basis or "content",
                urls=urls,
                fingerprints=args.dedup,
            )
            exporter.start()
            # Closed at once on any error, so that the workers stop before the output is
            # cleaned up, not whenever the generator is garbage-collected.
            with contextlib.closing(_batch(args.paths, settings, jobs)) as batch:
                for results in batch:
                    sink.file_done(results)
            exporter.finish()
            if tally.articles == 0 and _replaceable(args.output):
                outputs.discard(args.output)  # left as it was; the errors report is written
                written = False
            commit_export(outputs, args.output, exporter if written else None)
        except OSError as exc:
            raise outputs.failure(exc) from exc
    if not args.quiet:
        for line in summary_lines(tally, time.perf_counter() - started, errors_file=args.errors):
            print(f"pkclean: {line}", file=sys.stderr)
        counts = watch.finder.counts
        for line in duplicate_lines(
            counts, drop=args.dedup, near=args.dedup, report=args.duplicates
        ):
            print(f"pkclean: {line}", file=sys.stderr)
        report_unmatched_urls(urls, args.paths)
    if not written:
        state = "left as it was" if os.path.exists(args.output) else "not written"
        print(
            f"pkclean: no article was exported: {shown(args.output)} was {state}",
            file=sys.stderr,
        )
    if outputs.late_signal is not None:
        print(
            "pkclean: interrupted while the output files were being put in place: the run "
            "had finished, and they were all written",
            file=sys.stderr,
        )
    return ExitCode.REJECTED if tally.rejections or not tally.articles else ExitCode.OK


def _replaceable(output: str) -> bool:
    """Whether an output is a file that an empty run leaves as it was."""
    return output != "-" and not direct_output(output)


@contextlib.contextmanager
def _interrupt_said(outputs: OutputSet, args: argparse.Namespace) -> Iterator[None]:
    """On Ctrl-C or SIGTERM, say truly what was left: files written as the run went stay."""
    try:
        yield
    except KeyboardInterrupt as exc:
        direct = [
            "standard output" if path == "-" else shown(path)
            for path in (args.output, args.errors, args.duplicates)
            if path and not _replaceable(path)
        ]
        if args.split:
            left = f"the article files written so far stay in {shown(args.output)}"
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

    def file_done(self, results: list[Result]) -> None:
        """Take the results of one input file, in order."""
        for result in results:
            if isinstance(result, Rejection):
                self.reject(result)
            else:
                self.write(result)
        self.tally.files += 1
        self.progress.advance()

    def write(self, result: Article | Encoded) -> None:
        """Write one article (encoded by a worker, or here); a refused article is rejected.

        A duplicate is noted after its article is written; with `--dedup`, an exact one is not.
        """
        duplicate = self.duplicate(result)
        if duplicate is not None and duplicate.dropped:
            self.exporter.note_duplicate(duplicate)
            return
        if isinstance(result, Encoded):
            self.exporter.write_encoded(result.data, result.id)
        else:
            try:
                self.exporter.write(result)
            except OSError:
                raise
            except Exception as exc:
                self.reject(rejection(result.source.path, exc))
                return
        self.tally.article(result.publication, result.warnings)
        if duplicate is not None:
            self.exporter.note_duplicate(duplicate)

    def duplicate(self, result: Article | Encoded) -> Duplicate | None:
        if isinstance(result, Encoded):
            return self.watch.check(result.id, result.path, result.fingerprint)
        fingerprint = body_fingerprint(result) if self.watch.finder.drop else None
        return self.watch.check(result.id, result.source.path, fingerprint)

    def reject(self, result: Rejection) -> None:
        self.tally.rejected(result)
        self.report(result)
        if not self.quiet:
            message = one_line(result.message)  # it may quote an archive's bytes
            self.progress.note(f"pkclean: rejected {result.path}: {result.code}: {message}")


def _check_outputs(
    args: argparse.Namespace, exporter_class: type[Exporter], options: dict[str, bool]
) -> None:
    """Refuse outputs that would be read back as inputs, or that are one file."""
    if not args.output:
        raise UsageError("--output needs a file name (or - for standard output)")
    if args.errors is not None and not args.errors:
        raise UsageError("--errors needs a file name")
    planned = [("--output", args.output)]
    planned += [
        (f"the {Path(path).name} beside the output", path)
        for path in sidecar_paths(args.output, exporter_class, options)
    ]
    if args.errors:
        planned.append(("--errors", args.errors))
    if args.duplicates is not None and not args.duplicates:
        raise UsageError("--duplicates needs a file name")
    if args.duplicates:
        planned.append(("--duplicates", args.duplicates))
    for _, path in planned:
        refuse_output_inside_inputs(path, args.paths)
    for (first, one), (second, two) in combinations(planned, 2):
        refuse_same_file(one, two, f"{first} and {second}")


def _batch(
    paths: list[str], settings: BatchSettings, jobs: int
) -> Generator[list[Result], None, None]:
    try:
        yield from export_batch(paths, settings, jobs=jobs)
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
