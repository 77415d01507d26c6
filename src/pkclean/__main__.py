"""`python -m pkclean` and the `pkclean` command: interrupts and standard streams first.

Python's own handling of Ctrl-C would print a traceback if it came while the command is still
importing its modules, and SIGTERM would kill it outright. So the first thing the command does
is to take both signals, as an exit with code 130 (nothing has been written yet); the command
line (`pkclean.cli.main`) then turns them into a clean-up, and once it has returned they are
ignored while the process exits. Library users never import this module: the command's entry
point is `pkclean.__main__:main`, and `python -m pkclean` runs it as a script.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
from types import FrameType

from .errors import ExitCode

_EARLY_MESSAGE = b"pkclean: interrupted; nothing was written\n"


def _interrupted_early(signum: int, frame: FrameType | None) -> None:
    with contextlib.suppress(OSError):
        os.write(2, _EARLY_MESSAGE)
    os._exit(ExitCode.INTERRUPTED)


signal.signal(signal.SIGINT, _interrupted_early)
signal.signal(signal.SIGTERM, _interrupted_early)


def main() -> int:
    """Run the command line, and exit without a traceback whatever the streams are.

    Once the command has returned, the exit code stands: the clean-up at exit runs with both
    signals ignored, and the process then ends at once, as Python's own finalisation would
    restore their default action (a late Ctrl-C would kill a finished run).
    """
    from .formats.streams import guard_standard_streams

    guard_standard_streams()
    from .cli import main as run

    code = run()
    for number in (signal.SIGINT, signal.SIGTERM):  # too late to stop anything now
        signal.signal(number, signal.SIG_IGN)
    _flush_stdout()
    with contextlib.suppress(Exception):
        atexit._run_exitfuncs()  # multiprocessing's clean-up (its temporary folder)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _flush_stdout() -> None:
    """Flush standard output now; a reader that went away (`| head`) is not an error here,
    and Python's own flush at exit must not find it again."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
