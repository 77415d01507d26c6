"""Metadata that a converter leaked into the text, such as a ` date YYYY-MM-DD ` line prefix."""

from __future__ import annotations

import re

from .ledger import Removal
from .lines import Document
from .text.dates import ParsedDate, parse_date

_DATE_PREFIX = re.compile(r"date (?P<date>\d{4}-\d\d-\d\d)\b\s*(?P<rest>.*)")
_RAW_PREFIX = re.compile(r"\s*date\s+\d{4}-\d\d-\d\d\s*")
_SEARCHED_LINES = 5


def split_leaked_date(doc: Document) -> tuple[Document, ParsedDate | None, Removal | None]:
    """Take a leaked ` date YYYY-MM-DD ` prefix off one of the first lines.

    Returns the document with that line's text shortened to what follows the prefix, the
    date, and the removal of the prefix itself (as written). Unrelated sites leak the same
    prefix, so it is never evidence of a publication.

    >>> doc, date, removal = split_leaked_date(Document.from_text(" date 2022-09-06 Title"))
    >>> doc.lines[0].text, date.date.isoformat(), repr(removal.text)
    ('Title', '2022-09-06', "' date 2022-09-06 '")
    """
    for line in doc.nonblank[:_SEARCHED_LINES]:
        match = _DATE_PREFIX.fullmatch(line.text)
        if match:
            parsed = parse_date(match.group("date"))
            if parsed is None:
                continue
            lines = list(doc.lines)
            lines[line.no - 1] = line._replace(text=match.group("rest"))
            raw = _RAW_PREFIX.match(line.raw)
            prefix = raw.group() if raw else line.raw
            removal = Removal(line, "generic.leaked_date_prefix", prefix)
            return Document(tuple(lines), doc.page), parsed, removal
    return doc, None, None
