"""Command-line interface: `pkclean export`, `pkclean detect` and the other subcommands."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

from . import __version__
from .errors import ExitCode, Interrupted, OutputError, UsageError

INTERRUPTED = "interrupted; no output was replaced"

EPILOG = """\
exit codes:
  0  every input was exported (or checked) without a problem
  1  some inputs were rejected or invalid; the rest was processed
  2  usage error: bad arguments, or an output inside an input folder
  3  the output could not be written: nothing was replaced
  130  interrupted (Ctrl-C or SIGTERM): no output file was replaced

examples:
  pkclean export seeds/ --format jsonl --output corpus.jsonl
  pkclean export corpus/ --format jsonl --output - | head -c 300
  pkclean detect seeds/
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for `argv`: the command it names (if any) in full, the others by name and
    help only, so that only the command run is imported (`pkclean --help` imports none)."""
    from .commands import COMMANDS  # a command loads the pipeline: after prestart_workers()

    named = next((arg for arg in argv if not arg.startswith("-")), None)
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
        if command.name == named:
            command.load().add_parser(sub)
        else:
            sub.add_parser(command.name, help=command.help, description=command.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Ctrl-C and SIGTERM raise `KeyboardInterrupt` while it runs (in the main thread), so that
    every command cleans up and exits with 130.
    """
    argv = sys.argv[1:] if argv is None else argv
    with _interrupts_raise():
        try:
            if may_use_workers(argv):
                from .run.parallel import prestart_workers

                prestart_workers()
            parser = build_parser(argv)
            args = parser.parse_args(argv)
            if args.command is None:
                parser.print_help(sys.stderr)
                return ExitCode.USAGE
            return int(args.run(args))
        except UsageError as exc:
            print(f"pkclean: error: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        except OutputError as exc:
            print(f"pkclean: error: {exc}", file=sys.stderr)
            return ExitCode.OUTPUT
        except KeyboardInterrupt as exc:
            message = exc.message if isinstance(exc, Interrupted) else INTERRUPTED
            print(f"pkclean: {message}", file=sys.stderr)
            return ExitCode.INTERRUPTED


@contextlib.contextmanager
def _interrupts_raise() -> Iterator[None]:
    """Ctrl-C and SIGTERM (a job scheduler's stop) raise `KeyboardInterrupt` in the block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, _interrupt) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def may_use_workers(argv: Sequence[str]) -> bool:
    """Whether the command starts worker processes: an export (which cleans every file in a
    worker, so that its limits hold), unless it only asks for help.

    >>> may_use_workers(["export", "seeds/"]), may_use_workers(["validate", "x.jsonl"])
    (True, False)
    """
    return bool(argv) and argv[0] == "export" and not {"-h", "--help"} & set(argv)
