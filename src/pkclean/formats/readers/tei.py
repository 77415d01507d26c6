"""TEI exports: each `TEI` element back to a record, streamed; with `check`, against the DTD.

The parser never resolves entities, loads a DTD named in the file, or touches the network;
DTD validation uses only the DTD bundled with trafilatura.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ...model import SCHEMA_VERSION, Block, body_text, count_words
from ..tei_names import (
    IDNO_TYPE,
    NOTE_BASIS,
    NOTE_CAPTION,
    NOTE_CONFIDENCE,
    NOTE_DECLARED,
    NOTE_DETECTED,
    NOTE_FIELDS,
    NOTE_LABEL,
    NOTE_LINK,
    NOTE_PROBABILITY,
    NOTE_WARNING,
    TEI_NS,
    q,
    tei_dtd,
)
from .base import Item, Problem, ReaderFormat, Record, open_binary, register

TEI = q("TEI")
CORPUS = q("teiCorpus")
NS = {"t": TEI_NS}


class _Unreadable(Exception):
    """An element whose content pkclean cannot turn into a field."""

    def __init__(self, element: Any, field: str, message: str) -> None:
        super().__init__(message)
        self.line = element.sourceline
        self.field = field
        self.message = message


def _parse(handle: Any) -> Any:
    return etree.iterparse(
        handle,
        events=("end",),
        tag=TEI,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
    )


def records(path: str, *, check: bool = False) -> Iterator[Item]:
    """Each article `TEI` (the root, or a child of the root `teiCorpus`) as a record."""
    checker = _Checker(path) if check else None
    count = 0
    with open_binary(path) as handle:
        events = _parse(handle)
        try:
            for _, tei in events:
                parent = tei.getparent()
                if parent is not None and parent.getparent() is not None:
                    continue  # a TEI inside an article's TEI belongs to it
                count += 1
                if checker:
                    yield from checker.article(tei)
                yield _record(path, tei)
                tei.clear(keep_tail=True)
                if parent is not None:
                    parent.remove(tei)
        except etree.XMLSyntaxError as exc:
            yield Problem(path, exc.lineno, "xml", exc.msg)
            return
        root = events.root
    if root is None or root.tag not in (TEI, CORPUS):
        yield Problem(path, 1, "xml", f"the root element is {_describe(root)}, not TEI's")
        return
    if checker and count == 0:
        yield Problem(path, root.sourceline, "teiCorpus", "holds no TEI article")
    if checker and root.tag == CORPUS:
        yield from checker.corpus(root)


def _describe(element: Any) -> str:
    """An element's name for a message, with its namespace when that is not TEI's."""
    if element is None:
        return "missing"
    name = etree.QName(element)
    if name.namespace == TEI_NS:
        return f"<{name.localname}>"
    return f"<{name.localname}> (namespace {name.namespace or 'none'})"


class _Checker:
    """DTD validation, one article at a time (the parser itself refuses a repeated `xml:id`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.dtd = tei_dtd()
        self.first: Any = None
        self.reported: set[tuple[int, str]] = set()

    def article(self, tei: Any) -> Iterator[Problem]:
        own = copy.deepcopy(tei)
        if self.first is None:
            self.first = own
        yield from self._validate(own)

    def corpus(self, root: Any) -> Iterator[Problem]:
        """The corpus around the articles: its header, checked with the first article put back."""
        shell = copy.deepcopy(root)
        if self.first is not None:
            shell.append(self.first)
        yield from self._validate(shell)

    def _validate(self, element: Any) -> Iterator[Problem]:
        if self.dtd.validate(etree.ElementTree(element)):
            return
        for entry in self.dtd.error_log.filter_from_errors():
            key = (entry.line, entry.message)
            if key not in self.reported:
                self.reported.add(key)
                yield Problem(self.path, entry.line, "dtd", entry.message)


def _text(element: Any, field: str) -> str:
    if len(element):
        name = etree.QName(element).localname
        if element[0].tag is etree.Entity:  # left unresolved: pkclean never reads entities
            raise _Unreadable(
                element, field, f"<{name}> holds the entity {element[0].text}, not resolved"
            )
        raise _Unreadable(element, field, f"<{name}> holds markup")
    return element.text or ""


def _find(tei: Any, xpath: str) -> list[Any]:
    return list(tei.xpath(xpath, namespaces=NS))


def _record(path: str, tei: Any) -> Item:
    try:
        data, lines = _fields(tei)
    except _Unreadable as exc:
        return Problem(path, exc.line, exc.field, exc.message)
    return Record(path, tei.sourceline, data, lines)


def _fields(tei: Any) -> tuple[dict[str, Any], dict[str, int]]:
    lines: dict[str, int] = {}
    data: dict[str, Any] = {}

    def one(field: str, xpath: str) -> str | None:
        found = _find(tei, xpath)
        if not found:
            return None
        lines[field] = found[0].sourceline
        return _text(found[0], field)

    def many(field: str, xpath: str) -> list[str]:
        found = _find(tei, xpath)
        if found:
            lines[field] = found[0].sourceline
        return [_text(element, field) for element in found]

    header = "t:teiHeader/t:fileDesc"
    bibl = f"{header}/t:sourceDesc/t:biblStruct"
    notes = f"{header}/t:notesStmt/t:note"
    # TEI does not carry the record layout version: the reader makes records of the current one.
    data["schema_version"] = SCHEMA_VERSION
    data["id"] = one("id", f"{header}/t:publicationStmt/t:idno[@type='{IDNO_TYPE}']")
    data["publication"] = _attribute(tei, f"{bibl}/t:monogr/t:title[@level='j']", "key")
    data["title"] = one("title", f"{bibl}/t:analytic/t:title[@type='main']")
    data["subtitle"] = one("subtitle", f"{bibl}/t:analytic/t:title[@type='sub']")
    data["authors"] = many("authors", f"{bibl}/t:analytic/t:author")
    data.update(_date(tei, f"{bibl}/t:monogr/t:imprint/t:date", lines))
    data["issue"] = one("issue", f"{bibl}/t:monogr/t:imprint/t:biblScope[@unit='issue']")
    data["labels"] = many("labels", f"{bibl}/t:note[@type='{NOTE_LABEL}']")
    source: dict[str, Any] = {
        name.split(".")[1]: one("source", f"{notes}[@type='{name}']") for name in NOTE_FIELDS
    }
    source["url"] = _attribute(tei, f"{bibl}/t:ptr", "target")
    data["source"] = source
    declared = one("detection", f"{notes}[@type='{NOTE_DECLARED}']")
    data["detection"] = {
        "layout": one("detection", f"{notes}[@type='{NOTE_DETECTED}']") or data["publication"],
        "confidence": one("detection", f"{notes}[@type='{NOTE_CONFIDENCE}']"),
        "basis": one("detection", f"{notes}[@type='{NOTE_BASIS}']"),
        "declared": declared,
        "probabilities": {
            note.get("n", ""): _text(note, "detection")
            for note in _find(tei, f"{notes}[@type='{NOTE_PROBABILITY}']")
        },
        "evidence": [],  # not carried by TEI
    }
    data["removed"] = []  # not carried by TEI
    data["warnings"] = many("warnings", f"{notes}[@type='{NOTE_WARNING}']")
    data["links"] = [
        {"text": _text(ref, "links"), "url": ref.get("target", "")}
        for ref in _find(tei, f"{notes}[@type='{NOTE_LINK}']/t:ref")
    ]
    articles = _find(tei, "t:text/t:body/t:div[@type='article']")
    if len(articles) != 1:
        raise _Unreadable(tei, "body", f"{len(articles)} <div type='article'> where one belongs")
    lines["body"] = lines["captions"] = articles[0].sourceline
    data["captions"], blocks = _body(articles[0])
    data["body"] = blocks
    text = body_text(
        tuple(Block.model_construct(kind="paragraph", text=block["text"]) for block in blocks)
    )
    data["text"] = text
    data["word_count"] = count_words(text)
    return data, lines


def _attribute(tei: Any, xpath: str, name: str) -> str | None:
    found = _find(tei, xpath)
    return found[0].get(name) if found else None


def _date(tei: Any, xpath: str, lines: dict[str, int]) -> dict[str, Any]:
    found = _find(tei, xpath)
    if not found:
        return dict.fromkeys(("published", "published_at", "date_text"))
    date = found[0]
    lines["published"] = lines["published_at"] = lines["date_text"] = date.sourceline
    when = date.get("when")
    fields: dict[str, Any] = {
        "date_text": _text(date, "date_text") or None,
        "published": None,
        "published_at": None,
    }
    if when is not None and "T" in when:
        fields["published_at"] = when
        fields["published"] = when.split("T")[0]
    elif when is not None:
        fields["published"] = when
    return fields


def _body(div: Any) -> tuple[list[str], list[dict[str, str]]]:
    captions: list[str] = []
    blocks: list[dict[str, str]] = []
    for child in div:
        kind = _kind(child)
        if kind == "caption":
            captions.append(_text(child, "captions"))
        elif kind == "p":
            blocks.append({"kind": "paragraph", "text": _text(child, "body")})
        elif kind == "section":
            blocks.extend(_section(child))
        else:
            raise _Unreadable(child, "body", f"<{kind}> is not read in an article's body")
    return captions, blocks


def _section(div: Any) -> list[dict[str, str]]:
    blocks = []
    for child in div:
        kind = _kind(child)
        if kind == "head":
            blocks.append({"kind": "heading", "text": _text(child, "body")})
        elif kind == "p":
            blocks.append({"kind": "paragraph", "text": _text(child, "body")})
        else:
            raise _Unreadable(child, "body", f"<{kind}> is not read in a section")
    return blocks


def _kind(element: Any) -> str:
    """What an element of the body is: `p`, `head`, `section`, `caption`, or its name."""
    if not isinstance(element.tag, str):
        return "comment or processing instruction"
    name = etree.QName(element).localname if element.tag.startswith("{" + TEI_NS) else element.tag
    if name == "div" and element.get("type") == "section":
        return "section"
    if name == "note" and element.get("type") == NOTE_CAPTION:
        return "caption"
    return str(name)


register(ReaderFormat("tei", (".xml",), records))
