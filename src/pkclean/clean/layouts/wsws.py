"""World Socialist Web Site (wsws.org)."""

from __future__ import annotations

import datetime as dt
import re

from ...model import PUBLICATION_INFO
from ..boilerplate import is_caption
from ..ledger import Sheet, rule
from ..lines import Line
from ..text.dates import ParsedDate, parse_date
from ..text.people import names_line
from ..text.shapes import ends_with_connector, is_headline_like, starts_lower
from .base import Layout, register

_DATE = re.compile(
    r"(?:[A-Z][a-z]+day,? )?\d{1,2} (?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) (?:19|20)\d\d"
)
_DATE_AT_END = re.compile(rf"(?:{_DATE.pattern})$")
_CONTACT_1 = r"To contact the W?WS ?W?S? and the( Socialist Equality Party visit:?)?"
_CONTACT_2 = r"Socialist Equality Party visit:?"
_CONTACT_LINK = r"\[?(?:https?://)?(?:www\.)?wsws\.org/contact/?\]?(?:\(https?://(?:www\.)?wsws\.org/contact/?\))?"
_CONTACT_LINE = re.compile(_CONTACT_1)
_CONTACT_URL = re.compile(_CONTACT_LINK)
_QUOTE_OPENERS = "“\"‘'«"
#: Month names of the Spanish edition's date lines (`22 Julio 2003`).
_SPANISH_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
            " diciembre"
        ).split(),
        start=1,
    )
}
_SPANISH_DATE = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{4,10}) (?P<year>(?:19|20)\d\d)")
#: The Spanish edition's byline (`Por David North`).
_SPANISH_BYLINE = re.compile(r"Por (?P<names>\S.{0,200})")
#: The site's name after the names of a byline: `By Editorial Board  World Socialist Web Site`.
_SITE_AFTER_NAMES = re.compile(r"(?P<names>.+?),? (?:World Socialist Web Site|WSWS|wsws\.org)")
#: The labour round-up's series title: the whole header of its page.
_SERIES_TITLE = re.compile(r"Workers Struggles: .{3,80}")
#: A reader's letter opens with the title of the article it answers: `On “<title>”`.
_LETTER_INTRODUCER = re.compile(r"On [“\"]\S.*")


@register
class Wsws(Layout):
    name = "wsws"
    label = PUBLICATION_INFO["wsws"].label
    hosts = PUBLICATION_INFO["wsws"].hosts
    rules = (
        rule("wsws.contact_footer", _CONTACT_1, _CONTACT_2, _CONTACT_LINK, where="tail"),
        rule("wsws.language_selector", r"English|Español|Deutsch|Français|Türkçe", where="head"),
        rule(
            "wsws.spanish_sidebar",
            # The old Spanish edition's sidebar and menu, printed above the article.
            r"EN INGLES",
            r"Visite el sitio inglés",
            r"actualizado a diario",
            r"pulsando:?",
            r"www\.wsws\.org",
            r"Análisis Actuales",
            r"Sobre el WSWS",
            r"Sobre el CICI",
            r"WSWS ?: ?Español",
            where="head",
        ),
        rule(
            "wsws.page_tools",
            r"Use this version to print( \| Send feedback)?",
            r"Send feedback",
            r"Print version",
            where="edges",
        ),
        rule(
            "wsws.translation_note",
            # `Este artículo fue publicado en inglés el 12 de septiembre de 2013.`
            r"Este artículo(?: [^.]{1,80})? fue publicado (?:originalmente )?en inglés"
            r" el [^.]{1,60}\.?",
            where="head",
            flags=0,
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
        head = _contiguous(sheet, [line for line in sheet.leading(7) if _may_head(sheet, line)])
        series = next(
            (i for i, line in enumerate(head) if _SERIES_TITLE.fullmatch(line.text)), None
        )
        if series is not None:
            head = head[: series + 1]  # the round-up's items and country subheads are its body
        for line in head[:5]:
            # `Name and Name  12 December 2007` on one line.
            joined = _names_and_date(line.text)
            names = names_line(joined[0]) if joined else None
            parsed = parse_date(joined[1]) if joined else None
            if names is not None and parsed is not None:
                sheet.add_byline(names, line)
                sheet.set_date(parsed)
                head = head[: head.index(line)]
                break
        date_index = next((i for i, line in enumerate(head) if _date_line(line.text)), None)
        if date_index is not None:
            parsed = _date_line(head[date_index].text)
            if parsed is not None and sheet.date is None:
                sheet.set_date(parsed, head[date_index])
            elif parsed is not None and sheet.date is not None:
                # The byline already gave the date: this line is kept in `removed`, not lost.
                if parsed.date != sheet.date.date:
                    sheet.warn("dates_differ")
                sheet.remove(head[date_index], "wsws.second_date")
            if date_index > 0:
                _take_byline(sheet, head[date_index - 1])
            head = head[:date_index]
        head = [line for line in head if sheet.is_free(line)]
        if date_index is None and len(head) >= 2 and _take_byline(sheet, head[1]):
            head = [head[0]]  # an author line right below the headline, without a date
        for line in list(head):
            if line.text == "Perspective":
                sheet.labels.append(line.text)
                sheet.claim(line, "labels")
                head.remove(line)
        if not sheet.authors and len(head) >= 2 and _take_byline(sheet, head[0]):
            head = head[1:]  # reader letters: the writer's name stands above the headline
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


def _date_line(text: str) -> ParsedDate | None:
    """A date line `D Month YYYY`, or the Spanish edition's `D Mes YYYY`.

    >>> _date_line("22 Julio 2003").date.isoformat()
    '2003-07-22'
    >>> _date_line("22 Julio de 2003") is None
    True
    """
    if _DATE.fullmatch(text):
        return parse_date(text)
    match = _SPANISH_DATE.fullmatch(text)
    month = _SPANISH_MONTHS.get(match.group("month").lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return ParsedDate(text, dt.date(int(match["year"]), month, int(match["day"])))
    except ValueError:
        return None


def _take_byline(sheet: Sheet, line: Line) -> bool:
    """Take a byline into the record (False when the line is not one). A byline that also
    names the site is listed in `removed` as `generic.meta_line`, so its full text is kept."""
    names = _byline(sheet, line.text)
    if names is None:
        return False
    sheet.add_byline(names, line)
    if _SITE_AFTER_NAMES.fullmatch(line.text) and names_line(line.text) != names:
        del sheet.meta_lines[line.no]
        sheet.remove(line, "generic.meta_line")
    return True


def _names_and_date(text: str) -> tuple[str, str] | None:
    """`Name and Name  12 December 2007` split into its names and its date (found from the
    end of the line, so that no pattern backtracks over the names).

    >>> _names_and_date("Keith Jones, 12 December 2007")
    ('Keith Jones', '12 December 2007')
    """
    match = _DATE_AT_END.search(text)
    if match is None or match.start() == 0 or not text[match.start() - 1].isspace():
        return None
    names = text[: match.start()].rstrip().removesuffix(",").rstrip()
    return (names, match.group()) if names else None


def _byline(sheet: Sheet, text: str) -> tuple[str, ...] | None:
    """The names of a byline: a line of names (`By A`, `Por A`, without the site's name after
    them), or a name the page's own byline link gives (`Our reporters`, linked to
    `/en/authors/Our-reporters`)."""
    spanish = _SPANISH_BYLINE.fullmatch(text)
    site = _SITE_AFTER_NAMES.fullmatch(text)
    names = names_line(
        f"By {spanish.group('names')}" if spanish else site.group("names") if site else text
    )
    page = sheet.doc.page
    if names is None and page is not None and text in page.authors:
        names = (text,)
    return names


def _may_head(sheet: Sheet, line: Line) -> bool:
    """Whether a line can belong to the header: headline-like, and not a photo caption, a
    letter's `On “<title>”` or the first line of a hard-wrapped paragraph."""
    return (
        is_headline_like(line.text)
        and not is_caption(line.text)
        and not _LETTER_INTRODUCER.fullmatch(line.text)
        and not _opens_wrapped_paragraph(sheet, line)
    )


def _opens_wrapped_paragraph(sheet: Sheet, line: Line) -> bool:
    """In a hard-wrapped dump, a line that runs on into two or more lines, the first of them
    starting in lower case, is the start of a paragraph (a wrapped headline has two lines)."""
    lines = sheet.doc.lines
    if not sheet.wrapped or line.no + 1 >= len(lines):
        return False
    following, third = lines[line.no], lines[line.no + 1]
    return not following.blank and starts_lower(following.text) and not third.blank


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
