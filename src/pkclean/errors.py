"""The exceptions pkclean raises: each carries a stable code and a message a user can act on."""

from __future__ import annotations


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
    code = "binary_file"


class EmptyFileError(InputError):
    code = "empty_file"


class TooLargeError(InputError):
    code = "too_large"


class UnreadableError(InputError):
    code = "unreadable"


class BrokenLinkError(InputError):
    code = "broken_link"


class DecodeError(InputError):
    code = "decode_error"


class NotAnArticleError(InputError):
    code = "not_an_article"


class UnknownLayoutError(InputError):
    """Raised in strict mode when no publication layout matches."""

    code = "unknown_layout"


class FormatError(InputError):
    """An HTML, WARC, JSONL, CSV or TEI file that cannot be parsed."""

    code = "format_error"


class UsageError(PkcleanError):
    """The command line or an option is wrong (exit code 2)."""

    code = "usage_error"


class OutputError(PkcleanError):
    """The output cannot be written where it was asked for."""

    code = "output_error"
