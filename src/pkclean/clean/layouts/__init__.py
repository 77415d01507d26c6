"""Publication layouts: one module each, registered on import."""

from __future__ import annotations

from ..ledger import prepare
from . import cwi, socialist_worker, workers_world, wsws  # noqa: F401  (registration)
from .base import Layout, Parsed, get, names, register, registered
from .generic import GENERIC

__all__ = [
    "GENERIC",
    "Layout",
    "Parsed",
    "compile_rules",
    "get",
    "names",
    "register",
    "registered",
]


def compile_rules() -> None:
    """Compile the line rules of every layout now (else each is compiled on first use)."""
    for layout in (*registered(), GENERIC):
        prepare(*layout.rule_groups())
