"""The article record: the validated, immutable schema every export is made from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal, NamedTuple, Protocol

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.1"

#: Validation context for a record whose `text` and `word_count` were made from its `body` by
#: `body_text` and `count_words` themselves (as the pipeline does): checking them again would
#: only repeat the same computation.
DERIVED_FROM_BODY = MappingProxyType({"derived_from_body": True})

Publication = Literal["socialist_worker", "workers_world", "wsws", "cwi", "unknown"]
PUBLICATIONS: tuple[Publication, ...] = (
    "socialist_worker",
    "workers_world",
    "wsws",
    "cwi",
    "unknown",
)
Named = Literal["socialist_worker", "workers_world", "wsws", "cwi"]


class PublicationInfo(NamedTuple):
    """What a publication is called and where it is published."""

    label: str
    #: Host names of its web sites (evidence when a page's address is known).
    hosts: tuple[str, ...]


#: Each named publication's label and hosts: the one table layouts, detection, the HTML
#: reader and the TEI exporter take them from.
PUBLICATION_INFO: Mapping[Named, PublicationInfo] = MappingProxyType(
    {
        "socialist_worker": PublicationInfo("Socialist Worker (UK)", ("socialistworker.co.uk",)),
        "workers_world": PublicationInfo("Workers World (US)", ("workers.org", "workersworld.net")),
        "wsws": PublicationInfo("World Socialist Web Site", ("wsws.org",)),
        "cwi": PublicationInfo("Committee for a Workers' International", ("socialistworld.net",)),
    }
)
#: The label of a record of no known publication.
UNKNOWN_LABEL = "Unknown publication"
#: On what ground a publication was named: the page's chrome, shapes or address (`layout`),
#: or only its self-reference and house style (`content`).
Basis = Literal["layout", "content"]
SourceFormat = Literal["text", "html", "warc"]
BlockKind = Literal["paragraph", "heading"]

_WARNING_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_ISSUE = re.compile(r"[0-9]+[a-z]?")
_RULE_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")

#: A date-time serialised as ISO 8601, with a UTC offset only when the value carries one.
IsoDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="always"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
#: A finite number (orjson would write NaN and infinity as null, which reads back wrong).
Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Block(_Frozen):
    """One unit of the body, in reading order."""

    kind: BlockKind
    text: Annotated[str, Field(min_length=1)]


class Link(_Frozen):
    """A hyperlink written in the text (a markdown remnant): its text and its target."""

    text: str
    url: str


class Source(_Frozen):
    """Where the record came from."""

    path: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    format: SourceFormat
    encoding: str
    url: str | None


class Evidence(_Frozen):
    """One signal a layout found in the document, with the weight it added to the score."""

    layout: str
    signal: str
    weight: Finite
    line: Annotated[int, Field(ge=1)] | None


Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class Detection(_Frozen):
    """Which publication the detector named, how likely it is right, on what ground, and why.

    `confidence` is the probability that `layout` is right (for `unknown`: that the page is of
    none of the four); `probabilities` gives each publication's, and `unknown` for the rest.
    `declared` is the publication the user declared for the page (`--publication`), if any.
    """

    layout: Publication
    confidence: Probability
    basis: Basis | None
    declared: Named | None
    probabilities: dict[Publication, Probability]
    evidence: tuple[Evidence, ...]


class RemovedLine(_Frozen):
    """An input line that is not in the record, and the rule that removed it."""

    line: Annotated[int, Field(ge=1)]
    text: str
    rule: str

    @field_validator("rule")
    @classmethod
    def _rule_is_dotted_name(cls, value: str) -> str:
        if not _RULE_NAME.match(value):
            raise ValueError(f"rule {value!r} is not a dotted lower-case name")
        return value


class Article(_Frozen):
    """One cleaned article: metadata, body and the account of what was removed."""

    schema_version: Literal["1.1"]
    id: Annotated[str, Field(pattern=r"^pk-[0-9a-f]{20}$")]
    publication: Publication
    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    published_at: IsoDateTime | None
    date_text: str | None
    issue: str | None
    labels: tuple[str, ...]
    captions: tuple[str, ...]
    links: tuple[Link, ...]
    body: tuple[Block, ...]
    text: str
    word_count: Annotated[int, Field(ge=0)]
    source: Source
    detection: Detection
    removed: tuple[RemovedLine, ...]
    warnings: tuple[str, ...]

    @field_validator("warnings")
    @classmethod
    def _warnings_are_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if not _WARNING_CODE.match(code):
                raise ValueError(f"warning {code!r} is not a short lower-case code")
        return value

    @field_validator("authors", "labels", "captions")
    @classmethod
    def _no_empty_strings(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not item.strip() for item in value):
            raise ValueError("list items must not be empty")
        return value

    @field_validator("issue")
    @classmethod
    def _issue_is_a_number(cls, value: str | None) -> str | None:
        # Digits, and a letter for a special issue (`2238a`, Socialist Worker's 2011 online one).
        if value is not None and not _ISSUE.fullmatch(value):
            raise ValueError(f"issue {value!r} is not an issue number")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Article:
        if not (info.context or {}).get("derived_from_body"):
            if self.text != body_text(self.body):
                raise ValueError("text must be the body blocks joined by a blank line")
            if self.word_count != count_words(self.text):
                raise ValueError(f"word_count {self.word_count} does not match the text")
        if self.published_at is not None and self.published != self.published_at.date():
            raise ValueError("published must be the date part of published_at")
        named = self.detection.declared or self.detection.layout
        if self.publication != named:
            raise ValueError("publication must be the declared or else the detected layout")
        return self


#: Record layouts `upgrade` reads: 1.0 had no `detection.basis`, `declared` or
#: `probabilities`, and required only `schema_version`, `id`, `publication`, `source` and
#: `detection` (with its `layout` and `confidence`; `source` without `url`).
READABLE_VERSIONS = ("1.0", SCHEMA_VERSION)

#: What a 1.0 record left out meant, field by field (1.1 requires every field).
_DEFAULTS_1_0: dict[str, Any] = {
    "title": None,
    "subtitle": None,
    "authors": [],
    "published": None,
    "published_at": None,
    "date_text": None,
    "issue": None,
    "labels": [],
    "captions": [],
    "links": [],
    "body": [],
    "text": "",
    "word_count": 0,
    "removed": [],
    "warnings": [],
}
_SOURCE_DEFAULTS_1_0: dict[str, Any] = {"url": None}
_DETECTION_DEFAULTS_1_0: dict[str, Any] = {
    "basis": None,
    "declared": None,
    "probabilities": {},
    "evidence": [],
}
_EVIDENCE_DEFAULTS_1_0: dict[str, Any] = {"line": None}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A record of an earlier layout (as read from a file) in the current one.

    A 1.0 record says nothing of its verdict's basis, declaration or probabilities: they are
    left empty (null, null, `{}`); a field 1.0 did not require and the record leaves out gets
    the value 1.0 gave it. Anything else is returned as it is, to be validated.

    >>> upgrade({"schema_version": "1.0", "detection": {"layout": "wsws"}})["detection"]
    {'layout': 'wsws', 'basis': None, 'declared': None, 'probabilities': {}, 'evidence': []}
    """
    if data.get("schema_version") != "1.0":
        return data
    upgraded = {**_DEFAULTS_1_0, **data, "schema_version": SCHEMA_VERSION}
    source = data.get("source")
    if isinstance(source, dict):
        upgraded["source"] = {**source, **_missing(source, _SOURCE_DEFAULTS_1_0)}
    detection = data.get("detection")
    if isinstance(detection, dict):
        filled = {**detection, **_missing(detection, _DETECTION_DEFAULTS_1_0)}
        evidence = filled["evidence"]
        if isinstance(evidence, list):
            filled["evidence"] = [
                {**item, **_missing(item, _EVIDENCE_DEFAULTS_1_0)}
                if isinstance(item, dict)
                else item
                for item in evidence
            ]
        upgraded["detection"] = filled
    return upgraded


def _missing(data: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The defaults of the keys `data` lacks."""
    return {key: value for key, value in defaults.items() if key not in data}


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


def body_text(blocks: Iterable[_HasText]) -> str:
    """The body as plain text: blocks separated by one blank line."""
    return "\n\n".join(block.text for block in blocks)


def count_words(text: str) -> int:
    """Words as whitespace-separated tokens.

    >>> count_words("Workers of the world, unite!")
    5
    """
    return len(text.split())
