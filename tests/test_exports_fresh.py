"""The committed exports in `exports/` are what the current code makes of the seeds, and valid."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pytest

from pkclean.cli import main

EXPORTS = {
    "jsonl": ("seeds.jsonl",),
    "csv": ("seeds.csv", "datapackage.json"),
    "tei": ("seeds.tei.xml",),
}


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_committed_exports_are_fresh(fmt: str, tmp_path: Path, in_root: Path) -> None:
    output, *sidecars = EXPORTS[fmt]
    args = ["export", "seeds/", "--format", fmt, "--output", str(tmp_path / output)]
    assert main([*args, "--quiet", "--jobs", "1"]) == 0
    for name in (output, *sidecars):
        assert (tmp_path / name).read_bytes() == (in_root / "exports" / name).read_bytes(), (
            f"exports/{name} is stale: from the repository root, run `pkclean export seeds/ "
            f"--format {fmt} --output exports/{output}` and review the difference"
        )


def test_no_other_files_in_exports(in_root: Path) -> None:
    expected = {name for names in EXPORTS.values() for name in names}
    assert {path.name for path in (in_root / "exports").iterdir()} == expected


def test_committed_exports_are_valid(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(path) for path in (in_root / "exports").iterdir())
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out == ""


def test_frictionless_accepts_the_data_package(in_root: Path) -> None:
    report = frictionless.validate(str(in_root / "exports" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    (task,) = report.tasks
    assert task.stats["rows"] == 5
