"""Decoded HTML to an lxml tree, refusing pages too big or too deep to be articles."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement, HTMLParser

from ...document import DEFAULT_LIMITS, Limits
from ...errors import FormatError, PageTooComplexError
from .budget import check_markup


def parse_html(text: str, limits: Limits = DEFAULT_LIMITS) -> HtmlElement:
    """Parse a page (never fetching anything it refers to) and check its size and depth.

    Its tags and attributes are counted first (`check_markup`), as lxml's time grows with the
    square of an element's attributes.

    >>> parse_html("<p>Strike in Lahore</p>").findtext(".//p")
    'Strike in Lahore'
    """
    check_markup(text, limits)
    # A fresh parser per page: lxml parsers must not be shared between threads.
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        # Without it libxml2 cuts a text node (an inline image, a script) at 10 MB and stops
        # at depth 256, dropping the rest of the page; the page's size is bounded anyway.
        huge_tree=True,
    )
    try:
        tree = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except etree.LxmlError as exc:
        raise FormatError(f"the HTML cannot be parsed: {exc}") from None
    if not isinstance(tree, HtmlElement):
        raise FormatError("the HTML holds no elements")
    cut = any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)
    if cut or tree.xpath(_deeper_than(limits.max_depth)):
        raise PageTooComplexError(
            f"elements nested more than {limits.max_depth} levels deep (an article page has "
            "a few dozen)"
        )
    count = int(tree.xpath("count(//*)"))
    if count > limits.max_elements:
        raise PageTooComplexError(
            f"{count} elements is over the limit of {limits.max_elements} per page"
        )
    return tree


@lru_cache(maxsize=4)
def _deeper_than(depth: int) -> str:
    """An XPath test for an element more than `depth` levels deep: one step per level, so
    that it visits each element at most once.

    >>> _deeper_than(2)
    'boolean(/*/*/*)'
    """
    return "boolean(" + "/*" * (depth + 1) + ")"
