"""A shard's manifest gives the SHA-256 of its part, and `merge` refuses a part whose bytes do
not hash to it: an edit that keeps the part's size, frame and records (a letter changed in an
article, an UPDATE that keeps a database's size) is found, for every format."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode
from pkclean.formats.digests import file_digest

from conftest import ROOT, TEXT_FIXTURES

FORMATS = {"jsonl": ".jsonl", "csv": ".csv", "tei": ".tei.xml", "sqlite": ".db"}
STREAMS = ("jsonl", "csv", "tei")
ALTERED = "does not match its manifest: it was changed after pkclean wrote it"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few text dumps and an HTML page, and an empty file that is rejected."""
    root = tmp_path_factory.mktemp("corpus")
    for path in [*TEXT_FIXTURES[:8], sorted((ROOT / "tests" / "fixtures" / "html").glob("*"))[0]]:
        shutil.copy(path, root / path.name)
    (root / "empty.txt").write_bytes(b"")
    return root


def export(corpus: Path, out: Path, fmt: str, *extra: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    argv = ["export", str(corpus), "-q", "--jobs", "1", "--format", fmt, "-o", str(out)]
    main([*argv, "--errors", f"{out}.errors", *extra])


@pytest.fixture(scope="module")
def runs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, ...]]:
    """For each format: one run's output, then the two parts of a run in two shards."""
    made: dict[str, tuple[Path, ...]] = {}
    for fmt, suffix in FORMATS.items():
        folder = tmp_path_factory.mktemp(fmt)
        one = folder / "one" / f"corpus{suffix}"
        export(corpus, one, fmt)
        parts = tuple(folder / "parts" / f"part-{index}{suffix}" for index in (1, 2))
        for index, part in enumerate(parts, 1):
            export(corpus, part, fmt, "--shard", f"{index}/2")
        made[fmt] = (one, *parts)
    return made


def manifest_of(part: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(f"{part}.pkclean-shard.json").read_bytes())
    return data


def copy_part(part: Path, folder: Path, manifest: dict[str, Any] | None = None) -> Path:
    """A copy of a part in `folder`, with its manifest (or `manifest`), under the same name."""
    folder.mkdir(exist_ok=True)
    copy = folder / part.name
    shutil.copy(part, copy)
    sidecar = Path(f"{copy}.pkclean-shard.json")
    sidecar.write_text(json.dumps(manifest if manifest is not None else manifest_of(part)))
    return copy


def merge_refused(parts: list[Path], out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Merge `parts` into `out`, in a folder of its own, and check that it was refused with
    nothing left in that folder (neither the output nor a scratch file); the error."""
    out.parent.mkdir()
    assert main(["merge", *map(str, parts), "-q", "-o", str(out)]) == ExitCode.MISMATCH
    assert list(out.parent.iterdir()) == []
    return capsys.readouterr().err


def assert_merge_as_one_run(parts: tuple[Path, ...], one: Path, out: Path) -> None:
    """The untouched parts still merge into the bytes of one run."""
    out.parent.mkdir(exist_ok=True)
    assert main(["merge", *map(str, parts), "-q", "-o", str(out)]) == ExitCode.REJECTED
    assert out.read_bytes() == one.read_bytes()


def assert_refused_as_altered(
    run: tuple[Path, ...], changed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Merging the first part with `changed` (the second, altered) is refused as an altered
    part, and the untouched parts still merge into the bytes of one run."""
    one, first, second = run
    out = tmp_path / "out" / one.name
    assert f"{changed} {ALTERED}" in merge_refused([first, changed], out, capsys)
    assert_merge_as_one_run((first, second), one, out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_manifest_gives_the_sha256_of_its_part(
    runs: dict[str, tuple[Path, ...]], fmt: str
) -> None:
    for part in runs[fmt][1:]:
        assert manifest_of(part)["records"]
        assert manifest_of(part)["sha256"] == hashlib.sha256(part.read_bytes()).hexdigest()


def letter_changed(data: bytes, start: int, end: int) -> bytes:
    """`data` with one ASCII letter between `start` and `end` (from the middle on) changed
    into another: as many bytes."""
    for at in range((start + end) // 2, end):
        if chr(data[at]).isascii() and chr(data[at]).isalpha():
            other = b"q" if data[at : at + 1] != b"q" else b"x"
            return data[:at] + other + data[at + 1 :]
    raise AssertionError("no letter in the second half of the record")


@pytest.mark.parametrize("fmt", STREAMS)
def test_merge_refuses_a_stream_part_with_a_letter_changed_inside_a_record(
    runs: dict[str, tuple[Path, ...]], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    second = runs[fmt][2]
    manifest = manifest_of(second)
    start = manifest["head"]
    *_, length = manifest["records"][0]
    changed = copy_part(second, tmp_path / "changed")
    before = second.read_bytes()
    changed.write_bytes(letter_changed(before, start, start + length))
    assert changed.stat().st_size == len(before)
    assert changed.read_bytes() != before
    assert_refused_as_altered(runs[fmt], changed, tmp_path, capsys)


def test_merge_refuses_a_database_part_with_a_value_changed_in_place(
    runs: dict[str, tuple[Path, ...]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title changed by SQL into another of the same length: the file keeps its size, its
    layout, its articles' numbers and ids; only its bytes tell."""
    second = runs["sqlite"][2]
    changed = copy_part(second, tmp_path / "changed")
    with contextlib.closing(sqlite3.connect(changed, isolation_level=None)) as db:
        query = "SELECT title FROM articles WHERE article = 1"
        (title,) = db.execute(query).fetchone()
        new_title = letter_changed(title.encode(), 0, len(title.encode())).decode()
        db.execute("UPDATE articles SET title = ? WHERE article = 1", (new_title,))
        assert db.execute(query).fetchone() == (new_title,) != (title,)
    assert changed.stat().st_size == second.stat().st_size
    assert_refused_as_altered(runs["sqlite"], changed, tmp_path, capsys)


@pytest.mark.parametrize("fmt", ["jsonl", "sqlite"])
def test_merge_refuses_a_manifest_whose_sha256_was_changed(
    runs: dict[str, tuple[Path, ...]], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    second = runs[fmt][2]
    manifest = manifest_of(second)
    digest = manifest["sha256"]
    manifest["sha256"] = ("1" if digest[0] != "1" else "2") + digest[1:]
    changed = copy_part(second, tmp_path / "changed", manifest)
    assert_refused_as_altered(runs[fmt], changed, tmp_path, capsys)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            None,
            "gives no sha256 of its part (it was written by an earlier pkclean): export the "
            "shard again",
        ),
        ("F" * 64, "is not a shard manifest pkclean wrote: sha256 is not a SHA-256"),
        (7, "is not a shard manifest pkclean wrote: sha256 is not a SHA-256"),
    ],
)
def test_merge_refuses_a_manifest_without_a_sha256(
    runs: dict[str, tuple[Path, ...]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: object,
    message: str,
) -> None:
    """A manifest of an earlier pkclean, which wrote none: the part must be exported again
    (and one whose hash is not a hash pkclean writes)."""
    one, first, second = runs["jsonl"]
    manifest = manifest_of(second)
    if value is None:
        del manifest["sha256"]
    else:
        manifest["sha256"] = value
    changed = copy_part(second, tmp_path / "old", manifest)
    err = merge_refused([first, changed], tmp_path / "out" / one.name, capsys)
    assert f"{changed}.pkclean-shard.json {message}" in err


@pytest.mark.parametrize("fmt", STREAMS)
def test_merge_to_standard_output_writes_nothing_of_an_altered_part(
    runs: dict[str, tuple[Path, ...]],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    fmt: str,
) -> None:
    """Standard output takes the records as they come, and cannot take them back: the parts'
    hashes are checked before the first is written (here a letter of the last record is
    changed, which the check as the part is read finds only after the last). Untouched parts
    are read again from their start: the bytes of one run."""
    one, first, second = runs[fmt]
    manifest = manifest_of(second)
    end = manifest["head"] + sum(length for *_, length in manifest["records"])
    *_, length = manifest["records"][-1]
    changed = copy_part(second, tmp_path / "changed")
    changed.write_bytes(letter_changed(second.read_bytes(), end - length, end))
    assert main(["merge", str(first), str(changed), "-q"]) == ExitCode.MISMATCH
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert f"{changed} {ALTERED}".encode() in err
    assert main(["merge", str(first), str(second), "-q"]) == ExitCode.REJECTED
    assert capsysbinary.readouterr().out == one.read_bytes()


def test_a_file_is_hashed_from_its_start_and_left_there() -> None:
    stream = io.BytesIO(b"some bytes of a part")
    stream.seek(5)
    assert file_digest(stream) == hashlib.sha256(b"some bytes of a part").hexdigest()
    assert stream.tell() == 0
