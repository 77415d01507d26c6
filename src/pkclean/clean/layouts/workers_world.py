"""Workers World (US weekly): the 2007-2011 template, WordPress (2012 on), AMP pages, the
print edition's PDF text, and the 2001-2002 news-service e-mails and their list reposts."""

from __future__ import annotations

import re

from ...model import PUBLICATION_INFO
from ..ledger import Removal, Sheet, rule
from ..lines import Line
from ..text.dates import parse_date
from ..text.people import is_name, names_line, parse_byline, split_names
from ..text.shapes import ends_sentence, is_headline_like, is_long, starts_lower, words
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
_DATE = r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"  # US style, AP abbreviations: `Sept. 14, 2023`
_PUBLISHED = re.compile(rf"Published:? (?P<date>{_DATE}(?: \d{{1,2}}:\d\d ?[AP]M)?)")
_BREADCRUMB = re.compile(r"Categories: ?\S.*")
_RUN_TOGETHER = re.compile(r"[a-z][A-Z][a-z]")
_PERMALINK = re.compile(r"workers\.org/(?:19|20)\d\d/\d\d/\d+/?")
_TEASER_END = ("…", "...", "[…]", "[...]")

# Metadata lines that carry other words too: their dates (and names) are used, and the
# lines are removed as `generic.meta_line` so that their text is kept.
_META = "generic.meta_line"
#: News-service e-mail, 2001-2002: `Reprinted from the Nov. 22, 2001` (the rest of the
#: sentence, `issue of Workers World newspaper`, is on the next line or this one).
_REPRINTED = re.compile(
    rf"Reprinted from the (?P<date>{_DATE})(?: issue of Workers World newspaper\.?)?"
)
#: Print edition (PDF text): `Workers and oppressed peoples of the world unite! workers.org
#: Vol. 62, No. 27 July 2, 2020 $1`.
_MASTHEAD = re.compile(
    r"(?:Workers and oppressed peoples of the world unite!\s*)?(?:workers\.org\s*)?"
    rf"Vol\. ?\d+, No\. ?(?P<issue>\d+),?\s+(?P<date>{_DATE})(?:\s+\$\d+(?:\.\d\d)?)?"
)
#: WordPress byline kept by some converters: `By Name posted on May 15, 2018`.
_DATE_ONLY = re.compile(_DATE)

#: Front-page teasers of the print edition: a headline and its page number (`¡REBELIÓN! 12`).
_FRONT_TEASER = re.compile(r"\S.{0,80} \d{1,2}")
_DIGEST = re.compile(r"WW News Service Digest #\d+")
#: A digest's table of contents: `1) Title` / `by wwnews`.
_DIGEST_CONTENTS = re.compile(r"\d{1,2}\) \S.{0,150}|by \S+")
_FORWARD = re.compile(r"-{2,} ?(?:Begin )?forwarded message:? ?-*", re.IGNORECASE)
_NOTE_LINES = 15  # a forwarder's note above the forwarded message is never longer

_CREDIT_RULE = "workers_world.photo_credit"
#: Photo credits on their own line: `WW photo: Name`, `WW PHOTO: NAME`, `Photo: Name`.
_CREDIT = r"(?:WW [Pp]hoto|WW PHOTO|Photo|PHOTO): ?\S.{0,80}"
#: A caption run into its credit, as AMP pages print it: `Havana, CubaPhoto: Name`.
_GLUED_CREDIT = re.compile(rf"(?P<caption>.{{3,200}}?\S)\s*(?P<credit>{_CREDIT})")
_CAPTION_MAX = 200  # a caption above a credit line is no longer than this
#: An inline byline opening the first paragraph of the print text: `By Name Young doctors …`.
_INLINE_BYLINE = re.compile(r"By (?P<rest>[A-Z].*)")
_NAME_TOKENS = (4, 3, 2)  # longest name first


@register
class WorkersWorld(Layout):
    name = "workers_world"
    label = PUBLICATION_INFO["workers_world"].label
    hosts = PUBLICATION_INFO["workers_world"].hosts
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
        rule("workers_world.share", r"Simple Share Buttons(?: Adder)?", where="edges"),
        rule(_CREDIT_RULE, _CREDIT, flags=0),
        rule(
            "workers_world.staff_byline",
            r"De la redacci[oó]n de (?:Workers World ?/ ?)?Mundo Obrero",
            where="head",
        ),
        rule(
            "workers_world.news_service",
            r"Via Workers World News Service",
            _DIGEST.pattern,
            r"issue of Workers World newspaper\.?",
            r"\(Workers World News Service\. Reprinting is allowed if the source is credited\."
            r"[^()]{0,120}\)",
        ),
        rule(
            "workers_world.mail_header",
            r"Subject: \[WW\]\s.{0,200}",
            r"From: \"?WW\"? <[^<>\s]+@[^<>\s]+>",
        ),
        rule("workers_world.mail_header", r"\[[\w.-]+\] (?:Fwd?|Re): .{0,200}", where="head"),
        rule("workers_world.separator", r"-{10,}|_{10,}|={10,}"),
        rule(
            "workers_world.mail_forward",
            _FORWARD.pattern,
            r"-{2,} ?End (?:of )?forwarded message:? ?-*",
        ),
        rule(
            "workers_world.list_footer",
            r"[\w.-]+ mailing list",
            r"To unsubscribe\b.{0,200}",
            where="tail",
        ),
        rule("workers_world.jump_line", r"Continued on page \d{1,2}"),
        rule(
            "workers_world.petition_form",
            r"Add your name",
            r"Sign (?:the|our|this) (?:statement|petition)",
            r"Organi[sz]ation \(optional\)",
            r"City and state",
            r"Submit",
            where="edges",
        ),
    )

    def read_header(self, sheet: Sheet) -> None:
        _drop_forward_note(sheet)
        _drop_digest_contents(sheet)
        _read_meta_lines(sheet)
        _read_captions(sheet)
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
            if len(header) > 1 and not (
                _continues(header[0].text, header[1].text) or _is_caps(header[0].text)
            ):
                header = header[:1]
        if not header:
            return
        kicker = _kicker_above(header, loose=published is not None)
        for line in header[:kicker]:
            sheet.labels.append(line.text)
            sheet.claim(line, "labels")
        title, used = join_title(header[kicker:])
        sheet.title = title
        for line in used:
            sheet.claim(line, "title")
        for line in header[kicker + len(used) :]:
            names = names_line(line.text)
            if names is not None and not sheet.authors:
                sheet.authors = names
                sheet.claim(line, "authors")
            else:
                sheet.labels.append(line.text)
                sheet.claim(line, "labels")
        if published is None:
            _read_byline_below(sheet, used[-1])

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


def _is_caps(text: str) -> bool:
    """An ALL-CAPS line (`EDITORIAL`, `PAKISTAN FLOODS`): a kicker above the headline."""
    return any(ch.isalpha() for ch in text) and not any(ch.islower() for ch in text)


def _kicker_above(header: list[Line], *, loose: bool) -> int:
    """How many header lines are a kicker above the headline (0 or 1).

    An ALL-CAPS first line is a kicker; on the 2007-2011 template (`loose`) so is a
    sentence-case first line shorter than the headline line under it (`From D.C. to
    Kazakhstan`). A first line that a headline continues, or a byline under it, is not.
    """
    if len(header) < 2:
        return 0
    first, second = header[0].text, header[1].text
    joined = len(join_title(header[:2])[1]) > 1
    if joined or not is_headline_like(second) or names_line(second):
        return 0
    if _is_caps(first) and not _is_caps(second):
        return 1
    return int(loose and words(first) < words(second))


def _read_byline_below(sheet: Sheet, title: Line) -> None:
    """A `By Name` line under the headline; or, in the print text, a byline run into the
    first paragraph (`By Name Young doctors, …`), whose prefix is taken off the paragraph."""
    following = next((line for line in sheet.free() if line.no > title.no), None)
    if following is None or sheet.authors:
        return
    names = parse_byline(following.text)
    if names is not None:
        sheet.authors = names
        sheet.claim(following, "authors")
        return
    split = _inline_byline(following.text) if is_long(following.text) else None
    if split is not None and split[0] in following.raw:
        prefix, name = split
        sheet.authors = (name,)
        sheet.remove_prefix(following, "workers_world.inline_byline", prefix)


def _inline_byline(text: str) -> tuple[str, str] | None:
    """The `By Name` prefix of a paragraph and the name, or None.

    The name is the longest run of name-like words after which a sentence starts (a
    capitalised word, then a lower-case one).

    >>> _inline_byline("By Saira Haq Young doctors, nurses and paramedics marched.")
    ('By Saira Haq', 'Saira Haq')
    >>> _inline_byline("By the end of June hundreds had fallen sick.") is None
    True
    """
    match = _INLINE_BYLINE.fullmatch(text)
    if match is None:
        return None
    tokens = match.group("rest").split()
    for count in _NAME_TOKENS:
        if len(tokens) < count + 2:
            continue
        name = " ".join(tokens[:count])
        opener, after = tokens[count], tokens[count + 1]
        if is_name(name) and opener[:1].isupper() and starts_lower(after):
            return f"By {name}", name
    return None


def _drop_forward_note(sheet: Sheet) -> None:
    """A list repost: the forwarder's subject, name and note above `--- Forwarded message ---`
    are not part of the article."""
    lines = sheet.doc.nonblank[:_NOTE_LINES]
    marker = next((line for line in lines if _FORWARD.fullmatch(line.text)), None)
    if marker is None:
        return
    for line in sheet.free():
        if line.no >= marker.no:
            break
        sheet.remove(line, "workers_world.forward_note")


def _drop_digest_contents(sheet: Sheet) -> None:
    """A news-service digest's table of contents (`1) Title` / `by wwnews`) under its
    `WW News Service Digest #N` line."""
    lines = sheet.doc.nonblank
    start = next((i for i, line in enumerate(lines[:5]) if _DIGEST.fullmatch(line.text)), None)
    if start is None:
        return
    for line in lines[start + 1 :]:
        if not (sheet.is_free(line) and _DIGEST_CONTENTS.fullmatch(line.text)):
            return
        sheet.remove(line, "workers_world.digest_contents")


def _read_meta_lines(sheet: Sheet) -> None:
    """Dates (and names, and the print issue) from the news-service `Reprinted from` lines,
    the print masthead and a WordPress `By Name posted on …` byline."""
    for line in sheet.free():
        text = line.text
        if text.startswith("Reprinted from the "):
            match = _REPRINTED.fullmatch(text)
            if match is not None and _take_date(sheet, match.group("date")):
                sheet.remove(line, _META)
        elif "Vol." in text and line.no < sheet.head_end:
            match = _MASTHEAD.fullmatch(text)
            if match is not None and _take_date(sheet, match.group("date")):
                sheet.issue = sheet.issue or match.group("issue")
                sheet.remove(line, _META)
                _drop_front_teasers(sheet, line)
        elif " posted on " in text and line.no < sheet.head_end:
            byline, _, date = text.partition(" posted on ")
            if byline.startswith("By ") and _DATE_ONLY.fullmatch(date) and _take_date(sheet, date):
                names = tuple(n for n in split_names(byline[3:]) if is_name(n))
                sheet.authors = sheet.authors or names
                sheet.remove(line, _META)


def _take_date(sheet: Sheet, text: str) -> bool:
    """Use a date (the first one found wins); whether it is a date at all."""
    parsed = parse_date(text)
    if parsed is None:
        return False
    if sheet.date is None:
        sheet.set_date(parsed)
    return True


def _drop_front_teasers(sheet: Sheet, masthead: Line) -> None:
    """The print edition's front-page teasers under the masthead, each ending in its page."""
    for line in sheet.free():
        if line.no <= masthead.no:
            continue
        if not _FRONT_TEASER.fullmatch(line.text) or ends_sentence(line.text):
            return
        sheet.remove(line, "workers_world.front_page_teaser")


def _read_captions(sheet: Sheet) -> None:
    """Photo captions: the line right above a credit line (`New York` / `WW photo: Name`),
    and a caption run into its credit (`Karachi, PakistanPhoto: Name`), whose credit part is
    removed. The credit is not part of the caption."""
    lines = sheet.doc.lines
    free = sheet.free()
    headline = free[0].no if free else 0  # the first line is the headline, not a caption
    found: list[tuple[int, str]] = []
    for no, removal in list(sheet.removals.items()):
        above = lines[no - 2] if no >= 2 else None
        if (
            removal.rule == _CREDIT_RULE
            and above is not None
            and not above.blank
            and above.no != headline
            and sheet.is_free(above)
            and len(above.text) <= _CAPTION_MAX
        ):
            sheet.claim(above, "captions")
            found.append((above.no, above.text))
    for line in free:
        if line.no == headline or not sheet.is_free(line):
            continue
        if "hoto:" not in line.text and "HOTO:" not in line.text:
            continue
        glued = _GLUED_CREDIT.fullmatch(line.text)
        if glued is None or glued.group("credit") not in line.raw:
            continue
        sheet.claim(line, "captions")
        sheet.removals[line.no] = Removal(line, _CREDIT_RULE, glued.group("credit"))
        found.append((line.no, glued.group("caption")))
    sheet.captions.extend(text for _, text in sorted(found))
