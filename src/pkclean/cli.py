"""Command-line interface: `pkclean export`, `pkclean detect` and the other subcommands."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType

from . import __version__
from .errors import ExitCode, Interrupted, MismatchError, OutputError, UsageError

INTERRUPTED = "interrupted; no output was replaced"
INTERRUPTED_EARLY = "interrupted; nothing was written"

EPILOG = """\
exit codes:
  0  every input was exported (or checked) without a problem
  1  some inputs were rejected or invalid; the rest was processed
  2  usage error: bad arguments, or an output inside an input folder
  3  the output could not be written: nothing was replaced
  4  shard outputs, or a checkpoint, that do not belong to this run: nothing was written
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
    from .commands import COMMANDS  # a command loads the pipeline: after prestart()

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
            with _interrupts(_exit_at_once):
                module = command.load()
            module.add_parser(sub)
        else:
            sub.add_parser(command.name, help=command.help, description=command.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Ctrl-C and SIGTERM raise `KeyboardInterrupt` while it runs (in the main thread), so that
    every command cleans up and exits with 130.
    """
    argv = sys.argv[1:] if argv is None else argv
    # Workers begun before the arguments are read and not taken up are undone at the end,
    # once any error is said.
    with _interrupts_raise(), contextlib.ExitStack() as started:
        try:
            if may_use_workers(argv):
                from .run.prestart import prestart

                started.callback(_unless_interrupted, prestart(argv))
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
        except MismatchError as exc:
            print(f"pkclean: error: {exc}", file=sys.stderr)
            return ExitCode.MISMATCH
        except KeyboardInterrupt as exc:
            message = exc.message if isinstance(exc, Interrupted) else INTERRUPTED
            print(f"pkclean: {message}", file=sys.stderr)
            return ExitCode.INTERRUPTED


def _unless_interrupted(undo: Callable[[], None]) -> None:
    """Run `undo`, unless Ctrl-C cuts it short (the processes it would stop die with this
    one)."""
    with contextlib.suppress(KeyboardInterrupt):
        undo()


@contextlib.contextmanager
def _interrupts_raise() -> Iterator[None]:
    """Ctrl-C and SIGTERM (a job scheduler's stop) raise `KeyboardInterrupt` in the block."""
    with _interrupts(_interrupt):
        yield


@contextlib.contextmanager
def _interrupts(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """Ctrl-C and SIGTERM run `handler` in the block (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _exit_at_once(signum: int, frame: FrameType | None) -> None:
    """While a command's modules load: exit with 130 at once (nothing is written yet). An
    exception raised inside a C extension's initialisation (orjson's) can leave it broken,
    and the process then crashes instead of exiting."""
    with contextlib.suppress(OSError):
        os.write(2, f"pkclean: {INTERRUPTED_EARLY}\n".encode())
    os._exit(ExitCode.INTERRUPTED)


def may_use_workers(argv: Sequence[str]) -> bool:
    """Whether the command starts worker processes: an export (which cleans every file in a
    worker, so that its limits hold), unless it only asks for help.

    >>> may_use_workers(["export", "seeds/"]), may_use_workers(["validate", "x.jsonl"])
    (True, False)
    """
    return bool(argv) and argv[0] == "export" and not {"-h", "--help"} & set(argv)
