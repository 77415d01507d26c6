"""Start-up: `pkclean --help` loads no command, no pipeline and no library beyond the standard
one (its time is measured in bench/, not here); each command's table entry is its module's."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pkclean.commands import COMMANDS, Command


def _modules_after(code: str) -> set[str]:
    script = code + "\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    return set(result.stderr.split())


def test_help_loads_no_command_and_no_library() -> None:
    loaded = _modules_after(
        "import sys\nfrom pkclean.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    )
    assert "pkclean.cli" in loaded
    heavy = {"pydantic", "lxml", "orjson", "numpy", "sqlite3", "multiprocessing", "tqdm"}
    assert not heavy & loaded
    assert not {f"pkclean.commands.{command.name}" for command in COMMANDS} & loaded


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_the_table_says_what_each_command_module_says(command: Command) -> None:
    module = command.load()
    assert command.help == module.HELP
    assert callable(module.add_parser)
    assert callable(module.run)
