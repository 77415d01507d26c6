"""Input kinds (plain text, HTML, web archives): each turns a file's bytes into documents."""

from __future__ import annotations

from .base import InputKind, get_kind, registered_kinds, sniff

__all__ = ["InputKind", "get_kind", "registered_kinds", "sniff"]

# Importing the modules registers their kinds.
from . import text as _text  # noqa: F401
