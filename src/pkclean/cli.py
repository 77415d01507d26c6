"""Command-line interface: `pkclean export`, `pkclean detect` and the other subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .commands import COMMANDS
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
