"""Round trips as properties: export any valid articles, read them back, get the same articles.

Each format is compared on the fields it carries (the README's "What each format carries"):
JSON Lines carries everything; CSV turns an empty string in a nullable column into null and
cannot hold a block with a blank line inside; TEI drops the detector's evidence and the
removed lines, turns an empty `date_text` into null, and cannot hold characters XML forbids.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import pkclean
from export_articles import XML_FORBIDDEN, articles
from pkclean.formats import exporters
from pkclean.formats.csvtable import ambiguous_block
from pkclean.formats.tei_names import tei_dtd
from pkclean.model import Article
from test_exporters import csv_carried, tei_carried

# No deadline: these tests check results, never speed.
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ANY_TEXT = st.characters(codec="utf-8")
# Python 3.10's csv module cannot read a NUL character back (3.11 can).
CSV_TEXT = (
    ANY_TEXT
    if sys.version_info >= (3, 11)
    else st.characters(codec="utf-8", exclude_characters="\x00")
)
XML_TEXT = st.characters(codec="utf-8", exclude_characters=XML_FORBIDDEN)


def round_trip(name: str, batch: list[Article], **options: object) -> list[Article]:
    """Export `batch` to a file (with the sidecars a file output gets) and read it back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("export" + exporters.get(name).suffix)
        with path.open("wb") as stream:
            exporter = exporters.get(name)(stream, **options)
            exporter.start()
            for article in batch:
                exporter.write(article)
            exporter.finish()
        for sidecar, update in exporter.sidecars(path.name).items():
            (Path(folder) / sidecar).write_bytes(update(None))
        return list(pkclean.read(path))


def csv_safe(article: Article) -> bool:
    return not any(ambiguous_block(block.text) for block in article.body)


@PROPERTY
@given(st.lists(articles(), max_size=3))
def test_jsonl_round_trip_is_exact(batch: list[Article]) -> None:
    back = round_trip("jsonl", batch)
    assert [a.model_dump(mode="json") for a in back] == [a.model_dump(mode="json") for a in batch]


@PROPERTY
@given(st.lists(articles(CSV_TEXT).filter(csv_safe), max_size=3), st.booleans())
def test_csv_round_trip_keeps_what_csv_carries(batch: list[Article], excel_safe: bool) -> None:
    options = {"excel_safe": True} if excel_safe else {}
    back = round_trip("csv", batch, **options)
    assert [csv_carried(a) for a in back] == [csv_carried(a) for a in batch]


@PROPERTY
@given(st.lists(articles(XML_TEXT), max_size=3))
def test_tei_round_trip_keeps_what_tei_carries(batch: list[Article]) -> None:
    back = round_trip("tei", batch)
    assert [tei_carried(a) for a in back] == [tei_carried(a) for a in batch]


@settings(max_examples=40, deadline=None)
@given(st.lists(articles(ANY_TEXT), min_size=1, max_size=2))
def test_tei_of_any_article_is_valid_against_the_dtd(batch: list[Article]) -> None:
    stream = io.BytesIO()
    exporter = exporters.get("tei")(stream)
    exporter.start()
    for article in batch:
        exporter.write(article)
    exporter.finish()
    tree = etree.parse(io.BytesIO(stream.getvalue()))
    assert tei_dtd().validate(tree), tei_dtd().error_log.filter_from_errors()


@PROPERTY
@given(st.lists(articles(), max_size=3))
def test_sqlite_round_trip_is_exact(batch: list[Article]) -> None:
    back = round_trip("sqlite", batch)
    assert [a.model_dump(mode="json") for a in back] == [a.model_dump(mode="json") for a in batch]
