"""The framed text of a page: trafilatura's body, with the page's own lines around it.

trafilatura keeps the article body and drops the lines around it: the headline, the byline,
the date and issue lines, and footers such as Socialist Worker's date line. A text dump of the
same page has them, and the layout rules read them. So a text is *framed* from

1. the headline: the page's `<h1>` or `<h2>` that matches the declared title (else the
   declared title), with up to `LABEL_LINES` lines above it that belong to the article (a
   label such as `Perspective`);
2. the *header window*: the page lines between that headline and the body's first line;
3. the body, block by block, as trafilatura found it;
4. the *footer window*: up to `FOOTER_LINES` page lines after the body's last line, inside
   the smallest element that holds both the headline and the body.

The windows are looked for only in a page that names the web site of one of the publications
(its host name anywhere in the HTML, as in its canonical link or its own links): finding them
costs a walk over the whole page, which pages of other sites are spared.

Each piece keeps where it came from (`FramePiece.origin`): reading stops here. The cleaning
detects the page's publication once, on the whole framed text, and then chooses from it
(`pkclean.clean.framing`): a publication's layout reads the window lines as metadata or
removes them, and those it would put into the body are left out; a page of another site
keeps its headline and body only, with a byline and a date line made from its metadata.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml.html import HtmlElement

from ...clean.text.shapes import is_headline_like
from ...document import FramePiece, PageMeta
from ...model import PUBLICATION_INFO
from .extract import TextBlock
from .pagelines import PageLine

#: Page lines between the headline and the body that may be header lines.
HEADER_LINES = 12
#: Page lines above the headline, inside the article, that may be labels.
LABEL_LINES = 2
#: Page lines after the body that may be footer lines.
FOOTER_LINES = 15
_HEADLINE_TAGS = frozenset({"h1", "h2"})
#: Body blocks tried, from either end, to find where the body is on the page.
_ANCHOR_TRIES = 5


def names_a_publication(html: str) -> bool:
    """Whether a page's HTML names the host of a registered publication layout (in lower
    case, as URLs are written: folding the case of a whole page would cost more than the
    rest of this module).

    >>> names_a_publication('<link rel="canonical" href="https://www.wsws.org/en/x">')
    True
    >>> names_a_publication("<p>A page of another site</p>")
    False
    """
    return any(host in html for info in PUBLICATION_INFO.values() for host in info.hosts)


def compose_frame(
    blocks: Sequence[TextBlock], lines: Sequence[PageLine], page: PageMeta, *, windows: bool = True
) -> tuple[FramePiece, ...]:
    """The framed text's pieces (see the module docstring). Without `windows`, `lines` need
    only hold the page's `<h1>` lines (`headline_lines`)."""
    start, end = _locate(blocks, lines) if windows else (None, None)
    body = [FramePiece(block.text, "body") for block in blocks]
    h1s = [number for number, line in enumerate(lines) if line.tag == "h1"]
    headings = [number for number, line in enumerate(lines) if line.tag in _HEADLINE_TAGS]
    headlines = {_key(lines[number].text) for number in h1s} | {_key(page.title or "")}
    if blocks and _key(blocks[0].text) in headlines:
        # trafilatura kept the page's headline: it is the title, whatever the meta tags say.
        head, body, title_at = [FramePiece(blocks[0].text, "title")], body[1:], None
    else:
        title_at = _headline(lines, headings, h1s, page.title, start)
        title = lines[title_at].text if title_at is not None else page.title
        head = [FramePiece(title, "title")] if title and is_headline_like(title) else []
    header: list[FramePiece] = []
    footer: list[FramePiece] = []
    if start is not None and end is not None:
        anchor = lines[start].element
        if title_at is not None and head and 0 < start - title_at <= HEADER_LINES + 1:
            header = [FramePiece(line.text, "window") for line in lines[title_at + 1 : start]]
            head = _labels_above(lines, title_at, start) + head
            anchor = lines[title_at].element
        region = _common_ancestor(anchor, lines[end].element)
        if region is not None and region.tag not in {"html", "body"}:
            after = lines[end + 1 : end + 1 + _run_inside(lines, end, region)]
            footer = [FramePiece(line.text, "window") for line in after]
    return (*head, *header, *body, *footer)


def headline_lines(tree: HtmlElement) -> tuple[PageLine, ...]:
    """The page's `<h1>` headings as page lines (all `compose_frame` needs without windows)."""
    texts = ((" ".join(h1.text_content().split()), h1) for h1 in tree.iter("h1"))
    return tuple(PageLine(text, h1) for text, h1 in texts if text)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _locate(
    blocks: Sequence[TextBlock], lines: Sequence[PageLine]
) -> tuple[int | None, int | None]:
    """Indexes of the page lines where the body starts and ends (None when not found)."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        index.setdefault(_key(line.text), []).append(number)
    start = None
    for block in blocks[:_ANCHOR_TRIES]:
        found = index.get(_key(block.text.split("\n")[0]))
        if found:
            start = found[0]
            break
    if start is None:
        return None, None
    for block in reversed(blocks[-_ANCHOR_TRIES:]):
        found = [n for n in index.get(_key(block.text.split("\n")[-1]), ()) if n >= start]
        if found:
            return start, found[-1]
    return start, start


def _headline(
    lines: Sequence[PageLine],
    headings: list[int],
    h1s: list[int],
    title: str | None,
    start: int | None,
) -> int | None:
    """The page line of the article's headline: an `<h1>` or `<h2>` matching the declared
    title, else the last `<h1>` at most `HEADER_LINES` lines above the body."""
    if title:
        wanted = _key(title)
        for number in headings:
            key = _key(lines[number].text)
            if key == wanted or (len(key) > 10 and (key in wanted or wanted in key)):
                return number
    if start is None:
        return None
    above = [number for number in h1s if start - HEADER_LINES <= number <= start]
    return above[-1] if above else None


def _labels_above(lines: Sequence[PageLine], title_at: int, start: int) -> list[FramePiece]:
    """Up to `LABEL_LINES` lines right above the headline that are inside the article (the
    smallest element holding the headline and the body): labels such as `Perspective`."""
    region = _common_ancestor(lines[title_at].element, lines[start].element)
    if region is None or region.tag in {"html", "body"}:
        return []
    above: list[FramePiece] = []
    for line in reversed(lines[max(0, title_at - LABEL_LINES) : title_at]):
        if line.tag in _HEADLINE_TAGS or not _inside(line.element, region):
            break
        above.insert(0, FramePiece(line.text, "label"))
    return above


def _common_ancestor(first: HtmlElement, second: HtmlElement) -> HtmlElement | None:
    # lxml hands out the same proxy object for a node only while one is alive: keep the list.
    ancestors = [first, *first.iterancestors()]
    for element in (second, *second.iterancestors()):
        if any(element is ancestor for ancestor in ancestors):
            return element
    return None


def _inside(element: HtmlElement, region: HtmlElement) -> bool:
    return element is region or any(parent is region for parent in element.iterancestors())


def _run_inside(lines: Sequence[PageLine], end: int, region: HtmlElement) -> int:
    """How many lines after `end` are inside `region` before the first one outside it."""
    count = 0
    for line in lines[end + 1 : end + 1 + FOOTER_LINES]:
        if not _inside(line.element, region):
            break
        count += 1
    return count
