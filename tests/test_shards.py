"""`export --shard I/N` and `pkclean merge`: N shards joined are the bytes of one run."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pkclean.cli import main
from pkclean.commands import settings as export_settings
from pkclean.document import Limits
from pkclean.errors import ExitCode, UsageError
from pkclean.formats import merge as merge_formats
from pkclean.run import units
from pkclean.run.batch import BatchSettings, Rejection, lost_unit
from pkclean.run.shards import Selection, Shard, shard_of, splits_by_page
from pkclean.run.units import Item, Piece, items

from conftest import ROOT, TEXT_FIXTURES

HTML = ROOT / "tests" / "fixtures" / "html"
PAGES = sorted(HTML.glob("*.html"))
FORMATS = {"jsonl": ".jsonl", "csv": ".csv", "tei": ".tei.xml", "sqlite": ".db"}

names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=30)
paths = st.one_of(names, names.map(lambda name: name + ".warc.gz"))


@given(st.lists(paths, max_size=20, unique=True), st.integers(1, 9), st.integers(0, 40))
def test_every_file_and_page_goes_to_exactly_one_shard(
    inputs: list[str], count: int, pages: int
) -> None:
    shards = [Shard(index, count) for index in range(1, count + 1)]
    for path in inputs:
        selections = [Selection(path, shard) for shard in shards]
        assert sum(selection.whole() for selection in selections) == 1
        for page in range(pages):
            assert sum(selection.page(page) for selection in selections) == 1
        readers = [shard for shard in shards if shard.reads(path)]
        assert len(readers) == (count if splits_by_page(path) else 1)


@given(st.lists(names, min_size=2, max_size=20, unique=True), st.integers(2, 9))
def test_a_files_shard_does_not_depend_on_the_other_inputs(inputs: list[str], count: int) -> None:
    alone = [shard_of(path, count) for path in inputs]
    assert [shard_of(path, count) for path in reversed(inputs)] == alone[::-1]


def test_the_shard_rule_is_the_documented_hash() -> None:
    # 1 + (first 8 bytes of SHA-256, big-endian) mod N, the README's rule, pinned with
    # values from `printf corpus/0.txt | sha256sum`: the same on any machine.
    assert [shard_of(f"corpus/{n}.txt", 7) for n in range(8)] == [2, 4, 3, 4, 1, 2, 4, 4]


def test_a_shard_reads_its_files_and_every_archive(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html", "d.txt", "crawl.warc.gz", "e.txt"):
        (tmp_path / name).write_text("x")
    every = list(items([str(tmp_path)]))
    count = 3
    for index in range(1, count + 1):
        shard = Shard(index, count)
        taken = list(items([str(tmp_path)], shard))
        assert {item.path for item in taken} == {
            item.path for item in every if shard.reads(item.path)
        }
        assert all(item in every for item in taken)  # positions are those of the whole run


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", "-1/2"])
def test_a_bad_shard_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="--shard takes I/N"):
        Shard.parse(text)


def archive(pages: list[Path]) -> bytes:
    """A web archive holding each page (under its own address) and a style sheet."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for number, page in enumerate(pages):
        for uri, kind, body in (
            (f"https://example.org/{number}.html", "text/html", page.read_bytes()),
            (f"https://example.org/{number}.css", "text/css", b"p{}"),
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text dumps (one twice, in another shard of 2 and of 3, so that TEI numbers a repeated
    id and a database lists a duplicate across parts), HTML pages, a web archive split by
    page, and files that are rejected."""
    root = tmp_path_factory.mktemp("corpus")
    texts = root / "texts"
    texts.mkdir()
    for path in TEXT_FIXTURES[:24]:
        shutil.copy(path, texts / path.name)
    shutil.copy(TEXT_FIXTURES[0], texts / again_name(str(texts / TEXT_FIXTURES[0].name)))
    for path in PAGES[:3]:
        shutil.copy(path, root / path.name)
    (root / "crawl.warc.gz").write_bytes(archive(PAGES * 2))
    (root / "empty.txt").write_bytes(b"")
    return root


def again_name(first: str) -> str:
    """A name for a copy of the input `first`, beside it, that no shard of 2 or 3 takes
    with it (the shard follows the path, and the corpus's folder is new on every run)."""
    folder = first.rsplit("/", 1)[0]
    for number in range(1000):
        name = f"zz-same-again-{number}.txt"
        if all(shard_of(f"{folder}/{name}", n) != shard_of(first, n) for n in (2, 3)):
            return name
    raise AssertionError("no name goes to other shards")  # 1 in 3 names does


def export(corpus: Path, out: Path, fmt: str, *extra: str) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    errors = out.with_name(out.name + ".errors")
    argv = ["export", str(corpus), "-q", "--format", fmt, "--output", str(out)]
    return main([*argv, "--errors", str(errors), *extra])


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_shards_are_the_bytes_of_one_run(corpus: Path, tmp_path: Path, fmt: str) -> None:
    suffix = FORMATS[fmt]
    assert export(corpus, tmp_path / "one" / f"corpus{suffix}", fmt, "--jobs", "1") == 1
    parts = []
    for index in (1, 2, 3):
        part = tmp_path / "parts" / f"part-{index}{suffix}"
        export(corpus, part, fmt, "--shard", f"{index}/3", "--jobs", "1")
        parts.append(str(part))
    (tmp_path / "merged").mkdir()
    merged = tmp_path / "merged" / f"corpus{suffix}"
    errors = tmp_path / "merged" / f"corpus{suffix}.errors"
    argv = ["merge", *reversed(parts), "-q", "--output", str(merged), "--errors", str(errors)]
    assert main(argv) == ExitCode.REJECTED  # as the one run: some inputs were rejected
    one = files(tmp_path / "one")
    assert files(tmp_path / "merged") == one
    assert b"empty_file" in one[f"corpus{suffix}.errors"]
    # Every shard had a share of the articles, and of the archive's pages.
    for name in parts:
        manifest = json.loads(Path(name + ".pkclean-shard.json").read_bytes())
        assert manifest["records"]
        assert str(corpus / "crawl.warc.gz").encode() in Path(name).read_bytes()
    if fmt == "tei":
        assert b'-2"' in one[f"corpus{suffix}"]  # a repeated id, numbered across shards
    if fmt == "sqlite":  # a repeated id, listed as a duplicate across shards
        assert duplicates(tmp_path / "one" / "corpus.db", "%/zz-same-again-%") == [("exact", 0)]


def duplicates(database: Path, path: str) -> list[tuple[str, int]]:
    """The kind and `dropped` of the duplicates of a database whose path is `LIKE` `path`."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        query = "SELECT kind, dropped FROM duplicates WHERE path LIKE ?"
        return db.execute(query, (path,)).fetchall()


def test_an_empty_shard_still_writes_its_part_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(TEXT_FIXTURES[0].read_bytes())
    owner = shard_of(f"{tmp_path / 'in'}/a.txt", 2)
    other = 3 - owner
    part = tmp_path / "out" / "p.jsonl"
    assert export(tmp_path / "in", part, "jsonl", "--shard", f"{other}/2") == ExitCode.OK
    assert part.read_bytes() == b""
    assert (
        json.loads((tmp_path / "out" / "p.jsonl.pkclean-shard.json").read_bytes())["records"] == []
    )


@pytest.fixture(scope="module")
def parts(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two shards of a JSONL export."""
    folder = tmp_path_factory.mktemp("parts")
    made = [folder / f"part-{index}.jsonl" for index in (1, 2)]
    for index, part in enumerate(made, 1):
        export(corpus, part, "jsonl", "--shard", f"{index}/2")
    return made


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], message: str) -> None:
    assert main(argv) == ExitCode.MISMATCH
    assert message in capsys.readouterr().err


def test_merge_refuses_a_missing_shard(
    parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.jsonl"
    refused(["merge", str(parts[0]), "-o", str(out)], capsys, "shards missing: 2/2")
    assert not out.exists()


def test_merge_refuses_a_repeated_shard(
    parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "again.jsonl"
    shutil.copy(parts[0], copy)
    shutil.copy(f"{parts[0]}.pkclean-shard.json", f"{copy}.pkclean-shard.json")
    argv = ["merge", *map(str, parts), str(copy), "-o", str(tmp_path / "m.jsonl")]
    refused(argv, capsys, "shard 1/2 is given more than once")


@pytest.mark.parametrize("made", ["parts", "db_parts"])
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pkclean", "0.0.1", "written by pkclean 0.0.1"),
        ("settings", {"strict": True}, "other cleaning options"),
        ("inputs", "0" * 64, "other input paths"),
        ("shards", 3, "other shard count"),
        ("format_options", {"excel_safe": True}, "other format options"),
        ("format_options", {"dedup": True}, "other format options"),
    ],
)
def test_merge_refuses_parts_of_another_run(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    made: str,
    field: str,
    value: object,
    message: str,
) -> None:
    """JSON Lines parts, and SQLite ones (whose format option is `dedup`)."""
    parts: list[Path] = request.getfixturevalue(made)
    other = tmp_path / f"other{parts[1].suffix}"
    shutil.copy(parts[1], other)
    manifest = json.loads(Path(f"{parts[1]}.pkclean-shard.json").read_bytes())
    manifest["identity"][field] = value
    Path(f"{other}.pkclean-shard.json").write_text(json.dumps(manifest))
    out = tmp_path / f"m{parts[1].suffix}"
    refused(["merge", str(parts[0]), str(other), "-o", str(out)], capsys, message)
    assert not out.exists()


def test_merge_refuses_a_part_changed_after_it_was_written(
    parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes(parts[1].read_bytes().replace(b'"title":"', b'"title":"X', 1))
    shutil.copy(f"{parts[1]}.pkclean-shard.json", f"{changed}.pkclean-shard.json")
    out = tmp_path / "m.jsonl"
    refused(["merge", str(parts[0]), str(changed), "-o", str(out)], capsys, "does not match")
    assert not out.exists()


def test_merge_refuses_a_file_without_a_manifest(
    parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = tmp_path / "bare.jsonl"
    shutil.copy(parts[1], bare)
    refused(["merge", str(parts[0]), str(bare), "-o", str(tmp_path / "m")], capsys, "no bare")


def test_merge_will_not_overwrite_a_part(
    parts: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["merge", *map(str, parts), "-o", str(parts[0])]) == ExitCode.USAGE


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--split", "--format", "tei"], "--shard does not go with --split"),
        (["--output", "-"], "--shard needs --output, a file"),
        (["--dedup"], "--shard does not go with --dedup"),
        (["--format", "sqlite", "--dedup"], "--shard does not go with --dedup"),
        (["--format", "sqlite", "--duplicates", "d.jsonl"], "--shard does not go with --dedup"),
        (["--format", "sqlite", "--output", "-"], "--shard needs --output, a file"),
        (["--duplicates", "dups.jsonl"], "--shard does not go with --dedup or --duplicates"),
    ],
)
def test_shard_refuses_outputs_merge_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    argv = ["export", str(TEXT_FIXTURES[0]), "--shard", "1/2", "-o", str(tmp_path / "p"), *extra]
    assert main(argv) == ExitCode.USAGE
    assert message in capsys.readouterr().err


def test_a_shard_that_loses_an_archive_says_so() -> None:
    # Even when another shard owns the archive's own rejection: its pages here are lost.
    lost = lost_unit(Item(7, "crawl/a.warc.gz"), "timeout", "still running")
    rejected = Rejection("crawl/a.warc.gz", "timeout", "still running")
    assert lost == Piece(7, [(0, rejected)], 1)


@pytest.mark.parametrize("fmt", ["jsonl", "tei", "sqlite"])
def test_a_shard_takes_the_same_pages_of_an_archive_streamed_by_the_main_process(
    corpus: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive over `SPLIT_BYTES` is read by the main process, which hands out the
    shard's pages: each part, and its manifest, are those of workers reading it whole."""
    suffix = FORMATS[fmt]
    for index in (1, 2, 3):
        export(corpus, tmp_path / "whole" / f"p-{index}{suffix}", fmt, "--shard", f"{index}/3")
    streamed: list[str] = []
    read_here = units._read_here

    def spy(item: Item, selection: Selection, limits: Limits) -> Iterator[units.Unit]:
        streamed.append(item.path)
        return read_here(item, selection, limits)

    monkeypatch.setattr(units, "_read_here", spy)
    monkeypatch.setattr(export_settings, "BatchSettings", partial(BatchSettings, split_bytes=0))
    parts = []
    for index in (1, 2, 3):
        part = tmp_path / "streamed" / f"p-{index}{suffix}"
        export(corpus, part, fmt, "--shard", f"{index}/3", "--jobs", "2")
        parts.append(str(part))
    assert streamed == [str(corpus / "crawl.warc.gz")] * 3
    assert files(tmp_path / "streamed") == files(tmp_path / "whole")
    monkeypatch.undo()
    assert export(corpus, tmp_path / "one" / f"c{suffix}", fmt, "--jobs", "1") == 1
    merged = tmp_path / "merged" / f"c{suffix}"
    merged.parent.mkdir()
    argv = ["merge", *parts, "-q", "-o", str(merged), "--errors", f"{merged}.errors"]
    assert main(argv) == ExitCode.REJECTED
    assert files(merged.parent) == files(tmp_path / "one")


@pytest.fixture(scope="module")
def db_parts(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two shards of a SQLite export."""
    folder = tmp_path_factory.mktemp("db-parts")
    made = [folder / f"part-{index}.db" for index in (1, 2)]
    for index, part in enumerate(made, 1):
        export(corpus, part, "sqlite", "--shard", f"{index}/2")
    return made


def manifest_of(part: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(f"{part}.pkclean-shard.json").read_bytes())
    return data


def test_two_sqlite_shards_merge_into_the_bytes_of_a_run_with_workers(
    corpus: Path, db_parts: list[Path], tmp_path: Path
) -> None:
    for part in db_parts:
        manifest = manifest_of(part)
        # A database is written whole at the end: its records have no extent of their own.
        assert (manifest["head"], manifest["size"]) == (0, part.stat().st_size)
        assert {length for *_, length in manifest["records"]} == {0}
    assert export(corpus, tmp_path / "one" / "corpus.db", "sqlite", "--jobs", "2") == 1
    merged = tmp_path / "merged" / "corpus.db"
    merged.parent.mkdir()
    argv = ["merge", *map(str, db_parts), "-q", "-o", str(merged), "--errors", f"{merged}.errors"]
    assert main(argv) == ExitCode.REJECTED
    assert files(merged.parent) == files(tmp_path / "one")
    assert duplicates(merged, "%/zz-same-again-%") == [("exact", 0)]


def tables(database: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The names and statements of a database's schema, and its `metadata` table."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        schema = db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        return schema, dict(db.execute("SELECT key, value FROM metadata").fetchall())


def test_nothing_of_a_sqlite_part_reaches_the_merged_database(
    db_parts: list[Path], tmp_path: Path
) -> None:
    merged = tmp_path / "corpus.db"
    assert main(["merge", *map(str, db_parts), "-q", "-o", str(merged)]) == ExitCode.REJECTED
    schema, metadata = tables(merged)
    counts = [len(manifest_of(part)["records"]) for part in db_parts]
    for part, count in zip(db_parts, counts, strict=True):
        part_schema, part_metadata = tables(part)
        assert part_schema == schema
        assert part_metadata == metadata | {"articles": str(count)}
    assert metadata["articles"] == str(sum(counts))
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith(".")) == [
        "corpus.db",
        "corpus.metadata.json",
    ]


def test_merge_refuses_parts_of_two_formats(
    parts: list[Path], db_parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.db"
    refused(["merge", str(db_parts[0]), str(parts[1]), "-o", str(out)], capsys, "other format")
    assert not out.exists()


def test_merge_refuses_a_missing_or_repeated_sqlite_shard(
    db_parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.db"
    refused(["merge", str(db_parts[1]), "-o", str(out)], capsys, "shards missing: 1/2")
    argv = ["merge", *map(str, db_parts), str(db_parts[1]), "-o", str(out)]
    refused(argv, capsys, "shard 2/2 is given more than once")
    assert not out.exists()


def change_database(part: Path, copy: Path, statement: str) -> None:
    """A copy of a part changed by an SQL statement, its manifest naming its new size (so
    that the merge must find the change in the rows)."""
    shutil.copy(part, copy)
    with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as db:
        db.execute(statement)
    manifest = manifest_of(part)
    manifest["size"] = copy.stat().st_size
    Path(f"{copy}.pkclean-shard.json").write_text(json.dumps(manifest))


LAST = "(SELECT max(article) FROM articles)"


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE articles SET id = 'pk-' || substr(id, 4) || 'x' WHERE article = 1", "manifest"),
        (f"DELETE FROM articles WHERE article = {LAST}", "manifest"),
        (f"UPDATE articles SET article = 1000 WHERE article = {LAST}", "manifest"),
        ("PRAGMA application_id = 1", "not a database pkclean wrote"),
        ("PRAGMA user_version = 99", "not a database pkclean wrote"),
        ("DROP TABLE blocks", "cannot be read back: no such table: blocks"),
    ],
)
def test_merge_refuses_a_sqlite_part_changed_after_it_was_written(
    db_parts: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    statement: str,
    message: str,
) -> None:
    changed = tmp_path / "changed.db"
    change_database(db_parts[1], changed, statement)
    out = tmp_path / "out" / "m.db"
    out.parent.mkdir()
    refused(["merge", str(db_parts[0]), str(changed), "-o", str(out)], capsys, message)
    assert list(out.parent.iterdir()) == []  # nor the scratch file the database was built in


@pytest.mark.parametrize("damage", ["grown", "garbage"])
def test_merge_refuses_a_sqlite_part_that_is_no_longer_its_database(
    db_parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    changed = tmp_path / "changed.db"
    data = db_parts[1].read_bytes()
    # Grown: a byte more than the manifest says. Garbage: as many bytes, none a database's.
    changed.write_bytes(data + b"\0" if damage == "grown" else b"x" * len(data))
    shutil.copy(f"{db_parts[1]}.pkclean-shard.json", f"{changed}.pkclean-shard.json")
    out = tmp_path / "out" / "m.db"
    out.parent.mkdir()
    message = "does not match its manifest" if damage == "grown" else "cannot be read back"
    refused(["merge", str(db_parts[0]), str(changed), "-o", str(out)], capsys, message)
    assert list(out.parent.iterdir()) == []


def test_merging_sqlite_parts_says_how_many_duplicates_it_found(
    db_parts: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As one run says it: the exact duplicates, which a run without --dedup keeps."""
    merged = tmp_path / "corpus.db"
    assert main(["merge", *map(str, db_parts), "-o", str(merged)]) == ExitCode.REJECTED
    found = len(duplicates(merged, "%"))
    assert found > 1
    line = f"duplicates: {found} exact (the same id; --dedup writes each article once)"
    assert f"pkclean: {line}\n" in capsys.readouterr().err


def test_shard_refuses_a_format_merge_has_no_reader_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every format has one today; a new format without one is refused before the export."""
    monkeypatch.setattr(merge_formats, "names", lambda: ("jsonl",))
    argv = ["export", str(TEXT_FIXTURES[0]), "--shard", "1/2", "-o", str(tmp_path / "p.db")]
    assert main([*argv, "--format", "sqlite"]) == ExitCode.USAGE
    assert "the format sqlite cannot be merged (mergeable: jsonl)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("output", "errors", "message"),
    [
        ("{part}", None, "--output and the part"),
        ("m.db", "{manifest}", "--errors and a manifest"),
        ("m.db", "m.db", "--output and --errors"),
        ("m.db", "m.metadata.json", "the m.metadata.json beside the output and --errors"),
    ],
)
def test_merge_refuses_outputs_that_are_parts_or_one_another(
    db_parts: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    output: str,
    errors: str | None,
    message: str,
) -> None:
    def path(name: str) -> str:
        manifest = f"{db_parts[0]}.pkclean-shard.json"
        return (
            name.format(part=db_parts[0], manifest=manifest)
            if "{" in name
            else str(tmp_path / name)
        )

    before = {part: part.read_bytes() for part in db_parts}
    argv = ["merge", *map(str, db_parts), "-o", path(output)]
    argv += ["--errors", path(errors)] if errors else []
    assert main(argv) == ExitCode.USAGE
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    assert {part: part.read_bytes() for part in db_parts} == before
