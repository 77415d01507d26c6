"""Choosing from an HTML page's framed text once its publication is known.

The reader frames trafilatura's body with the page's own lines (`pkclean.ingest.html.compose`)
and the pipeline detects the publication once, on that whole text. Then:

- a publication's layout parses the framed text once; lines of the page around the body
  (labels and windows) that it would put into the body are not the article's, and are
  removed as `html.outside_body` (a paragraph it joined across the body's edge stays whole);
- a page of no known publication keeps its headline (and the labels above it) and the body,
  with a byline and a date line made from the page's metadata between them, so that the
  generic header reader stops there and takes no line of the body for a subtitle. The
  verdict's evidence is renumbered to the lines of that text (evidence found in a dropped
  window keeps no line).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from ..document import FramePiece, PageMeta, first_lines, framed_text
from .detection import Verdict
from .layouts import Parsed
from .ledger import Removal
from .lines import Document
from .page_fill import page_date
from .text.markdown import links
from .text.metalines import read_meta_line

#: The rule of a page line outside trafilatura's body that a layout would read as body.
OUTSIDE_BODY = "html.outside_body"
_AROUND = frozenset({"label", "window"})
_HEAD = frozenset({"label", "title"})


def page_lines(frame: Sequence[FramePiece]) -> frozenset[int]:
    """The numbers of the framed text's lines that the page showed around the body."""
    return frozenset(
        number
        for piece, first in zip(frame, first_lines(frame), strict=True)
        if piece.origin in _AROUND
        for number in _numbers(piece, first)
    )


def without_page_lines(doc: Document, parsed: Parsed, around: frozenset[int]) -> Parsed:
    """The parse without the body blocks made only of the page's lines around the body; their
    lines are removed as `OUTSIDE_BODY`."""
    kept = tuple(block for block in parsed.blocks if not set(block.lines) <= around)
    if len(kept) == len(parsed.blocks):
        return parsed
    dropped = [no for block in parsed.blocks if block not in kept for no in block.lines]
    removals = [Removal(doc.lines[no - 1], OUTSIDE_BODY) for no in dropped]
    return replace(
        parsed,
        blocks=kept,
        links=tuple(link for block in kept for link in links(block.source)),
        removed=tuple(sorted((*parsed.removed, *removals), key=lambda r: r.line.no)),
    )


def generic_text(frame: Sequence[FramePiece], page: PageMeta | None) -> tuple[str, dict[int, int]]:
    """The text of a page of no known publication, and where each line of the framed text
    that it keeps now is."""
    starts = first_lines(frame)
    head = 0
    while head < len(frame) and frame[head].origin in _HEAD:
        head += 1
    meta = [FramePiece(text, "window") for text in _meta_lines(page)]  # origin unused here
    body = [index for index, piece in enumerate(frame) if piece.origin == "body"]
    chosen = [*range(head), *body]
    pieces = [*frame[:head], *meta, *(frame[index] for index in body)]
    new_starts = first_lines(pieces)
    moved: dict[int, int] = {}
    positions = [*range(head), *range(head + len(meta), len(pieces))]
    for index, position in zip(chosen, positions, strict=True):
        for offset, number in enumerate(_numbers(frame[index], starts[index])):
            moved[number] = new_starts[position] + offset
    return framed_text(pieces), moved


def renumbered(verdict: Verdict, moved: Mapping[int, int]) -> Verdict:
    """The verdict with its evidence on the lines of the text they moved to."""
    evidence = tuple(
        replace(item, line=None if item.line is None else moved.get(item.line))
        for item in verdict.evidence
    )
    return replace(verdict, evidence=evidence)


def _meta_lines(page: PageMeta | None) -> Iterator[str]:
    """A byline and a date line from the page metadata, each only if the generic header
    reader takes the whole line as one."""
    if page is None:
        return
    lines = ["By " + ", ".join(page.authors)] if page.authors else []
    date = page_date(page)
    lines += [date.text] if date is not None else []
    for line in lines:
        meta = read_meta_line(line)
        if meta is not None and meta.complete:
            yield line


def _numbers(piece: FramePiece, first: int) -> range:
    return range(first, first + piece.text.count("\n") + 1)
