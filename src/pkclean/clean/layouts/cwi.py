"""Committee for a Workers' International (socialistworld.net), including migrated 2002 pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...model import PUBLICATION_INFO
from ..ledger import Sheet, rule
from ..lines import Line
from ..text.dates import ParsedDate, parse_date, search_date
from ..text.people import parse_byline
from ..text.shapes import is_headline_like, is_long, more_words_than
from .base import Layout, register

_DATELINE = re.compile(
    r"CWI Online,? (?P<date>\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4})\.?(?P<rest>.*)"
)
# Items may hold spaces, so optional spaces around `|` would make the split ambiguous (and a
# failing match exponential); 42 = 40 characters plus a space on each side.
_PIPE_MENU = re.compile(r"[^|]{1,42}(?:\|[^|]{1,42}){3,}")
_CWI_ACRONYM = re.compile(r"\bCWI\b")
# Another body's name with the same initials: `Centre for Workers’ Information (CWI)`.
_OTHER_CWI = re.compile(r"\bC[a-z]+ (?:for |of )?(?:a |the )?W[a-z]+['’]? I[a-z]+")
_SISTERS = re.compile(
    r"Socialist Party of England and Wales|socialistparty\.org\.uk|Socialist Alternative"
    r"|socialistalternative\.org|International Socialist Alternative|\bThe Socialist\b"
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)

# -- the 2009-2017 sidebar and the WordPress calendar widget ----------------------------------
#: A sidebar teaser's standfirst: `25/11/2004: …`, on the mobile site `14/02/2017, …`.
_TEASER = re.compile(r"\d{2}/\d{2}/\d{4}[:,] \S.*")
_CALENDAR_DAYS = "M T W T F S S"
_CALENDAR_MONTH = re.compile(rf"(?:{_MONTH_NAMES}) (?:19|20)\d\d")
#: Rows of day numbers run together (`10111213141516`), and the `« Oct    Dec »` links.
_CALENDAR_ROW = re.compile(r"[\d ]{1,40}|« ?[A-Z][a-z]{2}(?: +[A-Z][a-z]{2} ?»)?|[A-Z][a-z]{2} ?»")

# -- header shapes ----------------------------------------------------------------------------
#: The old lowercase section label at the head of a headline: `cwi: analysis – …`.
_SECTION_LABEL = re.compile(r"(?P<label>cwi: [a-z]+(?: [a-z]+){0,2}) [–-] \S")
#: A section's collective byline: `Xekinima (Greek section of the CWI) Reporters`.
_REPORTERS = re.compile(r"[A-Z][^()]{0,80}\([^()]{0,80}\bCWI\b[^()]{0,80}\) Reporters")
#: `Statement from International Secretariat of the CWI`, `Translation of Declaration by
#: Socialist Movement Pakistan (CWI Pakistan) -30/11/2019`: a body of the CWI and a date.
_STATEMENT = re.compile(
    r"(?:Translation of )?(?:Statement|Declaration) (?:from|by|of) (?:the )?"
    r"(?P<names>[^()\d]{2,80}(?:\([^()]{2,60}\))?)"
    r"(?: ?[-–] ?(?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
)
_CWI_NAMED = re.compile(r"\bCWI\b|Committee for a Workers['’] International")
_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)")
#: A caption's licence credit, `(photo: Name/CC)` at its end or `Photo: SOURCE/CC` alone.
_CC_CAPTION = re.compile(r".{3,300} \((?:photo|Photo|PHOTO): [^()]{1,80}/CC\)")
_CC_CREDIT = r"(?:photo|Photo|PHOTO): [^()]{1,80}/CC"


@register
class Cwi(Layout):
    name = "cwi"
    label = PUBLICATION_INFO["cwi"].label
    hosts = PUBLICATION_INFO["cwi"].hosts
    rules = (
        rule("cwi.country_menu", _PIPE_MENU.pattern, where="any", flags=0),
        rule(
            "cwi.masthead",
            r"socialistworld\.net",
            r"website of the committee for a workers['’] international",
            r"cwi comment and analysis(?:, [a-z ]{1,40})?\.?",
            where="head",
        ),
        rule("cwi.sidebar", r"latest news", where="head", flags=0),
        rule(
            "cwi.page_tools",
            r"printer friendly page(?: email this article to a friend)?",
            r"email this article to a friend",
            r"RSS 2\.0",
            r"rss feed",
            where="edges",
        ),
        rule(
            "cwi.appeal",
            r"Special financial appeal to all readers of socialistworld\.net",
            r"Support building alternative socialist media",
            r"Donate via Paypal",
            where="tail",
        ),
        rule("cwi.photo_credit", _CC_CREDIT, flags=0),
        # The place and month a pamphlet or statement was written: `London, November 1998`.
        rule(
            "cwi.sign_off",
            rf"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){{0,2}}, (?:{_MONTH_NAMES}) (?:19|20)\d\d",
            where="tail",
            flags=0,
        ),
    )

    def read_header(self, sheet: Sheet) -> None:
        _remove_sidebar(sheet)
        _remove_calendar(sheet)
        _mark_credited_captions(sheet)
        head = sheet.leading(6)
        if not head or not is_headline_like(head[0].text):
            return
        sheet.title = head[0].text
        sheet.claim(head[0], "title")
        label = _SECTION_LABEL.match(head[0].text)
        if label:
            sheet.labels.append(label.group("label"))
        for index, line in enumerate(head[1:], start=1):
            if _DATELINE.fullmatch(line.text):
                break  # the migrated CWI Online dateline: read with the footer
            if _read_meta(sheet, line):
                continue
            if index == 1 and _is_subtitle(sheet, line.no, line.text):
                sheet.subtitle = line.text
                sheet.claim(line, "subtitle")
                continue
            break

    def read_footer(self, sheet: Sheet) -> None:
        for line in sheet.free():
            match = _DATELINE.fullmatch(line.text)
            if match and sheet.date is None:
                parsed = search_date(match.group("date"))
                if parsed is not None:
                    sheet.set_date(parsed, line if not match.group("rest").strip() else None)
                    if match.group("rest").strip():
                        sheet.warn("dateline_in_paragraph")
                    return


@dataclass(frozen=True, slots=True)
class _Meta:
    authors: tuple[str, ...] = ()
    date: ParsedDate | None = None
    complete: bool = True  # the line holds nothing but the names or the date


def _read_meta(sheet: Sheet, line: Line) -> bool:
    """Take a byline or date line below the headline into the record; False for other lines."""
    meta = _meta(line.text)
    if meta is None or (meta.authors and sheet.authors) or (meta.date and sheet.date):
        return False
    if meta.authors:
        sheet.authors = meta.authors
    if meta.date is not None:
        sheet.set_date(meta.date)
    if meta.complete:
        sheet.claim(line, "authors" if meta.authors else "date")
    else:
        sheet.remove(line, "generic.meta_line")  # its other words stay on record there
    return True


def _meta(text: str) -> _Meta | None:
    """The names and date of a CWI byline or date line, or None.

    >>> _meta("Xekinima (Greek section of the CWI) Reporters").authors
    ('Xekinima (Greek section of the CWI) Reporters',)
    >>> meta = _meta("Translation of Declaration by Xekinima (CWI Greece) -18/10/2019")
    >>> meta.authors, meta.date.date.isoformat(), meta.complete
    (('Xekinima (CWI Greece)',), '2019-10-18', False)
    >>> _meta("Statement by the government on the floods") is None
    True
    """
    if _REPORTERS.fullmatch(text):
        return _Meta(authors=(text,))
    statement = _STATEMENT.fullmatch(text)
    if statement and _CWI_NAMED.search(statement.group("names")):
        date = _numeric_date(statement.group("date")) if statement.group("date") else None
        return _Meta(authors=(statement.group("names").strip(),), date=date, complete=False)
    byline = parse_byline(text)
    if byline is not None:
        return _Meta(authors=byline)
    date = parse_date(text)
    if date is not None and date.moment is None:
        return _Meta(date=date)
    return None


def _numeric_date(text: str) -> ParsedDate | None:
    """A `DD/MM/YYYY` date (the CWI writes the day first)."""
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return ParsedDate(text, day)


def _remove_sidebar(sheet: Sheet) -> None:
    """The `latest news` teasers of the 2009-2017 site, printed before (or after) the article:
    a headline, `DD/MM/YYYY: standfirst`, and an indented `Country, Topic` line."""
    lines = sheet.doc.lines
    for line in sheet.free():
        if not _TEASER.fullmatch(line.text) or not sheet.in_region(line, "edges"):
            continue
        sheet.remove(line, "cwi.sidebar")
        before = lines[line.no - 2] if line.no > 1 else None
        if before is not None and sheet.is_free(before) and is_headline_like(before.text):
            sheet.remove(before, "cwi.sidebar")
        after = lines[line.no] if line.no < len(lines) else None
        if after is not None and sheet.is_free(after) and after.raw[:1] in (" ", "\t"):
            sheet.remove(after, "cwi.sidebar")


def _remove_calendar(sheet: Sheet) -> None:
    """The WordPress calendar widget: `November 2014`, `M T W T F S S`, rows of day numbers
    run together, and the links to the months before and after."""
    lines = sheet.doc.lines
    for line in sheet.free():
        if line.text != _CALENDAR_DAYS or not sheet.is_free(line):
            continue
        sheet.remove(line, "cwi.calendar")
        before = lines[line.no - 2] if line.no > 1 else None
        if before is not None and sheet.is_free(before) and _CALENDAR_MONTH.fullmatch(before.text):
            sheet.remove(before, "cwi.calendar")
        for after in lines[line.no :]:
            if after.blank or not sheet.is_free(after) or not _CALENDAR_ROW.fullmatch(after.text):
                break
            sheet.remove(after, "cwi.calendar")


def _mark_credited_captions(sheet: Sheet) -> None:
    """Captions with the CWI's licence credit: `… (photo: Name/CC)`, or a line directly above
    a `Photo: SOURCE/CC` credit line (removed as `cwi.photo_credit`)."""
    for line in sheet.free():
        credit = sheet.removals.get(line.no + 1)
        if _CC_CAPTION.fullmatch(line.text) or (
            credit is not None and credit.rule == "cwi.photo_credit"
        ):
            sheet.claim(line, "captions")
            sheet.captions.append(line.text)


def _is_subtitle(sheet: Sheet, no: int, text: str) -> bool:
    """The line after the headline is a subtitle when it is short and stands alone."""
    if is_long(text) and more_words_than(text, 40):
        return False
    following = sheet.doc.lines[no] if no < len(sheet.doc.lines) else None
    stands_alone = following is None or following.blank
    return stands_alone or not more_words_than(text, 15)
