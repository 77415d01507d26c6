"""Input kinds (plain text, HTML, web archives): each turns a file's bytes into documents."""

from __future__ import annotations

from .base import InputKind, get_kind, registered_kinds, sniff

__all__ = ["InputKind", "get_kind", "registered_kinds", "sniff"]

# Importing the modules registers their kinds.
from . import html as _html  # noqa: F401
from . import text as _text  # noqa: F401
from . import warc as _warc  # noqa: F401
