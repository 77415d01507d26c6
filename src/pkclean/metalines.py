"""Byline and dateline shapes common to many sites (`Posted on <date> by <name>`, `Author: …`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import ParsedDate, parse_date, search_date
from .people import is_name, read_byline, split_names

_POSTED = re.compile(r"(?i:posted|published|written|updated)\b(?: on)?:?\s+(?P<rest>.*)")
_POSTED_BY = re.compile(r"\bby (?P<names>.+?)(?= in | on |\s*[|,]\s*\d|$)")
_AUTHOR = re.compile(r"(?i:authors?|written by):?\s+(?P<names>\S.*)")
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
    >>> read_meta_line("Police said the march was peaceful.") is None
    True
    """
    if len(text) > 160:
        return None
    byline = read_byline(text)
    if byline is not None:
        return MetaLine(authors=byline[0], complete=byline[1])
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
    return MetaLine(date=date) if date else None
