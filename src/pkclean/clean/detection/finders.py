"""How a marker is found in a document: a whole line, a search of the text, or a shape.

A finder returns the numbers of the input lines where its marker is (0 for the document's
address), or an empty tuple. Finders are cheap for a document without their marker: most
name `needles`, plain substrings of which at least one must occur in the text before any
pattern runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

from ..boilerplate import trailing_bracket, without_bracket
from ..lines import Line
from ..text.countries import is_country
from ..text.people import parse_byline
from ..text.shapes import is_headline_like
from .literals import leading, required, stays_on_a_line
from .needles import FOLDED, NEEDLES, NeedleSet
from .view import EDGE_LINES, View

Finder = Callable[[View], "tuple[int, ...]"]

#: Lines a finder reports at most (style markers can match hundreds of times).
MAX_HITS = 50

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def _folded(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern ignores case (its literals are looked for in lower case)."""
    return bool(pattern.flags & re.IGNORECASE)


def _literals_of(pattern: re.Pattern[str]) -> NeedleSet:
    """The needle set a pattern's literals go to."""
    return FOLDED if _folded(pattern) else NEEDLES


def _gated(view: View, needles: tuple[str, ...]) -> bool:
    """Whether the text may hold the marker (no needles: always)."""
    return not needles or not view.needles.isdisjoint(needles)


@dataclass(frozen=True, slots=True)
class WholeLine:
    """A line that fully matches `pattern`, among the first `first` (or last `last`) lines.

    Only the lines holding a literal the pattern requires (`literals.required`) are tried.
    """

    pattern: re.Pattern[str]
    needles: tuple[str, ...] = ()
    first: int | None = None
    last: int | None = None
    literals: frozenset[str] | None = field(init=False, default=None)
    folded: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "literals", required(self.pattern))
        object.__setattr__(self, "folded", _folded(self.pattern))
        NEEDLES.add(self.needles)
        _literals_of(self.pattern).add(self.literals or ())

    def __call__(self, view: View) -> tuple[int, ...]:
        if not _gated(view, self.needles):
            return ()
        lines = self._lines(view)
        fullmatch = self.pattern.fullmatch
        if view.first_hits:
            return next(((line.no,) for line in lines if fullmatch(line.text)), ())
        return tuple(line.no for line in lines if fullmatch(line.text))[:MAX_HITS]

    def _lines(self, view: View) -> Sequence[Line]:
        """The lines looked at (the first or last lines, or both ends of a long text); of
        those, only the ones holding a literal the pattern requires."""
        lines = view.lines
        total = len(lines)
        if self.literals is None:
            if self.first is not None:
                return lines[: self.first]
            if self.last is not None:
                return lines[-self.last :]
            return view.edge_lines
        if self.first is not None:
            low, high = 0, self.first
        elif self.last is not None:
            low, high = total - self.last, total
        else:
            low, high = 0, total
        edges = self.first is None and self.last is None and total > 2 * EDGE_LINES
        return [
            lines[index]
            for index in view.lines_with(self.literals, folded=self.folded)
            if low <= index < high and not (edges and EDGE_LINES <= index < total - EDGE_LINES)
        ]


@dataclass(frozen=True, slots=True)
class Search:
    """A match of `pattern` anywhere in the text; with `free`, outside claimed lines.

    A pattern that requires literals and stays on a line (see `literals`) is tried only on
    the lines holding one of them; one whose every match begins with one of a few literals
    (`literals.leading`), only where one of those begins.
    """

    pattern: re.Pattern[str]
    needles: tuple[str, ...] = ()
    free: bool = False
    literals: frozenset[str] | None = field(init=False, default=None)
    leading: frozenset[str] | None = field(init=False, default=None)
    folded: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", _folded(self.pattern))
        if stays_on_a_line(self.pattern):
            object.__setattr__(self, "literals", required(self.pattern))
            known = () if self.folded else self.needles  # found in the text as they are
            object.__setattr__(self, "leading", leading(self.pattern, known))
        NEEDLES.add(self.needles)
        _literals_of(self.pattern).add(
            (self.literals or frozenset()) | (self.leading or frozenset())
        )

    def __call__(self, view: View) -> tuple[int, ...]:
        if not _gated(view, self.needles):
            return ()
        text = view.free_text if self.free else view.text
        starts = None
        if self.leading is not None:
            starts = view.starts_of(self.leading, folded=self.folded)
        found = self._searched(view, text) if starts is None else self._begun(view, text, starts)
        return _lines_of(view, found)

    def _searched(self, view: View, text: str) -> Iterator[int]:
        """Where the matches begin that a search of the windows finds (of their lines holding
        a literal the pattern requires, when it has some)."""
        if self.literals is None:
            spans: Sequence[tuple[int, int]] = view.windows(body=self.free)
        else:
            spans = view.spans_with(self.literals, body=self.free, folded=self.folded)
        for start, end in spans:
            for match in self.pattern.finditer(text, start, end):
                yield match.start()

    def _begun(self, view: View, text: str, starts: list[int]) -> Iterator[int]:
        """The offsets of `starts` where a match begins, within the windows and each on its
        line: where a search of the windows finds one."""
        line_starts = view.doc.starts
        lines = view.lines
        match = self.pattern.match
        for start, end in view.windows(body=self.free):
            for offset in starts[bisect_left(starts, start) : bisect_left(starts, end)]:
                index = bisect_right(line_starts, offset) - 1
                if match(text, offset, min(line_starts[index] + len(lines[index].text), end)):
                    yield offset


def _lines_of(view: View, offsets: Iterable[int]) -> tuple[int, ...]:
    """The lines `offsets` are on, in order and each once: at most `MAX_HITS`, or the first
    only in a view of first hits (the offsets after it are not asked for)."""
    found: list[int] = []
    for offset in offsets:
        number = view.line_at(offset)
        if not found or found[-1] != number:
            found.append(number)
            if len(found) == MAX_HITS or view.first_hits:
                break
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Shape:
    """A shape no single pattern describes, found by a function of the view."""

    test: Callable[[View], int | None]
    needles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        NEEDLES.add(self.needles)

    def __call__(self, view: View) -> tuple[int, ...]:
        if not _gated(view, self.needles):
            return ()
        found = self.test(view)
        return () if found is None else (found,)


def line(
    pattern: str,
    *needles: str,
    first: int | None = None,
    last: int | None = None,
    flags: int = 0,
) -> WholeLine:
    """A finder of a whole line (see `WholeLine`)."""
    return WholeLine(re.compile(pattern, flags), needles, first, last)


def search(pattern: str, *needles: str, flags: int = 0) -> Search:
    """A finder of a pattern anywhere in the text, chrome lines included (see `Search`)."""
    return Search(re.compile(pattern, flags), needles)


def prose(pattern: str, *needles: str, flags: int = 0) -> Search:
    """A finder of a pattern in the text outside the lines chrome and shape markers matched:
    self-reference and house style are read in the article, not in its chrome."""
    return Search(re.compile(pattern, flags), needles, free=True)


def shape(test: Callable[[View], int | None], *needles: str) -> Shape:
    return Shape(test, needles)


# -- shapes ---------------------------------------------------------------------------------


def first_match(pattern: re.Pattern[str], text: str, view: View) -> re.Match[str] | None:
    """`pattern.search(text)` for a text with the view's offsets (its text, free text or
    the start of either), begun at the first line holding a literal the pattern requires
    (see `literals`): no match can start before it."""
    literals = _scan_literals(pattern)
    if literals is None:
        return pattern.search(text)
    lines = view.lines_with(literals, folded=_folded(pattern))
    return pattern.search(text, view.doc.starts[lines[0]]) if lines else None


@cache
def _scan_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literals `first_match` may start from (None: the pattern may cross lines or
    requires none), added to the needles found in every text."""
    literals = required(pattern) if stays_on_a_line(pattern) else None
    _literals_of(pattern).add(literals or ())
    return literals


def scanned(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern for `first_match`, its literals among the needles before any text is read."""
    _scan_literals(pattern)
    return pattern


_CREDIT_WORD = re.compile(r"(?:Pic|Picture|Photo)s?:")


def _caption_core(text: str) -> str:
    bare = without_bracket(text) if _credit_at_end(text) else text
    # Three replacements, not one `translate`: each runs at memory speed.
    bare = bare.replace("'", "").replace("’", "").replace("‘", "")
    return bare.casefold().rstrip(" .")


def _credit_at_end(text: str) -> bool:
    """Whether the text ends with a photo credit in brackets: `(Pic: …)`, `[Photo: …]`."""
    start = trailing_bracket(text)
    return start is not None and bool(_CREDIT_WORD.match(text, start + 1))


def caption_pair(view: View) -> int | None:
    """A caption printed twice on adjacent lines below the headline: the image's alt text,
    then the caption with its credit (`(Pic: …)`); the alt text may lack apostrophes
    (`didnt`) or carry another credit word (`(Photo: …)` then `(Picture: …)`)."""
    lines = view.edge_lines[2:]
    core = ""  # the core of the line before, when it was worked out
    for first, second in pairwise(lines):
        if second.no - first.no > 2 or not 20 <= len(first.text) <= 400:
            core = ""
            continue
        first_core = core or _caption_core(first.text)
        core = _caption_core(second.text)
        if first_core == core and (first.text == second.text or _credit_at_end(second.text)):
            return first.no
    return None


def first_line_byline(view: View) -> int | None:
    """The first line is a byline `By Firstname Lastname` (capital B)."""
    lines = view.lines
    if lines and lines[0].text.startswith("By ") and parse_byline(lines[0].text):
        return lines[0].no
    return None


def lower_byline(view: View) -> int | None:
    """A line of its own `by Firstname Lastname` (lower-case `by`) among the first lines."""
    for line in view.lines[:12]:
        if line.text.startswith("by ") and parse_byline(line.text):
            return line.no
    return None


_BY_OR_POR = re.compile(r"(?:By|Por|BY) \S.{1,120}")
_DATE_LINE = re.compile(
    rf"\d{{1,2}} (?:{MONTHS}|Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre"
    r"|Octubre|Noviembre|Diciembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    r"|septiembre|octubre|noviembre|diciembre) (?:19|20)\d\d"
)


def byline_then_date(view: View) -> int | None:
    """A `By Name` (or Spanish `Por Name`) line directly above a `D Month YYYY` line."""
    head = view.lines[:14]
    for first, second in pairwise(head):
        if _DATE_LINE.fullmatch(second.text) and _BY_OR_POR.fullmatch(first.text):
            return first.no
    return None


_WW_MENU = frozenset(
    ["PDF ARCHIVE", *"HOME ARCHIVES BOOKS WWP SUBSCRIBE DONATE MUNDOOBRERO.ORG Loading".split()]
)
_BULLETS = "•·●▪"


def ww_menu(view: View) -> int | None:
    """The 2006-2012 workers.org menu: bulleted items of its own, at the top of the page."""
    seen: dict[str, int] = {}
    bulleted = 0
    for line in view.lines[:15]:
        item = line.text.lstrip(_BULLETS + " ")
        if item in _WW_MENU:
            seen.setdefault(item, line.no)
            bulleted += line.text[:1] in _BULLETS
    if len(seen) >= 3 or (len(seen) == 2 and bulleted == 2):
        return min(seen.values())
    return None


def teasers_at_end(view: View) -> int | None:
    """Two or more short related-post teasers ending in `…` among the last lines (AMP)."""
    ends = [line for line in view.lines[-10:] if len(line.text) <= 300 and line.text.endswith("…")]
    return ends[0].no if len(ends) >= 2 else None


_AP_DATELINE = re.compile(
    r"(?:(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.|March|April|May|June|July) \d{1,2} ?—"
)


def ap_dateline(view: View) -> int | None:
    """A paragraph opening with an AP-style dateline (`Sept. 23—`, `May 15 —`)."""
    for line in view.edge_lines:
        if len(line.text) > 60 and _AP_DATELINE.match(line.text):
            return line.no
    return None


_CAPS_WORDS = re.compile(r"[A-Z][A-Z'’.,&-]*(?: [A-Z][A-Z'’.,&-]*){0,7}")


def caps_kicker(view: View) -> int | None:
    """An ALL-CAPS kicker line (`EDITORIAL`, `MASSES HIT …`) right above a headline."""
    lines = view.lines
    for index, current in enumerate(lines[:3]):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and len(current.text) >= 6
            and current.text.lstrip(_BULLETS + " ") not in _WW_MENU
            and _CAPS_WORDS.fullmatch(current.text)
            and is_headline_like(following.text)
            and not following.text.isupper()
        ):
            return current.no
    return None


_CAPS_LEADIN = re.compile(r"([A-Z][A-Z'’]+)(?: [A-Z][A-Z'’]*)+ [a-z]")
_LEADIN_STARTS = frozenset(
    "THE A AN IN ON AT AS IT IF WHEN THIS THAT THESE THOSE FOR WITH AFTER OVER MORE SOME MANY ALL"
    " FROM BY TO WE THEY OUR THOUSANDS HUNDREDS".split()
)


def caps_leadin(view: View) -> int | None:
    """A paragraph opening with words in capitals (`THE STRIKE meant …`), not acronyms."""
    for line in view.edge_lines:
        if len(line.text) < 80:
            continue
        match = _CAPS_LEADIN.match(line.text)
        if match and (
            match.group(1) in _LEADIN_STARTS or any(len(w) >= 5 for w in match.group().split())
        ):
            return line.no
    return None


def hard_wrapped(view: View) -> int | None:
    """At least 3, and a quarter, of the lines are 30-85 characters long and followed by a
    line that continues their sentence in lower case (the counts' definition)."""
    lines = view.doc.lines[: 4 * EDGE_LINES]
    texts = [line.text for line in lines]
    nonblank = sum(1 for text in texts if text)
    wrapped = 0
    first = 0
    for index in range(len(texts) - 1):
        text, following = texts[index], texts[index + 1]
        if 30 <= len(text) <= 85 and following[:1].islower():
            wrapped += 1
            first = first or lines[index].no
    return first if wrapped >= 3 and wrapped >= 0.25 * nonblank else None


def country_headline(view: View) -> int | None:
    """A headline `Country: topic` among the first four lines (CWI's habit)."""
    for current in view.lines[:4]:
        head, colon, rest = current.text.partition(": ")
        if colon and rest and is_country(head) and is_headline_like(current.text):
            return current.no
    return None


_LANGUAGES = re.compile(
    r"deutsch|english|español|français|italiano|nederlands|polski|português|русский|svenska"
    r"|ελληνικά|中文|türkçe",
    re.IGNORECASE,
)


def language_bar(view: View) -> int | None:
    """A language bar: four or more language names separated by `|` on one line."""
    for current in view.lines[:40]:
        if current.text.count("|") >= 3 and len(_LANGUAGES.findall(current.text)) >= 4:
            return current.no
    return None


_DIGITS = re.compile(r"\d{9,62}")


def calendar_digits(view: View) -> int | None:
    """A calendar widget flattened to a run of consecutive day numbers (`10111213141516`)."""
    for current in view.edge_lines:
        if _DIGITS.fullmatch(current.text) and _consecutive_days(current.text):
            return current.no
    return None


def _consecutive_days(digits: str) -> bool:
    """Whether a digit run is consecutive day numbers, read from any start day.

    >>> _consecutive_days("10111213141516"), _consecutive_days("2024061512")
    (True, False)
    """
    for start_width in (1, 2):
        day, position, count = int(digits[:start_width]), start_width, 1
        while position < len(digits):
            token = str(day + 1)
            if not digits.startswith(token, position):
                break
            day, position, count = day + 1, position + len(token), count + 1
        if position == len(digits) and count >= 5 and day <= 31:
            return True
    return False


_CWI_OTHER_BODY = re.compile(r"\bC[a-z]+ (?:for |of )?(?:a |the )?W[a-z]+['’]? I[a-z]+")
_CWI_NAMES = scanned(
    re.compile(r"Committee for a Workers['’] International|\bCWI\b|socialistworld\.net")
)
_CWI_SECTION = re.compile(r"\((?:[^()\n]{0,40}\s)?CWI(?:\s[^()\n]{0,40})?\)")


@lru_cache(maxsize=4)
def _other_cwi(text: str) -> bool:
    """Whether the text spells out another body with the initials CWI (`Centre for Workers'
    Information`): its `CWI` is not the Committee's."""
    return any(not m.group().startswith("Committee") for m in _CWI_OTHER_BODY.finditer(text))


def other_cwi(view: View) -> int | None:
    """The initials CWI spelled out as another body's."""
    if "CWI" not in view.text:
        return None
    match = next(
        (
            m
            for m in _CWI_OTHER_BODY.finditer(view.body_text)
            if not m.group().startswith("Committee")
        ),
        None,
    )
    return view.line_at(match.start()) if match else None


def names_cwi(view: View) -> int | None:
    """The Committee for a Workers' International named (not another body whose initials
    are CWI)."""
    match = first_match(_CWI_NAMES, view.body_text, view)
    if match is None or _other_cwi(view.body_text):
        return None
    return view.line_at(match.start())


def cwi_section(view: View) -> int | None:
    """A section named with the CWI in brackets: `(CWI in Ireland)`, `(Greek section of the
    CWI)`; not when the CWI is another body here."""
    match = first_match(_CWI_SECTION, view.body_text, view)
    if match is None or _other_cwi(view.body_text):
        return None
    return view.line_at(match.start())


def country_menu(view: View) -> int | None:
    """A menu of three or more countries separated by `|` among the first lines."""
    for current in view.lines[:12]:
        items = [item.strip() for item in current.text.split("|")]
        if len(items) >= 4 and sum(is_country(item) for item in items) >= 3:
            return current.no
    return None


_BREADCRUMB = re.compile(r"Categories: ?\S.*")
_RUN_TOGETHER = re.compile(r"[a-z][A-Z][a-z]")


def run_together_categories(view: View) -> int | None:
    """A `Categories:` breadcrumb whose names run together (`AsiaGlobalStatements`)."""
    for current in view.lines[:8]:
        if _BREADCRUMB.fullmatch(current.text) and _RUN_TOGETHER.search(current.text):
            return current.no
    return None


_COPYRIGHT = re.compile(r"(?:©|Copyright|\(c\)|All rights reserved)", re.IGNORECASE)
_OWN_NAMES = re.compile(
    r"Socialist Worker|Workers World|workers\.org|World Socialist Web Site|WSWS|CWI"
    r"|Committee for a Workers|socialistworld|Mundo Obrero",
    re.IGNORECASE,
)


def foreign_copyright(view: View) -> int | None:
    """A short copyright line among the last lines that names no publication of the four
    (their footers name themselves): another site's footer."""
    for current in view.lines[-12:]:
        text = current.text
        if (
            len(text) <= 160
            and _COPYRIGHT.search(text)
            and not _OWN_NAMES.search(text)
            and any(ch.isalpha() for ch in _COPYRIGHT.sub("", text))
        ):
            return current.no
    return None


def sites_named(hosts: tuple[tuple[str, ...], ...]) -> Callable[[View], int | None]:
    """A page naming the web sites of two or more of the publications (a page about them)."""
    FOLDED.add(host for group in hosts for host in group)

    def test(view: View) -> int | None:
        anywhere = view.folded_places  # where in the lower-cased text, read in the one scan
        if anywhere is not None and sum(not anywhere.keys().isdisjoint(g) for g in hosts) < 2:
            return None
        text = view.body_text.lower()
        named = [group for group in hosts if any(host in text for host in group)]
        return 1 if len(named) >= 2 else None

    return test


# -- the page's address ---------------------------------------------------------------------


def host_of(hosts: tuple[str, ...]) -> Callable[[View], int | None]:
    """The document's address is on one of `hosts` (or a subdomain of one)."""

    def test(view: View) -> int | None:
        host = view.host
        if host and any(host == known or host.endswith("." + known) for known in hosts):
            return 0
        return None

    return test


def foreign_host(hosts: tuple[str, ...]) -> Callable[[View], int | None]:
    """The document's address is known and on none of `hosts` (another site)."""

    def test(view: View) -> int | None:
        host = view.host
        if host and not any(host == known or host.endswith("." + known) for known in hosts):
            return 0
        return None

    return test


def url_path(pattern: str) -> Callable[[View], int | None]:
    """The document's address (or file path) has a path of the given shape."""
    compiled = re.compile(pattern)

    def test(view: View) -> int | None:
        return 0 if compiled.search(view.url_path) else None

    return test
