"""World Socialist Web Site (wsws.org)."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..document import Line
from ..people import names_line
from ..shapes import ends_with_connector, is_headline_like, starts_lower
from ..sheet import Sheet, rule
from .base import Layout, register

_DATE = re.compile(
    r"(?:[A-Z][a-z]+day,? )?\d{1,2} (?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) (?:19|20)\d\d"
)
_NAMES_DATE = re.compile(rf"(?P<names>.+?),?\s+(?P<date>{_DATE.pattern})")
_CONTACT_1 = r"To contact the W?WS ?W?S? and the( Socialist Equality Party visit:?)?"
_CONTACT_2 = r"Socialist Equality Party visit:?"
_CONTACT_LINK = r"\[?(?:https?://)?(?:www\.)?wsws\.org/contact/?\]?(?:\(https?://(?:www\.)?wsws\.org/contact/?\))?"
_CONTACT_LINE = re.compile(_CONTACT_1)
_CONTACT_URL = re.compile(_CONTACT_LINK)
_QUOTE_OPENERS = "“\"‘'«"


@register
class Wsws(Layout):
    name = "wsws"
    label = "World Socialist Web Site"
    hosts = ("wsws.org",)
    rules = (
        rule("wsws.contact_footer", _CONTACT_1, _CONTACT_2, _CONTACT_LINK, where="tail"),
        rule("wsws.language_selector", r"English|Español|Deutsch|Français|Türkçe", where="head"),
        rule(
            "wsws.page_tools",
            r"Use this version to print( \| Send feedback)?",
            r"Send feedback",
            r"Print version",
            where="edges",
        ),
        rule(
            "wsws.signup",
            # Calls to sign up or join that name the site or its party, and today's form lines.
            r"(?:Sign up|Subscribe|Text|Join|Follow|Get|Fill out|Complete|Contact) .{0,120}"
            r"\b(?:WSWS|World Socialist Web Site|SEP|Socialist Equality Party|IYSSE)\b.{0,120}",
            r"We will follow up with you about .{0,100}(?:SEP|Socialist Equality Party)\.?",
            r"I would like to join the (?:SEP|Socialist Equality Party)",
            r"Join the fight for socialism!?",
            r"To join the Socialist Equality Party, click here\.?",
            r"The World Socialist Web Site invites workers and other readers to contribute to "
            r"this regular feature\.?",
            where="edges",
            flags=0,
        ),
    )

    def read_header(self, sheet: Sheet) -> None:
        head = [line for line in sheet.leading(7) if is_headline_like(line.text)]
        head = _contiguous(sheet, head)
        for line in head[:5]:
            # `Name and Name  12 December 2007` on one line.
            joined = _NAMES_DATE.fullmatch(line.text)
            names = names_line(joined.group("names")) if joined else None
            parsed = parse_date(joined.group("date")) if joined else None
            if names is not None and parsed is not None:
                sheet.add_byline(names, line)
                sheet.set_date(parsed)
                head = head[: head.index(line)]
                break
        date_index = next((i for i, line in enumerate(head) if _DATE.fullmatch(line.text)), None)
        if date_index is not None:
            parsed = parse_date(head[date_index].text)
            if parsed is not None and sheet.date is None:
                sheet.set_date(parsed, head[date_index])
            elif parsed is not None and sheet.date is not None:
                # The byline already gave the date: this line is kept in `removed`, not lost.
                if parsed.date != sheet.date.date:
                    sheet.warn("dates_differ")
                sheet.remove(head[date_index], "wsws.second_date")
            if date_index > 0:
                names = _byline(sheet, head[date_index - 1].text)
                if names is not None:
                    sheet.add_byline(names, head[date_index - 1])
            head = head[:date_index]
        head = [line for line in head if sheet.is_free(line)]
        if date_index is None and len(head) >= 2:
            # An author line right below the headline, without a date.
            names = _byline(sheet, head[1].text)
            if names is not None:
                sheet.add_byline(names, head[1])
                head = [head[0]]
        for line in list(head):
            if line.text == "Perspective":
                sheet.labels.append(line.text)
                sheet.claim(line, "labels")
                head.remove(line)
        if not sheet.authors and len(head) >= 2:
            # Reader letters: the writer's name stands above the headline.
            names = _byline(sheet, head[0].text)
            if names is not None:
                sheet.add_byline(names, head[0])
                head = head[1:]
        if not head:
            return
        for line in head[:-2]:
            sheet.labels.append(line.text)
            sheet.claim(line, "labels")
        head = head[-2:]
        if len(head) == 2 and not _one_headline(head[0].text, head[1].text):
            sheet.labels.append(head[0].text)
            sheet.claim(head[0], "labels")
            head = head[1:]
        sheet.title = " ".join(line.text for line in head)
        for line in head:
            sheet.claim(line, "title")


def _byline(sheet: Sheet, text: str) -> tuple[str, ...] | None:
    """The names of a byline: a line of names, or a name the page's own byline link gives
    (`Our reporters`, linked to `/en/authors/Our-reporters`)."""
    names = names_line(text)
    page = sheet.doc.page
    if names is None and page is not None and text in page.authors:
        names = (text,)
    return names


def _contiguous(sheet: Sheet, lines: list[Line]) -> list[Line]:
    """Header lines: the leading headline-like lines before the first line of the body."""
    leading = sheet.leading(len(lines) + 1)
    kept = []
    for line, expected in zip(lines, leading, strict=False):
        if line.no != expected.no:
            break
        kept.append(line)
    return kept


def _one_headline(first: str, second: str) -> bool:
    """Whether two header lines are one headline: a quotation plus its descriptive line, or a
    headline broken mid-phrase (otherwise the first line is a series label)."""
    return first[:1] in _QUOTE_OPENERS or ends_with_connector(first) or starts_lower(second)
