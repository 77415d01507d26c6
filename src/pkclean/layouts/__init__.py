"""Publication layouts: one module each, registered on import."""

from __future__ import annotations

from . import cwi, socialist_worker, workers_world, wsws  # noqa: F401  (registration)
from .base import Layout, Parsed, Signal, get, register, registered
from .generic import GENERIC

__all__ = ["GENERIC", "Layout", "Parsed", "Signal", "get", "register", "registered"]
