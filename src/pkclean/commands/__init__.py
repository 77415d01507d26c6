"""Subcommands: each module adds its parser and sets `run` on the parsed arguments."""

from __future__ import annotations

from types import ModuleType

from . import detect, export, merge, report, schema, validate

COMMANDS: tuple[ModuleType, ...] = (export, merge, detect, validate, report, schema)
