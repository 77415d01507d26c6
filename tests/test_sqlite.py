"""`--format sqlite`: the database a user opens in Datasette, reads back and validates."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import pkclean
from export_articles import seed_articles
from pkclean.cli import main
from pkclean.formats.sqlite_tables import APPLICATION_ID, FTS_TOKENIZER, TABLES
from test_validate import validate

from conftest import SEEDS


def _export(tmp_path: Path, *args: str | Path, name: str = "corpus.db") -> Path:
    output = tmp_path / name
    code = main(
        ["export", *map(str, args), "--format", "sqlite", "-o", str(output), "-q", "-j", "1"]
    )
    assert code == 0
    return output


@pytest.fixture
def seeds_db(tmp_path: Path, in_root: Path) -> Path:
    return _export(tmp_path, "seeds")


def _query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def test_the_seeds_give_five_articles_and_every_table(seeds_db: Path) -> None:
    assert _query(seeds_db, "SELECT count(*) FROM articles") == [(5,)]
    names = {row[0] for row in _query(seeds_db, "SELECT name FROM sqlite_master")}
    assert {table.name for table in TABLES} | {"articles_fts"} <= names
    indexes = {
        row[0] for row in _query(seeds_db, "SELECT sql FROM sqlite_master WHERE type='index'")
    }
    assert "CREATE INDEX articles_publication ON articles (publication)" in indexes
    assert "CREATE INDEX articles_published ON articles (published)" in indexes
    assert _query(seeds_db, "PRAGMA application_id") == [(APPLICATION_ID,)]


def test_full_text_search_finds_the_four_seeds_that_name_musharraf(seeds_db: Path) -> None:
    found = _query(
        seeds_db,
        "SELECT a.publication FROM articles_fts JOIN articles a ON a.article = articles_fts.rowid "
        "WHERE articles_fts MATCH ? ORDER BY a.article",
        "Musharraf",
    )
    named = [a.publication for a in seed_articles() if "musharraf" in a.text.lower()]
    assert len(named) == 4
    assert "cwi" not in named
    assert [row[0] for row in found] == named


def test_search_folds_case_and_diacritics(seeds_db: Path) -> None:
    assert FTS_TOKENIZER == "unicode61 remove_diacritics 2"
    plain = _query(seeds_db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'musharraf'")
    accented = _query(
        seeds_db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'MUSHÁRRAF'"
    )
    assert plain == accented
    assert len(plain) == 4


def test_read_gives_back_the_jsonl_records(seeds_db: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "corpus.jsonl"
    assert main(["export", "seeds", "-o", str(jsonl), "-q", "-j", "1"]) == 0
    assert list(pkclean.read(seeds_db)) == list(pkclean.read(jsonl))


def test_year_authors_blocks_removed_and_warnings_rows(seeds_db: Path) -> None:
    articles = seed_articles()
    years = [row[0] for row in _query(seeds_db, "SELECT year FROM articles ORDER BY article")]
    assert years == [a.published.year if a.published else None for a in articles]
    for number, article in enumerate(articles, 1):
        where = "WHERE article = ? ORDER BY position"
        assert [
            r[0] for r in _query(seeds_db, f"SELECT name FROM authors {where}", number)
        ] == list(article.authors)
        blocks = _query(seeds_db, f"SELECT kind, text FROM blocks {where}", number)
        assert blocks == [(block.kind, block.text) for block in article.body]
        removed = _query(seeds_db, f"SELECT line, text, rule FROM removed {where}", number)
        assert removed == [(r.line, r.text, r.rule) for r in article.removed]
        codes = _query(seeds_db, f"SELECT code FROM warnings {where}", number)
        assert [code for (code,) in codes] == list(article.warnings)


def test_metadata_says_what_wrote_it_and_not_when(seeds_db: Path) -> None:
    values = {str(key): value for key, value in _query(seeds_db, "SELECT key, value FROM metadata")}
    assert values["pkclean_version"] == pkclean.__version__
    assert values["schema_version"] == pkclean.SCHEMA_VERSION
    assert values["articles"] == "5"
    assert not any("time" in key or "date" in key for key in values)


def test_the_same_input_gives_the_same_bytes(seeds_db: Path, tmp_path: Path) -> None:
    again = _export(tmp_path, "seeds", name="again.db")
    assert again.read_bytes() == seeds_db.read_bytes()


def test_an_existing_database_is_replaced_whole(tmp_path: Path, in_root: Path) -> None:
    output = _export(tmp_path, SEEDS[0])
    assert _query(output, "SELECT count(*) FROM articles") == [(1,)]
    _export(tmp_path, "seeds")
    assert _query(output, "SELECT count(*) FROM articles") == [(5,)]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".corpus.metadata.json.lock", "corpus.db", "corpus.metadata.json"]


def test_a_failed_export_leaves_the_old_database_and_no_scratch_file(
    tmp_path: Path, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _export(tmp_path, "seeds")
    before = output.read_bytes()
    from pkclean.formats.exporters.sqlite import SqliteExporter

    def fail(self: SqliteExporter) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SqliteExporter, "finish", fail)
    assert main(["export", "seeds", "--format", "sqlite", "-o", str(output), "-q", "-j", "1"]) == 3
    assert output.read_bytes() == before
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".corpus.metadata.json.lock", "corpus.db", "corpus.metadata.json"]


def test_standard_output_gets_the_database(
    tmp_path: Path, in_root: Path, capfdbinary: pytest.CaptureFixture[bytes], seeds_db: Path
) -> None:
    assert main(["export", "seeds", "--format", "sqlite", "-q", "-j", "1"]) == 0
    assert capfdbinary.readouterr().out == seeds_db.read_bytes()


def test_datasette_settings_are_written_beside_it(seeds_db: Path) -> None:
    settings = json.loads(seeds_db.with_name("corpus.metadata.json").read_bytes())
    articles = settings["databases"]["corpus"]["tables"]["articles"]
    assert articles["facets"][:3] == ["publication", "year", {"array": "warnings"}]
    assert (articles["sort_desc"], articles["fts_table"]) == ("published", "articles_fts")
    assert set(articles["columns"]) == {
        row[1] for row in _query(seeds_db, "PRAGMA table_info(articles)")
    }


def test_a_gzipped_database_is_read(seeds_db: Path, tmp_path: Path) -> None:
    packed = tmp_path / "corpus.db.gz"
    packed.write_bytes(gzip.compress(seeds_db.read_bytes()))
    assert list(pkclean.read(packed)) == list(pkclean.read(seeds_db))


def test_validate_accepts_the_database(seeds_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, seeds_db) == (0, [])


def _broken(seeds_db: Path, *statements: str) -> Path:
    db = sqlite3.connect(seeds_db)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return seeds_db


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (["UPDATE articles SET word_count = 7 WHERE article = 2"], ":2: word_count: word_count 7 "),
        (["UPDATE articles SET publication = 'sw' WHERE article = 3"], ":3: publication: Input "),
        (
            ["UPDATE articles SET authors = 'Ann' WHERE article = 1"],
            ":1: authors: 'Ann' is not JSON",
        ),
        (
            ["DELETE FROM blocks WHERE article = 4 AND position = 0"],
            ":4: text: text must be the bo",
        ),
        (["DROP TABLE removed"], ": tables: missing removed"),
        (["ALTER TABLE articles DROP COLUMN issue"], ": articles: missing columns issue"),
        (["UPDATE metadata SET value = '0.9' WHERE key = 'schema_version'"], ": metadata: schema"),
        (["DELETE FROM authors WHERE article = 1"], ":1: authors: "),
        (["DELETE FROM articles_fts WHERE rowid = 2"], ": articles_fts: the full-text index"),
        (["INSERT INTO blocks VALUES (9, 0, 'paragraph', 'x')"], ": blocks: row "),
    ],
)
def test_validate_names_what_is_wrong_in_a_database(
    seeds_db: Path,
    capsys: pytest.CaptureFixture[str],
    statements: list[str],
    expected: str,
) -> None:
    _broken(seeds_db, *statements)
    code, lines = validate(capsys, seeds_db)
    assert code == 1
    assert any(line.startswith(str(seeds_db) + expected) for line in lines), lines


def test_validate_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database, just text\n" * 100, "utf-8")
    code, lines = validate(capsys, path)
    assert code == 1
    assert lines == [f"{path}: database: not a SQLite database (file is not a database)"]


def test_validate_finds_databases_in_a_folder(
    seeds_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(seeds_db, seeds_db.with_name("copy.sqlite"))
    assert main(["validate", str(seeds_db.parent)]) == 0
    assert "2 files valid" in capsys.readouterr().err
