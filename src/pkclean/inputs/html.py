"""HTML pages saved from the web, recognised by their content."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from ..document import SourceDoc
from ..html.page import html_source
from ..limits import Limits
from .base import InputKind, register

# After a byte-order mark, white space, an XML declaration and comments (a browser's
# "saved from" note): a doctype or one of the tags a page or a saved fragment starts with.
_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|article|meta|title|link)\b",
    re.IGNORECASE | re.DOTALL,
)
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
    if _START.match(head):
        return True
    return name.lower().endswith(_SUFFIXES) and head.lstrip()[:1] == b"<"


def _read(data: bytes, path: str, sha256: str, limits: Limits) -> Iterator[SourceDoc]:
    yield html_source(data, path=path, sha256=sha256, limits=limits)


HTML = register(InputKind("html", looks_like_html, _read, priority=10))
