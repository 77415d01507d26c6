"""Fields the text lacks, filled from the page's own metadata (title, authors, date)."""

from __future__ import annotations

from dataclasses import replace

from ..document import PageMeta
from .layouts import Parsed
from .text.dates import ParsedDate, parse_date

#: Dates a page declares before this year are placeholders (`0001-01-01`), not dates.
FIRST_YEAR = 1800


def fill_from_page(parsed: Parsed, page: PageMeta | None) -> Parsed:
    """The parse with its missing title, authors and date taken from the page metadata.

    What the text says always wins. A date is used only if it parses (ISO 8601 or a written
    date); its time zone only if the page states one (else warning `time_zone_not_stated`),
    and `date_text` keeps the value as the page wrote it.
    """
    if page is None:
        return parsed
    date, warnings = parsed.date, parsed.warnings
    if date is None and (declared := page_date(page)) is not None:
        date, warnings = declared, tuple(dict.fromkeys((*warnings, *declared.warnings)))
    return replace(
        parsed,
        title=parsed.title or page.title,
        authors=parsed.authors or page.authors,
        date=date,
        warnings=warnings,
    )


def page_date(page: PageMeta) -> ParsedDate | None:
    """The date the page declares, if it parses and is not a placeholder.

    >>> page_date(PageMeta(published="2019-11-19T13:16:49+0000")).moment.isoformat()
    '2019-11-19T13:16:49+00:00'
    >>> page_date(PageMeta(published="0001-01-01T00:00:00Z")) is None
    True
    """
    date = parse_date(page.published) if page.published else None
    return date if date is not None and date.date.year >= FIRST_YEAR else None
