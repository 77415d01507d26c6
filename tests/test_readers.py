"""`pkclean.read`: formats by file name, errors that name file, line and field, safe XML."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

import pkclean
from export_articles import make_article, seed_articles
from pkclean.errors import FormatError, InputError
from pkclean.formats.readers import format_for
from test_exporters import export, tei_carried


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def jsonl(*records: dict[str, object]) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


def record(**changes: object) -> dict[str, object]:
    return {**make_article().model_dump(mode="json"), **changes}


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.jsonl", "jsonl"),
        ("A.JSONL.GZ", "jsonl"),
        ("a.csv", "csv"),
        ("a.csv.gz", "csv"),
        ("a.tei.xml", "tei"),
        ("a.xml.gz", "tei"),
        ("exports/datapackage.json", "datapackage"),
        ("notes.json", None),
        ("a.txt", None),
    ],
)
def test_the_file_name_chooses_the_reader(name: str, reader: str | None) -> None:
    found = format_for(name)
    assert (found.name if found else None) == reader


def test_an_unknown_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"not a pkclean export: .*\.jsonl"):
        list(pkclean.read(write(tmp_path / "a.txt", b"x")))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(pkclean.read(tmp_path / "none.jsonl"))


def test_jsonl_lines_end_at_newline_only(tmp_path: Path) -> None:
    article = make_article(
        body=(("paragraph", "Line\u2028separator and\u2029paragraph separator, \x85next line."),)
    )
    data = export("jsonl", [article, make_article()])
    assert "\u2028".encode() in data  # orjson writes them raw ...
    assert len(data.decode("utf-8").splitlines()) > 2  # ... so splitlines() would cut records
    assert list(pkclean.read(write(tmp_path / "a.jsonl", data))) == [article, make_article()]


def test_jsonl_skips_blank_lines_and_accepts_crlf(tmp_path: Path) -> None:
    data = b"\n" + orjson.dumps(record()) + b"\r\n\n   \n"
    assert list(pkclean.read(write(tmp_path / "a.jsonl", data))) == [make_article()]


def test_a_bad_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl(record()) + b'{"id": \n')
    with pytest.raises(FormatError, match=r"a\.jsonl: line 2: json: not valid JSON"):
        list(pkclean.read(path))


def test_a_bad_record_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl(record(), record(), record(title=7)))
    message = r"a\.jsonl: line 3: title: Input should be a valid string"
    with pytest.raises(FormatError, match=message):
        list(pkclean.read(path))


def test_nested_fields_are_named_with_dots(tmp_path: Path) -> None:
    body = [{"kind": "table", "text": "x"}]
    path = write(tmp_path / "a.jsonl", jsonl(record(body=body)))
    with pytest.raises(FormatError, match=r"line 1: body\.0\.kind: Input should be"):
        list(pkclean.read(path))


def test_articles_come_lazily(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl(record(), record(id="bad")))
    articles = pkclean.read(path)
    assert next(articles) == make_article()
    with pytest.raises(FormatError, match="line 2: id: String should match pattern"):
        next(articles)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tei"])
def test_gzipped_exports_are_read(fmt: str, tmp_path: Path) -> None:
    suffix = {"jsonl": ".jsonl", "csv": ".csv", "tei": ".tei.xml"}[fmt]
    path = write(tmp_path / f"a{suffix}.gz", gzip.compress(export(fmt, seed_articles())))
    assert [a.id for a in pkclean.read(path)] == [a.id for a in seed_articles()]


def test_a_data_package_reads_its_csv_files(tmp_path: Path) -> None:
    from pkclean.formats.exporters.datapackage import updated_descriptor

    write(tmp_path / "a.csv", export("csv", seed_articles()[:2]))
    write(tmp_path / "b.csv", export("csv", seed_articles()[2:]))
    descriptor = updated_descriptor(updated_descriptor(None, "a.csv"), "b.csv")
    path = write(tmp_path / "datapackage.json", descriptor)
    assert tuple(pkclean.read(path)) == seed_articles()


def test_a_data_package_never_points_outside_its_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "datapackage.json", b'{"resources": [{"path": "../x.csv"}]}')
    with pytest.raises(FormatError, match="is not a file beside it"):
        list(pkclean.read(path))


def csv_with(tmp_path: Path, old: str, new: str) -> Path:
    data = export("csv", [make_article()]).decode("utf-8")
    assert old in data
    return write(tmp_path / "a.csv", data.replace(old, new, 1).encode("utf-8"))


def test_csv_tolerates_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", b"\xef\xbb\xbf" + export("csv", [make_article()]))
    assert list(pkclean.read(path)) == [make_article()]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("warnings\r\n", "warnings,notes\r\n", r"line 1: header: .*unexpected notes"),
        (",captions,", ",", r"line 1: header: .*missing captions"),
        ('"[""Ayesha Raza"",""Tom Fielding""]"', "Ayesha Raza", "line 2: authors: .* not a JSON"),
        ("[1]", "[7]", r"line 2: headings: \[7\] are not block numbers"),
        ("2019-03-04,", "4 March,", r"line 2: published: Input should be a valid date"),
    ],
)
def test_a_bad_csv_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        list(pkclean.read(csv_with(tmp_path, old, new)))


def tei_with(tmp_path: Path, old: str, new: str, **options: object) -> Path:
    data = export("tei", [make_article()], **options).decode("utf-8")
    assert old in data
    return write(tmp_path / "a.tei.xml", data.replace(old, new, 1).encode("utf-8"))


def test_a_single_tei_document_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.tei.xml", export("tei", [make_article()], split=True))
    assert [a.id for a in pkclean.read(path)] == [make_article().id]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<p>Dock", "<p><hi>x</hi>Dock", r"line \d+: body: <p> holds markup"),
        ("<p>Dock", "<list/><p>Dock", r"line \d+: body: <list> is not read"),
        (
            "2641",
            "x26",
            r"line \d+: issue: Value error, issue 'x26' is not an issue number|issue 'x26'",
        ),
        ("</TEI>", "</TEI", r"line \d+: xml: "),
        ("<teiCorpus", "<corpus", r"line 1: xml: the root element is <corpus>, not TEI's"),
    ],
)
def test_a_bad_tei_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tei_with(tmp_path, old, new)
    if "</corpus" not in path.read_text("utf-8") and "<corpus" in path.read_text("utf-8"):
        write(path, path.read_bytes().replace(b"</teiCorpus>", b"</corpus>"))
    with pytest.raises(FormatError, match=message):
        list(pkclean.read(path))


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY remote "FETCHED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_tei_reading_resolves_no_entity_and_touches_no_network(
    tmp_path: Path, web_server: tuple[str, list[str]]
) -> None:
    url, requests = web_server
    secret = write(tmp_path / "secret.txt", b"SECRET-CONTENT")
    doctype = (
        f'<!DOCTYPE teiCorpus SYSTEM "{url}/tei.dtd" [\n'
        f'  <!ENTITY local SYSTEM "{secret.as_uri()}">\n'
        f'  <!ENTITY remote SYSTEM "{url}/entity">\n'
        f'  <!ENTITY % dtd SYSTEM "{url}/params"> %dtd;\n'
        "]>\n"
    )
    data = export("tei", [make_article()]).decode("utf-8")
    data = data.replace("?>\n", "?>\n" + doctype, 1)
    data = data.replace("<p>Dock", "<p>&local;&remote;Dock", 1)
    path = write(tmp_path / "a.tei.xml", data.encode("utf-8"))
    with pytest.raises(FormatError) as caught:
        list(pkclean.read(path))
    assert "SECRET" not in str(caught.value)
    assert "FETCHED" not in str(caught.value)
    assert requests == []


def test_tei_reading_ignores_a_doctype_it_does_not_need(tmp_path: Path) -> None:
    path = tei_with(tmp_path, "?>\n", '?>\n<!DOCTYPE teiCorpus SYSTEM "http://192.0.2.1/t.dtd">\n')
    assert [tei_carried(a) for a in pkclean.read(path)] == [tei_carried(make_article())]
