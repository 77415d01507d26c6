"""Articles for the export and reader tests: hand-made ones, the seeds, and a Hypothesis strategy.

The prose is made up for these tests; only `seed_articles()` reads real text (the seeds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any, get_args

from hypothesis import strategies as st

from pkclean.model import (
    PUBLICATIONS,
    SCHEMA_VERSION,
    Article,
    Block,
    Detection,
    Evidence,
    Link,
    RemovedLine,
    Source,
    SourceFormat,
    body_text,
    count_words,
)
from pkclean.run.batch import process_path

ROOT = Path(__file__).resolve().parent.parent


def make_article(**fields: Any) -> Article:
    """A valid article; `body` may be given as (kind, text) pairs, `text` and counts follow."""
    blocks = tuple(
        block if isinstance(block, Block) else Block(kind=block[0], text=block[1])
        for block in fields.pop(
            "body",
            (
                ("paragraph", "Dock workers in the port city walked out at dawn on Monday."),
                ("heading", "What the strikers want"),
                ("paragraph", "A wage that keeps pace with the price of flour and fuel."),
            ),
        )
    )
    publication = fields.pop("publication", "wsws")
    values: dict[str, Any] = {
        "id": "pk-" + hashlib.sha256(repr(blocks).encode()).hexdigest()[:20],
        "publication": publication,
        "title": "Port strike spreads along the coast",
        "subtitle": "Unions call a second day of action",
        "authors": ("Ayesha Raza", "Tom Fielding"),
        "published": dt.date(2019, 3, 4),
        "published_at": dt.datetime(2019, 3, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        "date_text": "4 March 2019, 09:30 PKT",
        "issue": "2641",
        "labels": ("Perspective",),
        "captions": ("Strikers at the gate of the container terminal",),
        "links": (Link(text="the union's statement", url="https://example.org/statement"),),
        "source": Source(
            path="corpus/strike.txt",
            sha256="a" * 64,
            format="text",
            encoding="utf-8",
            url="https://example.org/2019/03/strike",
        ),
        "detection": Detection(
            layout=publication,
            confidence=0.875,
            basis="layout",
            declared=None,
            probabilities={publication: 0.875, "unknown": 0.125},
            evidence=(Evidence(layout=publication, signal="masthead", weight=2.5, line=1),),
        ),
        "removed": (RemovedLine(line=40, text="Share this article", rule="generic.share"),),
        "warnings": ("time_zone_not_stated",),
    }
    values.update(fields)
    text = body_text(blocks)
    return Article(
        schema_version=SCHEMA_VERSION,
        body=blocks,
        text=text,
        word_count=count_words(text),
        **values,
    )


@cache
def seed_articles() -> tuple[Article, ...]:
    """The five seeds, cleaned, with `source.path` as given from the repository root."""
    articles = []
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for path in sorted(Path("seeds").glob("*.txt")):
            for outcome in process_path(path.as_posix()):
                assert isinstance(outcome, Article), outcome
                articles.append(outcome)
    finally:
        os.chdir(here)
    return tuple(articles)


# --- Hypothesis: any valid article --------------------------------------------------------------

#: Characters XML 1.0 cannot carry (see `pkclean.formats.tei_names.xml_text`).
XML_FORBIDDEN = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"


def texts(alphabet: st.SearchStrategy[str], *, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=min_size, max_size=30)


def items(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    """List items: non-blank strings, as the model requires."""
    item = texts(alphabet, min_size=1).filter(lambda text: text.strip())
    return st.lists(item, max_size=3).map(tuple)


RULE = r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8})?"
_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


@st.composite
def _dates(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["none", "date", "naive", "aware"]))
    if kind == "none":
        return {"published": None, "published_at": None}
    if kind == "date":
        return {"published": draw(st.dates()), "published_at": None}
    zone = draw(_OFFSETS) if kind == "aware" else None
    moment = draw(st.datetimes()).replace(tzinfo=zone)
    return {"published": moment.date(), "published_at": moment}


@st.composite
def articles(draw: st.DrawFn, alphabet: st.SearchStrategy[str] | None = None) -> Article:
    """A valid article with every field drawn, built through the model's own validation."""
    chars = alphabet if alphabet is not None else st.characters(codec="utf-8")
    optional = st.none() | texts(chars)
    layout = draw(st.sampled_from(PUBLICATIONS))
    declared = draw(st.none() | st.sampled_from([p for p in PUBLICATIONS if p != "unknown"]))
    publication = declared or layout
    block_text = draw(st.just(texts(chars, min_size=1)))
    blocks = draw(
        st.lists(
            st.builds(Block, kind=st.sampled_from(["paragraph", "heading"]), text=block_text),
            max_size=5,
        )
    )
    text = body_text(tuple(blocks))
    return Article(
        schema_version=SCHEMA_VERSION,
        id=draw(st.from_regex(r"pk-[0-9a-f]{20}", fullmatch=True)),
        publication=publication,
        title=draw(optional),
        subtitle=draw(optional),
        authors=draw(items(chars)),
        date_text=draw(optional),
        issue=draw(st.none() | st.from_regex(r"[0-9]{1,5}", fullmatch=True)),
        labels=draw(items(chars)),
        captions=draw(items(chars)),
        links=draw(st.lists(st.builds(Link, text=texts(chars), url=texts(chars)), max_size=2)),
        body=tuple(blocks),
        text=text,
        word_count=count_words(text),
        source=Source(
            path=draw(texts(chars)),
            sha256=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
            format=draw(st.sampled_from(get_args(SourceFormat))),
            encoding=draw(texts(chars)),
            url=draw(optional),
        ),
        detection=Detection(
            layout=layout,
            confidence=draw(st.floats(0, 1)),
            basis=draw(st.none() | st.sampled_from(["layout", "content"])),
            declared=declared,
            probabilities=draw(st.dictionaries(st.sampled_from(PUBLICATIONS), st.floats(0, 1))),
            evidence=draw(
                st.lists(
                    st.builds(
                        Evidence,
                        layout=texts(chars),
                        signal=texts(chars),
                        weight=st.floats(allow_nan=False, allow_infinity=False),
                        line=st.none() | st.integers(1, 10**6),
                    ),
                    max_size=2,
                )
            ),
        ),
        removed=draw(
            st.lists(
                st.builds(
                    RemovedLine,
                    line=st.integers(1, 10**6),
                    text=texts(chars),
                    rule=st.from_regex(
                        r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8})?", fullmatch=True
                    ),
                ),
                max_size=2,
            )
        ),
        warnings=draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True), max_size=3)),
        **draw(_dates()),
    )
