"""Decoded HTML to an lxml tree, refusing pages too big or too deep to be articles."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement, HTMLParser

from ..errors import FormatError
from .limits import DEFAULT_LIMITS, Limits, PageTooComplexError


def parse_html(text: str, limits: Limits = DEFAULT_LIMITS) -> HtmlElement:
    """Parse a page (never fetching anything it refers to) and check its size and depth.

    >>> parse_html("<p>Strike in Lahore</p>").findtext(".//p")
    'Strike in Lahore'
    """
    # A fresh parser per page: lxml parsers must not be shared between threads.
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
    )
    try:
        tree = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except etree.LxmlError as exc:
        raise FormatError(f"the HTML cannot be parsed: {exc}") from None
    if not isinstance(tree, HtmlElement):
        raise FormatError("the HTML holds no elements")
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise PageTooComplexError(
            "elements nested more than 255 levels deep (the parser would cut the page)"
        )
    count = int(tree.xpath("count(//*)"))
    if count > limits.max_elements:
        raise PageTooComplexError(
            f"{count} elements is over the limit of {limits.max_elements} per page"
        )
    return tree
