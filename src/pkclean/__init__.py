"""pkclean: clean web articles of four left-wing publications into a validated corpus.

The names below are imported on first use (PEP 562), so that the command line starts without
loading the whole pipeline, and can start its worker processes while it loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The single source of the version (pyproject.toml reads it).
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .clean.pipeline import clean
    from .document import SourceDoc
    from .errors import InputError, PkcleanError
    from .formats.readers import read
    from .model import SCHEMA_VERSION, Article, Block

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

_HOMES = {
    "SourceDoc": ".document",
    "InputError": ".errors",
    "PkcleanError": ".errors",
    "SCHEMA_VERSION": ".model",
    "Article": ".model",
    "Block": ".model",
    "clean": ".clean.pipeline",
    "read": ".formats.readers",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'pkclean' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def clean_text(
    text: str,
    *,
    path: str = "<text>",
    strict: bool = False,
    url: str | None = None,
    publication: str | None = None,
) -> Article:
    """Clean one plain-text dump given as a string (the library's simplest entry point).

    `url` is the address the page was fetched from, if known (host evidence); `publication`
    declares the publication, as `--publication` does.
    """
    import hashlib

    from .clean.pipeline import clean
    from .document import SourceDoc

    data = text.encode("utf-8")
    src = SourceDoc(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding="utf-8",
        text=text,
        url=url,
    )
    return clean(src, strict=strict, declared=publication)
