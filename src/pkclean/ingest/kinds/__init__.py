"""Input kinds (plain text, HTML, web archives): each turns a file's bytes into documents."""

from __future__ import annotations

from .base import InputKind, get, kind_for, names, register, registered

__all__ = ["InputKind", "get", "kind_for", "names", "register", "registered"]

# Importing the modules registers their kinds.
from . import html as _html  # noqa: F401
from . import text as _text  # noqa: F401
from . import warc as _warc  # noqa: F401
