"""`pkclean validate`: check exports and report each problem as `file:line: field: message`."""

from __future__ import annotations

import argparse
import sys

from ..errors import ExitCode
from ..formats.verify import expand, validate_paths

HELP = "check JSON Lines, CSV (with datapackage.json) and TEI exports"
EXAMPLES = """\
examples:
  pkclean validate exports/*
  pkclean validate corpus.jsonl corpus.csv corpus.tei.xml
  pkclean validate exports/          (every export file in the folder)

Each problem is printed as FILE:LINE: FIELD: MESSAGE; the exit code is 1 if there is any.
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "validate",
        help=HELP,
        description=HELP + ": every record against the article schema, CSV against the data "
        "package beside it, TEI against the TEI P5 DTD.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="FILE", help="export files or folders")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on standard error")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problems = 0
    files: set[str] = set()
    for problem in validate_paths(args.paths):
        problems += 1
        files.add(problem.path)
        print(problem)
    sys.stdout.flush()
    if not args.quiet:
        checked = len(expand(args.paths))
        if problems:
            print(
                f"pkclean: {_count(problems, 'problem')} in {len(files)} of "
                f"{_count(checked, 'file')}",
                file=sys.stderr,
            )
        else:
            print(f"pkclean: {_count(checked, 'file')} valid", file=sys.stderr)
    return ExitCode.REJECTED if problems else ExitCode.OK


def _count(number: int, noun: str) -> str:
    """A number and a noun, plural when it is not one.

    >>> _count(1, "problem"), _count(3, "file")
    ('1 problem', '3 files')
    """
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
