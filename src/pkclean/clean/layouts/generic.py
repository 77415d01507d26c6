"""The fallback for pages of no known layout: site chrome, a cautious header, a footer.

A page of another site is read as web pages are generally laid out: the site's masthead
(name, tagline, menu) first, then perhaps a section label, the headline, a standfirst and the
byline and date lines (in any order), the body, and a footer of links, tags and notes.
"""

from __future__ import annotations

import re

from ..boilerplate import GENERIC_RULES, is_caption, repeats_caption
from ..ledger import LineRule, Sheet
from ..lines import Line
from ..text.dates import ParsedDate, search_date
from ..text.metalines import read_issue_line, read_meta_line, read_names_line
from ..text.people import is_name, split_names
from ..text.shapes import is_headline_like, is_long, more_words_than, sentences, starts_lower
from .base import Layout
from .sitechrome import (
    CHROME_RULES,
    SECTION_RULES,
    SITE_RULES,
    is_contents_heading,
    is_credit_line,
    is_spaced_menu,
)

# Site names and section labels above a headline are shorter than this.
_HEADLINE_MIN_WORDS = 5
# A section label above the headline (`Business`, `Nation/World`); longer lines are taglines.
_LABEL_MAX_WORDS = 3
_HEADER_LINES = 12
_STANDFIRST_MAX_CHARS = 400
_STANDFIRST_MAX_SENTENCES = 3

_NAMES = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}(?: and [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3})?"
# `Name reports on …`, `Name and Name explain why …`: the writers named in the standfirst.
_STANDFIRST_LEAD = re.compile(
    rf"(?:^|[.!?]\s+)(?P<names>{_NAMES}) (?:reports?|writes?|explains?|looks? at|argues?"
    r"|examines?|assess(?:es)?|analy[sz]es?|spoke to|speaks? to|talked to|talks? to"
    r"|investigates?|visited|went to)\b"
)
# `…, reports Name`, `…, write Name and Name.`
_STANDFIRST_TAIL = re.compile(
    rf",? (?:reports?|writes?|says?|argues?|explains?) (?P<names>{_NAMES})[.!]?$"
)
# A dated source or edition line at the end: `From The Socialist newspaper, 20 October 2005`.
_SOURCE_LINE = re.compile(r"(?:From|First published|Originally published|Published)\b|Sources?:")
# An author's note at the end: `Name is a member of …`, `Name writes for …`.
_BIO_VERB = re.compile(r"(?:is|was|writes|wrote|has written|works|teaches|lives|reports)\b")


class Generic(Layout):
    """Not registered: detection never chooses it; it cleans what no layout claims."""

    name = "unknown"
    label = "Unknown layout"
    rules = SITE_RULES

    def rule_groups(self) -> tuple[tuple[LineRule, ...], ...]:
        """The generic boilerplate first (it names shared lines), then the site chrome."""
        return (GENERIC_RULES, self.rules)

    def read_header(self, sheet: Sheet) -> None:
        read_header_lines(sheet)

    def read_footer(self, sheet: Sheet) -> None:
        read_footer_lines(sheet)


def read_header_lines(sheet: Sheet, *, limit: int = _HEADER_LINES) -> None:
    """Masthead, labels, headline, standfirst, bylines and date lines among the first lines.

    The site's masthead (its name, a tagline, the lines above a menu) is removed. The headline
    is the first headline-like line of five words or more below it (or the last such line
    above the first byline or date line); headline-like lines between the masthead and the
    headline are labels; the line after the headline, when it is headline-like or a
    standfirst right above a byline or date line, is the subtitle.
    """
    _mark_credited_captions(sheet)
    _remove_chrome_shapes(sheet)
    head = _header(sheet, limit)
    meta, issues = _read_meta_lines(sheet, head)
    candidates = _last_copies(
        sheet, [line for line in head if sheet.is_free(line) and is_headline_like(line.text)]
    )
    if not candidates:
        return
    free = [line for line in head if sheet.is_free(line)]
    page = _Page(sheet, _block_numbers(sheet), issues)
    title = page.choose_title(free, candidates, meta)
    page.read_above(free, title)
    sheet.title = title.text
    sheet.claim(title, "title")
    below = [line for line in head if line.no > title.no]
    _read_names_lines(sheet, below)
    _read_subtitle(sheet, below, meta)
    _author_from_standfirst(sheet)


def read_footer_lines(sheet: Sheet) -> None:
    """Footer sections, a dated source line, an author's note and a letter's sign-off."""
    tail = [line for line in sheet.doc.nonblank if line.no > sheet.tail_start]
    _remove_footer_sections(sheet, tail)
    for line in tail:
        if not sheet.is_free(line):
            continue
        date = _ending_date(line.text) if _SOURCE_LINE.match(line.text) else None
        if date is not None and sheet.date is None:
            sheet.set_date(date)
            sheet.remove(line, "generic.meta_line")
        elif _is_author_note(sheet, line.text):
            sheet.remove(line, "generic.author_bio")
    _read_sign_off(sheet)


def _remove_footer_sections(sheet: Sheet, tail: list[Line]) -> None:
    """After a footer heading (`Related`, `Tags`, `About the author`, `Sources`, …) the rest
    of the page is that footer: teasers, tags, a bio, links."""
    section: str | None = None
    for line in tail:
        removal = sheet.removals.get(line.no)
        if section is not None and sheet.is_free(line):
            sheet.remove(line, section)
        elif section is None and removal is not None and removal.rule in SECTION_RULES:
            section = removal.rule


def _read_sign_off(sheet: Sheet) -> None:
    """A letter signed at its end (`Name, City`) names its writer."""
    free = sheet.free()
    if not free or free[-1].no <= sheet.tail_start or sheet.authors:
        return
    last = free[-1]
    names, whole = read_names_line(last.text)
    if names:
        sheet.authors = names
        if whole:
            sheet.claim(last, "authors")
        else:
            sheet.remove(last, "generic.meta_line")


def _ending_date(text: str) -> ParsedDate | None:
    """The date a line ends with, or None."""
    date = search_date(text)
    if date is None or not text.rstrip(" .").endswith(date.text):
        return None
    return date


class _Page:
    """The header of one page: its blocks (runs of non-blank lines) and its chrome lines."""

    def __init__(self, sheet: Sheet, blocks: dict[int, int], issues: set[int]) -> None:
        self.sheet = sheet
        self.blocks = blocks
        self.chrome = issues | {
            no for no, removal in sheet.removals.items() if removal.rule in CHROME_RULES
        }
        self.first: int | None = None  # the first block with a free line
        self.masthead = False  # whether that block is the site's masthead
        self.tagline: set[int] = set()  # a tagline in a block of its own below the site's name

    def lines_of(self, block: int) -> list[Line]:
        return [line for line in self.sheet.doc.nonblank if self.blocks[line.no] == block]

    def choose_title(self, free: list[Line], candidates: list[Line], meta: dict[int, bool]) -> Line:
        # A line of names is a byline, not a headline.
        candidates = [line for line in candidates if not read_names_line(line.text)[0]] or (
            candidates
        )
        first = self.first = self.blocks[free[0].no]
        later = [line for line in candidates if self.blocks[line.no] != first]
        own = [line for line in free if self.blocks[line.no] == first]
        self.masthead = bool(later) and (
            self._has_chrome(first)
            or self._chrome_follows(first)
            or (len(own) >= 2 and not self._byline_between(first, later[0], meta))
            or self._site_and_tagline(own, later, meta)
        )
        pool = [line for line in later if line.no not in self.tagline] if self.masthead else []
        pool = pool or candidates
        below_meta = [no for no in sorted(meta) if any(line.no < no for line in pool)]
        if below_meta:
            pool = [line for line in pool if line.no < below_meta[0]]
        return next(
            (line for line in pool if more_words_than(line.text, _HEADLINE_MIN_WORDS - 1)),
            pool[-1],
        )

    def read_above(self, free: list[Line], title: Line) -> None:
        """Lines above the headline: the masthead is removed, headline-like lines are labels."""
        for line in free:
            if line.no >= title.no or not self.sheet.is_free(line):
                continue
            if line.no in self.tagline or self._is_masthead_line(line, title):
                self.sheet.remove(line, "generic.masthead")
            elif is_headline_like(line.text):
                self.sheet.labels.append(line.text)
                self.sheet.claim(line, "labels")

    def _is_masthead_line(self, line: Line, title: Line) -> bool:
        block = self.blocks[line.no]
        if block != self.first or block == self.blocks[title.no]:
            return False
        lines = self.lines_of(block)
        chrome = [other.no for other in lines if other.no in self.chrome]
        if chrome:
            return line.no < chrome[0]
        if not self._directly_above(block, title):
            return True
        if len(lines) < 2:
            return False  # a lone line right above the headline is its label (`Perspective`)
        if line.no == lines[0].no:
            return True  # the site's name
        return more_words_than(line.text, _LABEL_MAX_WORDS) or starts_lower(line.text)

    def _site_and_tagline(self, own: list[Line], later: list[Line], meta: dict[int, bool]) -> bool:
        """A blog's name alone on the first line, more headline-like lines below it before the
        byline or date line: the first of them, right below the name, is the blog's tagline."""
        if len(own) != 1 or own[0].no != self.sheet.doc.nonblank[0].no or not meta:
            return False
        if more_words_than(own[0].text, _HEADLINE_MIN_WORDS - 1):
            return False
        above_meta = [line for line in later if line.no < min(meta)]
        if len(above_meta) < 2:
            return False
        if self._directly_above(self.blocks[own[0].no], above_meta[0]):
            self.tagline.add(above_meta[0].no)
        return True

    def _has_chrome(self, block: int) -> bool:
        return any(line.no in self.chrome for line in self.lines_of(block))

    def _chrome_follows(self, block: int) -> bool:
        last = self.lines_of(block)[-1].no
        following = next((line for line in self.sheet.doc.nonblank if line.no > last), None)
        return following is not None and following.no in self.chrome

    def _byline_between(self, block: int, line: Line, meta: dict[int, bool]) -> bool:
        last = self.lines_of(block)[-1].no
        return any(last < no < line.no and names for no, names in meta.items())

    def _directly_above(self, block: int, title: Line) -> bool:
        last = self.lines_of(block)[-1].no
        start = self.lines_of(self.blocks[title.no])[0].no
        return not any(last < line.no < start for line in self.sheet.doc.nonblank)


def _block_numbers(sheet: Sheet) -> dict[int, int]:
    """Line number -> number of its block (a run of non-blank lines)."""
    numbers: dict[int, int] = {}
    block = 0
    for line in sheet.doc.lines:
        if line.blank:
            block += 1
        else:
            numbers[line.no] = block
    return numbers


def _header(sheet: Sheet, limit: int) -> list[Line]:
    """The free lines up to the first paragraph of prose; a standfirst long enough to count
    as prose is kept when a byline or date line follows it."""
    free = sheet.free()
    lines: list[Line] = []
    standfirst_seen = False
    for index, line in enumerate(free):
        if len(lines) >= limit:
            break
        if is_long(line.text):
            following = free[index + 1] if index + 1 < len(free) else None
            if (
                standfirst_seen
                or not lines
                or following is None
                or not _is_standfirst(line.text)
                or read_meta_line(following.text) is None
            ):
                break
            standfirst_seen = True
        lines.append(line)
    return lines


def _is_standfirst(text: str) -> bool:
    return len(text) <= _STANDFIRST_MAX_CHARS and sentences(text) <= _STANDFIRST_MAX_SENTENCES


def _read_meta_lines(sheet: Sheet, head: list[Line]) -> tuple[dict[int, bool], set[int]]:
    """Claim issue lines, bylines and date lines. Returns the byline and date lines (number ->
    whether the line gave names) and the numbers of the issue lines (part of a masthead)."""
    meta: dict[int, bool] = {}
    issues: set[int] = set()
    for line in head:
        issue = read_issue_line(line.text)
        if issue is not None and sheet.issue in (None, issue.number):
            sheet.issue = issue.number
            if issue.date is not None and sheet.date is None:
                sheet.set_date(issue.date)
            if issue.complete:
                sheet.claim(line, "issue")
            else:
                sheet.remove(line, "generic.meta_line")
            issues.add(line.no)
            continue
        found = read_meta_line(line.text)
        if found is None:
            continue
        used = False
        if found.authors and not sheet.authors:
            sheet.authors, used = found.authors, True
        if found.date is not None and sheet.date is None:
            sheet.set_date(found.date)
            used = True
        if not used:
            continue  # already had both: an unrelated line of the same shape stays in the body
        if found.complete:
            sheet.claim(line, "authors" if found.authors else "date")
        else:
            sheet.remove(line, "generic.meta_line")  # its other words stay on record here
        meta[line.no] = bool(found.authors)
    return meta, issues


def _read_names_lines(sheet: Sheet, lines: list[Line]) -> None:
    """A line of names below the headline (`Name and Name`, `Name, Karachi`) is a byline."""
    for line in lines:
        if sheet.authors:
            return
        if not sheet.is_free(line):
            continue
        names, whole = read_names_line(line.text)
        if names:
            sheet.authors = names
            if whole:
                sheet.claim(line, "authors")
            else:
                sheet.remove(line, "generic.meta_line")


def _read_subtitle(sheet: Sheet, lines: list[Line], meta: dict[int, bool]) -> None:
    """The first free line below the headline, when it is headline-like (not a caption, not a
    line introducing what follows) or a standfirst right above a byline or date line."""
    free = [line for line in lines if sheet.is_free(line)]
    if not free:
        return
    line = free[0]
    following = next((other for other in sheet.doc.nonblank if other.no > line.no), None)
    if (
        is_caption(line.text)
        or (following is not None and repeats_caption(line.text, following.text))
        or line.text.endswith(":")
    ):
        return
    above_meta = following is not None and (
        following.no in meta or sheet.meta_lines.get(following.no) in {"authors", "date"}
    )
    if is_headline_like(line.text) or (above_meta and _is_standfirst(line.text)):
        sheet.subtitle = line.text
        sheet.claim(line, "subtitle")


def _author_from_standfirst(sheet: Sheet) -> None:
    """Without a byline, the writers a standfirst names (`Name reports on …`, `…, write A
    and B.`) are the authors (warning `author_from_standfirst`)."""
    if sheet.authors or not sheet.subtitle:
        return
    match = _STANDFIRST_LEAD.search(sheet.subtitle) or _STANDFIRST_TAIL.search(sheet.subtitle)
    if match is None:
        return
    names = split_names(match.group("names"))
    if names and all(is_name(name) for name in names):
        sheet.authors = names
        sheet.warn("author_from_standfirst")


def _is_author_note(sheet: Sheet, text: str) -> bool:
    """A sentence or two about one of the authors (`Name is a member of …`)."""
    for author in sheet.authors:
        if text.startswith(author + " ") and _BIO_VERB.match(text[len(author) + 1 :]):
            return sentences(text) <= 2
    return False


def _mark_credited_captions(sheet: Sheet) -> None:
    """A short line right above a `Credit: Name` line is a photo caption."""
    lines = sheet.doc.lines
    for line in sheet.free():
        below = lines[line.no] if line.no < len(lines) else None  # lines[no] is line no + 1
        if (
            below is not None
            and sheet.is_free(below)
            and is_credit_line(below.text)
            and is_headline_like(line.text)
            and not is_credit_line(line.text)
        ):
            sheet.captions.append(line.text)
            sheet.claim(line, "captions")
            sheet.remove(below, "generic.photo_credit")


def _remove_chrome_shapes(sheet: Sheet) -> None:
    """Menus set apart by spaces and a newsletter's list of contents, above the body."""
    contents_block = False
    for line in sheet.free():
        if line.no >= sheet.head_end:
            break
        previous = sheet.doc.lines[line.no - 2] if line.no > 1 else None
        contents_block = contents_block and previous is not None and not previous.blank
        if contents_block or is_contents_heading(line.text):
            contents_block = True
            sheet.remove(line, "generic.contents")
        elif is_spaced_menu(line.raw):
            sheet.remove(line, "generic.menu")


def _last_copies(sheet: Sheet, lines: list[Line]) -> list[Line]:
    """Drop earlier copies of a repeated header line (a leaked page title, perhaps with the
    site's name after it: `Headline – Site`)."""
    kept = []
    for index, line in enumerate(lines):
        if any(_copies(line.text, later.text) for later in lines[index + 1 :]):
            sheet.remove(line, "generic.duplicate_title")
        else:
            kept.append(line)
    return kept


_SITE_SUFFIX = re.compile(r" (?:[–—|-]|::) \S.{0,60}")


def _copies(first: str, second: str) -> bool:
    return first == second or (
        first.startswith(second) and bool(_SITE_SUFFIX.fullmatch(first[len(second) :]))
    )


GENERIC = Generic()
