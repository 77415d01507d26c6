"""Committee for a Workers' International (socialistworld.net), including migrated 2002 pages."""

from __future__ import annotations

import re

from ..dates import search_date
from ..shapes import is_headline_like, is_long, more_words_than
from ..sheet import Sheet, rule
from .base import Layout, register

_PREFIX = re.compile(r"(?P<prefix>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}|cwi|CWI): \S.*")
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


@register
class Cwi(Layout):
    name = "cwi"
    label = "Committee for a Workers' International"
    hosts = ("socialistworld.net",)
    rules = (rule("cwi.country_menu", _PIPE_MENU.pattern, where="any", flags=0),)

    def read_header(self, sheet: Sheet) -> None:
        head = sheet.leading(3)
        if not head or not is_headline_like(head[0].text):
            return
        sheet.title = head[0].text
        sheet.claim(head[0], "title")
        if len(head) > 1 and _is_subtitle(sheet, head[1].no, head[1].text):
            sheet.subtitle = head[1].text
            sheet.claim(head[1], "subtitle")

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


def _is_subtitle(sheet: Sheet, no: int, text: str) -> bool:
    """The line after the headline is a subtitle when it is short and stands alone."""
    if is_long(text) and more_words_than(text, 40):
        return False
    following = sheet.doc.lines[no] if no < len(sheet.doc.lines) else None
    stands_alone = following is None or following.blank
    return stands_alone or not more_words_than(text, 15)
