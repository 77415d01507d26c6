"""Unicode and whitespace normalisation of single lines; the wording itself is never changed."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that carry no text (zero-width space, BOM, soft hyphen, word joiner),
# and C0/C1 control characters other than tab (XML 1.0 forbids most of them).
_DROPPED = re.compile("[\u200b\ufeff\u00ad\u2060\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Anything that makes a line more than a matter of stripping its ends.
_IRREGULAR = re.compile(_DROPPED.pattern + r"|[^\S ]|  ")


def normalize_line(raw: str) -> str:
    """NFC, invisible and control characters dropped, runs of spaces folded, ends stripped.

    Every Unicode space (no-break and typographic spaces included) becomes one plain space.

    >>> normalize_line("  Caf\\u0065\\u0301\\u00a0\\u00a0au\\u200blait ")
    'Café aulait'
    >>> normalize_line("a\\tb\\x0bc")
    'a bc'
    """
    if raw.isascii() and raw.isprintable():
        # The only whitespace printable ASCII has is the plain space.
        return " ".join(raw.split()) if "  " in raw else raw.strip(" ")
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    if _IRREGULAR.search(raw) is None:
        return raw.strip(" ")
    return " ".join(_DROPPED.sub("", raw).split())
