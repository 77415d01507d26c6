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
