"""The bounds on one document's text, checked before it is split into lines."""

from __future__ import annotations

from ..document import Limits
from ..errors import PageTooComplexError, TooLargeError


def line_count(text: str) -> int:
    """The lines of a text, however they end (LF, CRLF or CR), as `Document` splits it.

    >>> line_count("a\\r\\nb\\rc\\n"), line_count("one")
    (4, 1)
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def check_text(text: str, limits: Limits) -> None:
    """Refuse a document's text with more characters or lines than the limits, before it is
    split into lines."""
    if len(text) > limits.max_text_bytes:
        raise TooLargeError(
            f"{len(text):,} characters of text is over the limit of {limits.max_text_bytes:,} "
            "per document"
        )
    lines = line_count(text)
    if lines > limits.max_lines:
        raise PageTooComplexError(
            f"{lines:,} lines is over the limit of {limits.max_lines:,} per document"
        )
