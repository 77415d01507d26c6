"""Which publication a page is: markers, their counts, and the probability they give."""

from __future__ import annotations

from .detector import Evidence, Found, Verdict, detect, find, posterior
from .view import Origin, View

__all__ = ["Evidence", "Found", "Origin", "Verdict", "View", "detect", "find", "posterior"]
