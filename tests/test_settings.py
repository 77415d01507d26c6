"""One frozen settings object for an export run: every option of the command line in it,
and a run built from it in code writes what the command writes."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest

from pkclean.cli import build_parser, main
from pkclean.commands.export import export
from pkclean.commands.settings import ExportSettings
from pkclean.errors import ExitCode
from pkclean.ingest.urlmap import UrlMap
from pkclean.run.shards import Shard

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
#: Destinations of the parser that are not settings of the run.
NOT_SETTINGS = {"command", "run"}


def _parsed(*argv: str) -> argparse.Namespace:
    return build_parser(argv).parse_args(argv)


def test_every_option_of_export_is_a_setting() -> None:
    args = vars(_parsed("export", SEEDS))
    names = {field.name for field in dataclasses.fields(ExportSettings)}
    assert set(args) - NOT_SETTINGS == names


def test_the_settings_are_frozen() -> None:
    settings = ExportSettings(paths=(SEEDS,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.strict = True  # type: ignore[misc]


def test_settings_from_the_command_line() -> None:
    settings = ExportSettings.from_args(
        _parsed(
            "export",
            SEEDS,
            "--format",
            "csv",
            "--excel-safe",
            "--strict",
            "--min-basis",
            "layout",
            "--shard",
            "2/3",
            "--dedup",
            "--time-limit",
            "7",
        )
    )
    assert settings.paths == (SEEDS,)
    assert settings.format_options == {"excel_safe": True}
    assert settings.shard == Shard(2, 3)
    batch = settings.batch(UrlMap(), encode=True)
    assert (batch.encode, batch.strict, batch.min_basis, batch.seconds) == (
        "csv",
        True,
        "layout",
        7.0,
    )
    assert batch.options == (("excel_safe", True),)
    assert batch.fingerprints


def test_dedup_reaches_a_format_that_takes_it_only() -> None:
    assert ExportSettings(paths=(SEEDS,), format="sqlite", dedup=True).format_options == {
        "dedup": True
    }
    assert ExportSettings(paths=(SEEDS,), format="jsonl", dedup=True).format_options == {}


def test_the_identity_names_what_makes_the_output() -> None:
    one = ExportSettings(paths=(SEEDS,), shard=Shard(1, 4))
    assert one.identity() == ExportSettings(paths=(SEEDS,), shard=Shard(3, 4)).identity()
    for other in (
        dataclasses.replace(one, strict=True),
        dataclasses.replace(one, paths=(SEEDS, SEEDS)),
        dataclasses.replace(one, shard=Shard(1, 5)),
        dataclasses.replace(one, format="csv"),
        dataclasses.replace(one, time_limit=3.0),
    ):
        assert other.identity() != one.identity()


def test_an_export_run_from_code_writes_what_the_command_writes(tmp_path: Path) -> None:
    by_command = tmp_path / "command.jsonl"
    by_code = tmp_path / "code.jsonl"
    assert main(["export", SEEDS, "--quiet", "--jobs", "1", "--output", str(by_command)]) == 0
    settings = ExportSettings(paths=(SEEDS,), output=str(by_code), quiet=True, jobs=1)
    assert export(settings) == ExitCode.OK
    assert by_code.read_bytes() == by_command.read_bytes()
