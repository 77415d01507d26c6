"""Committee for a Workers' International (socialistworld.net), including migrated 2002 pages."""

from __future__ import annotations

import re

from ..countries import is_country
from ..dates import search_date
from ..document import Document
from ..shapes import is_headline_like, is_long, more_words_than
from ..sheet import Sheet, rule
from .base import Layout, Signal, probe, probe_all, register

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


_PROBES = (
    probe("footer 'Please become a Patron!' (generic plugin: weak)", 0.5, "Please become a Patron"),
    probe(
        "comment form 'Be the first to comment' (generic: weak)",
        0.2,
        "Be the first to comment",
        test=lambda t: t == "Be the first to comment",
    ),
    probe("names the Committee for a Workers' International", 0.4, "Committee for a Workers"),
    probe(
        "uses the acronym CWI (weak: other bodies share it)",
        0.2,
        "CWI",
        test=lambda t: bool(_CWI_ACRONYM.search(t)) and "Committee for a Workers" not in t,
    ),
    probe(
        "dateline 'CWI Online, <date>'",
        1.5,
        "CWI Online",
        test=lambda t: bool(_DATELINE.fullmatch(t)),
    ),
    probe("pipe-separated country menu", 0.5, "|", test=lambda t: bool(_PIPE_MENU.fullmatch(t))),
    probe("names socialistworld.net", 1.0, "socialistworld.net"),
    probe(
        "names a sister or former section",
        -0.5,
        "Socialist Party of England and Wales",
        "socialistparty.org.uk",
        "Socialist Alternative",
        "socialistalternative.org",
        "The Socialist",
        test=lambda t: bool(_SISTERS.search(t)),
        times=2,
    ),
)


@register
class Cwi(Layout):
    name = "cwi"
    label = "Committee for a Workers' International"
    hosts = ("socialistworld.net",)
    rules = (rule("cwi.country_menu", _PIPE_MENU.pattern, where="any", flags=0),)

    def evidence(self, doc: Document) -> tuple[Signal, ...]:
        signals: list[Signal] = []
        lines = doc.nonblank
        if lines:
            prefix = _PREFIX.fullmatch(lines[0].text)
            name = prefix.group("prefix") if prefix else ""
            if prefix and is_headline_like(lines[0].text):
                if name.lower() == "cwi":
                    signals.append(Signal("headline 'cwi: …' on the first line", 1.2, lines[0].no))
                elif is_country(name):
                    signals.append(
                        Signal("headline 'Country: …' on the first line", 0.8, lines[0].no)
                    )
        signals.extend(probe_all(doc, _PROBES))
        if "CWI" in doc.text:
            other = next(
                (m for m in _OTHER_CWI.finditer(doc.text) if not m.group().startswith("Committee")),
                None,
            )
            if other is not None:
                signals.append(Signal(f"CWI stands for another body here ({other.group()})", -1.0))
        return tuple(signals)

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
