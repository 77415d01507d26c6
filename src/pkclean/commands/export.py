"""`pkclean export`: clean every input and write one export file."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import orjson

from ..batch import Rejection, run_batch
from ..exporters import formats, get_exporter
from ..model import Article
from ..output import atomic_output, refuse_output_inside_inputs
from ..reading import DEFAULT_MAX_BYTES

HELP = "clean articles and export them as one file"
EXAMPLES = """\
examples:
  pkclean export seeds/ --format jsonl --output corpus.jsonl
  pkclean export a.txt b.txt --format jsonl --output -
  pkclean export corpus/ --output corpus.jsonl --errors rejected.jsonl --strict
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
        "--strict",
        action="store_true",
        help="reject files of no known layout instead of exporting them as unknown",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse files larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on standard error")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    refuse_output_inside_inputs(args.output, args.paths)
    if args.errors:
        refuse_output_inside_inputs(args.errors, args.paths)
    exporter_class = get_exporter(args.format)
    started = time.perf_counter()
    rejections: list[Rejection] = []
    publications: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    with atomic_output(args.output) as stream:
        exporter = exporter_class(stream)
        exporter.start()
        for outcome in run_batch(args.paths, strict=args.strict, max_bytes=args.max_bytes):
            if isinstance(outcome, Article):
                exporter.write(outcome)
                publications[outcome.publication] += 1
                warnings.update(outcome.warnings)
            else:
                rejections.append(outcome)
                print(
                    f"pkclean: rejected {outcome.path}: {outcome.code}: {outcome.message}",
                    file=sys.stderr,
                )
        exporter.finish()
    if args.errors:
        with atomic_output(args.errors) as stream:
            for rejection in rejections:
                stream.write(orjson.dumps(rejection.as_dict()) + b"\n")
    if not args.quiet:
        _summary(publications, warnings, rejections, time.perf_counter() - started)
    return 1 if rejections else 0


def _summary(
    publications: Counter[str], warnings: Counter[str], rejections: list[Rejection], seconds: float
) -> None:
    total = sum(publications.values())
    by_publication = ", ".join(f"{name} {count}" for name, count in sorted(publications.items()))
    print(
        f"pkclean: exported {total} articles ({by_publication or 'none'}) in {seconds:.2f} s",
        file=sys.stderr,
    )
    if warnings:
        print(
            "pkclean: warnings: "
            + ", ".join(f"{code} {count}" for code, count in sorted(warnings.items())),
            file=sys.stderr,
        )
    if rejections:
        codes = Counter(rejection.code for rejection in rejections)
        print(
            f"pkclean: rejected {len(rejections)} files: "
            + ", ".join(f"{code} {count}" for code, count in sorted(codes.items())),
            file=sys.stderr,
        )
