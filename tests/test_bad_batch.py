"""A messy folder: the seeds among every kind of bad file export unchanged; each bad file is
reported once, with its code, and nothing crashes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from pkclean import clean_text
from pkclean.cli import main

from conftest import ROOT, SEEDS

BAD = ROOT / "tests" / "bad"
#: What each hand-made file must give: a rejection `code` (and words of its message), or an
#: article with its `encoding`, `warnings` and, optionally, the text of a reference file.
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD / "expected.json").read_text("utf-8"))
MAX_BYTES = 1_000_000
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _made_at_test_time(folder: Path, elsewhere: Path) -> dict[str, dict[str, str]]:
    """Bad files that cannot be committed: too big, links, a pipe, a gzip bomb, no permission."""
    made: dict[str, dict[str, str]] = {}
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk space used
    made["huge.txt"] = {"code": "too_large", "message": "over the limit"}
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(packer.compress(b"strike " * 150_000) for _ in range(2)) + packer.flush()
    (folder / "bomb.txt.gz").write_bytes(bomb)
    made["bomb.txt.gz"] = {"code": "too_large", "message": "decompresses to more than"}
    (folder / "moved.txt").symlink_to(elsewhere / "moved-away.txt")
    made["moved.txt"] = {"code": "broken_link", "message": "does not exist"}
    (elsewhere / "folder").mkdir()
    (folder / "linked_folder").symlink_to(elsewhere / "folder", target_is_directory=True)
    made["linked_folder"] = {"code": "unreadable", "message": "symbolic link to a folder"}
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe")
        made["pipe"] = {"code": "unreadable", "message": "not a regular file"}
    if not AS_ROOT:  # root reads files whatever their permissions
        locked = folder / "locked.txt"
        shutil.copy(SEEDS[0], locked)
        locked.chmod(0)
        made["locked.txt"] = {"code": "unreadable", "message": "Permission denied"}
    return made


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("messy")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    for name in EXPECTED:
        shutil.copy(BAD / name, folder / name)
    expected = dict(EXPECTED) | _made_at_test_time(folder, elsewhere)
    return folder, expected


def _export(*paths: Path, output: Path, errors: Path) -> int:
    argv = ["export", *map(str, paths), "--output", str(output), "--errors", str(errors)]
    return main([*argv, "--max-bytes", str(MAX_BYTES), "--jobs", "1", "--quiet"])


def _records(path: Path) -> dict[str, dict[str, Any]]:
    lines = path.read_bytes().splitlines()
    records = [orjson.loads(line) for line in lines]
    by_name = {Path(record["source"]["path"]).name: record for record in records}
    assert len(by_name) == len(records), "two records of one file"
    return by_name


def _rejections(path: Path) -> list[dict[str, str]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_every_bad_file_is_reported_once_with_its_code(
    messy: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    folder, expected = messy
    assert _export(folder, output=tmp_path / "out.jsonl", errors=tmp_path / "errors.jsonl") == 1
    rejections = _rejections(tmp_path / "errors.jsonl")
    counts = Counter(Path(item["path"]).name for item in rejections)
    bad = {name: want for name, want in expected.items() if "code" in want}
    assert sorted(counts) == sorted(bad), "a bad file is missing, or a good one was rejected"
    assert set(counts.values()) == {1}, f"reported more than once: {counts}"
    for item in rejections:
        want = bad[Path(item["path"]).name]
        assert set(item) == {"path", "code", "message"}
        assert item["code"] == want["code"], item
        assert want["message"] in item["message"], item


def test_the_seeds_export_exactly_as_in_a_clean_run(
    messy: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    folder, _ = messy
    _export(folder, output=tmp_path / "messy.jsonl", errors=tmp_path / "messy-errors.jsonl")
    clean_run = tmp_path / "seeds.jsonl"
    assert _export(*SEEDS, output=clean_run, errors=tmp_path / "seeds-errors.jsonl") == 0
    messy_records = _records(tmp_path / "messy.jsonl")
    for name, record in _records(clean_run).items():
        mixed = messy_records[name]
        assert mixed["source"].pop("path") != record["source"].pop("path")
        assert mixed == record, f"{name} differs when exported among bad files"


def test_the_good_files_among_the_bad_export_with_their_encoding_and_warnings(
    messy: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    folder, expected = messy
    _export(folder, output=tmp_path / "out.jsonl", errors=tmp_path / "errors.jsonl")
    records = _records(tmp_path / "out.jsonl")
    good = {name: want for name, want in expected.items() if "code" not in want}
    assert sorted(records) == sorted([*good, *(seed.name for seed in SEEDS)])
    for name, want in good.items():
        record = records[name]
        assert record["source"]["encoding"] == want["encoding"], name
        for code in want["warnings"]:
            assert code in record["warnings"], name
        if "same_text_as" in want:
            reference = clean_text((BAD / want["same_text_as"]).read_text("utf-8"))
            assert record["text"] == reference.text, name
            assert record["title"] == reference.title, name


def test_the_command_prints_no_traceback_and_writes_the_same_files(
    messy: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    folder, _ = messy
    _export(folder, output=tmp_path / "in.jsonl", errors=tmp_path / "in-errors.jsonl")
    argv = [sys.executable, "-m", "pkclean", "export", str(folder), "--max-bytes", str(MAX_BYTES)]
    argv += [
        "--output",
        str(tmp_path / "sub.jsonl"),
        "--errors",
        str(tmp_path / "sub-errors.jsonl"),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert (tmp_path / "sub.jsonl").read_bytes() == (tmp_path / "in.jsonl").read_bytes()
    assert (tmp_path / "sub-errors.jsonl").read_bytes() == (
        tmp_path / "in-errors.jsonl"
    ).read_bytes()
