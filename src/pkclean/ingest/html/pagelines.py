"""A whole page as the lines a plain-text dump would show, each with the element it is in."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

#: Elements that start and end a line of text.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main
    menu nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
#: Elements whose content is never shown as text.
HIDDEN_TAGS = frozenset(
    """audio button canvas datalist embed head iframe input map math noscript object option
    script select style svg template textarea title video""".split()
)


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of the page's text and the block element it belongs to."""

    text: str
    element: HtmlElement

    @property
    def tag(self) -> str:
        return str(self.element.tag)


def page_lines(tree: HtmlElement) -> tuple[PageLine, ...]:
    """The visible text of a page, one line per block element or `<br>`, in document order.

    >>> [line.text for line in page_lines(etree.fromstring(
    ...     "<div><h1>Title</h1><p>One<br>two <b>three</b></p>tail</div>", etree.HTMLParser()
    ... ))]
    ['Title', 'One', 'two three', 'tail']
    """
    lines: list[PageLine] = []
    buffer: list[str] = []
    owners: list[HtmlElement] = [tree]
    blocks, hidden = BLOCK_TAGS, HIDDEN_TAGS
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if tag.__class__ is not str:
            continue
        if event == "start":
            if tag in hidden:
                walker.skip_subtree()
                continue
            if tag in blocks or tag == "br":
                if buffer:
                    _flush(buffer, owners[-1], lines)
                if tag != "br":
                    owners.append(element)
            if element.text:
                buffer.append(element.text)
        else:
            if tag in blocks and tag not in hidden:
                if buffer:
                    _flush(buffer, owners[-1], lines)
                owners.pop()
            if element.tail:
                buffer.append(element.tail)
    if buffer:
        _flush(buffer, owners[-1], lines)
    return tuple(lines)


def _flush(buffer: list[str], owner: HtmlElement, lines: list[PageLine]) -> None:
    """Add the buffered text as a line (if it has any) and empty the buffer."""
    text = " ".join("".join(buffer).split())
    buffer.clear()
    if text:
        lines.append(PageLine(text, owner))
