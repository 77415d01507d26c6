"""HTML pages saved from the web, recognised by their content."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from ...document import Limits, SourceDoc
from ..html.page import html_source
from .base import InputKind, register

# What a page or a saved fragment starts with, once a byte-order mark, white space, an XML
# declaration and comments (a browser's "saved from" note) are passed over.
_FIRST_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|meta|title|link)\b", re.IGNORECASE
)
_XML_DECLARATION = re.compile(rb"<\?xml[^>]*>")
_SPACE = re.compile(rb"\s*")
_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_like_html(head: bytes, name: str = "") -> bool:
    """Whether the first bytes are an HTML page (any case; the name only settles a page that
    starts with another tag).

    >>> looks_like_html(b"\\xef\\xbb\\xbf  <!DOCTYPE html><html>"), looks_like_html(b"<HTML>")
    (True, True)
    >>> looks_like_html(b"<div>Strike</div>", "page.htm"), looks_like_html(b"<div>x</div>")
    (True, False)
    >>> looks_like_html(b"Socialist Worker\\n\\n<html> is a tag", "dump.html")
    False
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, errors="ignore").encode("utf-8")
            break
    if _FIRST_TAG.match(head, _after_preamble(head)):
        return True
    return name.lower().endswith(_SUFFIXES) and head.lstrip()[:1] == b"<"


def _after_preamble(head: bytes) -> int:
    """Where the first tag is, past white space, an XML declaration and comments.

    A scan, not one regular expression: the pattern `(?:<!--.*?-->\\s*)*` backtracks
    exponentially on a run of comments that no tag follows (20 comments took 0.2 s, and each
    one more doubled it). Each byte is looked at a bounded number of times.

    >>> _after_preamble(b"  <?xml version='1.0'?>\\n<!-- saved --> <!--x--><html>")
    47
    """
    position = _skip_space(head, 0)
    declaration = _XML_DECLARATION.match(head, position)
    if declaration is not None:
        position = _skip_space(head, declaration.end())
    while head.startswith(b"<!--", position):
        end = head.find(b"-->", position + 4)
        if end == -1:
            return len(head)
        position = _skip_space(head, end + 3)
    return position


def _skip_space(data: bytes, position: int) -> int:
    return _SPACE.match(data, position).end()  # type: ignore[union-attr]  # \s* always matches


def _read(data: bytes, path: str, sha256: str, limits: Limits) -> Iterator[SourceDoc]:
    yield html_source(data, path=path, sha256=sha256, limits=limits)


HTML = register(InputKind("html", looks_like_html, _read, priority=10))
