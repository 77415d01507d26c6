"""Properties over generated input: any bytes give articles or a typed error, and every line of
any text is accounted for in the record.

Round trips of valid articles through every export format are properties of
tests/test_roundtrip.py.
"""

from __future__ import annotations

import codecs
import gzip
import unicodedata
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from pkclean import clean_text
from pkclean.clean.pipeline import clean
from pkclean.clean.text.normalize import _DROPPED, OTHER_WHITESPACE, normalize_line, normalize_lines
from pkclean.errors import InputError
from pkclean.ingest.load import load
from pkclean.model import Article

from conftest import SEEDS, TEXT_FIXTURES
from line_accounting import assert_every_line_accounted

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Real lines of every layout (headers, bylines, dates, boilerplate, prose), to recombine.
CORPUS_LINES = sorted(
    {
        line.strip()
        for path in SEEDS + TEXT_FIXTURES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
WORDS = sorted({word for line in CORPUS_LINES for word in line.split()})
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
ANY_CHARACTER = st.characters(exclude_categories=SURROGATES)

line = st.one_of(
    st.just(""),
    st.sampled_from(CORPUS_LINES),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
    st.text(ANY_CHARACTER, max_size=60),
)
DOCUMENTS = [path.read_text(encoding="utf-8").splitlines() for path in SEEDS + TEXT_FIXTURES]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed or fixture with lines dropped, inserted, repeated or moved."""
    lines = list(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        change = draw(st.sampled_from(["drop", "insert", "repeat", "move"]))
        if change == "insert" or not lines:
            lines.insert(at, draw(line))
        elif change == "drop":
            del lines[at]
        elif change == "repeat":
            lines.insert(at, lines[at])
        else:
            moved = lines.pop(at)
            lines.insert(draw(st.integers(0, len(lines))), moved)
    return "\n".join(lines)


texts = st.one_of(st.lists(line, min_size=1, max_size=40).map("\n".join), mutated())
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """Bytes of every sort: articles in any encoding, compressed or not, data, and noise."""
    text = draw(texts).replace("\n", draw(endings))
    codec = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]))
    data = text.encode(codec, errors="replace")
    data = draw(st.sampled_from([b"", codecs.BOM_UTF8, b"<html><body><p>", b"%PDF-1.4\n"])) + data
    if draw(st.booleans()):
        data = data + draw(st.binary(max_size=200))
    if draw(st.integers(0, 3)) == 0:
        data = gzip.compress(data, mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return draw(st.one_of(st.just(data), st.binary(max_size=3000)))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@PROPERTY
@given(data=files(), suffix=st.sampled_from(["", ".txt", ".txt.gz", ".html", ".html.gz", ".xml"]))
def test_any_bytes_give_articles_or_a_typed_error(scratch: Path, data: bytes, suffix: str) -> None:
    """Reading and cleaning never raise anything but an `InputError` (the batch relies on it)."""
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    refusal: InputError | None = None
    try:
        articles = [clean(src) for src in load(str(path))]
    except InputError as exc:
        refusal = exc
    if refusal is not None:
        event(f"refused: {refusal.code}")
        assert refusal.code not in {"error", "input_error"}, "a refusal without its own code"
        assert refusal.message
        assert refusal.path == str(path)
    else:
        event("articles")
        assert all(isinstance(article, Article) for article in articles)


def test_the_accounting_check_can_fail() -> None:
    text = "Strike in Karachi\n\nDock workers stopped work on Monday at the port.\n\nLost line."
    article = clean_text(text)
    assert_every_line_accounted(text, article)
    with pytest.raises(AssertionError, match="lost"):
        assert_every_line_accounted(text, article.model_copy(update={"text": "Strike"}))


@PROPERTY
@given(text=texts, ending=endings)
# Found by this test: a byline's `and` joins names and is not lost.
@example(text="A short quoted sentence ends here.\nBy Lena Castillo and Dev Rao", ending="\n")
# Found by this test: a second date above the headline of a WSWS page is kept in `removed`.
@example(
    text="10 February 2024\n\nWorkers reject wage deal\n\nRanjith Kumara, 3 May 2009\n\n"
    + "The plantation workers met on Sunday and voted against the deal. " * 4
    + "\n\nTo contact the WSWS and the\nSocialist Equality Party visit:",
    ending="\n",
)
def test_every_line_of_any_text_is_in_the_record_or_removed(text: str, ending: str) -> None:
    text = text.replace("\n", ending)
    try:
        article = clean_text(text)
    except InputError as exc:
        event(f"refused: {exc.code}")
        return
    event(f"article: {article.publication}")
    assert_every_line_accounted(text, article)


def _normalized_the_long_way(raw: str) -> str:
    """`normalize_line` without its fast paths: NFC, invisible characters out, spaces folded."""
    return " ".join(_DROPPED.sub("", unicodedata.normalize("NFC", raw)).split())


#: Pieces of lines: words (ASCII or not) and spaces mostly, odd characters now and then.
LINE_PIECES = st.sampled_from(
    ["a", "Tom.", "Zé", "’s", "e\u0301", " ", " ", "  "] * 20
    + list("\u00ad\u200b\u2060\ufeff\x00\x7f")
    + list(OTHER_WHITESPACE)
)


@PROPERTY
@given(st.lists(LINE_PIECES, max_size=10).map("".join) | st.text(ANY_CHARACTER, max_size=12))
def test_normalize_line_fast_paths_change_nothing(raw: str) -> None:
    assert normalize_line(raw) == _normalized_the_long_way(raw)


_LINE = st.lists(LINE_PIECES, max_size=10).map("".join) | st.text(ANY_CHARACTER, max_size=12)


@PROPERTY
@given(st.lists(_LINE.filter(lambda line: "\n" not in line), max_size=6))
def test_normalize_lines_is_normalize_line_of_each(lines: list[str]) -> None:
    assert normalize_lines(lines) == [_normalized_the_long_way(line) for line in lines]


def test_every_character_normalize_line_changes_is_unprintable() -> None:
    """What `normalize_lines` relies on to skip `normalize_line` for printable text."""
    odd = set(OTHER_WHITESPACE) | {chr(c) for c in range(0x110000) if _DROPPED.match(chr(c))}
    assert not {char for char in odd if char.isprintable()}


def test_other_whitespace_is_every_whitespace_character_but_the_space() -> None:
    everything = {chr(code) for code in range(0x110000)}
    assert set(OTHER_WHITESPACE) == {char for char in everything if char.isspace()} - {" "}
