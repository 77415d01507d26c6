"""Socialist Worker (UK weekly): the 2004-2021 template and the 2022 one."""

from __future__ import annotations

import re

from ...model import PUBLICATION_INFO
from ..boilerplate import is_caption, repeats_caption
from ..ledger import Sheet, rule
from ..lines import Line
from ..text.dates import parse_date
from ..text.people import is_name, parse_byline
from ..text.shapes import ends_sentence, is_headline_like, sentences
from .base import Layout, ParsedBlock, join_title, register

# A letter suffix marks a special online issue (`Issue No. 2238a`).
_ISSUE = re.compile(r"Issue(?: No\.?)?:? ?(?P<number>\d{3,5}[a-z]?)", re.IGNORECASE)
_PDF_BANNER = re.compile(r"Downloading PDF\. Please wait\.{3}\s*(?:Issue (?P<number>\d{3,5}))?")
_AGE_BANNER = re.compile(r"This article is over (?:\d+ years?|\d+ months?)(?:,? \d+ months?)? old")
_DATE_LINE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* \d{1,2} [A-Z][a-z]{2,8} (?:19|20)\d\d"
    r"(?:, \d{1,2}:\d\d(?: (?:GMT|BST))?)?"
)
_NAME = r"(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})"
# The author named in the standfirst: `Name spoke to …`, `<role> Name reports from …`
# (after a lower-case word of description) or `…, says Name`.
_STANDFIRST_AUTHOR = (
    re.compile(
        rf"(?:^|[.!?]\s+|(?<=[a-z] )){_NAME} "
        r"(?:spoke to|speaks to|looks at|reports(?: from| on)?|writes|argues|explains|examines"
        r"|talked to|talks to|investigates|went to|visited|joined|assesses|analyses)\b"
    ),
    re.compile(rf", (?:says|writes|argues|reports) {_NAME}\.?$"),
)
# The WordPress tag-page line: the date, and the account that posted (not an author).
_POSTED_ON = re.compile(r"Posted on:? (?P<date>.+?) by \S+(?: No Comments| \d+ Comments?)?")
_NOT_AUTHOR_WORDS = frozenset({"Socialist", "Worker", "Workers", "Pakistan", "The", "General"})


@register
class SocialistWorker(Layout):
    name = "socialist_worker"
    label = PUBLICATION_INFO["socialist_worker"].label
    hosts = PUBLICATION_INFO["socialist_worker"].hosts
    rules = (
        rule("socialist_worker.masthead", r"Socialist Worker", where="head"),
        rule(
            "socialist_worker.newsletter",
            r"Click here to subscribe to our daily morning email newsletter "
            r"['‘’\"“”]?Breakfast in red['‘’\"“”]?",
        ),
        rule("socialist_worker.footer", r"Article information", where="tail"),
        rule("socialist_worker.share", r"Share this article", where="tail"),
        rule(
            "socialist_worker.home_screen",
            r"Mobile users! Don['’]t forget to add Socialist Worker to your home screen\.?",
        ),
        rule("socialist_worker.age_banner", _AGE_BANNER.pattern, where="head"),
        rule("socialist_worker.pdf_banner", _PDF_BANNER.pattern, where="head", flags=0),
        rule(
            "socialist_worker.leaflet",
            r"This article is available to download and print as an A4 leaflet\.?",
        ),
        rule(
            "socialist_worker.donation",
            r"If you enjoy Socialist Worker, please consider giving.{0,200}",
        ),
    )

    def read_header(self, sheet: Sheet) -> None:
        for line in sheet.head(20):
            banner = _PDF_BANNER.fullmatch(line.text)
            if banner and banner.group("number") and sheet.issue is None:
                sheet.issue = banner.group("number")
        _read_posted_on(sheet)
        head = _until_caption(sheet.leading(8))
        issue_index = next((i for i, line in enumerate(head) if _ISSUE.fullmatch(line.text)), None)
        header = head[:issue_index] if issue_index is not None else _until_caption(sheet.head(4))
        if issue_index is not None:
            issue_line = head[issue_index]
            number = _ISSUE.fullmatch(issue_line.text).group("number")  # type: ignore[union-attr]
            if sheet.issue in (None, number):
                sheet.issue = number
                sheet.claim(issue_line, "issue")
            else:
                sheet.remove(issue_line, "socialist_worker.issue_repeated")
        rest: list[Line] = []
        for line in header:
            names = parse_byline(line.text)
            if names is not None and not sheet.authors:
                sheet.authors = names
                sheet.claim(line, "authors")
            else:
                rest.append(line)
        if issue_index is None:
            # Without an issue line the header ends at the byline or the first line of prose.
            rest = _until_prose(rest)
        if not rest:
            return
        title, used = join_title(rest)
        sheet.title = title
        for line in used:
            sheet.claim(line, "title")
        standfirst = rest[len(used) :]
        if standfirst:
            sheet.subtitle = " ".join(line.text for line in standfirst)
            for line in standfirst:
                sheet.claim(line, "subtitle")

    def read_footer(self, sheet: Sheet) -> None:
        for line in sheet.free():
            if _DATE_LINE.fullmatch(line.text) and sheet.date is None:
                parsed = parse_date(line.text)
                if parsed is not None:
                    sheet.set_date(parsed, line)
                    continue
            issue = _ISSUE.fullmatch(line.text)
            if issue and sheet.in_region(line, "tail"):
                if sheet.issue is None:
                    sheet.issue = issue.group("number")
                    sheet.claim(line, "issue")
                elif sheet.issue == issue.group("number"):
                    sheet.remove(line, "socialist_worker.issue_repeated")
                else:
                    sheet.warn("issue_conflict")
                    sheet.remove(line, "socialist_worker.issue_repeated")

    def finish(self, sheet: Sheet, blocks: tuple[ParsedBlock, ...]) -> tuple[ParsedBlock, ...]:
        """The first paragraph after the header is the standfirst (it stays in the body)."""
        first = blocks[0] if blocks else None
        if (
            sheet.subtitle is None
            and first is not None
            and first.kind == "paragraph"
            and sentences(first.text) <= 3
            and len(first.text) <= 400
        ):
            sheet.subtitle = first.text
        if not sheet.authors and sheet.subtitle:
            name = _standfirst_author(sheet.subtitle)
            if name is not None:
                sheet.authors = (name,)
                sheet.warn("author_from_standfirst")
        return blocks


def _standfirst_author(standfirst: str) -> str | None:
    """The author a standfirst names in prose, or None."""
    for pattern in _STANDFIRST_AUTHOR:
        match = pattern.search(standfirst)
        if match is None:
            continue
        name = match.group("name")
        if is_name(name) and not set(name.split()) & _NOT_AUTHOR_WORDS:
            return name
    return None


def _read_posted_on(sheet: Sheet) -> None:
    """The date of a WordPress tag-page line `Posted on: June 17th, 2022 by <account> …`.

    The line also names the posting account and a comment count, so it is removed as a
    metadata line with other words.
    """
    for line in sheet.head(6):
        match = _POSTED_ON.fullmatch(line.text)
        parsed = parse_date(match.group("date")) if match else None
        if parsed is not None and sheet.date is None:
            sheet.set_date(parsed)
            sheet.remove(line, "generic.meta_line")
            return


def _until_caption(lines: list[Line]) -> list[Line]:
    """Header lines end at the first photo caption (one copy of a pair, or one with a credit)."""
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if is_caption(line.text) or (
            following is not None
            and following.no == line.no + 1
            and repeats_caption(line.text, following.text)
        ):
            return lines[:index]
    return lines


def _until_prose(lines: list[Line]) -> list[Line]:
    """Leading header lines: headline-like lines, stopping before any sentence of prose."""
    kept: list[Line] = []
    for line in lines:
        if not is_headline_like(line.text) or (kept and ends_sentence(line.text)):
            break
        kept.append(line)
    return kept
