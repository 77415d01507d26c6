"""The fallback for pages of no known layout: generic boilerplate, a cautious header."""

from __future__ import annotations

from ..document import Line
from ..metalines import read_meta_line
from ..shapes import is_headline_like, more_words_than
from ..sheet import Sheet
from .base import Layout

# Site names and section labels above a headline are shorter than this.
_HEADLINE_MIN_WORDS = 5


class Generic(Layout):
    """Not registered: detection never chooses it; it cleans what no layout claims."""

    name = "unknown"
    label = "Unknown layout"

    def read_header(self, sheet: Sheet) -> None:
        read_header_lines(sheet)


def read_header_lines(sheet: Sheet, *, limit: int = 8) -> None:
    """Bylines and datelines among the first lines, then the headline above them.

    The headline is the last headline-like line above the byline or dateline, or without one
    the first of five words or more; lines above it (a site name, a section) become labels,
    and the next headline-like line the subtitle.
    """
    head = sheet.head(limit)
    first_meta: Line | None = None
    for line in head:
        meta = read_meta_line(line.text)
        if meta is None:
            continue
        used = False
        if meta.authors and not sheet.authors:
            sheet.authors, used = meta.authors, True
        if meta.date is not None and sheet.date is None:
            sheet.set_date(meta.date)
            used = True
        if not used:
            continue  # already had both: an unrelated line of the same shape stays in the body
        if meta.complete:
            sheet.claim(line, "authors" if meta.authors else "date")
        else:
            sheet.remove(line, "generic.meta_line")  # its other words stay on record here
        first_meta = first_meta or line
    candidates = [
        line
        for line in head
        if sheet.is_free(line)
        and is_headline_like(line.text)
        and (first_meta is None or line.no < first_meta.no)
    ]
    if not candidates:
        return
    candidates = _last_copies(sheet, candidates)
    if first_meta is not None:
        index = len(candidates) - 1
    else:
        index = next(
            (
                i
                for i, line in enumerate(candidates)
                if more_words_than(line.text, _HEADLINE_MIN_WORDS - 1)
            ),
            len(candidates) - 1,
        )
    title = candidates[index]
    sheet.title = title.text
    sheet.claim(title, "title")
    for line in candidates[:index]:
        sheet.labels.append(line.text)
        sheet.claim(line, "labels")
    after = candidates[index + 1 : index + 2]
    if after and after[0].no < sheet.head_end:
        sheet.subtitle = after[0].text
        sheet.claim(after[0], "subtitle")


def _last_copies(sheet: Sheet, lines: list[Line]) -> list[Line]:
    """Drop earlier copies of a repeated header line (a leaked page title, say)."""
    kept = []
    for index, line in enumerate(lines):
        if any(later.text == line.text for later in lines[index + 1 :]):
            sheet.remove(line, "generic.duplicate_title")
        else:
            kept.append(line)
    return kept


GENERIC = Generic()
