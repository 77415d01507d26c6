"""pkclean: clean web articles of four left-wing publications into a validated corpus."""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version

# Defined before the submodules are imported: some of them (the TEI header) read it.
try:
    __version__ = version("pkclean")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from .document import SourceDoc
from .errors import InputError, PkcleanError
from .model import SCHEMA_VERSION, Article, Block
from .pipeline import clean
from .readers import read

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Block",
    "InputError",
    "PkcleanError",
    "SourceDoc",
    "__version__",
    "clean",
    "clean_text",
    "read",
]


def clean_text(text: str, *, path: str = "<text>", strict: bool = False) -> Article:
    """Clean one plain-text dump given as a string (the library's simplest entry point)."""
    data = text.encode("utf-8")
    src = SourceDoc(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding="utf-8",
        text=text,
    )
    return clean(src, strict=strict)
