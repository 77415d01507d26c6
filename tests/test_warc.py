"""Web archives: one article per HTML page captured, everything else passed over."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pkclean.ingest import kinds
from pkclean.ingest.kinds.warc import looks_like_warc
from pkclean.model import Article
from pkclean.run.batch import Rejection, process_path

from conftest import ROOT

HTML = ROOT / "tests" / "fixtures" / "html"
WW_URI = "http://www.workers.org/2008/world/pakistan_0801/"
WSWS_URI = "https://www.wsws.org/en/articles/2023/05/09/pakd-m09.html"
DEEP = b"<html><body>" + b"<div>" * 400 + b"<p>Too deep to read.</p>" + b"</div>" * 400

Capture = tuple[str, str, str, str, bytes]  # record type, URI, HTTP status, content type, body


def archive(captures: list[Capture], *, compressed: bool) -> bytes:
    """A web archive of the captures, as a crawler writes it (gzip: one member per record)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for kind, uri, status, content_type, body in captures:
        if kind == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http
            )
        else:
            record = writer.create_warc_record(
                uri, kind, payload=io.BytesIO(body), warc_content_type=content_type
            )
        writer.write_record(record)
    return out.getvalue()


def crawl() -> list[Capture]:
    """Two article pages among the other records a crawl of them holds."""
    return [
        ("warcinfo", "", "", "application/warc-fields", b"software: test\r\n"),
        ("request", WW_URI, "", "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"),
        (
            "response",
            WW_URI,
            "200 OK",
            "text/html; charset=windows-1252",
            (HTML / "ww_2007_template.html").read_bytes(),
        ),
        ("response", "https://www.wsws.org/css/wsws.css", "200 OK", "text/css", b"body{}"),
        ("response", "https://www.wsws.org/old", "301 Moved Permanently", "text/html", b"<a>"),
        (
            "response",
            WSWS_URI,
            "200 OK",
            "text/html",
            (HTML / "wsws_author_date.html").read_bytes(),
        ),
        ("metadata", WSWS_URI, "", "application/warc-fields", b"outlinks: none\r\n"),
    ]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_each_html_response_becomes_one_article(tmp_path: Path, compressed: bool) -> None:
    name = "crawl.warc.gz" if compressed else "crawl.warc"
    path = write(tmp_path, name, archive(crawl(), compressed=compressed))
    outcomes = process_path(path)
    assert all(isinstance(outcome, Article) for outcome in outcomes), outcomes
    records = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    assert [record.publication for record in records] == ["workers_world", "wsws"]
    for record in records:
        assert record.source.format == "warc"
        assert record.source.path.startswith(path + "#urn:uuid:")
    # No canonical link in the 2008 page: its URL is the archive's target URI.
    assert records[0].source.url == WW_URI
    assert records[0].source.encoding == "cp1252"
    assert records[1].source.url == WSWS_URI
    payload = (HTML / "wsws_author_date.html").read_bytes()
    assert records[1].source.sha256 == hashlib.sha256(payload).hexdigest()


def test_an_archived_page_gives_the_record_of_the_saved_page(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc.gz", archive(crawl(), compressed=True))
    archived = [o for o in process_path(path) if isinstance(o, Article)][1]
    [saved] = process_path(str(HTML / "wsws_author_date.html"))
    assert isinstance(saved, Article)
    assert archived.model_dump(exclude={"source"}) == saved.model_dump(exclude={"source"})


def test_record_paths_are_the_same_on_every_run(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc", archive(crawl(), compressed=False))
    first = [outcome.source.path for outcome in process_path(path) if isinstance(outcome, Article)]
    again = [outcome.source.path for outcome in process_path(path) if isinstance(outcome, Article)]
    assert first == again
    assert len(set(first)) == 2


def test_an_archive_without_pages_is_one_rejection(tmp_path: Path) -> None:
    captures = [capture for capture in crawl() if "html" not in capture[3]]
    path = write(tmp_path, "assets.warc", archive(captures, compressed=False))
    [outcome] = process_path(path)
    assert isinstance(outcome, Rejection)
    assert outcome.code == "not_an_article"
    assert outcome.path == path
    assert "1 text/css records" in outcome.message
    assert "1 request records" in outcome.message


def test_a_failing_page_does_not_stop_the_archive(tmp_path: Path) -> None:
    captures = crawl()
    captures.insert(3, ("response", "https://x.example/deep", "200 OK", "text/html", DEEP))
    path = write(tmp_path, "crawl.warc", archive(captures, compressed=False))
    outcomes = process_path(path)
    assert [type(outcome).__name__ for outcome in outcomes] == ["Article", "Article", "Rejection"]
    rejection = outcomes[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.code == "too_complex"
    assert rejection.path.startswith(path + "#urn:uuid:")


def test_several_failing_pages_are_listed_in_one_rejection(tmp_path: Path) -> None:
    deep = ("response", "https://x.example/deep", "200 OK", "text/html", DEEP)
    path = write(tmp_path, "crawl.warc", archive([*crawl(), deep, deep], compressed=False))
    outcomes = process_path(path)
    assert sum(isinstance(outcome, Article) for outcome in outcomes) == 2
    rejection = outcomes[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.code == "archive_pages"
    assert rejection.message.startswith("2 problems in an archive of 4 pages")
    assert rejection.message.count("too_complex") == 2


def test_a_resource_record_of_html_is_read(tmp_path: Path) -> None:
    body = (HTML / "cwi_wordpress.html").read_bytes()
    captures: list[Capture] = [("resource", "file:///saved/cwi.html", "", "text/html", body)]
    path = write(tmp_path, "saved.warc", archive(captures, compressed=False))
    [outcome] = process_path(path)
    assert isinstance(outcome, Article)
    assert outcome.publication == "cwi"


def test_a_whole_file_gzip_archive_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc.gz", gzip.compress(archive(crawl(), compressed=False)))
    assert sum(isinstance(outcome, Article) for outcome in process_path(path)) == 2


def test_a_broken_archive_keeps_the_problems_of_its_pages(tmp_path: Path) -> None:
    deep = ("response", "https://x.example/deep", "200 OK", "text/html", DEEP)
    data = archive([deep, *crawl()], compressed=False)
    path = write(tmp_path, "crawl.warc", data[: len(data) - 200])
    rejection = process_path(path)[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.code == "archive_pages"
    assert "too_complex" in rejection.message
    assert "truncated" in rejection.message


@pytest.mark.parametrize(
    ("cut", "code"),
    [
        (lambda data: data[: len(data) - 200], "format_error"),
        (lambda data: gzip.compress(data)[:2000], "format_error"),
    ],
    ids=["truncated", "truncated-gzip"],
)
def test_a_broken_archive_is_rejected_with_a_reason(tmp_path: Path, cut: object, code: str) -> None:
    data = cut(archive(crawl(), compressed=False))  # type: ignore[operator]
    path = write(tmp_path, "broken.warc", data)
    rejection = process_path(path)[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.code == code


def test_warc_is_recognised_by_content() -> None:
    plain = archive(crawl()[:1], compressed=False)
    assert looks_like_warc(plain[:64])
    assert looks_like_warc(archive(crawl()[:1], compressed=True)[:64])
    assert kinds.kind_for(plain[:8192], "crawl.bin").name == "warc"
    assert not looks_like_warc(b"WARCS and wars: a history")
    assert not looks_like_warc(gzip.compress(b"<html><body>page</body></html>"))
