"""Finders try their patterns only on the lines that hold a literal the pattern requires:
what a pattern requires, when a match stays on its line, and proof on many texts that the
lines skipped never held a match."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pkclean.clean.detection import View
from pkclean.clean.detection import finders as f
from pkclean.clean.detection.literals import MIN_LITERAL, required, stays_on_a_line
from pkclean.clean.detection.table import MARKERS
from pkclean.clean.detection.view import EDGE_CHARS, EDGE_LINES
from pkclean.clean.lines import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"Issue No\. ?\d{4}", {"Issue No."}),
        (r"\b(?:[Cc]enters?|labor)\b", {"enter", "labor"}),
        (r"\d{1,2} (?:May|June) \d{4}", {"May", "June"}),
        (r"(?:Workers World) Party", {"Workers World Party"}),
        (r"ab\d+(?:xyz)+", {"xyz"}),  # the longer of two required pieces
        (r"(?:abcd|efg)hi", {"abcd", "efg"}),
        (r"(?:abc|def)xyz", {"xyz"}),  # a shared shortest length: the fewer pieces
        (r"(?:New|Old) York", {" York"}),  # a longer piece beats a set of short ones
        (r"(?>Sept?)\. \d", {"Sep"}),
        (r"(?:said)+ so", {"said"}),
    ],
)
def test_what_a_pattern_requires(pattern: str, literals: set[str]) -> None:
    assert required(re.compile(pattern)) == frozenset(literals)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d{4}",  # no literal at all
        r"ab\d",  # a literal shorter than MIN_LITERAL
        r"(?:said)? s",  # an optional piece, and a short one
        r"(?:said)* s",
        r"(?:said|\d+) s",  # one alternative requires nothing
        r"said",  # ignoring case: a plain substring cannot stand for it
        r"(?i:said) s",
        r"(?=said)\w+",  # a lookahead's text need not be in the match
        r"   ",  # spaces only: blanked (claimed) lines are spaces
    ],
)
def test_what_a_pattern_does_not_require(pattern: str) -> None:
    flags = re.IGNORECASE if pattern == "said" else 0
    assert required(re.compile(pattern, flags)) is None


def test_the_shortest_literal_kept() -> None:
    assert required(re.compile("x" * MIN_LITERAL)) == frozenset({"x" * MIN_LITERAL})
    assert required(re.compile("x" * (MIN_LITERAL - 1))) is None


@pytest.mark.parametrize(
    ("pattern", "flags", "stays"),
    [
        (r"Issue No\. \d+", 0, True),
        (r"a.b", 0, True),
        (r"a.b", re.DOTALL, False),
        (r"a(?s:.)b", 0, False),
        (r"a\sb", 0, False),
        (r"a\Sb", 0, True),
        (r"a\Wb", 0, False),
        (r"a\Db", 0, False),
        (r"a\wb\d", 0, True),
        (r"a[^,]b", 0, False),
        (r"a[^,\n]b", 0, True),
        (r"a[ \t]b", 0, True),
        (r"a[\s,]b", 0, False),
        (r"a[\x00-\x20]b", 0, False),
        (r"a\nb", 0, False),
        (r"a|b\n", 0, False),
        (r"(?:ab\n)+", 0, False),
        (r"(?>a\n)", 0, False),
        (r"a(?=\s)", 0, False),
        (r"(?<!\n)a", 0, False),
        (r"(?<!x)a", 0, True),
        (r"^a$", re.MULTILINE, True),
        (r"^a$", 0, False),
        (r"a\Z", 0, False),
        (r"\Aa\b", 0, True),
        (r"(a)\1", 0, False),
        (r"(a)?(?(1)b|c)", 0, False),
    ],
)
def test_when_a_match_stays_on_its_line(pattern: str, flags: int, stays: bool) -> None:
    assert stays_on_a_line(re.compile(pattern, flags)) is stays


def _finders() -> Iterator[tuple[str, f.Search | f.WholeLine]]:
    for marker in MARKERS:
        for way in marker.ways:
            if isinstance(way.find, (f.Search, f.WholeLine)) and way.find.literals:
                yield f"{marker.key}: {way.text}", way.find


FINDERS = dict(_finders())


def _scanning_everything(finder: f.Search | f.WholeLine) -> f.Search | f.WholeLine:
    whole = copy.copy(finder)
    object.__setattr__(whole, "literals", None)
    return whole


def test_most_patterns_are_tried_on_a_few_lines_only() -> None:
    assert len(FINDERS) >= 80


def _texts() -> Iterator[str]:
    """Every text the project carries, the shared real pages and benchmark pages (read as
    plain text: their markup makes long, varied lines), and texts of table literals strung
    together at random, many per line."""
    for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".html", ".htm", ""):
                yield path.read_text(encoding="utf-8", errors="replace")
    shared = ROOT.parent / "shared"
    for folder in (shared / "real-pages", shared / "benchmarks" / "article-extraction"):
        for path in sorted(folder.rglob("*.html"))[:60]:
            yield path.read_text(encoding="utf-8", errors="replace")
    pieces = sorted({literal for finder in FINDERS.values() for literal in finder.literals or ()})
    pieces += ["\n", "\n", " ", ", ", ". ", "1", "12", "2024", "—", "(", ")", "|", "•"]
    whole_lines = ["\nNo. 2078\n", "\nPAKISTAN - the strike goes on\n"]
    rng = random.Random(7)
    for size in range(150):
        yield "".join(rng.choice(pieces + whole_lines[size % 3 :]) for _ in range(20 + 2 * size))


def _views(text: str) -> Iterator[View]:
    doc = Document.from_text(text)
    view = View(doc)
    yield view
    every_third = frozenset(line.no for line in doc.nonblank[::3])
    yield view.with_claimed(every_third)
    yield view.with_claimed(every_third, first_hits=True)


TEXTS = list(_texts())


@pytest.mark.parametrize("name", sorted(FINDERS))
def test_the_lines_skipped_never_hold_a_match(name: str) -> None:
    finder = FINDERS[name]
    whole = _scanning_everything(finder)
    for text in TEXTS:
        for view in _views(text):
            assert finder(view) == whole(view), (name, text[:200])


def test_the_texts_reach_every_finder() -> None:
    """The comparison above means something: each finder matches some of the texts."""
    views = [View(Document.from_text(text)) for text in TEXTS]
    silent = [name for name, finder in FINDERS.items() if not any(map(finder, views))]
    assert silent == []


def test_long_texts_are_still_read_at_both_ends_only() -> None:
    middle = "\n".join(["Issue No. 2078"] + ["filler line"] * (2 * EDGE_LINES))
    doc = Document.from_text("filler\n" * EDGE_LINES + middle + "\nIssue No. 2079")
    view = View(doc)
    issue = next(way.find for m in MARKERS if m.key == "sw.issue_no" for way in m.ways)
    assert isinstance(issue, f.WholeLine)
    assert issue.literals
    assert issue(view) == _scanning_everything(issue)(view) == (len(doc.lines),)
    wide = "x" * EDGE_CHARS
    text = f"{wide}\nIssue No. 2078 {wide}\nnothing\n{wide} Issue No. 2079\n{wide[:100]}"
    search = f.search(r"Issue No\. \d{4}")
    assert search.literals == frozenset({"Issue No. "})
    view = View(Document.from_text(text))
    assert search(view) == _scanning_everything(search)(view) == (4,)
