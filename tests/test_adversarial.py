"""Hostile content finishes in bounded time: no catastrophic regex backtracking, no quadratic
passes over huge documents, no entity expansion or network access when reading XML.

A generous deadline (not a timing assertion) stops a test that would run for minutes or hours:
catastrophic backtracking is exponential, so a case either finishes in well under a second or
never. The deadline uses SIGALRM, which also interrupts a running regular expression.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

import pkclean
from pkclean import clean_text
from pkclean.clean.blocks import build_body, join_wrapped
from pkclean.clean.lines import Line
from pkclean.errors import INTERNAL_ERROR, InputError, PkcleanError
from pkclean.ingest.kinds.html import looks_like_html
from pkclean.model import Article
from pkclean.run.batch import Rejection, process_path
from regex_pump import AnyPattern, package_pattern_uses, pump_strings

from conftest import SEEDS

DEADLINE = 30.0  # generous: a loaded machine slows every case; a runaway one never ends

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")


class DeadlineExceeded(Exception):
    """Raised in the test when it runs past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float = DEADLINE) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread, POSIX)."""

    def expire(signum: int, frame: object) -> None:
        raise DeadlineExceeded(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_deadline_can_fail() -> None:
    """The mechanism itself works on a backtracking regular expression."""
    with pytest.raises(DeadlineExceeded), deadline(0.5):
        re.fullmatch(r"(a|aa)+b", "a" * 60)


HEADER = "Socialist Worker\n\nWhere next for Pakistan?\n\nby A Writer\nIssue No. 2078\n\n"
PARAGRAPH = "Thousands of lawyers marched through Lahore on Friday, and police watched them.\n\n"

#: Pathological documents: megabyte lines, huge numbers of lines, repeated boilerplate, and
#: long runs of the characters the markdown, name, date, caption and menu patterns look for.
HOSTILE: dict[str, str] = {
    "megabyte line of words": HEADER + PARAGRAPH + "word " * 200_000,
    "megabyte line without spaces": HEADER + PARAGRAPH + "x" * 1_000_000,
    "100k blank lines": HEADER + PARAGRAPH + "\n" * 100_000 + PARAGRAPH,
    "100k carriage returns": HEADER + PARAGRAPH + "\r" * 100_000 + PARAGRAPH,
    "50k short lines": HEADER + PARAGRAPH + "Ab\n" * 50_000,
    "repeated share boilerplate": HEADER + PARAGRAPH + "Share this article\n" * 50_000,
    "repeated headline twice then read more": HEADER
    + PARAGRAPH
    + "Read more\nThe same headline\nThe same headline\n" * 20_000,
    "repeated caption pairs": HEADER
    + PARAGRAPH
    + "".join(f"Caption {i}\nCaption {i} (Pic: X)\n" for i in range(20_000)),
    "repeated issue lines": HEADER + PARAGRAPH + "Issue No. 2078\n" * 50_000,
    "20k paragraphs": HEADER + PARAGRAPH * 20_000,
    "30k single-line paragraphs": HEADER + (PARAGRAPH.strip() + "\n") * 30_000,
    "lower-case continuation lines": HEADER + PARAGRAPH + "and then more\n" * 50_000,
    "run of stars": HEADER + PARAGRAPH + "*" * 200_000,
    "stars before words": HEADER + PARAGRAPH + "*a " * 100_000,
    "double stars": HEADER + PARAGRAPH + "**a " * 100_000,
    "run of brackets": HEADER + PARAGRAPH + "[" * 200_000,
    "unclosed links": HEADER + PARAGRAPH + "[a](" * 50_000,
    "run of parentheses": HEADER + PARAGRAPH + "(" * 200_000,
    "run of underscores": HEADER + PARAGRAPH + "_" * 200_000,
    "underscores before words": HEADER + PARAGRAPH + "_a " * 100_000,
    "run of hashes": HEADER + PARAGRAPH + "#" * 200_000,
    "heading with spaces": HEADER + PARAGRAPH + "## a" + " " * 100_000 + "#\n",
    "capitalised words": HEADER + PARAGRAPH + "Abc " * 200_000,
    "byline of capitalised words": "by " + "Abc " * 200_000 + "\n\n" + PARAGRAPH,
    "byline of commas": "by " + "A, " * 100_000 + "\n\n" + PARAGRAPH,
    "names joined by and": HEADER + PARAGRAPH + "Sampath Perera and " * 50_000,
    "date-like run": HEADER + PARAGRAPH + "Tue 20 Nov 2007, " * 50_000,
    "published run": HEADER + PARAGRAPH + "Published " + "Nov 2, " * 50_000,
    "time-like run": HEADER + PARAGRAPH + "1:11 " * 100_000,
    "pipe menu with a trailing pipe": HEADER + PARAGRAPH + "Pakistan | India | Nepal | " * 20_000,
    "short pipe menu with a trailing pipe": "Home | About | News | Campaigns | Join |\n\n"
    + PARAGRAPH * 3,
    "country prefix run": "A" + " A" * 100_000 + ": x\n\n" + PARAGRAPH,
    "caption credit run": HEADER + PARAGRAPH + "A. " * 100_000 + "Photo/x)\n",
    "open caption credits": HEADER + PARAGRAPH + "(Pic: " * 50_000,
    "no-break spaces": HEADER + PARAGRAPH + "\u00a0" * 500_000 + "x\n",
    "curly quotes": HEADER + PARAGRAPH + "“" * 200_000,
    "dots": HEADER + PARAGRAPH + "." * 200_000,
    "commas": HEADER + PARAGRAPH + "A, " * 100_000,
}


def _finishes(run: Callable[[], object]) -> object:
    with deadline():
        try:
            return run()
        except InputError as exc:
            return exc


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_cleaned_or_rejected_in_bounded_time(text: str) -> None:
    outcome = _finishes(lambda: clean_text(text))
    assert isinstance(outcome, Article | InputError)


@pytest.mark.parametrize(
    "data",
    [
        ("The cafÃ© owner said noâ€™s\n" * 30_000).encode(),
        ("cafÃ© â€™ " * 100_000).encode(),
        b"The caf\xe9 owner said \x93no\x94 \x96 twice.\n" * 30_000,
        ("Pakistan’s unions. " * 20).encode() * 5_000 + b"\x92\n",
        ("Pakistan’s unions, café.\n" * 30_000).encode("utf-16"),
    ],
    ids=["mojibake lines", "mojibake megabyte line", "legacy", "mixed", "utf-16"],
)
def test_hostile_files_are_read_in_bounded_time(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(data)
    outcomes = _finishes(lambda: process_path(str(path)))
    assert isinstance(outcomes, list)
    _no_crash(outcomes)


def _no_crash(outcomes: list[Article | Rejection]) -> None:
    """Every outcome is an article or a rejection for a reason: a crash inside pkclean also
    becomes a rejection (`internal_error`), which a list alone does not tell apart."""
    assert outcomes
    crashes = [item for item in outcomes if isinstance(item, Rejection)]
    assert all(item.code != INTERNAL_ERROR for item in crashes), crashes


USES = package_pattern_uses()
PATTERNS = {name: pattern for name, (pattern, _) in USES.items()}
ANCHORED_ONLY = {name for name, (_, anchored) in USES.items() if anchored}
#: Repetitions of a piece that make an exponential pattern take forever (2 ** 40 steps).
EXPONENTIAL_REPEAT = 40
#: Repetitions at which the slowest strings are timed, then pumped 50 times longer: a pattern
#: that is linear takes milliseconds on 50,000 characters, a quadratic one minutes.
PROBE_REPEAT = 1000
LONG_FACTOR = 50
LONG_DEADLINE = 3.0


def test_the_package_has_many_patterns() -> None:
    """The collection sees the layouts' rules, module constants, nested tables, bytes
    patterns and patterns written inline in a call."""
    assert len(PATTERNS) > 100
    names = " ".join(PATTERNS)
    assert "generic.share" in names or "generic[share]" in names
    assert any(isinstance(pattern.pattern, bytes) for pattern in PATTERNS.values())
    assert any(":line " in name for name in PATTERNS)  # inline, as in re.sub(r"…", …)
    assert "pkclean.ingest.kinds.html._FIRST_TAG" in PATTERNS


def test_pump_strings_are_made_from_the_pattern() -> None:
    made = list(pump_strings(re.compile(rb"<!--.*?-->"), 3))
    assert b"<!--<!--<!--" in made
    assert all(isinstance(text, bytes) for text in made)


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=PATTERNS.keys())
def test_no_pattern_backtracks_catastrophically(pattern: AnyPattern) -> None:
    with deadline():
        for text in pump_strings(pattern, EXPONENTIAL_REPEAT):
            pattern.search(text)  # type: ignore[arg-type]
            pattern.fullmatch(text)  # type: ignore[arg-type]


#: Patterns applied only to inputs of a bounded length, tried up to that length.
BOUNDED = {  # read_meta_line takes lines of 160 at most
    "pkclean.clean.text.metalines._POSTED_BY": 160
}


@pytest.mark.parametrize("name", list(PATTERNS))
def test_no_pattern_is_superlinear(name: str) -> None:
    """The strings slowest at 1,000 repetitions, 50 times longer, finish far inside the
    deadline. A pattern the package only matches at one position (`match`, `fullmatch`:
    line rules, prefixes) is tried there; any other is also searched, as a search tries
    every position, and one that scans to the end from each is quadratic."""
    pattern = PATTERNS[name]
    methods = [pattern.match, pattern.fullmatch]
    if name not in ANCHORED_ONLY:
        methods.append(pattern.search)
    timed = []
    with deadline():
        for text in pump_strings(pattern, PROBE_REPEAT):
            started = time.perf_counter()
            for method in methods:
                method(text)  # type: ignore[arg-type]
            timed.append((time.perf_counter() - started, text))
    timed.sort(key=lambda item: item[0], reverse=True)
    for _, text in timed[:3]:
        longer = (text * LONG_FACTOR)[: BOUNDED.get(name)]
        with deadline(LONG_DEADLINE):
            for method in methods:
                method(longer)  # type: ignore[arg-type]


def test_uses_of_patterns_are_read_from_the_source() -> None:
    assert "pkclean.ingest.html.parse._deeper_than" not in PATTERNS
    assert "pkclean.clean.leaks._RAW_PREFIX" in ANCHORED_ONLY  # only .match()
    assert "pkclean.ingest.html.charset._META_CHARSET" not in ANCHORED_ONLY  # .search()


def test_the_html_sniffing_scan_is_linear_in_comments() -> None:
    """The campaign's hang: comments and no tag in the first 8 KB (24 took 2.8 s, doubling
    with each one more, before the scan replaced a backtracking pattern)."""
    head = (b"<!-- saved from a browser -->\n" * 300)[:8192]
    with deadline(2.0):
        assert not looks_like_html(head)
        assert looks_like_html(b"<!-- a -->" * 200 + b"<html>")


# -- XML: no external entities, no entity expansion, no network ----------------------------------


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads it

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"NETWORK-MARKER")

    def log_message(self, *args: object) -> None:
        """Silence the request log."""


@pytest.fixture
def local_server() -> Iterator[str]:
    """A web server on localhost that records every request made to it."""
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.hits = []
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def tei_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A TEI export of one seed, to be tampered with."""
    from pkclean.cli import main

    path = tmp_path_factory.mktemp("tei") / "seed.xml"
    assert main(["export", str(SEEDS[0]), "--format", "tei", "--output", str(path), "-q"]) == 0
    return path.read_text("utf-8")


def _tampered(export: str, doctype: str, reference: str) -> str:
    """The export with a DOCTYPE and an entity reference in its first body paragraph."""
    head, rest = export.split("?>\n", 1)
    body = re.sub(r"(<body>\s*(?:<div[^>]*>\s*)?<p>)", rf"\1{reference}", rest, count=1)
    assert body != rest, "no paragraph to tamper with"
    return f"{head}?>\n{doctype}\n{body}"


def _read_all(path: Path) -> str:
    """Everything read from an XML file (records as JSON), or the error it raised. A tampered
    export is read up to the paragraph that holds the entity, which is refused as such: the
    test tells that from a file refused for any other reason."""
    try:
        return "".join(article.model_dump_json() for article in pkclean.read(path))
    except PkcleanError as exc:
        return f"error: {exc}"


def test_tei_reading_never_resolves_an_external_file_entity(
    tei_export: str, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a")
    doctype = f'<!DOCTYPE teiCorpus [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    path = tmp_path / "xxe.xml"
    path.write_text(_tampered(tei_export, doctype, "&x;"), "utf-8")
    with deadline():
        result = _read_all(path)
    assert "SECRET-MARKER" not in result
    assert result.endswith("body: <p> holds the entity &x;, not resolved"), result


def test_tei_reading_never_resolves_etc_passwd(tei_export: str, tmp_path: Path) -> None:
    doctype = '<!DOCTYPE teiCorpus [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    path = tmp_path / "xxe.xml"
    path.write_text(_tampered(tei_export, doctype, "&x;"), "utf-8")
    with deadline():
        result = _read_all(path)
    assert "root:" not in result
    assert result.endswith("body: <p> holds the entity &x;, not resolved"), result


def test_tei_reading_never_reaches_the_network(
    tei_export: str, tmp_path: Path, local_server: str
) -> None:
    doctype = (
        f'<!DOCTYPE teiCorpus SYSTEM "{local_server}/dtd" '
        f'[<!ENTITY x SYSTEM "{local_server}/entity"> <!ENTITY % p SYSTEM "{local_server}/p"> %p;]>'
    )
    path = tmp_path / "network.xml"
    path.write_text(_tampered(tei_export, doctype, "&x;"), "utf-8")
    with deadline():
        result = _read_all(path)
    assert "NETWORK-MARKER" not in result
    assert _Recorder.hits == []


def test_tei_reading_does_not_expand_a_billion_laughs(tei_export: str, tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE teiCorpus [{''.join(entities)}]>"
    path = tmp_path / "laughs.xml"
    path.write_text(_tampered(tei_export, doctype, "&lol9;"), "utf-8")
    with deadline():
        result = _read_all(path)
    assert "lollollol" not in result


def test_html_input_never_resolves_an_external_entity(tmp_path: Path, local_server: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a")
    page = (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY x SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY y SYSTEM "{local_server}/entity">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Strike in Karachi</title></head>'
        "<body><article><h1>Strike in Karachi</h1><p>&x; &y; Dock workers stopped work on "
        "Monday and said they would stay out until the arrears were paid in full.</p>"
        "<p>The port authority said it would answer the union's letter next week.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.xhtml"
    path.write_text(page, "utf-8")
    with deadline():
        outcomes = process_path(str(path))
    [article] = outcomes  # read, not rejected
    assert isinstance(article, Article), article
    assert "Dock workers stopped work" in article.text
    assert "SECRET-MARKER" not in repr(outcomes)
    assert "NETWORK-MARKER" not in repr(outcomes)
    assert _Recorder.hits == []


# -- Paragraph joining is linear ------------------------------------------------------------------
# The quadratic joins of the past took hours on these sizes (each join copied the paragraph so
# far); linear ones take a fraction of a second, far inside the deadline.

_WRAPPED = "thousands of lawyers marched through lahore on friday while police watched"


def test_joining_a_huge_wrapped_paragraph_is_linear() -> None:
    lines = [_WRAPPED] * 200_000
    with deadline():
        joined = join_wrapped(lines)
    assert len(joined) == 200_000 * (len(_WRAPPED) + 1) - 1


def test_rejoining_many_broken_paragraphs_is_linear() -> None:
    rows = [Line(1, "Thousands marched through Lahore on Friday and", "")] + [
        Line(number, "and then more of them came", "") for number in range(2, 200_002)
    ]
    # Each line a paragraph of its own: blank separators (None) between them.
    lines: list[Line | None] = []
    for row in rows:
        lines += [Line(row.no, row.raw, row.raw), None]
    with deadline():
        result = build_body(lines)
    assert len(result.units) == 1
    assert len(result.units[0].lines) == 200_001
    assert "paragraph_rejoined" in result.warnings


def test_continuation_lines_are_joined_in_linear_time() -> None:
    # Lines longer than any wrap width: one paragraph per line, rejoined.
    more = "and then more of them came from the villages around the city, " * 2
    rows = ["Thousands marched through Lahore on Friday and", *[more.strip()] * 100_000]
    lines: list[Line | None] = [Line(number, text, text) for number, text in enumerate(rows, 1)]
    with deadline():
        result = build_body(lines)
    assert [len(unit.lines) for unit in result.units] == [100_001]
    assert "lines_unwrapped" not in result.warnings
