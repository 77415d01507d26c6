"""Output formats, found by name in a registry."""

from __future__ import annotations

from . import jsonl as _jsonl  # noqa: F401  (registration)
from .base import Exporter, formats, get_exporter, register

__all__ = ["Exporter", "formats", "get_exporter", "register"]
