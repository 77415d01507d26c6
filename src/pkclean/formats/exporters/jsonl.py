"""JSON Lines: one article per line, written with orjson."""

from __future__ import annotations

from typing import Any

import orjson

from ...model import Article
from ...record_check import plain_json_default
from .base import Exporter, register

#: Dates (only in a plain article's record) go to `default`, which writes them as the model does.
_LINE = orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME


def article_json(article: Article) -> bytes:
    """One article as compact JSON (keys in schema order, no trailing newline)."""
    return orjson.dumps(article.model_dump(mode="json"))


def _line(value: dict[str, Any]) -> bytes:
    """A record's JSON form, or a plain article's record, as one line."""
    return orjson.dumps(value, default=plain_json_default, option=_LINE)


@register
class JsonLinesExporter(Exporter):
    name = "jsonl"
    suffix = ".jsonl"
    independent_records = True
    plain_records = True

    def encode(self, article: Article) -> bytes:
        return _line(article.model_dump(mode="json"))

    def encode_plain(self, record: dict[str, Any]) -> bytes:
        return _line(record)
