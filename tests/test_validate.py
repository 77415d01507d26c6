"""`pkclean validate`: every problem as `file:line: field: message`, exit 1 if any."""

from __future__ import annotations

import json
import re
from pathlib import Path

import frictionless
import pytest
from pydantic import BaseModel

import pkclean
from export_articles import seed_articles
from pkclean.cli import main
from pkclean.formats.csvtable import HEADER
from pkclean.formats.exporters.datapackage import updated_descriptor
from pkclean.model import Article, Detection, Evidence, Source
from test_exporters import export

PROBLEM = re.compile(r"^(?P<file>[^:]+)(:(?P<line>\d+))?: (?P<field>[\w.:$]+): (?P<message>.+)$")


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """The seeds exported in every format, with the data package, in a folder."""
    articles = seed_articles()
    (tmp_path / "seeds.jsonl").write_bytes(export("jsonl", articles))
    (tmp_path / "seeds.csv").write_bytes(export("csv", articles))
    (tmp_path / "seeds.tei.xml").write_bytes(export("tei", articles))
    (tmp_path / "datapackage.json").write_bytes(updated_descriptor(None, "seeds.csv"))
    return tmp_path


def validate(capsys: pytest.CaptureFixture[str], *paths: Path | str) -> tuple[int, list[str]]:
    code = main(["validate", *map(str, paths)])
    out = capsys.readouterr().out
    lines = out.splitlines()
    for line in lines:
        assert PROBLEM.match(line), line
    return code, lines


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def line_of(path: Path, needle: str, start: int = 1) -> int:
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(needle)


def test_good_exports_pass(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", *sorted(map(str, exports.iterdir()))])
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")
    assert "4 files valid" in captured.err


def test_a_folder_is_searched_for_exports(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (exports / "notes.txt").write_text("not an export", "utf-8")
    assert main(["validate", str(exports)]) == 0
    assert "4 files valid" in capsys.readouterr().err


def test_no_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2


def test_an_unknown_file_is_a_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x", "utf-8")
    code, lines = validate(capsys, path)
    assert code == 1
    assert lines == [
        f"{path}: file: not a pkclean export (file names end in .csv, .db, .jsonl, .sqlite, "
        ".sqlite3, .xml, datapackage.json, .csv.gz, .db.gz, .jsonl.gz, .sqlite.gz, .sqlite3.gz, "
        ".xml.gz)"
    ]


def test_a_missing_file_is_a_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, tmp_path / "gone.jsonl") == (
        1,
        [f"{tmp_path / 'gone.jsonl'}: file: no such file"],
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"publication":"wsws"', '"publication":"sws"', r":4: publication: Input should be 'soc"),
        ('"text":"Pakistan', '"text":"', r":4: text: text must be the body blocks joined"),
        ('{"kind":"paragraph"', '{"kind":"para"', r":1: body\.0\.kind: Input should be 'par"),
        ('"word_count":', '"word_count":9', r":1: word_count: word_count 9\d+ does not match"),
        (
            '"word_count":',
            '"colour":1,"word_count":',
            r":1: colour: Extra inputs are not permitted",
        ),
        ('"id":"pk-5abca3cbbc2815993144",', "", r":1: id: missing"),
        ('{"schema_version"', "{oops", r":1: json: not valid JSON"),
    ],
)
def test_jsonl_problems(
    exports: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    path = exports / "seeds.jsonl"
    if old == '"text":"Pakistan':
        old = '"text":"' + seed_articles()[3].text[:20]
    edit(path, old, new)
    code, lines = validate(capsys, path)
    assert code == 1
    assert any(re.search(re.escape(str(path)) + expected, line) for line in lines), lines


def test_jsonl_problem_names_line_and_field_exactly(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = exports / "seeds.jsonl"
    edit(path, '"issue":"2060"', '"issue":"No. 2060"')
    assert validate(capsys, path) == (
        1,
        [f"{path}:3: issue: issue 'No. 2060' is not an issue number (got 'No. 2060')"],
    )


def test_a_csv_needs_its_data_package(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (exports / "datapackage.json").unlink()
    path = exports / "seeds.csv"
    assert validate(capsys, path) == (
        1,
        [f"{path}: datapackage: no datapackage.json beside the file"],
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (",2007-11-20,", ",2007-11-31,", "published", "'2007-11-31' is not a date (YYYY-MM-DD)"),
        ("18:58:00+00:00", "18:58+00:00", "published_at", "'2007-11-20T18:58+00:00' is not a"),
        (",wsws,", ",wsw,", "publication", "'wsw' is not one of socialist_worker, workers_world"),
        (",2078,", ",2078,x,", None, None),
    ],
)
def test_csv_cells_are_checked_against_the_data_package(
    exports: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    field: str | None,
    message: str | None,
) -> None:
    path = exports / "seeds.csv"
    line = line_of(path, old)
    edit(path, old, new)
    code, lines = validate(capsys, path)
    assert code == 1
    if field is None:
        columns = len(HEADER)
        assert lines == [f"{path}:{line}: csv: {columns + 1} cells in a row of {columns} columns"]
    else:
        assert any(problem.startswith(f"{path}:{line}: {field}: {message}") for problem in lines)
    # frictionless, the reference implementation, also finds the row wrong
    report = frictionless.validate(str(exports / "datapackage.json"))
    assert not report.valid


def test_csv_rows_are_checked_against_the_model(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = exports / "seeds.csv"
    line = line_of(path, "pk-0fb7631e0a4beee45388")
    edit(path, ",2060,", ",2061,")
    edit(path, "pk-0fb7631e0a4beee45388", "pk-0fb7631e0a4beee4538")
    assert validate(capsys, path) == (
        1,
        [
            f"{path}:{line}: id: 'pk-0fb7631e0a4beee4538' "
            "does not match the pattern pk-[0-9a-f]{20}"
        ],
    )


def test_csv_header_must_match_the_data_package(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = exports / "datapackage.json"
    package = json.loads(descriptor.read_text("utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    fields[0], fields[1] = fields[1], fields[0]
    descriptor.write_text(json.dumps(package), "utf-8")
    path = exports / "seeds.csv"
    assert validate(capsys, path) == (
        1,
        [f"{path}:1: header: columns are not in the order of the data package"],
    )


def test_a_data_package_and_its_csv_are_checked_once(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(exports / "seeds.csv", ",2060,", ",x2060,")
    code, lines = validate(capsys, exports / "datapackage.json", exports / "seeds.csv")
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{exports / 'seeds.csv'}:")


def test_a_data_package_without_the_v2_profile(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    descriptor = exports / "datapackage.json"
    edit(descriptor, "profiles/2.0/datapackage.json", "profiles/1.0/datapackage.json")
    code, lines = validate(capsys, descriptor)
    assert code == 1
    assert lines == [
        f"{descriptor}: $schema: should be https://datapackage.org/profiles/2.0/datapackage.json"
    ]


def test_tei_is_checked_against_the_dtd(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = exports / "seeds.tei.xml"
    edit(path, "<p>Protesters", "<list/><p>Protesters")
    line = line_of(path, "<list/>")
    code, lines = validate(capsys, path)
    assert code == 1
    assert f"{path}:{line}: dtd: Element list content does not follow the DTD" in "\n".join(lines)
    assert f"{path}:{line}: body: <list> is not read in an article's body" in lines


def test_tei_corpus_header_is_checked(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = exports / "seeds.tei.xml"
    edit(path, "<title>Articles cleaned by pkclean</title>", "")
    code, lines = validate(capsys, path)
    assert code == 1
    assert lines == [
        f"{path}:5: dtd: Element titleStmt content does not follow the DTD, expecting "
        "(title+ , (author | editor | respStmt | meeting | sponsor | funder | principal)*), got ()"
    ]


def test_tei_records_are_checked_against_the_model(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = exports / "seeds.tei.xml"
    edit(path, '<idno type="pkclean">pk-b650', '<idno type="pkclean">PK-b650')
    line = line_of(path, "PK-b650")
    code, lines = validate(capsys, path)
    assert (code, len(lines)) == (1, 1)
    assert lines[0].startswith(f"{path}:{line}: id: String should match pattern")


def test_tei_ids_must_be_unique_in_a_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "twice.tei.xml"
    article = seed_articles()[0]
    path.write_bytes(export("tei", [article, article]))
    assert validate(capsys, path) == (0, [])
    first = line_of(path, f'xml:id="{article.id}"')
    edit(path, f'xml:id="{article.id}-2"', f'xml:id="{article.id}"')
    second = line_of(path, f'xml:id="{article.id}"', first + 1)
    code, lines = validate(capsys, path)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:{second}: xml: ID {article.id} already defined")


def test_an_empty_tei_corpus_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.tei.xml"
    path.write_bytes(export("tei", []))
    code, lines = validate(capsys, path)
    assert code == 1
    assert f"{path}:2: teiCorpus: holds no TEI article" in lines


#: Every field of the record, nested ones as dotted paths: each is required in 1.1.
_NESTED: dict[str, type[BaseModel]] = {"source": Source, "detection": Detection}
EVERY_FIELD = [
    *(name for name in Article.model_fields if name != "schema_version"),
    *(f"{outer}.{name}" for outer, model in _NESTED.items() for name in model.model_fields),
    *(f"detection.evidence.0.{name}" for name in Evidence.model_fields),
]


def _without(record: dict[str, object], dotted: str) -> None:
    *outer, last = dotted.split(".")
    node: object = record
    for key in outer:
        node = node[int(key)] if isinstance(node, list) else node[key]  # type: ignore[index]
    del node[last]  # type: ignore[attr-defined]


@pytest.mark.parametrize("field", EVERY_FIELD)
def test_a_record_without_any_field_is_refused_naming_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    records = [article.model_dump(mode="json") for article in seed_articles()]
    assert all(record["detection"]["evidence"] for record in records)
    _without(records[1], field)
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"".join(json.dumps(record).encode() + b"\n" for record in records))
    assert validate(capsys, path) == (1, [f"{path}:2: {field}: missing"])


def test_a_1_0_record_without_the_fields_1_0_left_optional_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = seed_articles()[0].model_dump(mode="json")
    record["schema_version"] = "1.0"
    for field in ("title", "subtitle", "authors", "labels", "removed", "warnings"):
        del record[field]
    del record["source"]["url"]
    for field in ("basis", "declared", "probabilities"):
        del record["detection"][field]
    for item in record["detection"]["evidence"]:
        del item["line"]
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    assert validate(capsys, path) == (0, [])
    (article,) = pkclean.read(path)
    assert (article.title, article.authors, article.removed, article.source.url) == (
        None,
        (),
        (),
        None,
    )
    assert article.detection.probabilities == {}
    assert all(item.line is None for item in article.detection.evidence)
