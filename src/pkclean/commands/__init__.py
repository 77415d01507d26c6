"""Subcommands: each module adds its parser and sets `run` on the parsed arguments.

The table names each command, its module and its one-line help, so that the command line
loads only the module of the command it runs: `pkclean --help` imports none of them (each
loads the pipeline or the exporters).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: its name (also its module's) and its help (its module's `HELP`)."""

    name: str
    help: str

    def load(self) -> ModuleType:
        """The command's module, imported now."""
        return importlib.import_module(f"{__name__}.{self.name}")


COMMANDS: tuple[Command, ...] = (
    Command("export", "clean articles and export them as one file"),
    Command("detect", "show which publication layout each file is, with the evidence"),
    Command("validate", "check JSON Lines, CSV (with datapackage.json) and TEI exports"),
    Command(
        "report",
        "write one self-contained HTML page describing exports (any format pkclean writes)",
    ),
    Command("schema", "print the JSON Schema of the article record"),
)
