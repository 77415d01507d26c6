"""Metadata that a converter leaked into the text, such as a ` date YYYY-MM-DD ` line prefix."""

from __future__ import annotations

import re
from dataclasses import replace

from .dates import ParsedDate, parse_date
from .document import Document, Line

_DATE_PREFIX = re.compile(r"date (?P<date>\d{4}-\d\d-\d\d)\b\s*(?P<rest>.*)")
_SEARCHED_LINES = 5


def split_leaked_date(doc: Document) -> tuple[Document, ParsedDate | None, Line | None]:
    """Take a leaked ` date YYYY-MM-DD ` prefix off one of the first lines.

    Returns the document with that line's text shortened to what follows the prefix, the
    date, and the line (so the date can be claimed from it). Unrelated sites leak the same
    prefix, so it is never evidence of a publication.
    """
    for line in doc.nonblank[:_SEARCHED_LINES]:
        match = _DATE_PREFIX.fullmatch(line.text)
        if match:
            parsed = parse_date(match.group("date"))
            if parsed is None:
                continue
            lines = list(doc.lines)
            lines[line.no - 1] = replace(line, text=match.group("rest"))
            return Document(tuple(lines), doc.page), parsed, line
    return doc, None, None
