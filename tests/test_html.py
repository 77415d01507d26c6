"""HTML input: a page and its text dump give the same record; metadata, decoding and limits."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any, cast

import pytest

from pkclean.clean import layouts
from pkclean.clean.detection import Verdict, detector
from pkclean.clean.framing import OUTSIDE_BODY, generic_text
from pkclean.clean.layouts import Parsed
from pkclean.clean.lines import Document
from pkclean.clean.pipeline import clean
from pkclean.document import Limits
from pkclean.errors import PageTimeoutError, PageTooComplexError
from pkclean.ingest import kinds
from pkclean.ingest.html import extract as extract_module
from pkclean.ingest.html.charset import decode_html
from pkclean.ingest.html.meta import read_page_meta
from pkclean.ingest.html.page import html_source
from pkclean.ingest.html.parse import parse_html
from pkclean.ingest.kinds.html import looks_like_html
from pkclean.ingest.timer import time_limit
from pkclean.model import Article
from pkclean.run.batch import Rejection, process_path

from conftest import ROOT

HTML_FIXTURES = ROOT / "tests" / "fixtures" / "html"
PAIRS = sorted(path for path in HTML_FIXTURES.glob("*.html") if path.with_suffix(".txt").exists())
PUBLICATIONS = {
    "sw": "socialist_worker",
    "ww": "workers_world",
    "wsws": "wsws",
    "cwi": "cwi",
}
SAME = ("publication", "title", "subtitle", "authors", "issue", "labels")
DATES = ("published", "published_at", "date_text")


def article(path: Path) -> Article:
    outcomes = process_path(str(path))
    assert len(outcomes) == 1
    outcome = outcomes[0]
    assert isinstance(outcome, Article), outcome
    return outcome


def page(html: str) -> Article:
    """The record of an HTML page given as a string."""
    return clean(html_source(html.encode(), path="page.html", sha256="0" * 64))


@pytest.mark.parametrize(
    "html_path", sorted(HTML_FIXTURES.glob("*.html")), ids=lambda path: path.stem
)
def test_a_page_is_detected_and_parsed_once(
    html_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading and cleaning a page runs the detector and a layout's parse once each, whatever
    module calls them (the reader used to detect and parse, and the pipeline again)."""
    calls: list[str] = []
    original_detect = detector.detect

    def counted_detect(*args: Any, **kwargs: Any) -> Verdict:
        calls.append("detect")
        return original_detect(*args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("pkclean") and getattr(module, "detect", None) is original_detect:
            monkeypatch.setattr(module, "detect", counted_detect)
    for layout in (*layouts.registered(), layouts.GENERIC):
        original_parse = layout.parse

        def counted_parse(doc: Document, parse: Any = original_parse) -> Parsed:
            calls.append("parse")
            return cast(Parsed, parse(doc))

        monkeypatch.setattr(layout, "parse", counted_parse)
    article(html_path)
    assert sorted(calls) == ["detect", "parse"]


def test_page_lines_a_layout_would_put_into_the_body_are_removed_by_rule() -> None:
    """The related-article line after Socialist Worker's body, on the page but outside
    trafilatura's body, is in the audit trail, not in the body."""
    record = article(HTML_FIXTURES / "sw_new_template_2022.html")
    outside = [removed.text for removed in record.removed if removed.rule == OUTSIDE_BODY]
    assert outside == ["Linemen march through the centre of Peshawar"]
    assert all("Linemen march" not in block.text for block in record.body)


def test_a_generic_pages_evidence_is_numbered_in_its_own_text() -> None:
    """A page of another site is cleaned from its headline, a byline made from its metadata
    and its body: the verdict's evidence points at the lines of that text."""
    html = (
        '<html><head><meta name="author" content="Sara Khan"></head><body><article>'
        "<h1>Rail workers in Lahore walk out</h1>"
        + _paragraphs(4)
        + "<p>Some 12 percent of the labour force is organised.</p></article></body></html>"
    )
    src = html_source(html.encode(), path="page.html", sha256="0" * 64)
    record = clean(src)
    assert record.publication == "unknown"
    assert record.authors == ("Sara Khan",)
    assert src.frame is not None
    text, _ = generic_text(src.frame, src.page)
    assert "\nBy Sara Khan\n" in text
    direct = {
        (item.signal, item.line) for item in detector.detect(Document.from_text(text)).evidence
    }
    found = {(item.signal, item.line) for item in record.detection.evidence}
    assert any(line is not None and line > 3 for _, line in found)  # below the byline
    assert found <= direct


def test_every_publication_has_a_fixture_pair() -> None:
    assert {PUBLICATIONS[path.name.split("_")[0]] for path in PAIRS} == set(PUBLICATIONS.values())


@pytest.mark.parametrize("html_path", PAIRS, ids=lambda path: path.stem)
def test_page_and_dump_give_the_same_record(html_path: Path) -> None:
    from_html = article(html_path)
    from_text = article(html_path.with_suffix(".txt"))
    assert from_html.publication == PUBLICATIONS[html_path.name.split("_")[0]]
    for field in SAME:
        assert getattr(from_html, field) == getattr(from_text, field), field
    assert from_html.body == from_text.body
    assert from_html.source.format == "html"
    assert from_text.source.format == "text"
    if from_text.date_text is not None:
        for field in DATES:
            assert getattr(from_html, field) == getattr(from_text, field), field
        assert from_html.id == from_text.id
    else:
        # The dump shows no date: the page's own metadata gives it, as the page wrote it.
        declared = read_page_meta(parse_html(decode_html(html_path.read_bytes()).text)).published
        assert from_html.date_text == declared
        assert (from_html.published is None) == (declared is None)


def test_socialist_worker_header_and_footer_come_from_the_page() -> None:
    record = article(HTML_FIXTURES / "sw_old_template.html")
    assert record.authors == ("Amina Qureshi",)
    assert record.issue == "2229"
    # The date line of the footer, not the page's meta tag: the text says it first.
    assert record.date_text == "Tue 16 Nov 2010, 17:40 GMT"
    assert record.source.url == (
        "https://socialistworker.co.uk/art/22841/sanitation-workers-in-karachi-strike/"
    )
    rules = {removed.rule for removed in record.removed}
    assert {"socialist_worker.newsletter", "socialist_worker.share"} <= rules


def test_a_page_declared_latin_1_is_read_as_browsers_read_it() -> None:
    record = article(HTML_FIXTURES / "ww_2007_template.html")
    assert record.source.encoding == "cp1252"
    assert "“They thought we would go back" in record.text
    assert record.source.url is None  # the 2008 page names no URL of its own
    assert [block.text for block in record.body if block.kind == "heading"] == [
        "How the strike was won"
    ]


def test_a_look_alike_page_is_unknown_with_trafilaturas_body_and_page_metadata() -> None:
    record = article(HTML_FIXTURES / "lookalike_labour_blog.html")
    assert record.publication == "unknown"
    assert record.title == "Karachi dock workers win back dismissed colleagues"
    assert record.authors == ("Farah Naqvi",)
    assert record.published_at is not None
    assert record.published_at.isoformat() == "2021-03-18T09:30:00+05:00"
    assert record.date_text == "2021-03-18T09:30:00+05:00"
    assert [block.text[:30] for block in record.body] == [
        "Dock workers at the port of Ka",
        "The dismissed workers had orga",
        "Accounts of the dispute have c",
        "Under the agreement the eleven",
    ]
    assert "layout_unknown" in record.warnings


def test_page_metadata_fills_the_date_the_text_lacks() -> None:
    html = (HTML_FIXTURES / "cwi_wordpress.html").read_text(encoding="utf-8")
    dated = html.replace(
        '<meta property="og:locale" content="en_GB">',
        '<meta property="article:published_time" content="2019-06-20T10:15:00+01:00">',
    )
    assert dated != html
    record = page(dated)
    assert record.publication == "cwi"
    assert str(record.published) == "2019-06-20"
    assert record.published_at is not None
    assert record.published_at.isoformat() == "2019-06-20T10:15:00+01:00"
    assert record.date_text == "2019-06-20T10:15:00+01:00"
    assert "date_missing" not in record.warnings


def test_a_page_time_without_a_zone_stays_local() -> None:
    record = page(
        '<html><head><meta property="article:published_time" content="2020-02-03T08:00">'
        "<title>Rail workers in Lahore walk out</title></head><body><article>"
        "<h1>Rail workers in Lahore walk out</h1>" + _paragraphs(4) + "</article></body></html>"
    )
    assert record.published_at is not None
    assert record.published_at.tzinfo is None
    assert "time_zone_not_stated" in record.warnings


def test_window_lines_a_layout_would_read_as_body_are_left_out() -> None:
    html = (HTML_FIXTURES / "wsws_author_date.html").read_text(encoding="utf-8")
    shared = html.replace(
        '<a href="#" class="facebook">Share</a> <a href="#" class="twitter">Tweet</a>',
        "Send this story to a friend today",
    )
    assert shared != html
    record = page(shared)
    assert record.publication == "wsws"
    assert record.authors == ("Imran Siddiqui",)
    assert "Send this story" not in record.text
    assert record.body == article(HTML_FIXTURES / "wsws_author_date.txt").body


def _paragraphs(count: int) -> str:
    sentence = (
        "Workers at the spinning mill stopped the machines at noon and gathered at the gate, "
        "where the union read out its demands for the back pay owed since the spring. "
    )
    return "".join(f"<p>{sentence * 2}Paragraph number {n}.</p>" for n in range(count))


# -- metadata -------------------------------------------------------------------------------


def test_json_ld_graph_article_wins_and_organisations_are_not_authors() -> None:
    tree = parse_html(
        '<html><head><title>Old title | Site</title><meta name="author" content="Meta Name">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": ["NewsArticle"], "headline": "Dockers strike", "datePublished": "2022-01-02",'
        ' "author": [{"@type": "Person", "name": "Sana Mir"}, '
        '{"@type": "Organization", "name": "Site"}]}]}</script></head><body></body></html>'
    )
    meta = read_page_meta(tree)
    assert meta.title == "Dockers strike"
    assert meta.authors == ("Sana Mir",)
    assert meta.published == "2022-01-02"


def test_meta_tags_canonical_and_host() -> None:
    tree = parse_html(
        "<html><head><title>Teachers strike | Socialist Worker</title>"
        '<meta property="og:site_name" content="Socialist Worker">'
        '<meta name="author" content="By A. Writer and B. Other">'
        '<link rel="canonical" href="/art/1/teachers-strike">'
        '<meta property="og:url" content="https://socialistworker.co.uk/art/1/">'
        '<script type="application/ld+json">{not json</script></head><body></body></html>'
    )
    meta = read_page_meta(tree, fetched_url="https://mirror.example/sw/1.html")
    assert meta.title == "Teachers strike"
    assert meta.site_name == "Socialist Worker"
    assert meta.authors == ("A. Writer", "B. Other")
    assert meta.url == "https://socialistworker.co.uk/art/1/teachers-strike"
    # Where the page was fetched from names the host, not what the page claims.
    assert meta.host == "mirror.example"
    assert read_page_meta(tree).host == "socialistworker.co.uk"


def test_wayback_machine_addresses_stand_for_the_original() -> None:
    wayback = "https://web.archive.org/web/20101116174000/http://socialistworker.co.uk/art/22841"
    tree = parse_html(f'<html><head><link rel="canonical" href="{wayback}"></head></html>')
    meta = read_page_meta(tree, fetched_url=wayback)
    assert meta.url == "http://socialistworker.co.uk/art/22841"
    assert meta.host == "socialistworker.co.uk"


def test_a_browsers_saved_from_note_gives_the_url() -> None:
    html = "<!-- saved from url=(0034)https://www.wsws.org/en/articles/x -->\n<html><body>"
    html += "<h1>Strike at the port of Karachi</h1>" + _paragraphs(3) + "</body></html>"
    record = page(html)
    assert record.source.url == "https://www.wsws.org/en/articles/x"


# -- decoding ---------------------------------------------------------------------------------


def test_charset_order_bom_http_meta() -> None:
    text = '<meta charset="windows-1251"><p>Пакистан</p>'
    assert decode_html(text.encode("cp1251")).encoding == "cp1251"
    assert decode_html(text.encode("koi8-r"), "koi8-r").encoding == "koi8-r"
    assert decode_html(b"\xef\xbb\xbf" + text.encode(), "koi8-r").text.endswith("Пакистан</p>")
    assert decode_html(b'<meta charset="x-unknown"><p>plain</p>').encoding == "utf-8"


def test_a_declaration_the_bytes_do_not_fit_is_passed_over() -> None:
    decoded = decode_html('<meta charset="utf-8"><p>Pakistan’s</p>'.encode("cp1252"))
    assert decoded.text.endswith("Pakistan’s</p>")
    assert decoded.encoding != "utf-8"


# -- sniffing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"<!DOCTYPE html>\n<html>", "a.txt", "html"),
        (b"\n\n  <html lang='en'>", "page", "html"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "x">', "x", "html"),
        (b"<!-- saved from url=(0022)http://x.org/ -->\n<html>", "x", "html"),
        ("<html>".encode("utf-16"), "x", "html"),
        (b"<article><p>Text</p></article>", "x", "html"),
        (b"<p>A fragment</p>", "fragment.html", "html"),
        (b"<p>A fragment</p>", "fragment.txt", "text"),
        (b"Socialist Worker\n\nWhere next?", "dump.html", "text"),
    ],
)
def test_html_is_recognised_by_content(head: bytes, name: str, expected: str) -> None:
    assert kinds.kind_for(head, name).name == expected
    assert looks_like_html(head, name) == (expected == "html")


# -- limits -----------------------------------------------------------------------------------


def test_deeply_nested_page_is_rejected_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 400 + _paragraphs(3) + "</div>" * 400)
    [outcome] = process_path(str(path))
    assert isinstance(outcome, Rejection)
    assert outcome.code == "too_complex"
    assert outcome.path == str(path)


def test_a_huge_table_page_finishes(tmp_path: Path) -> None:
    rows = "".join(
        "<tr>" + "".join(f"<td>cell {r}-{c}</td>" for c in range(12)) + "</tr>" for r in range(400)
    )
    path = tmp_path / "table.html"
    path.write_text(
        f"<html><body><h1>Wage table for Punjab mills</h1>{_paragraphs(2)}"
        f"<table>{rows}</table></body></html>"
    )
    [outcome] = process_path(str(path))
    assert isinstance(outcome, Article)
    assert "cell 399-11" in outcome.text


def test_element_and_byte_limits() -> None:
    html = ("<html><body>" + _paragraphs(50) + "</body></html>").encode()
    with pytest.raises(PageTooComplexError) as raised:
        html_source(html, path="p.html", sha256="0" * 64, limits=Limits(max_elements=20))
    assert raised.value.code == "too_complex"
    assert raised.value.path == "p.html"
    with pytest.raises(Exception, match="over the limit") as too_big:
        html_source(html, path="p.html", sha256="0" * 64, limits=Limits(max_bytes=100))
    assert getattr(too_big.value, "code", None) == "too_large"


def _spin(seconds: float | None = None, *, inner: float | None = None) -> None:
    """Loop forever under a time limit (with an inner limit that ends first, if given)."""
    with time_limit(seconds or 0.05, "outer"):
        if inner is not None:
            with time_limit(inner, "inner"):
                pass
        while True:
            pass


def test_time_limit_interrupts_a_runaway_step() -> None:
    with pytest.raises(PageTimeoutError) as raised:
        _spin()
    assert raised.value.code == "timeout"


def test_time_limit_restores_an_outer_timer() -> None:
    with pytest.raises(PageTimeoutError, match="outer"):
        _spin(0.2, inner=5.0)


def test_time_limit_outside_the_main_thread_runs_without_a_timer() -> None:
    results: list[str] = []

    def work() -> None:
        with time_limit(0.001):
            results.append("done")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results == ["done"]


def test_trafilatura_caches_are_reset_periodically(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.meta

    calls: list[int] = []
    monkeypatch.setattr(trafilatura.meta, "reset_caches", lambda: calls.append(1))
    monkeypatch.setattr(extract_module, "RESET_EVERY", 2)
    monkeypatch.setattr(extract_module, "_JANITOR", extract_module._CacheJanitor())
    tree = parse_html("<html><body><article>" + _paragraphs(3) + "</article></body></html>")
    for _ in range(5):
        extract_module.extract_blocks(tree)
    assert len(calls) == 2


def test_data_tables_keep_their_cells_apart() -> None:
    tree = parse_html(
        "<html><body><article>" + _paragraphs(2) + "<table><tr><td>Lahore</td><td>4,000</td></tr>"
        "<tr><td>Karachi</td><td>6,500</td></tr></table></article></body></html>"
    )
    texts = [block.text for block in extract_module.extract_blocks(tree)]
    assert "Lahore\t4,000" in texts
    assert "Karachi\t6,500" in texts


def test_line_breaks_in_a_page_are_never_taken_for_hard_wrapping() -> None:
    lines = "".join(f"Stage {n}: {n + 9} March, Lahore to Multan<br>" for n in range(1, 7))
    record = page(
        "<html><body><article><h1>The long march of the brick kiln workers</h1>"
        + _paragraphs(2)
        + f"<p>{lines}</p></article></body></html>"
    )
    assert "lines_unwrapped" not in record.warnings
    assert [block.text for block in record.body][-6:] == [
        f"Stage {n}: {n + 9} March, Lahore to Multan" for n in range(1, 7)
    ]
