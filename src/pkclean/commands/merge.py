"""`pkclean merge`: join the outputs of `export --shard I/N` into the bytes of one run."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from collections.abc import Sequence
from typing import BinaryIO

import orjson

from ..errors import ExitCode, MismatchError, UsageError
from ..formats import exporters, merge
from ..formats.atomic import OutputSet, direct_output, refuse_same_file
from ..formats.exporters.targets import (
    commit_export,
    open_exporter,
    planned_outputs,
    refuse_one_file,
)
from ..formats.exporters.tei import pkclean_version
from ..formats.part_readers import PartReader, check_digest
from ..formats.parts import Part, PartRejection, manifest_path
from ..ingest.names import shown
from ..run.duplicates import DuplicateFinder
from ..run.duplicates import summary_lines as duplicate_lines
from ..run.identity import differences

HELP = "join the outputs of export --shard I/N into the output of one run"
EXAMPLES = """\
examples:
  pkclean merge parts/part-*.jsonl --output corpus.jsonl
  pkclean merge parts/*.csv --output corpus.csv --errors rejected.jsonl
  pkclean merge parts/part-*.db --output corpus.db
"""
#: Shard numbers named in an error before "and N more".
_SHOWN = 10


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "merge",
        help=HELP,
        description=HELP + ": the same bytes, byte for byte. Every shard 1 to N must be "
        "given once, each written by this pkclean version with the same inputs and options; "
        "the manifest beside each part (PART.pkclean-shard.json) says so.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("parts", nargs="+", metavar="PART", help="outputs of export --shard")
    parser.add_argument(
        "--output",
        "-o",
        default="-",
        metavar="FILE",
        help="output file, or - for standard output (default)",
    )
    parser.add_argument(
        "--errors",
        metavar="FILE",
        help="write the rejections of every shard as JSON lines, as one run's --errors",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    parts = [Part.read(path) for path in args.parts]
    check_together(parts, pkclean_version())
    identity = parts[0].identity
    name = str(identity["format"])
    exporter_class = exporters.get(name)
    options = dict(identity["format_options"])
    reader_class = merge.get(name)
    _check_outputs(args, exporter_class, options)
    articles = 0
    rejections = sorted(
        (rejection for part in parts for rejection in part.rejections),
        key=lambda rejection: rejection.key,
    )
    direct = args.output == "-" or direct_output(args.output)
    with contextlib.ExitStack() as stack, OutputSet() as outputs:
        streams = [stack.enter_context(_open_part(part)) for part in parts]
        if direct:  # cannot be taken back: refuse an altered part before writing anything
            _check_digests(parts, streams)
        finder = _duplicate_finder(stack, reader_class)
        try:
            report = outputs.open(args.errors) if args.errors else None
            exporter = open_exporter(outputs, args.output, exporter_class, options)
            stack.callback(exporter.close)  # a database's scratch file, if the merge fails
            exporter.start()
            for record in merge.merged_records(
                parts, streams, reader_class, options, exporter_class
            ):
                duplicate = finder.check(record.id, record.path, None) if finder else None
                exporter.write_encoded(record.data, record.id)
                articles += 1
                if duplicate is not None:
                    exporter.note_duplicate(duplicate)
            exporter.finish()
            if report is not None:
                for rejection in rejections:
                    report.write(_report_line(rejection))
            written = bool(articles) or direct
            if not written:
                outputs.discard(args.output)
            commit_export(outputs, args.output, exporter if written else None)
        except OSError as exc:
            raise outputs.failure(exc) from exc
    if not args.quiet:
        print(
            f"pkclean: merged {len(parts)} shards: {articles:,} articles, "
            f"{len(rejections):,} rejected",
            file=sys.stderr,
        )
        counts = finder.counts if finder is not None else Counter()
        for line in duplicate_lines(counts, drop=False, near=False, report=None):
            print(f"pkclean: {line}", file=sys.stderr)
    return ExitCode.REJECTED if rejections or not articles else ExitCode.OK


def check_together(parts: Sequence[Part], version: str) -> None:
    """Refuse parts of different runs, of another pkclean version, or not every shard once."""
    first = parts[0]
    for part in parts:
        if part.identity.get("pkclean") != version:
            raise MismatchError(
                f"{shown(part.path)} was written by pkclean {part.identity.get('pkclean')}, "
                f"and this is pkclean {version}: export it again with this version"
            )
        differ = differences(first.identity, part.identity)
        if differ:
            raise MismatchError(
                f"{shown(part.path)} and {shown(first.path)} are not parts of one run "
                f"(other {'; '.join(differ)})"
            )
    count = first.shard[1]
    for part in parts:
        if part.shard[1] != count or not 1 <= part.shard[0] <= count:
            raise MismatchError(
                f"{shown(part.path)} is shard {part.shard[0]}/{part.shard[1]}, and "
                f"{shown(first.path)} one of {count}: not parts of one run"
            )
    counts = Counter(part.shard[0] for part in parts)
    repeated = sorted(index for index, times in counts.items() if times > 1)
    if repeated:
        given = [shown(part.path) for part in parts if part.shard[0] == repeated[0]]
        raise MismatchError(
            f"shard {repeated[0]}/{count} is given more than once: {', '.join(given)}"
        )
    missing = [index for index in range(1, count + 1) if index not in counts]
    if missing:
        listed = ", ".join(f"{index}/{count}" for index in missing[:_SHOWN])
        more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
        raise MismatchError(f"shards missing: {listed}{more}; merge needs all {count}")


def _duplicate_finder(
    stack: contextlib.ExitStack[bool | None], reader_class: type[PartReader]
) -> DuplicateFinder | None:
    """For a format that lists duplicates, the finder one run uses: a shard takes no
    `--dedup`, so it finds exact duplicates only, and drops none."""
    if not reader_class.notes_duplicates:
        return None
    finder = DuplicateFinder(drop=False)
    stack.callback(finder.close)
    return finder


def _open_part(part: Part) -> BinaryIO:
    try:
        return open(part.path, "rb")
    except OSError as exc:
        raise _unreadable(part, exc) from None


def _check_digests(parts: Sequence[Part], streams: Sequence[BinaryIO]) -> None:
    """Refuse, in one pass over each, a part whose bytes do not hash to its manifest's."""
    for part, stream in zip(parts, streams, strict=True):
        try:
            check_digest(part, stream)
        except OSError as exc:
            raise _unreadable(part, exc) from None


def _unreadable(part: Part, exc: OSError) -> UsageError:
    return UsageError(f"cannot read {shown(part.path)}: {exc.strerror or exc}")


def _report_line(rejection: PartRejection) -> bytes:
    record = {"path": rejection.path, "code": rejection.code, "message": rejection.message}
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def _check_outputs(
    args: argparse.Namespace, exporter_class: type[exporters.Exporter], options: dict[str, object]
) -> None:
    """Refuse outputs that are parts, manifests, or one another."""
    planned = planned_outputs(args.output, args.errors, exporter_class, options)
    for what, path in planned:
        for part in args.parts:
            refuse_same_file(path, part, f"{what} and the part {shown(part)}")
            refuse_same_file(path, manifest_path(part), f"{what} and a manifest")
    refuse_one_file(planned)
