"""Duplicates: the same article reached twice, and near-duplicates, found and reported."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import orjson
import pytest

import pkclean
from pkclean.cli import main
from pkclean.run.duplicates import NEAR, DuplicateFinder
from pkclean.run.fingerprints import (
    SHINGLE,
    Fingerprint,
    band_keys,
    fingerprint,
    shingle_hashes,
    similarity,
)

from conftest import SEEDS

WORDS = [f"w{n}" for n in range(400)]
#: A note a reposting site adds: other boilerplate around the same article.
REPOST_NOTE = (
    "\n\nThis article first appeared elsewhere and is reposted here with thanks to its authors.\n"
)


def _print(words: list[str]) -> Fingerprint:
    return _of(" ".join(words))


def _of(text: str) -> Fingerprint:
    value = fingerprint(text)
    assert value is not None
    return value


def test_similarity_estimates_the_jaccard_index_of_shingles() -> None:
    base = _print(WORDS)
    for keep in (0.95, 0.8, 0.5, 0.2):
        cut = int(len(WORDS) * keep)
        shingles = len(WORDS) - SHINGLE + 1
        jaccard = (cut - SHINGLE + 1) / shingles
        estimate = similarity(base, _print(WORDS[:cut]))
        assert abs(estimate - jaccard) < 0.12, (keep, estimate, jaccard)


def test_fingerprints_ignore_case_and_spacing_but_not_words() -> None:
    text = " ".join(WORDS)
    assert similarity(_print(WORDS), _of(text.upper().replace(" ", "\n  "))) == 1.0
    other = _print([f"x{n}" for n in range(400)])
    assert similarity(_print(WORDS), other) < 0.1


def test_short_and_empty_texts() -> None:
    assert fingerprint("") is None
    assert fingerprint("  \n ") is None
    assert len(shingle_hashes("just three words")) == 1
    assert similarity(_of("just three words"), _of("Just three  words")) == 1.0


def test_fingerprints_are_the_same_in_every_process() -> None:
    import subprocess
    import sys

    code = "from pkclean.run.fingerprints import fingerprint, to_bytes; import sys; "
    code += "sys.stdout.write(to_bytes(fingerprint('the same words in every process')).hex())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        for env in ({"PYTHONHASHSEED": "1"}, {"PYTHONHASHSEED": "2"})
    }
    assert len(runs) == 1


def test_the_finder_reports_exact_then_near_duplicates_in_order() -> None:
    finder = DuplicateFinder(drop=True)
    try:
        assert finder.check("pk-a", "a.txt", _print(WORDS)) is None
        assert finder.check("pk-b", "b.txt", _print([f"x{n}" for n in range(400)])) is None
        exact = finder.check("pk-a", "a.html", _print(WORDS))
        near = finder.check("pk-c", "c.txt", _print(WORDS[:380]))
        far = finder.check("pk-d", "d.txt", _print(WORDS[:200]))
    finally:
        finder.close()
    assert exact is not None
    assert (exact.kind, exact.first_path, exact.similarity, exact.dropped) == (
        "exact",
        "a.txt",
        1.0,
        True,
    )
    assert near is not None
    assert (near.kind, near.first_path, near.first_number, near.dropped) == (
        "near",
        "a.txt",
        1,
        False,
    )
    assert near.similarity >= NEAR
    assert far is None
    assert finder.kept == 4  # the exact duplicate was dropped


def test_band_keys_are_shared_by_similar_fingerprints() -> None:
    same = set(band_keys(_print(WORDS))) & set(band_keys(_print(WORDS[:390])))
    other = set(band_keys(_print(WORDS))) & set(band_keys(_print([f"x{n}" for n in range(400)])))
    assert same
    assert not other


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """The seeds, one of them copied under another name and one reposted with a note."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS[0], folder / "copy_of_000.txt")
    (folder / "repost_001.txt").write_text(SEEDS[1].read_text("utf-8") + REPOST_NOTE, "utf-8")
    return folder


def _run(*args: str | Path) -> int:
    return main(["export", *map(str, args), "-j", "1"])


def test_dedup_writes_an_article_once_and_reports_every_duplicate(
    twice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, dups = tmp_path / "corpus.jsonl", tmp_path / "dups.jsonl"
    assert _run(twice, "-o", out, "--dedup", "--duplicates", dups) == 0
    articles = list(pkclean.read(out))
    assert len(articles) == 6  # five seeds and the repost; the copy is left out
    assert [a.source.path for a in articles].count(f"{twice}/{SEEDS[0].name}") == 1
    lines = [orjson.loads(line) for line in dups.read_bytes().splitlines()]
    assert [
        (d["kind"], Path(d["path"]).name, Path(d["duplicate_of_path"]).name) for d in lines
    ] == [
        ("exact", "copy_of_000.txt", SEEDS[0].name),
        ("near", "repost_001.txt", SEEDS[1].name),
    ]
    assert [d["dropped"] for d in lines] == [True, False]
    assert lines[1]["similarity"] >= NEAR
    err = capsys.readouterr().err
    assert (
        f"pkclean: duplicates: 1 exact (the same id; written once), 1 near (kept), listed in {dups}"
        in err
    )


def test_without_dedup_both_copies_are_written_and_the_summary_says_so(
    twice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "corpus.jsonl"
    assert _run(twice, "-o", out) == 0
    assert len(list(pkclean.read(out))) == 7
    assert (
        "pkclean: duplicates: 1 exact (the same id; --dedup writes each article once)"
        in capsys.readouterr().err
    )


def test_the_database_lists_the_duplicates(twice: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.db"
    assert _run(twice, "-o", out, "--format", "sqlite", "--dedup", "-q") == 0
    db = sqlite3.connect(out)
    rows = db.execute(
        "SELECT d.kind, d.article, a.source_path, d.duplicate_of, f.source_path, d.dropped "
        "FROM duplicates d LEFT JOIN articles a ON a.article = d.article "
        "JOIN articles f ON f.article = d.duplicate_of ORDER BY d.duplicate"
    ).fetchall()
    metadata = dict(db.execute("SELECT key, value FROM metadata"))
    db.close()
    assert [
        (kind, article, first_path.rsplit("/", 1)[1], dropped)
        for kind, article, _, _, first_path, dropped in rows
    ] == [
        ("exact", None, SEEDS[0].name, 1),
        ("near", 6, SEEDS[1].name, 0),
    ]
    assert rows[1][2].endswith("repost_001.txt")
    assert metadata["dedup"] == "true"


def test_duplicates_are_the_same_with_workers(twice: Path, tmp_path: Path) -> None:
    reports = []
    for jobs in ("1", "2"):
        dups = tmp_path / f"dups{jobs}.jsonl"
        out = tmp_path / f"out{jobs}.jsonl"
        assert (
            main(
                [
                    "export",
                    str(twice),
                    "-o",
                    str(out),
                    "--dedup",
                    "--duplicates",
                    str(dups),
                    "-q",
                    "-j",
                    jobs,
                ]
            )
            == 0
        )
        reports.append((out.read_bytes(), dups.read_bytes()))
    assert reports[0] == reports[1]


def test_the_duplicates_report_may_not_be_another_output(twice: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    assert _run(twice, "-o", out, "--duplicates", out) == 2
    assert _run(twice, "-o", out, "--duplicates", twice / "d.jsonl") == 2
