"""The limits of one page, kept under this name for existing imports: see `pkclean.limits`."""

from __future__ import annotations

from ..errors import PageTimeoutError, PageTooComplexError
from ..limits import DEFAULT_LIMITS, Limits, time_limit

__all__ = ["DEFAULT_LIMITS", "Limits", "PageTimeoutError", "PageTooComplexError", "time_limit"]
