"""`Article`'s constraints as plain code, for the records the pipeline builds.

Building the model to check a record, then dumping it back to plain values to encode it,
costs more than cleaning's last steps together. `is_plain_article` says whether a record,
as `pkclean.clean.pipeline.clean_record` builds it, is one `Article.model_validate` accepts
and keeps as it is: every value of its exact plain type (dict, list or tuple, str, int,
float, date, datetime with a fixed offset or none, None) and every constraint of the model
met. Then the model's JSON form of the record is the record itself, dates written by
`isoformat()`, and the record can be encoded directly.

It is the model that decides: a record this check does not vouch for (a constraint broken,
or a value the model would convert, such as an int where a float is due) goes to the model,
which accepts and converts it, or rejects it with its own message. `tests/test_record_check.py`
shows on generated records that the check accepts only what the model accepts, unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, get_args

from .model import (
    _ISSUE,
    _RULE_NAME,
    _WARNING_CODE,
    PUBLICATIONS,
    Basis,
    BlockKind,
    Named,
    SourceFormat,
    body_text,
    count_words,
)

Check = Callable[[Any], bool]

_ID = re.compile(r"pk-[0-9a-f]{20}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SEQUENCES = (list, tuple)
_PUBLICATIONS = frozenset(PUBLICATIONS)


def _text(value: Any) -> bool:
    return type(value) is str


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _one_of(values: tuple[str, ...]) -> Check:
    allowed = frozenset(values)
    return lambda value: type(value) is str and value in allowed


def _texts(item: Check) -> Check:
    return lambda value: type(value) in _SEQUENCES and all(item(each) for each in value)


def _matches(pattern: re.Pattern[str], how: str = "fullmatch") -> Check:
    find = getattr(pattern, how)
    return lambda value: type(value) is str and find(value) is not None


def _count(least: int) -> Check:
    return lambda value: type(value) is int and value >= least


def _probability(value: Any) -> bool:
    return type(value) is float and 0.0 <= value <= 1.0  # NaN fails both comparisons


def _finite(value: Any) -> bool:
    return type(value) is float and math.isfinite(value)


def _moment(value: Any) -> bool:
    return type(value) is dt.datetime and (
        value.tzinfo is None or type(value.tzinfo) is dt.timezone
    )


def _filled(value: str) -> bool:
    return bool(value.strip())


def _records(fields: Mapping[str, Check]) -> Check:
    """A list or tuple of records, each a dict with exactly `fields`, in order."""
    keys = tuple(fields)
    checks = tuple(fields.values())

    def every(value: Any) -> bool:
        if type(value) not in _SEQUENCES:
            return False
        for item in value:
            if type(item) is not dict or tuple(item) != keys:
                return False
            for check, each in zip(checks, item.values(), strict=True):
                if not check(each):
                    return False
        return True

    return every


def _record(fields: Mapping[str, Check]) -> Check:
    """A dict with exactly `fields`, in order."""
    many = _records(fields)
    return lambda value: many((value,))


def _probabilities(value: Any) -> bool:
    return type(value) is dict and all(
        type(name) is str and name in _PUBLICATIONS and _probability(each)
        for name, each in value.items()
    )


#: Each model's fields, in the model's order, and what each value must be.
LINK: Mapping[str, Check] = MappingProxyType({"text": _text, "url": _text})
BLOCK: Mapping[str, Check] = MappingProxyType(
    {"kind": _one_of(get_args(BlockKind)), "text": lambda value: _text(value) and value != ""}
)
SOURCE: Mapping[str, Check] = MappingProxyType(
    {
        "path": _text,
        "sha256": _matches(_SHA256),
        "format": _one_of(get_args(SourceFormat)),
        "encoding": _text,
        "url": _optional(_text),
    }
)
EVIDENCE: Mapping[str, Check] = MappingProxyType(
    {"layout": _text, "signal": _text, "weight": _finite, "line": _optional(_count(1))}
)
DETECTION: Mapping[str, Check] = MappingProxyType(
    {
        "layout": _one_of(PUBLICATIONS),
        "confidence": _probability,
        "basis": _optional(_one_of(get_args(Basis))),
        "declared": _optional(_one_of(get_args(Named))),
        "probabilities": _probabilities,
        "evidence": _records(EVIDENCE),
    }
)
REMOVED_LINE: Mapping[str, Check] = MappingProxyType(
    {"line": _count(1), "text": _text, "rule": _matches(_RULE_NAME, "match")}
)
_FILLED_TEXTS = _texts(lambda value: _text(value) and _filled(value))
ARTICLE: Mapping[str, Check] = MappingProxyType(
    {
        "schema_version": _one_of(("1.1",)),
        "id": _matches(_ID),
        "publication": _one_of(PUBLICATIONS),
        "title": _optional(_text),
        "subtitle": _optional(_text),
        "authors": _FILLED_TEXTS,
        "published": _optional(lambda value: type(value) is dt.date),
        "published_at": _optional(_moment),
        "date_text": _optional(_text),
        "issue": _optional(_matches(_ISSUE)),
        "labels": _FILLED_TEXTS,
        "captions": _FILLED_TEXTS,
        "links": _records(LINK),
        "body": _records(BLOCK),
        "text": _text,
        "word_count": _count(0),
        "source": _record(SOURCE),
        "detection": _record(DETECTION),
        "removed": _records(REMOVED_LINE),
        "warnings": _texts(_matches(_WARNING_CODE, "match")),
    }
)
_ARTICLE = _record(ARTICLE)


def is_plain_article(record: Any, *, derived_from_body: bool = False) -> bool:
    """Whether `Article.model_validate(record, context=...)` accepts `record` and keeps its
    values as they are (see the module's docstring); `derived_from_body` as the model's
    validation context `DERIVED_FROM_BODY` says."""
    if not _ARTICLE(record):
        return False
    if not derived_from_body:
        if record["text"] != body_text(_Text(block["text"]) for block in record["body"]):
            return False
        if record["word_count"] != count_words(record["text"]):
            return False
    moment = record["published_at"]
    if moment is not None and record["published"] != moment.date():
        return False
    detection = record["detection"]
    return bool(record["publication"] == (detection["declared"] or detection["layout"]))


class _Text:
    """A block's text as `body_text` takes it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def plain_json(record: dict[str, Any]) -> dict[str, Any]:
    """A plain article's record in the JSON form (`model_dump(mode="json")` of its article,
    but for lists that may be tuples): its dates written as the model writes them."""
    published, moment = record["published"], record["published_at"]
    return {
        **record,
        "published": None if published is None else published.isoformat(),
        "published_at": None if moment is None else moment.isoformat(),
    }


def plain_json_default(value: Any) -> str:
    """How the JSON form writes the dates of a plain article (for orjson's `default`)."""
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a plain article")
