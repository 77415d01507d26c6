"""Markdown remnants left by some converters, turned back into plain text."""

from __future__ import annotations

import re

_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\((?:[^()\s]{1,2000})\)")
_LINK_PARTS = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^()\s]{1,2000})\)")
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*\*(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_HEADING = re.compile(r"#{1,6}\s+(\S.*?)\s*#*")


def strip_inline(text: str) -> str:
    """Drop emphasis marks and keep link texts.

    >>> strip_inline("The *World Socialist Web Site* said [this](https://example.org/x).")
    'The World Socialist Web Site said this.'
    >>> strip_inline("2 * 3 * 4 and snake_case_name")
    '2 * 3 * 4 and snake_case_name'
    """
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = _STRONG.sub(r"\1", text)
        text = _EMPHASIS.sub(r"\1", text)
    if "_" in text:
        text = _UNDERSCORE.sub(r"\1", text)
    return text


def links(text: str) -> list[tuple[str, str]]:
    """The (text, target) of every markdown link in a line.

    >>> links("See [the report](https://example.org/r) and [this](/x).")
    [('the report', 'https://example.org/r'), ('this', '/x')]
    """
    if "](" not in text:
        return []
    return [(match.group(1), match.group(2)) for match in _LINK_PARTS.finditer(text)]


def heading_text(text: str) -> str | None:
    """The text of an ATX heading line (`## Subhead`), else None.

    >>> heading_text("## Withdraw the troops"), heading_text("#1 priority")
    ('Withdraw the troops', None)
    """
    match = _HEADING.fullmatch(text)
    return match.group(1) if match else None
