"""Workers World (US weekly): the 2007-2011 template, WordPress (2012 on) and AMP pages."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..people import names_line
from ..shapes import ends_sentence, is_headline_like
from ..sheet import Sheet, rule
from .base import Layout, ParsedBlock, join_title, register

_BULLET = r"(?:[•·●▪\-*]\s*)?"
_MENU_ITEMS = (
    "HOME",
    "ARCHIVES",
    "BOOKS",
    "PDF ARCHIVE",
    "WWP",
    "SUBSCRIBE",
    "DONATE",
    "MUNDOOBRERO.ORG",
    "Loading",
)
_MENU = re.compile(_BULLET + "(?:" + "|".join(re.escape(item) for item in _MENU_ITEMS) + ")")
_PUBLISHED = re.compile(
    r"Published:? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?: \d{1,2}:\d\d ?[AP]M)?)"
)
_BREADCRUMB = re.compile(r"Categories: ?\S.*")
_RUN_TOGETHER = re.compile(r"[a-z][A-Z][a-z]")
_PERMALINK = re.compile(r"workers\.org/(?:19|20)\d\d/\d\d/\d+/?")
_TEASER_END = ("…", "...", "[…]", "[...]")


@register
class WorkersWorld(Layout):
    name = "workers_world"
    label = "Workers World (US)"
    hosts = ("workers.org", "workersworld.net")
    rules = (
        rule("workers_world.navigation", _MENU.pattern, where="head", flags=0),
        rule("workers_world.follow", r"Follow workers\.org on:?", r"Twitter Facebook( iGoogle)?"),
        rule("workers_world.breadcrumb", _BREADCRUMB.pattern, where="head", flags=0),
        rule(
            "workers_world.page_tools",
            r"Printer[- ]friendly version",
            r"E-?mail (this|a friend|article)( to a friend)?",
            r"Page printed from: .{0,200}",
            where="edges",
        ),
        rule(
            "workers_world.copyright",
            r"Articles copyright \d{4}(?:-\d{4})? Workers World\..*",
            r"Verbatim copying and distribution of this entire article is permitted.*",
            where="tail",
        ),
    )

    def read_header(self, sheet: Sheet) -> None:
        head = sheet.leading(8)
        published = next(
            (i for i, line in enumerate(head) if _PUBLISHED.fullmatch(line.text)), None
        )
        if published is not None:
            line = head[published]
            match = _PUBLISHED.fullmatch(line.text)
            parsed = parse_date(match.group("date")) if match else None
            if parsed is not None:
                sheet.set_date(parsed, line)
            header = head[:published]
        else:
            header = [line for line in sheet.head(3) if is_headline_like(line.text)][:2]
            if len(header) > 1 and not _continues(header[0].text, header[1].text):
                header = header[:1]
        if not header:
            return
        title, used = join_title(header)
        sheet.title = title
        for line in used:
            sheet.claim(line, "title")
        for line in header[len(used) :]:
            names = names_line(line.text)
            if names is not None and not sheet.authors:
                sheet.authors = names
                sheet.claim(line, "authors")
            else:
                sheet.labels.append(line.text)
                sheet.claim(line, "labels")

    def finish(self, sheet: Sheet, blocks: tuple[ParsedBlock, ...]) -> tuple[ParsedBlock, ...]:
        """Drop unrelated 'related post' teasers (text ending in an ellipsis) at the end."""
        kept = list(blocks)
        while len(kept) > 1 and _is_teaser(kept[-1].text):
            teaser = kept.pop()
            for no in teaser.lines:
                sheet.remove(sheet.doc.lines[no - 1], "workers_world.related_post")
            # A teaser's own headline line above its text goes with it.
            if kept and kept[-1].kind == "heading":
                title = kept.pop()
                for no in title.lines:
                    sheet.remove(sheet.doc.lines[no - 1], "workers_world.related_post")
        return tuple(kept)


def _continues(first: str, second: str) -> bool:
    return not ends_sentence(first) and (second[:1].islower() or first.endswith(" as"))


def _is_teaser(text: str) -> bool:
    return len(text) <= 400 and text.endswith(_TEASER_END)
