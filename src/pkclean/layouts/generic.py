"""The fallback for pages of no known layout: generic boilerplate only, cautious header."""

from __future__ import annotations

from ..document import Document
from .base import Layout, Signal


class Generic(Layout):
    """Not registered: detection never chooses it; it cleans what no layout claims."""

    name = "unknown"
    label = "Unknown layout"

    def evidence(self, doc: Document) -> tuple[Signal, ...]:
        return ()


GENERIC = Generic()
