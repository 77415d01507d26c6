"""The exceptions pkclean raises, each with a stable code, and the exit codes of the command.

Every error a user can meet carries a `code` (the `code` of a rejection in `--errors`) and a
message naming the file and the problem. The rejection codes that no exception carries (a
worker that died, a bug) are named here too, so that this module lists every one.
"""

from __future__ import annotations

from enum import IntEnum

#: The code of a rejection caused by a bug in pkclean (any exception that is not an error).
INTERNAL_ERROR = "internal_error"
#: The code of a file whose worker process died while working on it.
WORKER_LOST = "worker_lost"


class ExitCode(IntEnum):
    """The exit codes of the `pkclean` command (its `--help` lists them)."""

    #: Every input was exported (or checked) without a problem.
    OK = 0
    #: Some inputs were rejected or invalid; the rest was processed.
    REJECTED = 1
    #: Bad arguments, or an output inside an input folder.
    USAGE = 2
    #: The output could not be written: nothing was replaced.
    OUTPUT = 3
    #: Ctrl-C or SIGTERM: no output file was replaced.
    INTERRUPTED = 130


class PkcleanError(Exception):
    """Base class of every error pkclean raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(PkcleanError):
    """A file that cannot become an article; the batch goes on without it."""

    code = "input_error"


class BinaryFileError(InputError):
    """A binary file (PDF, image, archive, executable…), recognised by its first bytes."""

    code = "binary_file"


class EmptyFileError(InputError):
    """An empty file, or one with nothing but white space (in any encoding)."""

    code = "empty_file"


class TooLargeError(InputError):
    """A file (or its gzip content) over the size limit; refused without reading it whole."""

    code = "too_large"


class UnreadableError(InputError):
    """A file that cannot be read: missing, no permission, a folder, a pipe or device."""

    code = "unreadable"


class BrokenLinkError(InputError):
    """A symbolic link whose target does not exist."""

    code = "broken_link"


class DecodeError(InputError):
    """Bytes that do not decode as text in the encoding they declare or in any that fits."""

    code = "decode_error"


class NotAnArticleError(InputError):
    """Text that is not an article: too few words, no prose, or data, logs or code."""

    code = "not_an_article"


class UnknownLayoutError(InputError):
    """Raised in strict mode when no publication layout matches."""

    code = "unknown_layout"


class FormatError(InputError):
    """An HTML, WARC, gzip, JSONL, CSV or TEI file that cannot be parsed."""

    code = "format_error"


class ArchivePagesError(InputError):
    """Several pages of a web archive could not be read (the others were)."""

    code = "archive_pages"


class PageTimeoutError(InputError):
    """A document whose reading or cleaning took longer than the time limit."""

    code = "timeout"


class PageTooComplexError(InputError):
    """A document with more lines, elements, tags or attributes, or deeper nesting, than an
    article ever has."""

    code = "too_complex"


class UsageError(PkcleanError):
    """The command line or an option is wrong (exit code 2)."""

    code = "usage_error"


class OutputError(PkcleanError):
    """The output cannot be written where it was asked for."""

    code = "output_error"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, with what the run leaves behind (exit code 130)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkerCrashed(RuntimeError):
    """Workers die without working on any item: the pool cannot go on (the export stops with
    an `OutputError`, nothing replaced)."""

    code = "worker_crashed"


class CellError(ValueError):
    """A CSV cell that cannot be turned into its record field (a reader's problem, with the
    column it names)."""

    code = "invalid_cell"

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


class AccountingError(AssertionError):
    """A line was neither kept nor removed: a bug in a layout, never the user's fault (the
    file is rejected as `internal_error`)."""

    code = INTERNAL_ERROR
