"""The values every stage passes on: a source document (with an HTML page's framed pieces),
its page's metadata, the bounds on the work one document may cost, and a duplicate found in
a run.

Every bound is checked before the work it protects: bytes and lines before a text is split
into lines, bytes, tags and attributes before lxml parses a page (libxml2 checks the names of
an element's attributes against each other, so its time grows with their square), elements
and page lines after, and the time limit around reading and cleaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .model import SourceFormat


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata read from an HTML page itself (issue: HTML input); all optional."""

    title: str | None = None
    site_name: str | None = None
    url: str | None = None
    host: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None


#: Where a piece of an HTML page's framed text came from: the lines above the headline
#: (`label`), the headline (`title`), the page lines between the headline and the body or
#: after the body (`window`), and trafilatura's body (`body`).
PieceOrigin = Literal["label", "title", "window", "body"]


@dataclass(frozen=True, slots=True)
class FramePiece:
    """One block of an HTML page's framed text (`SourceDoc.frame`) and where it came from."""

    text: str
    origin: PieceOrigin


def framed_text(pieces: Sequence[FramePiece]) -> str:
    r"""The text of a frame's pieces: each a block, separated by one blank line.

    >>> framed_text([FramePiece("Title", "title"), FramePiece("One.\nTwo.", "body")])
    'Title\n\nOne.\nTwo.\n'
    """
    return "\n\n".join(piece.text for piece in pieces) + "\n"


def first_lines(pieces: Sequence[FramePiece]) -> tuple[int, ...]:
    r"""The number of each piece's first line in `framed_text(pieces)`.

    >>> first_lines([FramePiece("Title", "title"), FramePiece("One.\nTwo.", "body")])
    (1, 3)
    """
    numbers = []
    line = 1
    for piece in pieces:
        numbers.append(line)
        line += piece.text.count("\n") + 2
    return tuple(numbers)


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A decoded input document, ready for the pure cleaning pipeline (picklable)."""

    path: str
    sha256: str
    format: SourceFormat
    encoding: str
    text: str
    url: str | None = None
    page: PageMeta | None = None
    warnings: tuple[str, ...] = ()
    #: For an HTML page, the pieces `text` is made of (joined by blank lines): which lines
    #: are the page's own around trafilatura's body, for the cleaning to choose from once it
    #: knows the page's publication.
    frame: tuple[FramePiece, ...] | None = None


MIB = 1024 * 1024


class Limits(NamedTuple):
    """The bounds on one document (a text dump, or one HTML page); `_replace` makes a variant.

    The defaults leave a real article far inside every bound, and keep the worst document
    within them under about 500 MB of memory (`bench/limits.py` measures both).
    """

    #: HTML bytes per page (the largest real news pages are a few MiB).
    max_bytes: int = 16 * MIB
    #: Elements per page (a long article page has a few thousand).
    max_elements: int = 150_000
    #: Levels of nesting (an article page has a few dozen; deeper ones overflow recursion).
    max_depth: int = 255
    #: Tags per page, counted before parsing (`<` followed by a name, `/` or `!`).
    max_tags: int = 600_000
    #: Attributes of one element (real pages have a few dozen at most).
    max_attributes: int = 500
    #: Bytes of a text dump (articles are well under a MiB; memory is about 25 bytes per byte).
    max_text_bytes: int = 8 * MIB
    #: Lines of a document's text (memory is about 1 KB per line, time about 40 µs).
    max_lines: int = 200_000
    #: Wall-clock seconds for reading and for cleaning one document (0 disables the timer).
    seconds: float = 30.0


DEFAULT_LIMITS = Limits()


#: How a later article duplicates an earlier one: the same `id`, or a similar body.
DuplicateKind = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A later article that duplicates an earlier one, and whether it was left out."""

    kind: DuplicateKind
    id: str
    path: str
    first_number: int
    first_id: str
    first_path: str
    similarity: float
    dropped: bool

    def as_dict(self) -> dict[str, object]:
        """The duplicate as a line of a `--duplicates` report."""
        return {
            "kind": self.kind,
            "path": self.path,
            "id": self.id,
            "duplicate_of_path": self.first_path,
            "duplicate_of_id": self.first_id,
            "similarity": self.similarity,
            "dropped": self.dropped,
        }
