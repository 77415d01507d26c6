"""JSON Lines: one article per line, written with orjson."""

from __future__ import annotations

import orjson

from ...model import Article
from .base import Exporter, register


def article_json(article: Article) -> bytes:
    """One article as compact JSON (keys in schema order, no trailing newline)."""
    return orjson.dumps(article.model_dump(mode="json"))


@register
class JsonLinesExporter(Exporter):
    name = "jsonl"
    suffix = ".jsonl"
    independent_records = True

    def encode(self, article: Article) -> bytes:
        return orjson.dumps(article.model_dump(mode="json"), option=orjson.OPT_APPEND_NEWLINE)
