"""Plain-text dumps of web pages."""

from __future__ import annotations

from collections.abc import Iterator

from ...document import Limits, SourceDoc
from ...errors import TooLargeError
from ..decoding import decode
from ..timer import time_limit
from .base import InputKind, register


def _sniff(head: bytes, name: str) -> bool:
    return True


def _read(data: bytes, path: str, sha256: str, limits: Limits) -> Iterator[SourceDoc]:
    if len(data) > limits.max_text_bytes:
        raise TooLargeError(
            f"{len(data):,} bytes of text is over the limit of {limits.max_text_bytes:,} per "
            "text document"
        )
    with time_limit(limits.seconds, "decoding the text"):
        decoded = decode(data)
    yield SourceDoc(
        path=path,
        sha256=sha256,
        format="text",
        encoding=decoded.encoding,
        text=decoded.text,
        warnings=decoded.warnings,
    )


TEXT = register(InputKind("text", _sniff, _read, priority=0))
