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
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from operator import is_not, itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple, get_args

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

Test = Callable[[Any], Any]


class Field(NamedTuple):
    """What a field's value must be: of one of `types` exactly, and (unless None) pass `test`."""

    types: frozenset[type]
    test: Test | None = None


def _field(*types: type, test: Test | None = None) -> Field:
    return Field(frozenset(types), test)


_ID = re.compile(r"pk-[0-9a-f]{20}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SEQUENCES = frozenset({list, tuple})
_DICTS = {dict}
_NONE = type(None)
_not_none = partial(is_not, None)


def _optional(field: Field) -> Field:
    return Field(field.types | {_NONE}, field.test)


def _one_of(values: tuple[str, ...]) -> Field:
    return _field(str, test=frozenset(values).__contains__)


def _count(least: int) -> Field:
    return _field(int, test=least.__le__)


def _probability(value: float) -> bool:
    return 0.0 <= value <= 1.0  # NaN fails both comparisons


def _fixed_offset(value: dt.datetime) -> bool:
    return value.tzinfo is None or type(value.tzinfo) is dt.timezone


def _column(values: Sequence[Any], field: Field) -> bool:
    """Whether every value is `field` (each pass over the values runs in C)."""
    if not set(map(type, values)) <= field.types:
        return False
    if field.test is None:
        return True
    if _NONE in field.types:
        values = list(filter(_not_none, values))
    return all(map(field.test, values))


def _all(item: Field) -> Field:
    """A list or tuple of values that are each `item`."""
    return Field(_SEQUENCES, partial(_column, field=item))


def _valid(fields: tuple[Field, ...], values: Iterable[Any]) -> bool:
    for (types, test), value in zip(fields, values, strict=True):
        if type(value) not in types or (test is not None and value is not None and not test(value)):
            return False
    return True


def _records(fields: Mapping[str, Field]) -> Field:
    """A list or tuple of records, each a dict with exactly `fields`, in order (checked
    column by column: a Python call per field, not per record)."""
    keys = {tuple(fields)}
    columns = tuple((itemgetter(key), field) for key, field in fields.items())

    def every(items: Sequence[Any]) -> bool:
        if not items:
            return True
        if set(map(type, items)) != _DICTS or set(map(tuple, items)) != keys:
            return False
        return all(_column(list(map(get, items)), field) for get, field in columns)

    return Field(_SEQUENCES, every)


def _matcher(fields: Mapping[str, Field]) -> Callable[[dict[Any, Any]], bool]:
    """Whether a dict has exactly `fields`, in order."""
    keys, specs = tuple(fields), tuple(fields.values())
    return lambda item: tuple(item) == keys and _valid(specs, item.values())


def _record(fields: Mapping[str, Field]) -> Field:
    """A dict with exactly `fields`, in order."""
    return _field(dict, test=_matcher(fields))


def _probabilities(value: dict[Any, Any]) -> bool:
    return all(
        type(name) is str and name in PUBLICATIONS and type(each) is float and _probability(each)
        for name, each in value.items()
    )


_TEXT = _field(str)
_OPTIONAL_TEXT = _optional(_TEXT)
#: Each model's fields, in the model's order, and what each value must be.
LINK: Mapping[str, Field] = MappingProxyType({"text": _TEXT, "url": _TEXT})
BLOCK: Mapping[str, Field] = MappingProxyType(
    {"kind": _one_of(get_args(BlockKind)), "text": _field(str, test=bool)}
)
SOURCE: Mapping[str, Field] = MappingProxyType(
    {
        "path": _TEXT,
        "sha256": _field(str, test=_SHA256.fullmatch),
        "format": _one_of(get_args(SourceFormat)),
        "encoding": _TEXT,
        "url": _OPTIONAL_TEXT,
    }
)
EVIDENCE: Mapping[str, Field] = MappingProxyType(
    {
        "layout": _TEXT,
        "signal": _TEXT,
        "weight": _field(float, test=math.isfinite),
        "line": _optional(_count(1)),
    }
)
DETECTION: Mapping[str, Field] = MappingProxyType(
    {
        "layout": _one_of(PUBLICATIONS),
        "confidence": _field(float, test=_probability),
        "basis": _optional(_one_of(get_args(Basis))),
        "declared": _optional(_one_of(get_args(Named))),
        "probabilities": _field(dict, test=_probabilities),
        "evidence": _records(EVIDENCE),
    }
)
REMOVED_LINE: Mapping[str, Field] = MappingProxyType(
    {"line": _count(1), "text": _TEXT, "rule": _field(str, test=_RULE_NAME.match)}
)
_FILLED_TEXTS = _all(_field(str, test=str.strip))
ARTICLE: Mapping[str, Field] = MappingProxyType(
    {
        "schema_version": _one_of(("1.1",)),
        "id": _field(str, test=_ID.fullmatch),
        "publication": _one_of(PUBLICATIONS),
        "title": _OPTIONAL_TEXT,
        "subtitle": _OPTIONAL_TEXT,
        "authors": _FILLED_TEXTS,
        "published": _optional(_field(dt.date)),
        "published_at": _optional(_field(dt.datetime, test=_fixed_offset)),
        "date_text": _OPTIONAL_TEXT,
        "issue": _optional(_field(str, test=_ISSUE.fullmatch)),
        "labels": _FILLED_TEXTS,
        "captions": _FILLED_TEXTS,
        "links": _records(LINK),
        "body": _records(BLOCK),
        "text": _TEXT,
        "word_count": _count(0),
        "source": _record(SOURCE),
        "detection": _record(DETECTION),
        "removed": _records(REMOVED_LINE),
        "warnings": _all(_field(str, test=_WARNING_CODE.match)),
    }
)
_is_article = _matcher(ARTICLE)


def is_plain_article(record: Any, *, derived_from_body: bool = False) -> bool:
    """Whether `Article.model_validate(record, context=...)` accepts `record` and keeps its
    values as they are (see the module's docstring); `derived_from_body` as the model's
    validation context `DERIVED_FROM_BODY` says."""
    if type(record) is not dict or not _is_article(record):
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
