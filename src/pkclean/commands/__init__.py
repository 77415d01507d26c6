"""Subcommands: each module adds its parser and sets `run` on the parsed arguments."""

from __future__ import annotations

from types import ModuleType

from . import detect, export, report, schema, validate

COMMANDS: tuple[ModuleType, ...] = (export, detect, validate, report, schema)
