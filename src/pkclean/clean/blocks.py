"""Body lines to paragraph and heading blocks, whatever the paragraph convention of the dump."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Line
from .text.markdown import heading_text, strip_inline
from .text.normalize import normalize_line
from .text.shapes import ends_sentence, more_words_than, starts_lower, strip_closers, words

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
    """One group of adjacent lines: unwrapped if hard-wrapped at `width`, else one per line
    (a line starting in lower case after one that stops mid-sentence continues it)."""
    if width and len(group) > 1:
        if "lines_unwrapped" not in warnings:
            warnings.append("lines_unwrapped")
        return _unwrap(group, width)
    runs: list[list[Line]] = []
    for line in group:
        # A run's text ends with its last line's text: that line says whether it ends a sentence.
        if runs and not ends_sentence(runs[-1][-1].text) and starts_lower(line.text):
            if "paragraph_rejoined" not in warnings:
                warnings.append("paragraph_rejoined")
            runs[-1].append(line)
        else:
            runs.append([line])
    return [
        Unit(run[0].text, (run[0].no,))
        if len(run) == 1
        else Unit(" ".join(line.text for line in run), tuple(line.no for line in run), single=False)
        for run in runs
    ]


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

    Linear in the total length: the decision needs only the last two characters so far.

    >>> join_wrapped(["the multi-", "millionaire head of", "the party"])
    'the multi-millionaire head of the party'
    >>> join_wrapped(["a pause -", "then more"])
    'a pause - then more'
    """
    parts = [lines[0]]
    tail = lines[0][-2:]
    for line in lines[1:]:
        glued = len(tail) > 1 and tail[-1] == "-" and tail[-2].isalpha() and starts_lower(line)
        if not glued:
            parts.append(" ")
            tail = (tail + " ")[-2:]
        parts.append(line)
        tail = (tail + line)[-2:]
    return "".join(parts)


def _rejoin(units: list[Unit], warnings: list[str]) -> list[Unit]:
    """Join a paragraph that stops mid-sentence with the next one starting in lower case.

    Linear however many paragraphs are joined: each run of joined units is joined once, and
    what the test needs of a run is known from its parts (units are non-empty, joined by a
    space): it has more than 5 words once its parts do, it ends as its last unit does (which
    starts with a letter, so strips to itself), and it is a markdown heading only if its first
    unit is (a heading's `#` prefix lies within a first unit of more than 5 words).
    """
    runs: list[list[Unit]] = []
    # Whether the last run may take the next unit, as far as its start tells: a run of more
    # than 5 words that is not a heading.
    open_run = False
    for unit in units:
        if open_run and not ends_sentence(runs[-1][-1].text) and starts_lower(unit.text):
            if "paragraph_rejoined" not in warnings:
                warnings.append("paragraph_rejoined")
            runs[-1].append(unit)
        else:
            runs.append([unit])
            open_run = more_words_than(unit.text, 5) and heading_text(unit.text) is None
    return [run[0] if len(run) == 1 else _joined(run) for run in runs]


def _joined(run: list[Unit]) -> Unit:
    return Unit(
        " ".join(unit.text for unit in run),
        tuple(number for unit in run for number in unit.lines),
        single=False,
    )


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
