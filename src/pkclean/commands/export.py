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

import orjson

from ..batch import (
    BatchSettings,
    Encoded,
    Rejection,
    Result,
    body_fingerprint,
    export_batch,
    rejection,
)
from ..dedup import Duplicate, DuplicateWatch
from ..dedup import summary_lines as duplicate_lines
from ..errors import OutputError, UsageError
from ..exporters import Exporter, formats, get_exporter
from ..exporters.targets import open_exporter
from ..model import Article
from ..options import BASES, add_knowledge_options, read_urls, report_unmatched_urls
from ..output import atomic_output, refuse_output_inside_inputs, refuse_same_file
from ..parallel import WorkerCrashed, available_cores
from ..progress import Progress
from ..reading import DEFAULT_MAX_BYTES
from ..summary import Tally, summary_lines

HELP = "clean articles and export them as one file"
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
        "--format", default="jsonl", choices=formats(), help="output format (default: jsonl)"
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
        type=int,
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
        help="worker processes (default: one per available core; 1 runs in this process); "
        "the output is the same for every N",
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
    """`--jobs`: a positive number of worker processes."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(f"--jobs takes a positive whole number, not {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    _check_outputs(args)
    if args.min_basis is not None and not args.strict:
        raise UsageError("--min-basis goes with --strict")
    urls = read_urls(args.urls)
    exporter_class = get_exporter(args.format)
    options = {key: True for key in ("excel_safe", "split") if getattr(args, key)}
    if args.dedup and "dedup" in exporter_class.options:
        options["dedup"] = True
    jobs = args.jobs or available_cores()
    started = time.perf_counter()
    tally = Tally()
    show_progress = not args.quiet and sys.stderr.isatty()
    written = True
    with (
        _terminate_as_interrupt(),
        Progress(args.paths, enabled=show_progress, stream=sys.stderr) as progress,
        _errors_report(args.errors) as report,
        _duplicates_watch(args.duplicates, drop=args.dedup) as watch,
    ):
        try:
            with open_exporter(args.output, exporter_class, options) as exporter:
                sink = _Sink(exporter, report, progress, tally, watch, quiet=args.quiet)
                settings = BatchSettings(
                    strict=args.strict,
                    max_bytes=args.max_bytes,
                    encode=args.format if type(exporter).independent_records else None,
                    options=tuple(options.items()),
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
                if tally.articles == 0 and args.output != "-":
                    raise _NothingExported
        except _NothingExported:
            written = False
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
        print(f"pkclean: no article was exported: {args.output} was {state}", file=sys.stderr)
    return 1 if tally.rejections or not tally.articles else 0


class _NothingExported(Exception):
    """Raised inside the output block to leave an existing output in place."""


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
            self.progress.note(f"pkclean: rejected {result.path}: {result.code}: {result.message}")


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse outputs that would be read back as inputs, or that are one file."""
    refuse_output_inside_inputs(args.output, args.paths)
    if args.errors:
        refuse_output_inside_inputs(args.errors, args.paths)
        refuse_same_file(args.output, args.errors, "--output and --errors")
    if args.duplicates:
        refuse_output_inside_inputs(args.duplicates, args.paths)
        refuse_same_file(args.output, args.duplicates, "--output and --duplicates")
        if args.errors:
            refuse_same_file(args.errors, args.duplicates, "--errors and --duplicates")


def _batch(
    paths: list[str], settings: BatchSettings, jobs: int
) -> Generator[list[Result], None, None]:
    try:
        yield from export_batch(paths, settings, jobs=jobs)
    except WorkerCrashed as exc:
        raise OutputError(f"{exc}; no output was written") from exc


@contextlib.contextmanager
def _errors_report(path: str | None) -> Iterator[Callable[[Rejection], None]]:
    """A function that streams each rejection to the `--errors` file (JSON lines), if any."""
    if path is None:
        yield lambda rejection: None
        return
    with atomic_output(path) as stream:

        def report(rejection: Rejection) -> None:
            stream.write(orjson.dumps(rejection.as_dict(), option=orjson.OPT_APPEND_NEWLINE))

        yield report


@contextlib.contextmanager
def _duplicates_watch(path: str | None, *, drop: bool) -> Iterator[DuplicateWatch]:
    """The duplicate finder, streaming each duplicate to the `--duplicates` file, if any."""
    with contextlib.ExitStack() as stack:
        if path is None:
            watch = DuplicateWatch(lambda duplicate: None, drop=drop)
        else:
            stream = stack.enter_context(atomic_output(path))

            def report(duplicate: Duplicate) -> None:
                stream.write(orjson.dumps(duplicate.as_dict(), option=orjson.OPT_APPEND_NEWLINE))

            watch = DuplicateWatch(report, drop=drop)
        stack.callback(watch.close)
        yield watch


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
