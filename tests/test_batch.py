"""Batch semantics: every file gives articles or a rejection, in the same order for any N."""

from __future__ import annotations

import io
import pickle
import re
import shutil
from pathlib import Path

import pytest

from pkclean.cli import main
from pkclean.errors import INTERNAL_ERROR
from pkclean.formats import exporters
from pkclean.formats.exporters.base import Exporter
from pkclean.model import Article
from pkclean.run import batch
from pkclean.run.batch import (
    BatchSettings,
    Encoded,
    Rejection,
    encode_path,
    export_batch,
    process_path,
    run_batch,
    vetted,
    work,
)
from pkclean.run.parallel import boot_fork_server, start_context
from pkclean.run.units import Item

from conftest import ROOT, SEEDS, TEXT_FIXTURES

HTML_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))


def _articles(path: Path) -> list[Article]:
    return [outcome for outcome in process_path(str(path)) if isinstance(outcome, Article)]


def test_a_seed_gives_one_article() -> None:
    (outcome,) = process_path(str(SEEDS[0]))
    assert isinstance(outcome, Article)
    assert outcome.source.path == str(SEEDS[0])


def test_the_per_file_function_and_its_results_are_picklable() -> None:
    assert pickle.loads(pickle.dumps(process_path)) is process_path
    outcomes = process_path(str(SEEDS[0]))
    assert pickle.loads(pickle.dumps(outcomes)) == outcomes


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty_file"), (b"  \n\t\n", "empty_file")],
)
def test_a_bad_file_is_a_rejection(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (outcome,) = process_path(str(path))
    assert isinstance(outcome, Rejection)
    assert outcome == Rejection(str(path), code, outcome.message)
    assert outcome.message


def test_a_missing_file_is_a_rejection(tmp_path: Path) -> None:
    (outcome,) = process_path(str(tmp_path / "gone.txt"))
    assert isinstance(outcome, Rejection)
    assert outcome.code == "unreadable"


def test_a_bug_while_cleaning_one_file_is_an_internal_error_rejection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_clean(src: object, **options: object) -> Article:
        empty: dict[str, Article] = {}
        return empty["no such key"]

    monkeypatch.setattr(batch, "clean", broken_clean)
    (outcome,) = process_path(str(SEEDS[0]))
    assert isinstance(outcome, Rejection)
    assert outcome.code == INTERNAL_ERROR
    # The message names the innermost line of pkclean's own code, for a bug report.
    assert outcome.message.startswith("KeyError: 'no such key' (at batch.py:")


def test_a_bug_while_reading_one_file_is_an_internal_error_rejection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_load(path: str, **options: object) -> list[object]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(batch, "load", broken_load)
    (outcome,) = process_path(str(SEEDS[0]))
    assert isinstance(outcome, Rejection)
    assert outcome == Rejection(str(SEEDS[0]), INTERNAL_ERROR, outcome.message)
    assert outcome.message.startswith("ZeroDivisionError: division by zero")


def test_the_batch_goes_on_after_bad_files(tmp_path: Path) -> None:
    for seed in SEEDS[:2]:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "100_empty.txt").write_bytes(b"")
    (tmp_path / "101_blank.txt").write_bytes(b"\n\n")
    outcomes = list(run_batch([str(tmp_path)]))
    kinds = [
        outcome.code if isinstance(outcome, Rejection) else outcome.publication
        for outcome in outcomes
    ]
    assert kinds == ["socialist_worker", "workers_world", "empty_file", "empty_file"]


@pytest.mark.parametrize("name", ["jsonl", "csv"])
def test_an_encoded_article_is_the_bytes_the_exporter_writes(name: str) -> None:
    exporter_class = exporters.get(name)
    assert exporter_class.independent_records
    settings = BatchSettings(encode=name)
    for path in [*SEEDS, *TEXT_FIXTURES[:5]]:
        (result,) = encode_path(str(path), settings)
        (article,) = _articles(path)
        stream = io.BytesIO()
        exporter = exporter_class(stream)
        exporter.start()
        header = stream.getvalue()
        exporter.write(article)
        assert isinstance(result, Encoded)
        assert result.data == stream.getvalue()[len(header) :]
        assert (result.publication, result.warnings) == (article.publication, article.warnings)


@pytest.mark.parametrize("name", ["jsonl", "csv", "sqlite"])
def test_workers_encode_the_pipelines_records_as_plain_records_to_the_same_bytes(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = []

    def counted(record: dict[str, object]) -> batch.Plain | Article:
        found = vetted(record)
        plain.append(isinstance(found, batch.Plain))
        return found

    monkeypatch.setattr(batch, "vetted", counted)
    paths = [*SEEDS, *TEXT_FIXTURES, *HTML_FIXTURES]
    assert exporters.get(name).plain_records
    settings = BatchSettings(encode=name, fingerprints=True)
    for position, path in enumerate(paths):
        piece = work(Item(position, str(path)), settings)
        assert [result for _, result in piece.results] == encode_path(str(path), settings)
    # Every record the pipeline built skipped the model: the fast path is the one taken.
    assert len(plain) >= len(paths)
    assert all(plain)


def test_an_article_the_exporter_refuses_is_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Exporter, article: Article) -> bytes:
        raise ValueError("cannot represent this article")

    monkeypatch.setattr(exporters.get("jsonl"), "encode", refuse)
    (result,) = encode_path(str(SEEDS[0]), BatchSettings(encode="jsonl"))
    assert isinstance(result, Rejection)
    assert result.code == INTERNAL_ERROR
    assert "ValueError: cannot represent this article" in result.message


@pytest.fixture
def fork_server_ready() -> None:
    """Start the workers' fork server first, so that a batch goes to the workers at once."""
    booting = boot_fork_server(start_context())
    if booting is not None:
        booting.join()


def _corpus(folder: Path, copies: int) -> list[str]:
    """`copies` files made of the seeds and fixtures, each made unique by a last line."""
    sources = [*SEEDS, *TEXT_FIXTURES]
    for number in range(copies):
        source = sources[number % len(sources)]
        data = source.read_bytes() + f"\n\nCopy number {number}.\n".encode()
        (folder / f"{number:04d}_{source.name}").write_bytes(data)
    return [str(folder)]


@pytest.mark.usefixtures("fork_server_ready")
@pytest.mark.parametrize("encode", [None, "jsonl"])
def test_results_are_the_same_for_any_number_of_workers(tmp_path: Path, encode: str | None) -> None:
    paths = _corpus(tmp_path, 70)
    settings = BatchSettings(encode=encode)
    one = list(export_batch(paths, settings, jobs=1))
    assert len(one) == 70
    for jobs in (2, 3):
        assert list(export_batch(paths, settings, jobs=jobs)) == one


def test_tei_records_are_encoded_apart_and_a_repeat_gets_a_numbered_id(tmp_path: Path) -> None:
    """Workers encode TEI with the plain id; the writer numbers a repeated one `-2`."""
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_bytes(SEEDS[0].read_bytes())
    output = tmp_path / "out.tei.xml"
    assert main(["export", str(tmp_path / "in"), "--format", "tei", "--output", str(output)]) == 0
    ids = re.findall(rb'<TEI [^>]*xml:id="([^"]+)"', output.read_bytes())
    assert len(ids) == 2
    assert ids[1] == ids[0] + b"-2"
