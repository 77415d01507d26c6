"""A document as numbered, normalised lines: what detection and the layouts read."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, count
from typing import NamedTuple

from ..document import PageMeta
from .text.normalize import normalize_lines


class Line(NamedTuple):
    """One input line: its 1-based number, the text as read, and the normalised text.

    A named tuple rather than a frozen dataclass: a document makes one per line, and a tuple
    is built in a third of the time.
    """

    no: int
    raw: str
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True, slots=True)
class Document:
    """A source split into numbered, normalised lines."""

    lines: tuple[Line, ...]
    page: PageMeta | None = None
    nonblank: tuple[Line, ...] = field(init=False, repr=False)
    #: The normalised non-blank lines joined by newlines, for quick substring checks.
    text: str = field(init=False, repr=False)
    #: Where each non-blank line starts in `text`.
    starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        nonblank = tuple(line for line in self.lines if line.text)
        object.__setattr__(self, "nonblank", nonblank)
        object.__setattr__(self, "text", "\n".join(line.text for line in nonblank))
        starts = list(accumulate((len(line.text) + 1 for line in nonblank[:-1]), initial=0))
        object.__setattr__(self, "starts", tuple(starts) if nonblank else ())

    @classmethod
    def from_text(cls, text: str, page: PageMeta | None = None) -> Document:
        """Split text on any line ending and normalise each line.

        >>> [line.text for line in Document.from_text("a\\r\\n\\r\\n  b\\u00a0 c ").lines]
        ['a', '', 'b c']
        """
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        texts = normalize_lines(raw_lines)
        new = tuple.__new__
        return cls(tuple([new(Line, row) for row in zip(count(1), raw_lines, texts)]), page)
