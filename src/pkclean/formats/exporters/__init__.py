"""Output formats, found by name in a registry."""

from __future__ import annotations

from . import csv as _csv  # noqa: F401  (registration)
from . import jsonl as _jsonl  # noqa: F401  (registration)
from . import sqlite as _sqlite  # noqa: F401  (registration)
from . import tei as _tei  # noqa: F401  (registration)
from .base import Exporter, get, names, register, registered

__all__ = ["Exporter", "get", "names", "register", "registered"]
