"""The plain check of a record (`pkclean.record_check`) against the model it stands in for.

On generated records: a record the check vouches for is one the model accepts, and encoding it
as it is gives the bytes the model path gives; a record the model rejects, or would convert, the
check does not vouch for (and then the model decides). Each kind of change in `MUTATIONS` is
labelled with what the model does with it, and the label is checked against the model too, so
that neither the table nor the check can drift from the model unseen.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import operator
from collections.abc import Callable
from typing import Any, Literal, get_args

import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from pkclean.errors import OutputError
from pkclean.formats import exporters
from pkclean.formats.exporters.jsonl import JsonLinesExporter
from pkclean.model import (
    DERIVED_FROM_BODY,
    PUBLICATIONS,
    Article,
    Block,
    Detection,
    Evidence,
    Link,
    Named,
    RemovedLine,
    Source,
    count_words,
)
from pkclean.record_check import (
    ARTICLE,
    BLOCK,
    DETECTION,
    EVIDENCE,
    LINK,
    REMOVED_LINE,
    SOURCE,
    is_plain_article,
    plain_json,
    plain_json_default,
)
from pkclean.run.batch import Plain, vetted

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Each of the ~80 mutations on a few records (a few hundred records in all).
EACH_MUTATION = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
Record = dict[str, Any]
EXPORTER = JsonLinesExporter(io.BytesIO())
#: The other formats that encode plain records, from their JSON form (`plain_json`).
TABLE_EXPORTERS = [exporters.get(name)(io.BytesIO()) for name in ("csv", "sqlite")]

HEX = "0123456789abcdef"
LOWER = "abcdefghijklmnopqrstuvwxyz"
#: Any text (hypothesis leaves out lone surrogates, which no encoder writes).
TEXT = st.text(max_size=8)
FILLED = TEXT.filter(lambda value: value.strip() != "")
CODE = st.builds(operator.add, st.sampled_from(LOWER), st.text(LOWER + "0123456789_", max_size=6))
RULE = st.lists(CODE, min_size=1, max_size=3).map(".".join)
FINITE = st.floats(allow_nan=False, allow_infinity=False)
PROBABILITY = st.floats(min_value=0.0, max_value=1.0)
MOMENTS = (dt.datetime(2, 1, 1), dt.datetime(9998, 12, 31))
OFFSET: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.integers(-86399, 86399).map(lambda seconds: dt.timezone(dt.timedelta(seconds=seconds))),
)


def sequence(items: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    """A list or a tuple of items (the model takes both)."""
    return st.lists(items, max_size=max_size).flatmap(
        lambda values: st.sampled_from([values, tuple(values)])
    )


def ordered(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Record]:
    """Dicts of `fields`, in their order (as the pipeline builds them)."""
    names = tuple(fields)
    return st.tuples(*fields.values()).map(lambda values: dict(zip(names, values, strict=True)))


@st.composite
def records(draw: st.DrawFn) -> Record:
    """A record the model accepts as it is, of the types the pipeline builds."""
    blocks = draw(
        sequence(
            ordered({"kind": st.sampled_from(["paragraph", "heading"]), "text": TEXT.filter(bool)})
        )
    )
    text = "\n\n".join(block["text"] for block in blocks)
    moment = draw(st.one_of(st.none(), st.datetimes(MOMENTS[0], MOMENTS[1], timezones=OFFSET)))
    published = draw(st.one_of(st.none(), st.dates())) if moment is None else moment.date()
    layout = draw(st.sampled_from(PUBLICATIONS))
    declared = draw(st.one_of(st.none(), st.sampled_from(get_args(Named))))
    return {
        "schema_version": "1.1",
        "id": "pk-" + draw(st.text(HEX, min_size=20, max_size=20)),
        "publication": declared or layout,
        "title": draw(st.one_of(st.none(), TEXT)),
        "subtitle": draw(st.one_of(st.none(), TEXT)),
        "authors": draw(sequence(FILLED)),
        "published": published,
        "published_at": moment,
        "date_text": draw(st.one_of(st.none(), TEXT)),
        "issue": draw(
            st.one_of(
                st.none(),
                st.builds(
                    operator.add, st.integers(0, 99999).map(str), st.sampled_from(["", "a", "z"])
                ),
            )
        ),
        "labels": draw(sequence(FILLED)),
        "captions": draw(sequence(FILLED)),
        "links": draw(sequence(ordered({"text": TEXT, "url": TEXT}))),
        "body": blocks,
        "text": text,
        "word_count": count_words(text),
        "source": {
            "path": draw(TEXT),
            "sha256": draw(st.text(HEX, min_size=64, max_size=64)),
            "format": draw(st.sampled_from(["text", "html", "warc"])),
            "encoding": draw(TEXT),
            "url": draw(st.one_of(st.none(), TEXT)),
        },
        "detection": {
            "layout": layout,
            "confidence": draw(PROBABILITY),
            "basis": draw(st.sampled_from([None, "layout", "content"])),
            "declared": declared,
            "probabilities": draw(st.dictionaries(st.sampled_from(PUBLICATIONS), PROBABILITY)),
            "evidence": draw(
                sequence(
                    ordered(
                        {
                            "layout": TEXT,
                            "signal": TEXT,
                            "weight": FINITE,
                            "line": st.one_of(st.none(), st.integers(1, 10**6)),
                        }
                    )
                )
            ),
        },
        "removed": draw(
            sequence(ordered({"line": st.integers(1, 10**6), "text": TEXT, "rule": RULE}))
        ),
        "warnings": draw(sequence(CODE).map(tuple)),
    }


def model_line(record: Record, *, derived: bool = True) -> bytes:
    """The model path: validate, then encode the article (raises what validation raises)."""
    context = DERIVED_FROM_BODY if derived else None
    return EXPORTER.encode(Article.model_validate(record, context=context))


def own_line(record: Record) -> bytes | None:
    """The record encoded as it is, or None if it cannot be."""
    try:
        return EXPORTER.encode_plain(record)
    except (TypeError, orjson.JSONEncodeError):
        return None


def model_outcome(record: Record, *, derived: bool = True) -> bytes | str:
    """The model path's line, or the message of its rejection."""
    try:
        return model_line(record, derived=derived)
    except ValidationError as exc:
        return str(exc)


# What the model does with a record changed one way: rejects it (`invalid`), takes it but
# converts a value (`converted`), takes it as it is (`kept`), or takes it as it is, but the
# check leaves it to the model (`deferred`: a value of a type the pipeline does not build).
Verdict = Literal["invalid", "converted", "kept", "deferred"]
Mutation = Callable[[Record], None]


def _set(*path: str | int, to: Any) -> Mutation:
    def change(record: Record) -> None:
        *inner, last = path
        target: Any = record
        for key in inner:
            target = target[key]
        target[last] = to

    return change


def _drop(*path: str | int) -> Mutation:
    def change(record: Record) -> None:
        *inner, last = path
        target: Any = record
        for key in inner:
            target = target[key]
        del target[last]

    return change


def _reverse(*path: str | int) -> Mutation:
    def change(record: Record) -> None:
        target: Any = record
        for key in path:
            target = target[key]
        items = list(target.items())
        target.clear()
        target.update(reversed(items))

    return change


def _publication_not_named(record: Record) -> None:
    named = record["detection"]["declared"] or record["detection"]["layout"]
    record["publication"] = "cwi" if named != "cwi" else "wsws"


def _published_not_the_moment(record: Record) -> None:
    if record["published_at"] is None:
        raise LookupError("no moment")
    record["published"] = record["published_at"].date() + dt.timedelta(days=1)


def _only_published(to: Any) -> Mutation:
    def change(record: Record) -> None:
        record["published_at"] = None
        record["published"] = to

    return change


def _moment_as_text(record: Record) -> None:
    record["published_at"] = "2024-01-02T03:04:05"
    record["published"] = dt.date(2024, 1, 2)


class _Text(str):
    """A str subclass: the model keeps its text, the check leaves it to the model."""


BLOCK_0 = ("body", 0)
EVIDENCE_0 = ("detection", "evidence", 0)
REMOVED_0 = ("removed", 0)
LINK_0 = ("links", 0)
INT_ONE: Any = 1  # typed Any so that the record dict takes it

#: (name, change, what the model does with it); each applied to a full valid record.
MUTATIONS: list[tuple[str, Mutation, Verdict]] = [
    ("not a dict", lambda record: None, "invalid"),
    ("extra key", _set("extra", to=1), "invalid"),
    ("missing key", _drop("title"), "invalid"),
    ("keys reordered", _reverse(), "converted"),
    ("schema 1.0", _set("schema_version", to="1.0"), "invalid"),
    ("id upper case", _set("id", to="pk-" + "A" * 20), "invalid"),
    ("id too short", _set("id", to="pk-" + "a" * 19), "invalid"),
    ("id with a line break", _set("id", to="pk-" + "a" * 20 + "\n"), "invalid"),
    ("publication not a name", _set("publication", to="other"), "invalid"),
    ("publication not the named one", _publication_not_named, "invalid"),
    ("title an int", _set("title", to=5), "invalid"),
    ("title bytes", _set("title", to=b"bytes"), "converted"),
    ("subtitle a list", _set("subtitle", to=["a"]), "invalid"),
    ("author blank", _set("authors", to=["  "]), "invalid"),
    ("author empty", _set("authors", to=[""]), "invalid"),
    ("author an int", _set("authors", to=[7]), "invalid"),
    ("authors a string", _set("authors", to="Ann"), "invalid"),
    ("authors a set", _set("authors", to={"Ann"}), "converted"),
    ("label blank", _set("labels", to=("\t",)), "invalid"),
    ("caption blank", _set("captions", to=("\n",)), "invalid"),
    ("no moment, no date", _only_published(None), "kept"),
    ("published as text", _only_published("2024-01-02"), "deferred"),
    ("published at midnight", _only_published(dt.datetime(2024, 1, 2)), "converted"),
    ("published at noon", _only_published(dt.datetime(2024, 1, 2, 12)), "invalid"),
    ("published not a date", _only_published("someday"), "invalid"),
    ("published not the moment", _published_not_the_moment, "invalid"),
    ("published_at as text", _moment_as_text, "deferred"),
    ("title a str subclass", _set("title", to=_Text("Title")), "deferred"),
    ("date_text an int", _set("date_text", to=3), "invalid"),
    ("issue not a number", _set("issue", to="12b3"), "invalid"),
    ("issue with a line break", _set("issue", to="12\n"), "invalid"),
    ("issue empty", _set("issue", to=""), "invalid"),
    ("link missing url", _drop(*LINK_0, "url"), "invalid"),
    ("link extra key", _set(*LINK_0, "rel", to="x"), "invalid"),
    ("link keys reordered", _reverse(*LINK_0), "converted"),
    ("link url None", _set(*LINK_0, "url", to=None), "invalid"),
    ("block empty", _set(*BLOCK_0, "text", to=""), "invalid"),
    ("block kind unknown", _set(*BLOCK_0, "kind", to="list"), "invalid"),
    ("block keys reordered", _reverse(*BLOCK_0), "converted"),
    ("body a dict", _set("body", to={}), "invalid"),
    ("text None", _set("text", to=None), "invalid"),
    ("word count negative", _set("word_count", to=-1), "invalid"),
    ("word count a float", _set("word_count", to=3.0), "converted"),
    ("word count a bool", _set("word_count", to=True), "converted"),
    ("word count a string", _set("word_count", to="3"), "converted"),
    ("sha256 upper case", _set("source", "sha256", to="A" * 64), "invalid"),
    ("sha256 with a line break", _set("source", "sha256", to="a" * 64 + "\n"), "invalid"),
    ("format unknown", _set("source", "format", to="pdf"), "invalid"),
    ("source url an int", _set("source", "url", to=1), "invalid"),
    ("source missing url", _drop("source", "url"), "invalid"),
    ("source extra key", _set("source", "size", to=1), "invalid"),
    ("source keys reordered", _reverse("source"), "converted"),
    ("encoding None", _set("source", "encoding", to=None), "invalid"),
    ("layout unknown", _set("detection", "layout", to="other"), "invalid"),
    ("confidence over 1", _set("detection", "confidence", to=1.5), "invalid"),
    ("confidence below 0", _set("detection", "confidence", to=-0.1), "invalid"),
    ("confidence NaN", _set("detection", "confidence", to=math.nan), "invalid"),
    ("confidence an int", _set("detection", "confidence", to=INT_ONE), "converted"),
    ("basis unknown", _set("detection", "basis", to="style"), "invalid"),
    ("declared unknown", _set("detection", "declared", to="unknown"), "invalid"),
    ("probability of another name", _set("detection", "probabilities", "other", to=0.5), "invalid"),
    ("probability over 1", _set("detection", "probabilities", "wsws", to=2.0), "invalid"),
    ("probability NaN", _set("detection", "probabilities", "cwi", to=math.nan), "invalid"),
    ("probability an int", _set("detection", "probabilities", "cwi", to=INT_ONE), "converted"),
    ("probabilities a list", _set("detection", "probabilities", to=[]), "invalid"),
    ("detection extra key", _set("detection", "score", to=1.0), "invalid"),
    ("detection keys reordered", _reverse("detection"), "converted"),
    ("weight infinite", _set(*EVIDENCE_0, "weight", to=math.inf), "invalid"),
    ("weight NaN", _set(*EVIDENCE_0, "weight", to=math.nan), "invalid"),
    ("weight an int", _set(*EVIDENCE_0, "weight", to=INT_ONE), "converted"),
    ("evidence line 0", _set(*EVIDENCE_0, "line", to=0), "invalid"),
    ("evidence signal None", _set(*EVIDENCE_0, "signal", to=None), "invalid"),
    ("evidence missing line", _drop(*EVIDENCE_0, "line"), "invalid"),
    ("removed line 0", _set(*REMOVED_0, "line", to=0), "invalid"),
    ("removed line a float", _set(*REMOVED_0, "line", to=2.0), "converted"),
    ("rule not dotted", _set(*REMOVED_0, "rule", to="Bad Rule"), "invalid"),
    ("rule empty part", _set(*REMOVED_0, "rule", to="a..b"), "invalid"),
    ("rule with a line break", _set(*REMOVED_0, "rule", to="a.b\n"), "kept"),
    ("removed text None", _set(*REMOVED_0, "text", to=None), "invalid"),
    ("warning upper case", _set("warnings", to=("Bad",)), "invalid"),
    ("warning with a line break", _set("warnings", to=("date_missing\n",)), "kept"),
    ("warning an int", _set("warnings", to=(1,)), "invalid"),
]


def mutable(record: Record) -> Record:
    """A deep copy whose lists of sub-records can be changed in place."""
    copied = copy.deepcopy(record)
    for key in ("links", "body", "removed"):
        copied[key] = list(copied[key])
    copied["detection"]["evidence"] = list(copied["detection"]["evidence"])
    return copied


def test_every_field_of_every_model_is_checked_in_order() -> None:
    tables: list[tuple[dict[str, Any], type[BaseModel]]] = [
        (dict(ARTICLE), Article),
        (dict(BLOCK), Block),
        (dict(LINK), Link),
        (dict(SOURCE), Source),
        (dict(DETECTION), Detection),
        (dict(EVIDENCE), Evidence),
        (dict(REMOVED_LINE), RemovedLine),
    ]
    for table, model in tables:
        assert list(table) == list(model.model_fields), model.__name__


@PROPERTY
@given(records())
def test_valid_records_are_vouched_for_and_encode_to_the_model_bytes(record: Record) -> None:
    assert is_plain_article(record, derived_from_body=True)
    assert is_plain_article(record, derived_from_body=False)  # text and count are derived
    assert EXPORTER.encode_plain(record) == model_line(record)
    article = Article.model_validate(record)
    assert orjson.loads(EXPORTER.encode_plain(record)) == article.model_dump(mode="json")
    assert orjson.loads(orjson.dumps(plain_json(record))) == article.model_dump(mode="json")
    for exporter in TABLE_EXPORTERS:
        plain = encoded_or_refused(exporter.encode_plain, record)
        assert plain == encoded_or_refused(exporter.encode, article), exporter.name


def encoded_or_refused(encode: Callable[[Any], bytes], value: Any) -> bytes | str:
    """What an exporter gives, or the message of its refusal (CSV refuses some blocks)."""
    try:
        return encode(value)
    except OutputError as exc:
        return str(exc)


@pytest.mark.parametrize(("name", "change", "verdict"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
@EACH_MUTATION
@given(records())
def test_the_check_never_vouches_for_what_the_model_rejects_or_converts(
    name: str, change: Mutation, verdict: Verdict, record: Record
) -> None:
    changed: Any = mutable(record)
    try:
        change(changed)
    except LookupError:  # nothing to change (no link, no evidence, no date, ...)
        assume(False)
    if name == "not a dict":
        changed = list(record.items())
    outcome = model_outcome(changed)
    if verdict == "invalid":
        assert isinstance(outcome, str), f"{name}: the model takes it"
    else:
        assert isinstance(outcome, bytes), f"{name}: the model rejects it: {outcome}"
        unchanged = own_line(changed) == outcome
        assert unchanged == (verdict in ("kept", "deferred")), f"{name}: not {verdict}"
    assert is_plain_article(changed, derived_from_body=True) == (verdict == "kept"), name
    # Whatever the check says, the batch's path gives what the model path gives.
    assert vetted_outcome(changed) == outcome


def vetted_outcome(record: Record) -> bytes | str:
    """The batch's path: `vetted`, then the exporter's encoding of what it gives."""
    try:
        found = vetted(record)
    except ValidationError as exc:
        return str(exc)
    if isinstance(found, Plain):
        return EXPORTER.encode_plain(found.record)
    return EXPORTER.encode(found)


@settings(PROPERTY, max_examples=50)
@given(records(), st.sampled_from(["text", "word_count"]))
def test_text_and_count_are_checked_unless_derived(record: Record, field: str) -> None:
    changed = mutable(record)
    changed[field] = changed["text"] + " more" if field == "text" else changed["word_count"] + 1
    assert is_plain_article(changed, derived_from_body=True)
    assert not is_plain_article(changed, derived_from_body=False)
    with pytest.raises(ValidationError):
        model_line(changed, derived=False)
    assert EXPORTER.encode_plain(changed) == model_line(changed)


def test_dates_are_written_as_the_model_writes_them() -> None:
    moment = dt.datetime(5, 1, 2, 3, 4, 5, 6, tzinfo=dt.timezone(dt.timedelta(seconds=-3601)))
    assert plain_json_default(moment) == "0005-01-02T03:04:05.000006-01:00:01"
    assert plain_json_default(dt.date(5, 1, 2)) == "0005-01-02"
    with pytest.raises(TypeError):
        plain_json_default(1.5)
