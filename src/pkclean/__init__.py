"""pkclean: clean web articles of four left-wing publications into a validated corpus."""

from __future__ import annotations

import hashlib

# The single source of the version (pyproject.toml reads it); defined before the submodules
# are imported, as some of them (the TEI header) read it.
__version__ = "0.1.0"

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
