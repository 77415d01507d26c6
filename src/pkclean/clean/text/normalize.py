"""Unicode and whitespace normalisation of single lines; the wording itself is never changed."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that carry no text (zero-width space, BOM, soft hyphen, word joiner),
# and C0/C1 control characters other than tab (XML 1.0 forbids most of them).
_DROPPED_CHARACTERS = "\u200b\ufeff\u00ad\u2060\x00-\x08\x0b-\x1f\x7f-\x9f"
_DROPPED = re.compile(f"[{_DROPPED_CHARACTERS}]")
#: Every whitespace character but the space (`str.isspace`; a test checks the list).
OTHER_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Characters that make a line more than a matter of stripping its ends (as a double space
#: does): one character class, which scans far faster than an alternation.
_ODD_CHARACTER = re.compile(f"[{_DROPPED_CHARACTERS}{re.escape(OTHER_WHITESPACE)}]")


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
    if "  " not in raw and _ODD_CHARACTER.search(raw) is None:
        return raw.strip(" ")
    return " ".join(_DROPPED.sub("", raw).split())


def normalize_lines(lines: list[str]) -> list[str]:
    """`normalize_line` of every line, with one check of the whole text in the common case.

    Every character that needs more than stripping and folding spaces is outside
    `str.isprintable` (the space aside), and the space neither composes nor blocks NFC, so
    when the lines joined by spaces are printable and NFC, each line only needs its spaces
    tidied.

    >>> normalize_lines(["  a  b ", "caf\\u00e9", "x\\u00a0y"])
    ['a b', 'café', 'x y']
    """
    joined = " ".join(lines)
    if joined.isprintable() and (joined.isascii() or unicodedata.is_normalized("NFC", joined)):
        return [" ".join(line.split()) if "  " in line else line.strip(" ") for line in lines]
    return [normalize_line(line) for line in lines]
