"""`pkclean report`: one self-contained HTML page, the same bytes for the same input."""

from __future__ import annotations

import gzip
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest

from export_articles import seed_articles
from pkclean.cli import main

from conftest import SEEDS

SECTIONS = (
    "overview",
    "per-year",
    "words",
    "detection",
    "warnings",
    "removed",
    "unknown",
    "rejected",
    "duplicates",
)
#: What would make a browser fetch something: scripts, style sheets, images, frames, fonts.
FETCHING = re.compile(r"<(script|link|img|iframe|object|embed|source)\b|@import|url\((?!#)", re.I)


class _Page(HTMLParser):
    """The parts of a page the tests look at: section ids, SVG figures, attributes, text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.svgs = 0
        self.ids: list[str] = []
        self.references: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and values.get("id"):
            self.sections.append(str(values["id"]))
        if tag == "svg":
            self.svgs += 1
        if values.get("id"):
            self.ids.append(str(values["id"]))
        for name in ("href", "src", "xlink:href", "action"):
            if values.get(name):
                self.references.append(str(values[name]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(data: bytes) -> _Page:
    page = _Page()
    page.feed(data.decode("utf-8"))
    return page


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds (one copied twice, plus a file that is rejected) in every export format."""
    root = tmp_path_factory.mktemp("report")
    inputs = root / "in"
    inputs.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, inputs / seed.name)
    shutil.copy(SEEDS[2], inputs / "copy_of_002.txt")
    (inputs / "empty.txt").write_bytes(b"")
    for fmt, name in (("jsonl", "c.jsonl"), ("csv", "c.csv"), ("tei", "c.xml"), ("sqlite", "c.db")):
        errors = ["--errors", str(root / "errors.jsonl")]
        code = main(
            ["export", str(inputs), "--format", fmt, "-o", str(root / name), "-q", "-j1", *errors]
        )
        assert code == 1  # the empty file was rejected
    duplicates = ["--duplicates", str(root / "dups.jsonl")]
    code = main(
        [
            "export",
            str(inputs),
            "-o",
            str(root / "dedup.jsonl"),
            "--dedup",
            "-q",
            "-j1",
            *duplicates,
        ]
    )
    assert code == 1
    return root


def report(*args: str | Path) -> int:
    return main(["report", *map(str, args)])


@pytest.fixture(scope="module")
def reference(exports: Path) -> bytes:
    """The report of the JSON Lines export, made once for the tests that compare with it."""
    output = exports / "reference.html"
    assert report(exports / "c.jsonl", "-o", output) == 0
    return output.read_bytes()


def test_every_section_is_there_with_its_plots(exports: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    assert report(exports / "c.jsonl", "--errors", exports / "errors.jsonl", "-o", output) == 0
    page = parse(output.read_bytes())
    assert page.sections == list(SECTIONS)
    assert page.svgs == 5  # per year, words, confidence, warnings, removal rules
    assert len(page.ids) == len(set(page.ids)), "ids must be unique across the inline plots"
    text = " ".join(page.text)
    assert "6 articles from 1 export" in text
    for article in seed_articles():
        for removed in article.removed[:1]:
            assert removed.rule in text
    assert "empty_file" in text
    assert "copy_of_002.txt" in text


def test_the_page_fetches_nothing_and_links_only_to_itself(exports: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    assert report(exports / "c.db", "-o", output) == 0
    data = output.read_bytes()
    assert not FETCHING.search(data.decode("utf-8"))
    assert all(ref.startswith("#") for ref in parse(data).references)
    assert b'<meta name="viewport"' in data
    assert b"@media print" in data


def test_the_same_input_gives_the_same_bytes(
    exports: Path, tmp_path: Path, reference: bytes
) -> None:
    again = tmp_path / "again.html"
    assert report(exports / "c.jsonl", "-o", again) == 0
    assert again.read_bytes() == reference


@pytest.mark.parametrize("name", ["c.csv", "c.xml", "c.db", "datapackage.json"])
def test_every_export_format_gives_the_same_counts(
    exports: Path, tmp_path: Path, reference: bytes, name: str
) -> None:
    output = tmp_path / "report.html"
    assert report(exports / name, "-o", output) == 0
    for section in ("per-year", "words", "detection", "warnings", "unknown"):
        pattern = re.compile(rf'<section id="{section}">.*?</section>'.encode(), re.S)
        mine, theirs = pattern.search(output.read_bytes()), pattern.search(reference)
        assert mine is not None
        assert theirs is not None
        assert mine.group() == theirs.group(), section


def test_gzipped_exports_are_read(exports: Path, tmp_path: Path) -> None:
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress((exports / "c.jsonl").read_bytes()))
    output = tmp_path / "report.html"
    assert report(packed, "-o", output) == 0
    assert "6 articles from 1 export" in " ".join(parse(output.read_bytes()).text)


def test_duplicates_left_out_by_dedup_are_shown_from_their_report(
    exports: Path, tmp_path: Path
) -> None:
    output = tmp_path / "report.html"
    assert report(exports / "dedup.jsonl", "-o", output) == 0
    assert "No duplicates found" in output.read_text("utf-8")
    assert (
        report(exports / "dedup.jsonl", "--duplicates", exports / "dups.jsonl", "-o", output) == 0
    )
    section = re.search(r'<section id="duplicates">.*?</section>', output.read_text("utf-8"), re.S)
    assert section is not None
    assert "copy_of_002.txt" in section.group()
    assert "not written" in section.group()


def test_the_database_brings_its_duplicates_and_counts_each_once(
    exports: Path, tmp_path: Path
) -> None:
    output = tmp_path / "report.html"
    assert report(exports / "c.db", "-o", output) == 0
    section = re.search(r'<section id="duplicates">.*?</section>', output.read_text("utf-8"), re.S)
    assert section is not None
    assert "<p>exact 1." in section.group()


def test_near_duplicates_are_looked_for_with_dedup(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS[1], inputs / SEEDS[1].name)
    (inputs / "repost.txt").write_text(SEEDS[1].read_text("utf-8") + "\n\nReposted with thanks.\n")
    corpus = tmp_path / "c.jsonl"
    assert main(["export", str(inputs), "-o", str(corpus), "-q", "-j", "1"]) == 0
    output = tmp_path / "report.html"
    assert report(corpus, "-o", output) == 0
    assert "No duplicates found" in output.read_text("utf-8")
    assert report(corpus, "--dedup", "-o", output) == 0
    section = re.search(r'<section id="duplicates">.*?</section>', output.read_text("utf-8"), re.S)
    assert section is not None
    assert "<p>near 1." in section.group()


def test_a_broken_input_writes_nothing_and_names_the_file(
    exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.jsonl"
    record = orjson.loads((exports / "c.jsonl").read_bytes().splitlines()[0])
    del record["title"]
    broken.write_bytes(orjson.dumps(record) + b"\n")
    output = tmp_path / "report.html"
    assert report(broken, "-o", output) == 1
    assert not output.exists()
    assert f"{broken}: line 1: title: missing" in capsys.readouterr().err


def test_the_output_may_not_be_an_input(exports: Path) -> None:
    assert report(exports / "c.jsonl", "-o", exports / "c.jsonl") == 2
