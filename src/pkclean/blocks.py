"""Body lines to paragraph and heading blocks, whatever the paragraph convention of the dump."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .document import Line
from .markdown import heading_text, strip_inline
from .normalize import normalize_line
from .shapes import ends_sentence, more_words_than, starts_lower, strip_closers, words

_WRAP_WIDTH = 100  # lines this short, inside a paragraph, are taken as hard-wrapped
_PARAGRAPH_END_SHARE = 0.75  # a wrapped line this much shorter than the width ends a paragraph
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 100


@dataclass(frozen=True, slots=True)
class Unit:
    """A run of input lines that forms one block."""

    text: str
    lines: tuple[int, ...]
    kind: str = "paragraph"
    single: bool = True  # made of one input line, as a subhead must be


@dataclass(frozen=True, slots=True)
class BodyResult:
    units: tuple[Unit, ...]
    warnings: tuple[str, ...]


def chunks(lines: Sequence[Line | None]) -> list[list[Line]]:
    """Group consecutive lines; `None` (a blank or claimed line) separates groups."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line is None or line.blank:
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def wrap_width(groups: Sequence[Sequence[Line]]) -> int:
    """The width paragraphs were hard-wrapped at (most inner lines are short), or 0."""
    inner = sorted(len(line.text) for group in groups if len(group) > 1 for line in group[:-1])
    if len(inner) < 3:
        return 0
    short = [length for length in inner if length <= _WRAP_WIDTH]
    return short[int(0.9 * (len(short) - 1))] if len(short) >= 0.8 * len(inner) else 0


def is_hard_wrapped(groups: Sequence[Sequence[Line]]) -> bool:
    """Whether paragraphs were wrapped at a fixed width."""
    return wrap_width(groups) > 0


def build_body(lines: Sequence[Line | None]) -> BodyResult:
    """Turn body lines into units: unwrap, rejoin broken paragraphs, find subheads."""
    groups = chunks(lines)
    warnings: list[str] = []
    width = wrap_width(groups)
    units: list[Unit] = []
    for group in groups:
        units.extend(_split_group(group, width, warnings))
    units = _rejoin(units, warnings)
    units = _mark_headings(units)
    return BodyResult(tuple(units), tuple(warnings))


def _split_group(group: list[Line], width: int, warnings: list[str]) -> list[Unit]:
    """One group of adjacent lines: unwrapped if hard-wrapped at `width`, else one per line."""
    if width and len(group) > 1:
        if "lines_unwrapped" not in warnings:
            warnings.append("lines_unwrapped")
        return _unwrap(group, width)
    units: list[Unit] = []
    for line in group:
        text = line.text
        previous = units[-1] if units else None
        if previous is not None and not ends_sentence(previous.text) and starts_lower(text):
            if "paragraph_rejoined" not in warnings:
                warnings.append("paragraph_rejoined")
            units[-1] = Unit(f"{previous.text} {text}", (*previous.lines, line.no), single=False)
        else:
            units.append(Unit(text, (line.no,)))
    return units


def _unwrap(group: list[Line], width: int) -> list[Unit]:
    """Join hard-wrapped lines; a line well short of the width that ends a sentence ends its
    paragraph (dumps with one paragraph per line lose their breaks when wrapped)."""
    paragraphs: list[list[Line]] = [[]]
    for index, line in enumerate(group):
        paragraphs[-1].append(line)
        following = group[index + 1] if index + 1 < len(group) else None
        if (
            following is not None
            and len(line.text) < _PARAGRAPH_END_SHARE * width
            and ends_sentence(line.text)
            and not starts_lower(following.text)
        ):
            paragraphs.append([])
    return [
        Unit(
            join_wrapped([line.text for line in lines]), tuple(ln.no for ln in lines), single=False
        )
        for lines in paragraphs
    ]


def join_wrapped(lines: Sequence[str]) -> str:
    """Join wrapped lines with a space, or with nothing after a word broken at its hyphen.

    >>> join_wrapped(["the multi-", "millionaire head of", "the party"])
    'the multi-millionaire head of the party'
    >>> join_wrapped(["a pause -", "then more"])
    'a pause - then more'
    """
    text = lines[0]
    for line in lines[1:]:
        glued = len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and starts_lower(line)
        text = f"{text}{line}" if glued else f"{text} {line}"
    return text


def _rejoin(units: list[Unit], warnings: list[str]) -> list[Unit]:
    """Join a paragraph that stops mid-sentence with the next one starting in lower case."""
    joined: list[Unit] = []
    for unit in units:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and more_words_than(previous.text, 5)
            and not ends_sentence(previous.text)
            and starts_lower(unit.text)
            and heading_text(previous.text) is None
        ):
            if "paragraph_rejoined" not in warnings:
                warnings.append("paragraph_rejoined")
            joined[-1] = Unit(
                f"{previous.text} {unit.text}", (*previous.lines, *unit.lines), single=False
            )
        else:
            joined.append(unit)
    return joined


def looks_like_subhead(text: str) -> bool:
    """A short line standing alone that is not a sentence (it may end in `?` or `!`).

    >>> looks_like_subhead("Can cynical deal survive a massacre?"), looks_like_subhead("No.")
    (True, False)
    """
    if not text or len(text) > _HEADING_MAX_CHARS or more_words_than(text, _HEADING_MAX_WORDS):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘"):
        return False
    core = strip_closers(text)
    return bool(core) and core[-1] not in ".,;:…-–—"


def _mark_headings(units: list[Unit]) -> list[Unit]:
    """Subheads: markdown headings, or short single lines followed by a paragraph of prose."""
    marked: list[Unit] = []
    for index, unit in enumerate(units):
        markdown = heading_text(unit.text)
        if markdown is not None:
            marked.append(Unit(markdown, unit.lines, "heading"))
            continue
        following = units[index + 1] if index + 1 < len(units) else None
        if (
            unit.single
            and following is not None
            and looks_like_subhead(unit.text)
            and not looks_like_subhead(following.text)
            and more_words_than(following.text, words(unit.text))
        ):
            marked.append(Unit(unit.text, unit.lines, "heading"))
        else:
            marked.append(unit)
    return marked


def finish_text(text: str) -> str:
    """Final inline clean-up of a block: markdown remnants out, spaces folded.

    `text` is made of normalised lines joined by single spaces, so it needs folding only
    where a markdown remnant came out.
    """
    stripped = strip_inline(text)
    return text if stripped is text else normalize_line(stripped)
