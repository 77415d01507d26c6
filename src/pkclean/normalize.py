"""Unicode and whitespace normalisation of single lines; the wording itself is never changed."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that carry no text: zero-width space, BOM, soft hyphen, word joiner.
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad\u2060]")
# C0/C1 control characters other than tab (XML 1.0 forbids most of them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every kind of horizontal space, including no-break and the typographic spaces.
_SPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_line(raw: str) -> str:
    """NFC, invisible and control characters dropped, runs of spaces folded, ends stripped.

    >>> normalize_line("  Caf\\u0065\\u0301\\u00a0\\u00a0au\\u200blait ")
    'Café aulait'
    """
    text = unicodedata.normalize("NFC", raw)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()
