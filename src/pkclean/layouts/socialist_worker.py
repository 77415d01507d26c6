"""Socialist Worker (UK weekly): the 2004-2021 template and the 2022 one."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..document import Line
from ..people import parse_byline
from ..shapes import ends_sentence, is_headline_like, sentences
from ..sheet import Sheet, rule
from .base import Layout, ParsedBlock, join_title, register

_ISSUE = re.compile(r"Issue(?: No\.?)?:? ?(?P<number>\d{3,5})", re.IGNORECASE)
_PDF_BANNER = re.compile(r"Downloading PDF\. Please wait\.{3}\s*(?:Issue (?P<number>\d{3,5}))?")
_AGE_BANNER = re.compile(r"This article is over (?:\d+ years?|\d+ months?)(?:,? \d+ months?)? old")
_DATE_LINE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* \d{1,2} [A-Z][a-z]{2,8} (?:19|20)\d\d"
    r"(?:, \d{1,2}:\d\d(?: (?:GMT|BST))?)?"
)
# `… Name spoke to …` or `Name looks at …`: the author named in the standfirst.
_STANDFIRST_AUTHOR = re.compile(
    r"(?:^|[.!?]\s+)(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}) "
    r"(?:spoke to|speaks to|looks at|reports(?: from| on)?|writes|argues|explains|examines"
    r"|talked to|talks to|investigates|went to|visited|joined|assesses|analyses)\b"
)
_NOT_AUTHOR_WORDS = frozenset({"Socialist", "Worker", "Workers", "Pakistan", "The", "General"})


@register
class SocialistWorker(Layout):
    name = "socialist_worker"
    label = "Socialist Worker (UK)"
    hosts = ("socialistworker.co.uk",)
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
    )

    def read_header(self, sheet: Sheet) -> None:
        for line in sheet.head(20):
            banner = _PDF_BANNER.fullmatch(line.text)
            if banner and banner.group("number") and sheet.issue is None:
                sheet.issue = banner.group("number")
        head = sheet.leading(8)
        issue_index = next((i for i, line in enumerate(head) if _ISSUE.fullmatch(line.text)), None)
        header = head[:issue_index] if issue_index is not None else sheet.head(4)
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
            match = _STANDFIRST_AUTHOR.search(sheet.subtitle)
            if match and not set(match.group("name").split()) & _NOT_AUTHOR_WORDS:
                sheet.authors = (match.group("name"),)
                sheet.warn("author_from_standfirst")
        return blocks


def _until_prose(lines: list[Line]) -> list[Line]:
    """Leading header lines: headline-like lines, stopping before any sentence of prose."""
    kept: list[Line] = []
    for line in lines:
        if not is_headline_like(line.text) or (kept and ends_sentence(line.text)):
            break
        kept.append(line)
    return kept
