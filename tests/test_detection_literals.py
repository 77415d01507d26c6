"""Finders try their patterns only on the lines that hold a literal the pattern requires,
and the detector only the ways whose needles and literals a text holds: what a pattern
requires, when a match stays on its line, and proof on many texts that the lines and ways
skipped never held a match."""

from __future__ import annotations

import copy
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pkclean.clean.detection import View, detector, find, literals
from pkclean.clean.detection import finders as f
from pkclean.clean.detection.gates import Gates
from pkclean.clean.detection.literals import (
    MIN_LITERAL,
    ascii_lower,
    folds_plainly,
    required,
    stays_on_a_line,
)
from pkclean.clean.detection.markers import Way
from pkclean.clean.detection.needles import FOLDED
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
        (r"(Workers World) Party", {"Workers World Party"}),  # a group of plain text
        (r"abc(?:defgh|ijklm)", {"defgh", "ijklm"}),  # the longer shortest piece first
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
    ("pattern", "flags", "starts"),
    [
        (r"\bIssue No\. \d+", 0, {"Issue No. "}),
        (r"(?<![•·] )\bWWP\b", 0, {"WWP"}),  # after what it only looks at
        (r"(?=[A-Z])Monday", 0, {"Monday"}),
        (r"\b(?:Monday|Friday),? \d", 0, {"Monday", "Friday"}),
        (r"(?:Mon|Fri)day", 0, {"Mon", "Fri"}),  # a group's own beginnings
        (r"[Oo]rganis", 0, {"Organis", "organis"}),
        (r"(?:abc)+d", 0, {"abc"}),
        (r"(?>Sept?)\. \d", 0, {"Sep"}),
        (r"(?:first|originally) published", re.IGNORECASE, {"first", "originally"}),
        (r"[FfGg]oo", re.IGNORECASE, {"foo", "goo"}),
    ],
)
def test_what_a_pattern_begins_with(pattern: str, flags: int, starts: set[str]) -> None:
    assert literals.leading(re.compile(pattern, flags)) == frozenset(starts)


def test_a_short_literal_begins_a_match_if_it_is_looked_for_anyway() -> None:
    pattern = re.compile(r"Workers World|\bWW\b")
    assert literals.leading(pattern) is None
    assert literals.leading(pattern, {"WW"}) == frozenset({"Workers World", "WW"})
    assert f.prose(pattern.pattern, "WW", "Workers World").leading == frozenset(
        {"Workers World", "WW"}
    )
    assert f.prose(pattern.pattern, "Workers World").leading is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+ Monday",  # something else first
        r"x?abc",  # an optional first piece
        r"(?:abc)*d",
        r"(?:abc|\d)x",  # an alternative that begins otherwise
        r"[A-Z]day",  # a class of more than a few characters
        r"[^a]bcd",
        r"ab\d",  # too short
        r"(?i:abc)d",  # case-blind inside only
        r"Ünion",  # case-blind, beyond ASCII
        r"   \d",  # spaces only: blanked lines are spaces
    ],
)
def test_what_a_pattern_need_not_begin_with(pattern: str) -> None:
    flags = re.IGNORECASE if pattern == "Ünion" else 0
    assert literals.leading(re.compile(pattern, flags)) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d{4}",  # no literal at all
        r"ab\d",  # a literal shorter than MIN_LITERAL
        r"(?:said)? s",  # an optional piece, and a short one
        r"(?:said)* s",
        r"(?:said|\d+) s",  # one alternative requires nothing
        r"Ünion",  # ignoring case, a literal beyond ASCII: lower case is not enough
        r"(?i:said) s",
        r"(?=said)\w+",  # a lookahead's text need not be in the match
        r"   ",  # spaces only: blanked (claimed) lines are spaces
    ],
)
def test_what_a_pattern_does_not_require(pattern: str) -> None:
    flags = re.IGNORECASE if pattern == "Ünion" else 0
    assert required(re.compile(pattern, flags)) is None


def test_a_case_blind_pattern_requires_its_literals_in_lower_case() -> None:
    pattern = re.compile(r"(?:First|originally) published in Socialist Worker", re.IGNORECASE)
    assert required(pattern) == frozenset({" published in socialist worker"})


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("FIRST published, naïve café — ÆØÅ ß", True),
        ("firſt", False),  # long s: matches `s` ignoring case
        ("\u212a", False),  # Kelvin sign: matches `k`
        ("ı", False),  # dotless i: matches `i`
        ("İ", False),  # dotted capital I: matches `i`, and lower-cases to two characters
    ],
)
def test_when_lower_case_stands_for_ignoring_case(text: str, plain: bool) -> None:
    assert folds_plainly(text) is plain


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


class _FutureItem:
    """An item of a parsed pattern this reading does not know (a later Python's)."""

    def __str__(self) -> str:
        return "SOMETHING_NEW"


def test_an_unknown_item_may_cross_a_line() -> None:
    unknown = [(_FutureItem(), None)]
    assert literals._may_cross(unknown, 0)
    assert literals._set_has_newline(unknown)


def _finders() -> Iterator[tuple[str, f.Search | f.WholeLine]]:
    for marker in MARKERS:
        for way in marker.ways:
            if isinstance(way.find, (f.Search, f.WholeLine)) and way.find.literals:
                yield f"{marker.key}: {way.text}", way.find


FINDERS = dict(_finders())


def _scanning_everything(finder: f.Search | f.WholeLine) -> f.Search | f.WholeLine:
    whole = copy.copy(finder)
    object.__setattr__(whole, "literals", None)
    if isinstance(whole, f.Search):
        object.__setattr__(whole, "leading", None)
    return whole


def _on_lines_only(finder: f.Search) -> f.Search:
    """The finder trying its pattern on the lines with a literal, not where one begins."""
    lines = copy.copy(finder)
    object.__setattr__(lines, "leading", None)
    return lines


LEADING = {
    f"{marker.key}: {way.text}": way.find
    for marker in MARKERS
    for way in marker.ways
    if isinstance(way.find, f.Search) and way.find.leading is not None
}


def test_many_searches_are_tried_where_a_literal_begins() -> None:
    assert len(LEADING) >= 40


@pytest.mark.parametrize("name", sorted(LEADING))
def test_tried_where_a_literal_begins_a_search_finds_the_same(name: str) -> None:
    finder = LEADING[name]
    assert isinstance(finder, f.Search)
    lines = _on_lines_only(finder)
    for text in TEXTS:
        for view in _views(text):
            assert finder(view) == lines(view), (name, text[:200])


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
    literals = {literal for finder in FINDERS.values() for literal in finder.literals or ()}
    literals |= {literal for finder in LEADING.values() for literal in finder.leading or ()}
    # Each literal as written, in capitals, and with a letter a case-blind pattern takes
    # for an ASCII one (long s, Kelvin sign, dotless and dotted i).
    pieces = sorted(literals | {literal.upper() for literal in literals})
    pieces += [
        literal.replace("s", "ſ", 1).replace("k", "\u212a").replace("i", "ı")
        for literal in sorted(literals)
    ]
    pieces += ["İ", "FİRST PUBLİSHED İN SOCİALİST WORKER"]
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


@pytest.mark.parametrize(("letter", "odd"), [("s", "ſ"), ("k", "\u212a"), ("i", "ı"), ("i", "İ")])
def test_a_case_blind_pattern_finds_letters_lower_case_hides(letter: str, odd: str) -> None:
    finder = f.prose(r"first published in Socialist Worker", flags=re.IGNORECASE)
    assert finder.literals
    sentence = "It was FIRST published in Socialist Worker."
    page = View(Document.from_text(f"Filler.\n{sentence.replace(letter, odd)}"))
    assert finder(page) == _scanning_everything(finder)(page) == (2,)


@pytest.mark.parametrize("pattern", [f._CWI_NAMES, f._CWI_SECTION], ids=["names", "section"])
def test_a_first_match_begun_at_the_first_line_with_a_literal_is_the_first(
    pattern: re.Pattern[str],
) -> None:
    def span(match: re.Match[str] | None) -> tuple[int, int] | None:
        return None if match is None else match.span()

    found = 0
    for text in TEXTS:
        for view in _views(text + "\nThe CWI (CWI in Ireland) socialistworld.net"):
            for part in (view.text, view.free_text, view.body_text):
                first = span(f.first_match(pattern, part, view))
                assert first == span(pattern.search(part))
                found += first is not None
    assert found


def test_a_pattern_that_crosses_lines_is_read_in_full() -> None:
    finder = f.search(r"first\s+published")
    assert finder.literals is None
    assert finder(View(Document.from_text("It was first\npublished here."))) == (1,)


@pytest.mark.parametrize(("last", "found"), [(2, ()), (3, (2,))])
def test_a_line_among_the_last_is_found_there_only(last: int, found: tuple[int, ...]) -> None:
    finder = f.line(r"Article information", last=last)
    assert finder.literals
    page = View(Document.from_text("Title\nArticle information\nOne\nTwo"))
    assert finder(page) == _scanning_everything(finder)(page) == found


# -- gates: the ways a text leaves open ----------------------------------------------------

WAYS = [(f"{marker.key}: {way.text}", way) for marker in MARKERS for way in marker.ways]


def test_a_way_closed_by_its_gate_finds_nothing() -> None:
    """Skipping the ways a text's needles and literals close changes nothing: on every
    text, in every view, each closed way finds nothing."""
    gates = Gates([way for _, way in WAYS])
    closed_somewhere = 0
    for text in TEXTS:
        for view in _views(text):
            open_ways = gates.open(view.needles, view.folded_places)
            for index, (name, way) in enumerate(WAYS):
                if index not in open_ways:
                    closed_somewhere += 1
                    assert way.find(view) == (), (name, text[:200])
    assert closed_somewhere > len(TEXTS) * len(WAYS) // 2  # most ways are closed on a text


def _way(finder: f.Finder) -> Way:
    return Way("test", finder)


def test_a_gate_opens_on_a_needle_and_a_literal_of_the_way() -> None:
    both = _way(f.search(r"Issue No\. \d{4}", "Socialist Worker"))
    needle_only = _way(f.shape(lambda view: None, "Workers World"))
    literal_only = _way(f.search(r"Issue No\. \d{4}"))
    folded = _way(f.search(r"first published", flags=re.IGNORECASE))
    neither = _way(f.search(r"\d{4}"))
    gates = Gates([both, needle_only, literal_only, folded, neither])
    assert gates.open(frozenset(), {}) == {4}
    assert gates.open({"Socialist Worker"}, {}) == {4}
    assert gates.open({"Issue No. "}, {}) == {2, 4}
    assert gates.open({"Socialist Worker", "Issue No. "}, {}) == {0, 2, 4}
    assert gates.open({"Workers World"}, {}) == {1, 4}
    assert gates.open(frozenset(), {"first published": [3]}) == {3, 4}
    assert gates.open({"first published"}, {}) == {4}  # a folded literal, in the folded text
    # When lower case cannot stand for ignoring case, every folded literal counts as there.
    assert gates.open(frozenset(), None) == {3, 4}


def test_the_detector_skips_only_closed_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every way open, the detector finds the same markers on every text."""
    every = frozenset(range(len(WAYS)))
    plain = [find(View(Document.from_text(text))) for text in TEXTS]
    monkeypatch.setattr(detector._GATES, "open", lambda found, folded: every)
    assert [find(View(Document.from_text(text))) for text in TEXTS] == plain
    assert any(plain)
    # ... and it asks them: with every way closed, it finds nothing.
    monkeypatch.setattr(detector._GATES, "open", lambda found, folded: frozenset())
    assert not any(find(View(Document.from_text(text))) for text in TEXTS)


def test_only_the_characters_that_fold_apart_lower_to_ascii() -> None:
    """Why `ascii_lower` may stand for `lower()`: no other character beyond ASCII has a lower
    case holding an ASCII character."""
    lowering_to_ascii = [
        character
        for character in map(chr, range(128, sys.maxunicode + 1))
        if not character.isascii() and any(c.isascii() for c in character.lower())
    ]
    assert lowering_to_ascii
    assert not folds_plainly("".join(lowering_to_ascii))
    assert all(not folds_plainly(character) for character in lowering_to_ascii)


def test_the_folded_scan_finds_what_lower_case_finds() -> None:
    plain = [text for text in TEXTS if folds_plainly(text)]
    assert any(not text.isascii() for text in plain)
    for text in plain:
        assert FOLDED.places(ascii_lower(text)) == FOLDED.places(text.lower())


def test_a_search_where_literals_begin_stops_at_the_most_hits() -> None:
    search = f.search(r"\bIssue No\. \d{4}")
    assert search.leading == frozenset({"Issue No. "})
    view = View(Document.from_text("\n".join(f"Issue No. {n:04d}" for n in range(80))))
    found = search(view)
    assert len(found) == f.MAX_HITS
    assert found == _scanning_everything(search)(view)


def test_a_line_with_two_matches_is_found_once() -> None:
    search = f.search(r"\bIssue No\. \d{4}")
    view = View(Document.from_text("Issue No. 1234, Issue No. 5678\nfiller\nIssue No. 9999"))
    for finder in (search, _on_lines_only(search), _scanning_everything(search)):
        assert finder(view) == (1, 3)
