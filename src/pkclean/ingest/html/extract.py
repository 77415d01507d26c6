"""The article body of a page, found by trafilatura, as blocks of text in reading order."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

#: trafilatura keeps LRU caches that grow over a long run: they are cleared this often.
RESET_EVERY = 1000
#: trafilatura elements whose children are blocks of their own.
_CONTAINERS = frozenset({"body", "div", "list", "quote", "table", "row", "cell", "item"})
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "div", "item"})
_SKIPPED = frozenset({"graphic", "lb"})


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph or heading of the body: one line of text."""

    kind: str
    text: str


class _CacheJanitor:
    """Counts extractions and clears trafilatura's caches every `RESET_EVERY` of them."""

    def __init__(self) -> None:
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count % RESET_EVERY == 0:
            from trafilatura.meta import reset_caches

            reset_caches()


_JANITOR = _CacheJanitor()


def extract_blocks(tree: HtmlElement) -> tuple[TextBlock, ...]:
    """trafilatura's body of the page (comments excluded, tables kept), as text blocks."""
    import trafilatura  # here, not at the top: it takes a quarter second to import

    _JANITOR.tick()
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return ()
    return tuple(_blocks(body))


def _blocks(element: etree._Element) -> list[TextBlock]:
    """Blocks of a trafilatura element: containers are opened, anything else is one block."""
    tag = element.tag
    if tag in _SKIPPED:
        return []
    if tag == "table":
        return [block for row in element for block in _blocks(row)]
    if tag == "row" and not _has_blocks(element):
        # A data table: one line per row, cells separated by a tab as text dumps show them
        # (a bar would make a row look like a menu to the boilerplate rules).
        cells = (" ".join(_clean(_text(cell)).split()) for cell in element)
        line = "\t".join(cell for cell in cells if cell)
        return [TextBlock("paragraph", line)] if line else []
    if tag in _CONTAINERS and _has_blocks(element):
        blocks = _loose(element.text)
        for child in element:
            blocks.extend(_blocks(child))
            blocks.extend(_loose(child.tail))
        return blocks
    # A line break (`<br>`) is deliberate in HTML, never a hard wrap: each line is a block.
    kind = "heading" if tag == "head" else "paragraph"
    return [TextBlock(kind, line) for line in _clean(_text(element)).split("\n") if line]


def _loose(text: str | None) -> list[TextBlock]:
    """Text standing between blocks, one paragraph per line."""
    return [TextBlock("paragraph", line) for line in _clean(text).split("\n") if line]


def _has_blocks(element: etree._Element) -> bool:
    """Whether an element holds blocks (a row does when one of its cells does)."""
    if element.tag == "row":
        return any(_has_blocks(cell) for cell in element)
    return any(child.tag in _BLOCK_TAGS for child in element)


def _text(element: etree._Element) -> str:
    """The text of an element, with `<lb/>` as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str | None) -> str:
    """Each line with its white space folded; blank lines dropped."""
    if not text:
        return ""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
