"""`export --checkpoint DIR`: a run killed at any point resumes into the same bytes."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from pkclean.cli import main
from pkclean.commands import settings as export_settings
from pkclean.errors import ExitCode
from pkclean.run.batch import BatchSettings
from test_streamed_archives import many_pages
from test_warc import archive

from conftest import TEXT_FIXTURES

FORMATS = {"jsonl": ".jsonl", "csv": ".csv", "tei": ".tei.xml"}
#: Kills per format here (bench/shards.py kills 20 times).
KILLS = 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for path in TEXT_FIXTURES[:40]:
        shutil.copy(path, root / path.name)
    (root / "zz-empty.txt").write_bytes(b"")
    return root


def command(
    corpus: Path, out: Path, fmt: str, checkpoint: Path | None, every: int = 4
) -> list[str]:
    argv = ["export", str(corpus), "-q", "--jobs", "1", "--format", fmt, "--output", str(out)]
    argv += ["--errors", str(out.with_name(out.name + ".errors"))]
    if checkpoint is not None:
        argv += ["--checkpoint", str(checkpoint), "--checkpoint-every", str(every)]
    return argv


def outputs(folder: Path) -> dict[str, bytes]:
    """The files of a folder, but the hidden temporary files a kill -9 leaves behind."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


def chunks(checkpoint: Path) -> dict[str, int]:
    """Each finished chunk and its inode (a rewritten chunk gets a new one)."""
    if not checkpoint.is_dir():
        return {}
    return {path.name: path.stat().st_ino for path in checkpoint.glob("chunk-*.json")}


def kill_after(argv: list[str], finished: int, checkpoint: Path, delay: float) -> None:
    """Start the export, and kill -9 it `delay` seconds after `finished` chunks are kept."""
    process = subprocess.Popen([sys.executable, "-m", "pkclean", *argv])
    deadline = time.monotonic() + 120
    while len(chunks(checkpoint)) < finished and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_run_killed_at_random_points_resumes_into_the_same_bytes(
    corpus: Path, tmp_path: Path, fmt: str
) -> None:
    suffix = FORMATS[fmt]
    (tmp_path / "whole").mkdir()
    assert main(command(corpus, tmp_path / "whole" / f"c{suffix}", fmt, None)) == 1
    whole = outputs(tmp_path / "whole")
    rng = random.Random(f"checkpoint-{fmt}")
    for kill in range(KILLS):
        out = tmp_path / f"resumed-{kill}" / f"c{suffix}"
        out.parent.mkdir()
        checkpoint = tmp_path / f"checkpoint-{kill}"
        argv = command(corpus, out, fmt, checkpoint)
        kill_after(argv, rng.randint(1, 6), checkpoint, rng.uniform(0, 0.3))
        kept = chunks(checkpoint)
        assert kept, "the run was killed before it kept any chunk"
        assert main(argv) == 1
        assert outputs(out.parent) == whole
        # The chunks kept before the kill were read back, not made again.
        assert {name: chunks(checkpoint)[name] for name in kept} == kept
        assert len(chunks(checkpoint)) == 11  # 41 inputs, 4 a chunk


def test_a_finished_checkpoint_gives_the_output_again_without_work(
    corpus: Path, tmp_path: Path
) -> None:
    checkpoint = tmp_path / "ck"
    first, second = tmp_path / "a" / "c.jsonl", tmp_path / "b" / "c.jsonl"
    first.parent.mkdir()
    second.parent.mkdir()
    assert main(command(corpus, first, "jsonl", checkpoint)) == 1
    kept = chunks(checkpoint)
    assert main(command(corpus, second, "jsonl", checkpoint)) == 1
    assert chunks(checkpoint) == kept
    assert outputs(first.parent) == outputs(second.parent)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--strict"], "other cleaning options"),
        (["--format", "csv"], "other format"),
        (["--checkpoint-every", "5"], "other --checkpoint-every"),
        (["--shard", "1/2"], "other shard"),
    ],
)
def test_a_checkpoint_of_another_run_is_refused(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    checkpoint = tmp_path / "ck"
    (tmp_path / "o").mkdir()
    out = tmp_path / "o" / "c.out"
    assert main(command(corpus, out, "jsonl", checkpoint)) == 1
    capsys.readouterr()
    assert main([*command(corpus, out, "jsonl", checkpoint), *extra]) == ExitCode.MISMATCH
    assert message in capsys.readouterr().err


def test_a_checkpoint_of_inputs_that_changed_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for path in TEXT_FIXTURES[:3]:
        shutil.copy(path, corpus / path.name)
    checkpoint, out = tmp_path / "ck", tmp_path / "c.jsonl"
    main(command(corpus, out, "jsonl", checkpoint, every=1))
    changed = corpus / TEXT_FIXTURES[1].name
    changed.write_bytes(changed.read_bytes() + b"\nOne more line.\n")
    capsys.readouterr()
    assert main(command(corpus, out, "jsonl", checkpoint, every=1)) == ExitCode.MISMATCH
    assert f"{TEXT_FIXTURES[1].name} changed" in capsys.readouterr().err


def test_a_folder_that_is_no_checkpoint_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ck"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    argv = command(TEXT_FIXTURES[0], tmp_path / "c.jsonl", "jsonl", folder)
    assert main(argv) == ExitCode.MISMATCH
    assert "not a checkpoint" in capsys.readouterr().err
    assert (folder / "notes.txt").read_text() == "mine"
    assert not (folder / "checkpoint.json").exists()


def test_a_checkpoint_inside_an_input_folder_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(TEXT_FIXTURES[0], corpus / "a.txt")
    argv = command(corpus, tmp_path / "c.jsonl", "jsonl", corpus / "ck")
    assert main(argv) == ExitCode.USAGE


def test_checkpointed_shards_merge_into_one_run(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    main(command(corpus, tmp_path / "one" / "c.tei.xml", "tei", None))
    parts = []
    for index in (1, 2):
        part = tmp_path / f"part-{index}.tei.xml"
        argv = command(corpus, part, "tei", tmp_path / f"ck-{index}")
        main([*argv, "--shard", f"{index}/2"])
        main([*argv, "--shard", f"{index}/2"])  # again: from the checkpoint alone
        parts.append(str(part))
    (tmp_path / "merged").mkdir()
    merged = tmp_path / "merged" / "c.tei.xml"
    errors = tmp_path / "merged" / "c.tei.xml.errors"
    main(["merge", *parts, "-q", "-o", str(merged), "--errors", str(errors)])
    assert outputs(tmp_path / "merged") == outputs(tmp_path / "one")


def test_a_chunk_changed_by_hand_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checkpoint, out = tmp_path / "ck", tmp_path / "c.jsonl"
    argv = command(TEXT_FIXTURES[0], out, "jsonl", checkpoint)
    main(argv)
    chunk = checkpoint / "chunk-00000000.json"
    record = json.loads(chunk.read_bytes())
    _, [keyed], _, _ = record["results"][0]  # one input: one article
    keyed[-1] = "not base64!"
    chunk.write_text(json.dumps(record))
    capsys.readouterr()
    assert main(argv) == ExitCode.MISMATCH
    assert "is not a chunk pkclean wrote" in capsys.readouterr().err


def test_a_streamed_archive_is_checkpointed_page_by_page_and_resumes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks hold units: the pages of an archive the main process streams are kept in
    chunks of their own, and a rerun missing some of them writes the same bytes."""
    (tmp_path / "in").mkdir()
    for path in sorted(corpus.iterdir())[:6]:
        shutil.copy(path, tmp_path / "in" / path.name)
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(archive(many_pages(30), compressed=True))
    (tmp_path / "whole").mkdir()
    assert main(command(tmp_path / "in", tmp_path / "whole" / "c.jsonl", "jsonl", None)) == 1
    monkeypatch.setattr(export_settings, "BatchSettings", partial(BatchSettings, split_bytes=0))
    checkpoint = tmp_path / "ck"
    for run in ("first", "resumed"):
        out = tmp_path / run / "c.jsonl"
        out.parent.mkdir()
        assert main(command(tmp_path / "in", out, "jsonl", checkpoint, every=4)) == 1
        assert outputs(out.parent) == outputs(tmp_path / "whole")
        # 6 files, 30 pages and the archive's end: 37 units, 4 a chunk.
        assert len(chunks(checkpoint)) == 10
        for name in sorted(chunks(checkpoint))[3::2]:  # as if killed: some chunks never kept
            (checkpoint / name).unlink()


def test_a_resumed_dedup_run_finds_the_same_duplicates(corpus: Path, tmp_path: Path) -> None:
    """Chunks keep each record's source path and fingerprint, which `--dedup` needs."""
    (tmp_path / "in").mkdir()
    for path in sorted(corpus.iterdir())[:8]:
        shutil.copy(path, tmp_path / "in" / path.name)
        shutil.copy(path, tmp_path / "in" / f"again-{path.name}")

    def run(folder: str, checkpoint: Path | None) -> dict[str, bytes]:
        out = tmp_path / folder / "c.jsonl"
        out.parent.mkdir()
        argv = command(tmp_path / "in", out, "jsonl", checkpoint)
        main([*argv, "--dedup", "--duplicates", str(out.with_name("dups.jsonl"))])
        return outputs(out.parent)

    whole = run("whole", None)
    assert whole["dups.jsonl"].count(b"\n") >= 7
    assert run("first", tmp_path / "ck") == whole
    for name in sorted(chunks(tmp_path / "ck"))[::2]:
        (tmp_path / "ck" / name).unlink()
    assert run("resumed", tmp_path / "ck") == whole
