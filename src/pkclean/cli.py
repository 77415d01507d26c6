"""Command-line interface: `pkclean export`, `pkclean detect` and the other subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from itertools import pairwise

from . import __version__
from .errors import OutputError, UsageError

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3

EPILOG = """\
exit codes:
  0  every input was exported (or checked) without a problem
  1  some inputs were rejected or invalid; the rest was processed
  2  usage error: bad arguments, or an output inside an input folder
  3  the output could not be written
  130  interrupted (Ctrl-C or SIGTERM): no output was replaced

examples:
  pkclean export seeds/ --format jsonl --output corpus.jsonl
  pkclean export corpus/ --format jsonl --output - | head -c 300
  pkclean detect seeds/
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from .commands import COMMANDS  # the commands load the pipeline: after prestart_workers()

    parser = _Parser(
        prog="pkclean",
        description="Detect, clean and export articles of Socialist Worker, Workers World, "
        "the WSWS and the CWI as a validated research corpus.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pkclean {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if may_use_workers(argv):
        from .parallel import prestart_workers

        prestart_workers()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(args.run(args))
    except UsageError as exc:
        print(f"pkclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"pkclean: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("pkclean: interrupted; no output was replaced", file=sys.stderr)
        return 130


def may_use_workers(argv: Sequence[str]) -> bool:
    """Whether the command is likely to start worker processes: an export not asked to run
    in one process (`--jobs 1`). A wrong guess costs one idle process, never a wrong result.

    >>> may_use_workers(["export", "seeds/"]), may_use_workers(["export", "-j", "1", "x"])
    (True, False)
    """
    if not argv or argv[0] != "export":
        return False
    one_job = {("--jobs", "1"), ("-j", "1")}
    pairs = set(pairwise(argv))
    return not (pairs & one_job or {"--jobs=1", "-j1"} & set(argv))
