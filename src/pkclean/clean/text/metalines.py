"""Byline and dateline shapes common to many sites (`Posted on <date> by <name>`, `Author: …`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import ParsedDate, parse_date, search_date
from .people import is_name, names_line, read_byline, split_names
from .shapes import more_words_than

_POSTED = re.compile(r"(?i:posted|published|written|updated)\b(?: on)?:?\s+(?P<rest>.*)")
_POSTED_BY = re.compile(r"\bby (?P<names>.+?)(?= in | on |\s*[|,]\s*\d|$)")
_AUTHOR = re.compile(r"(?i:authors?|written by):?\s+(?P<names>\S.*)")
# `By Name posted on Workers World, July 8, 2020`: a WordPress byline with the date after it.
_POSTED_SEPARATOR = re.compile(r" (?i:posted|published) (?i:on|in) ")
# What may follow a leading date: `March 14th, 2025 - by World Socialist Web Site`.
_AFTER_DATE_BY = re.compile(r"[\s,|–—-]*(?P<byline>(?i:by)\s+\S.*)")
# `19-09-2019 \ England and Wales`: day first, as the British sites write it with dashes.
_DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>(?:19|20)\d\d)\b")
# `Asad Farooq in Lahore`: a name with the place the writer reports from.
_IN_PLACE = re.compile(r"(?P<name>.+?) in [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")
_WEB_ADDRESS = re.compile(r"\w\.(?:org|com|net|info)\b")
_LEADING_DATE_MAX = 80


@dataclass(frozen=True, slots=True)
class MetaLine:
    """What a metadata line says: names, a date, or both."""

    authors: tuple[str, ...] = ()
    date: ParsedDate | None = None
    complete: bool = False  # the line holds nothing but the names or the date


def read_meta_line(text: str) -> MetaLine | None:
    """Names and date from a byline or dateline, or None for any other line.

    >>> read_meta_line("Posted on 6 September 2022 by Amina Shah").authors
    ('Amina Shah',)
    >>> read_meta_line("Author: Hamid Latifi").authors
    ('Hamid Latifi',)
    >>> read_meta_line("August 26, 2022 4:15 PM GMT Updated 2 hours ago").date.text
    'August 26, 2022 4:15 PM GMT'
    >>> read_meta_line("By Tahir Mirza, Socialist Movement Pakistan (CWI)")
    MetaLine(authors=('Tahir Mirza',), date=None, complete=False)
    >>> read_meta_line("By Amina Shah, Reuters").authors
    ('Amina Shah', 'Reuters')
    >>> read_meta_line("By Hakim Jalali posted on May 2, 2018").date.text
    'May 2, 2018'
    >>> read_meta_line("19-09-2019 \\\\ England and Wales").date.date.isoformat()
    '2019-09-19'
    >>> read_meta_line("Police said the march was peaceful.") is None
    True
    """
    if len(text) > 160:
        return None
    separator = _POSTED_SEPARATOR.search(text) if text[:3].lower() == "by " else None
    if separator is not None:
        names = _byline(text[: separator.start()])[0]
        date = search_date(text[separator.end() :])
        if names:
            return MetaLine(authors=names, date=date)
    names, whole = _byline(text)
    if names:
        return MetaLine(authors=names, complete=whole)
    author = _AUTHOR.fullmatch(text)
    if author:
        names = split_names(author.group("names"))
        return MetaLine(authors=names) if names and all(is_name(n) for n in names) else None
    posted = _POSTED.fullmatch(text)
    if posted:
        by = _POSTED_BY.search(posted.group("rest"))
        names = split_names(by.group("names")) if by else ()
        names = tuple(name for name in names if is_name(name))
        date = search_date(posted.group("rest"))
        return MetaLine(authors=names, date=date) if names or date else None
    date = parse_date(text)
    if date is not None:
        return MetaLine(date=date, complete=True)
    if len(text) <= _LEADING_DATE_MAX:
        date = search_date(text)
        if date is not None and not text.startswith(date.text):
            date = None
        date = date or _day_month_year(text)
        if date is not None:
            after = _AFTER_DATE_BY.fullmatch(text[len(date.text) :])
            names = _byline(after.group("byline"))[0] if after else ()
            return MetaLine(authors=names, date=date)
    return None


def _byline(text: str) -> tuple[tuple[str, ...], bool]:
    """The names of a `By …` line, and whether they are all the line says.

    A place after a name (`By A in Lahore`) and an organisation or site after the first name
    (`By A, Socialist Movement Pakistan (CWI)`, `By A, wsws.org`) are left out; other names
    are kept as written (`by World Socialist Web Site`, `By A, Reuters`).
    """
    read = read_byline(text)
    if read is None:
        return (), False
    names, complete = read
    kept: list[str] = []
    parts = [piece for name in names for piece in _split_capitals(name)]
    for index, part in enumerate(parts):
        place = _IN_PLACE.fullmatch(part)
        if _is_person(part):
            kept.append(part)
        elif place and _is_person(place.group("name")):
            kept.append(place.group("name"))
        elif index == 0 or not _is_affiliation(part):
            kept.append(part)
    return tuple(kept), complete and kept == parts


def _is_affiliation(text: str) -> bool:
    """An organisation or a web site named after a writer, rather than another writer."""
    return "(" in text or bool(_WEB_ADDRESS.search(text)) or more_words_than(text, 2)


def _split_capitals(name: str) -> list[str]:
    """`DEREK HOLLOWAY AND RUTH PALMER`: a byline in capitals joins its names with `AND`."""
    return name.split(" AND ") if name.isupper() else [name]


def _is_person(text: str) -> bool:
    return is_name(text.title() if text.isupper() else text)


def _day_month_year(text: str) -> ParsedDate | None:
    """A leading `DD-MM-YYYY` date."""
    match = _DAY_MONTH_YEAR.match(text)
    if match is None:
        return None
    try:
        date = dt.date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
    except ValueError:
        return None
    return ParsedDate(match.group(0), date)


@dataclass(frozen=True, slots=True)
class IssueLine:
    """A print issue line: the number, a date written with it, and whether that is all."""

    number: str
    date: ParsedDate | None = None
    complete: bool = False


_ISSUE_LINE_MAX = 100
_ISSUE = re.compile(
    r"(?P<before>.{0,60}?)"
    r"(?:Vol(?:ume)?\.? ?\d{1,3} ?[/,] ?No\.? ?(?P<volume>\d{1,5})"
    r"|(?i:issue)(?: No\.?)?:? ?#?(?P<issue>\d{1,5})"
    r"|#(?P<hash>\d{1,5}))"
    r"(?P<after>(?: ?[,–—|-] ?.{0,60}| .{0,60}\b(?:19|20)\d\d\b.{0,20})?)"
)


def read_issue_line(text: str) -> IssueLine | None:
    """The issue number of a print issue line, or None for any other line.

    >>> issue = read_issue_line("Vol.63/No.39 November 8, 1999")
    >>> issue.number, issue.date.text, issue.complete
    ('39', 'November 8, 1999', False)
    >>> read_issue_line("Issue 519")
    IssueLine(number='519', date=None, complete=True)
    >>> read_issue_line("Justice #27, November-December 2001").number
    '27'
    >>> read_issue_line("Pakistan's #1 problem") is None
    True
    """
    if len(text) > _ISSUE_LINE_MAX:
        return None
    match = _ISSUE.fullmatch(text)
    if match is None:
        return None
    number = match.group("volume") or match.group("issue") or match.group("hash")
    after = match.group("after")
    complete = not match.group("before").strip() and not after.strip()
    return IssueLine(number, search_date(after) if after else None, complete)


_NAME_AND_PLACE_MAX = 80
_PLACE_MAX_WORDS = 5


def read_names_line(text: str) -> tuple[tuple[str, ...], bool]:
    """Names from a line of names (`A and B`), or the name before a place or an organisation
    (`A, Karachi`, `A in Karachi`, `A, Socialist Movement Pakistan (CWI), Lahore`); and whether
    the names are all the line says. Empty for any other line.

    >>> read_names_line("Harriet Dunmore and Bilal Chaudhry")
    (('Harriet Dunmore', 'Bilal Chaudhry'), True)
    >>> read_names_line("Hammad Yousaf, Karachi")
    (('Hammad Yousaf',), False)
    >>> read_names_line("Amina Shah in Karachi")
    (('Amina Shah',), False)
    >>> read_names_line("Teachers in Sindh win back pay")
    ((), False)
    """
    if len(text) > _NAME_AND_PLACE_MAX or text.endswith((".", "!", "?", ":", ";")):
        return (), False
    names = names_line(text)
    if names is not None:
        return names, True
    place = _IN_PLACE.fullmatch(text)
    if place and _is_person(place.group("name")):
        return (place.group("name"),), False
    first, _, rest = text.partition(", ")
    others = rest.split(", ") if rest else []
    if (
        others
        and _is_person(first)
        and all(other and not more_words_than(other, _PLACE_MAX_WORDS) for other in others)
    ):
        return (first,), False
    return (), False
