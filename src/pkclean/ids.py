"""Stable, deterministic article identifiers."""

from __future__ import annotations

import hashlib

ID_PREFIX = "pk-"
_ID_VERSION = "pkclean-id-1"


def article_id(publication: str, title: str | None, published: str | None, text: str) -> str:
    """`pk-` and 20 hex digits of SHA-256 over the cleaned identity of an article.

    The same cleaned article (publication, title, date and body text) gets the same id from
    any file, format or machine; the source file itself is identified by `source.sha256`.

    >>> article_id("wsws", "A title", "2024-12-12", "Body.")
    'pk-632f4e9002ccce1c9578'
    """
    key = "\x1f".join((_ID_VERSION, publication, title or "", published or "", text))
    return ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
