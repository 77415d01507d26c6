"""TEI P5: a `teiCorpus` streamed one `TEI` per article (or, with `split`, one bare `TEI`)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from lxml import etree

from ...model import PUBLICATION_INFO, UNKNOWN_LABEL, Article
from ..tei_names import (
    IDNO_TYPE,
    NOTE_BASIS,
    NOTE_CAPTION,
    NOTE_CONFIDENCE,
    NOTE_DECLARED,
    NOTE_DETECTED,
    NOTE_LABEL,
    NOTE_LINK,
    NOTE_PROBABILITY,
    NOTE_WARNING,
    TEI_NS,
    XML_ID,
    q,
    xml_text,
)
from .base import Exporter, register
from .repeats import SeenCounter

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _el(parent: Any, name: str, text: str | None = None, **attributes: str) -> Any:
    """A child element in the TEI namespace, its text and attributes made XML-safe."""
    element = etree.SubElement(parent, q(name))
    for key, value in attributes.items():
        element.set(key, xml_text(value))
    if text is not None:
        element.text = xml_text(text)
    return element


def journal_title(publication: str) -> str:
    """The publication's name, for the journal title.

    >>> journal_title("wsws"), journal_title("unknown")
    ('World Socialist Web Site', 'Unknown publication')
    """
    info = PUBLICATION_INFO.get(publication)  # type: ignore[call-overload]
    return UNKNOWN_LABEL if info is None else info.label


@cache
def pkclean_version() -> str:
    """The installed pkclean's version (read here: importing the package would be circular)."""
    try:
        return version("pkclean")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


def application(parent: Any) -> None:
    """`encodingDesc/appInfo/application` naming pkclean and its version."""
    encoding = _el(parent, "encodingDesc")
    app = _el(_el(encoding, "appInfo"), "application", ident="pkclean", version=pkclean_version())
    _el(app, "label", "pkclean")


def corpus_header() -> Any:
    """The `teiHeader` of the corpus: what it is and what made it (no date: output is stable)."""
    header = etree.Element(q("teiHeader"), nsmap={None: TEI_NS})
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", "Articles cleaned by pkclean")
    _el(_el(file_desc, "publicationStmt"), "p", "Exported by pkclean; not published.")
    _el(
        _el(file_desc, "sourceDesc"),
        "p",
        "Web articles, one TEI document each; their sources are in each TEI header.",
    )
    application(header)
    return header


def tei_element(article: Article, xml_id: str) -> Any:
    """One article as a `TEI` element (see the README for the mapping of every field)."""
    tei = etree.Element(q("TEI"), nsmap={None: TEI_NS})
    tei.set(XML_ID, xml_id)
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", article.title or "", type="main")
    publication_stmt = _el(file_desc, "publicationStmt")
    _el(publication_stmt, "authority", "pkclean")
    _el(publication_stmt, "idno", article.id, type=IDNO_TYPE)
    _notes(_el(file_desc, "notesStmt"), article)
    _source(_el(file_desc, "sourceDesc"), article)
    application(header)
    body = _el(_el(tei, "text"), "body")
    _body(_el(body, "div", type="article"), article)
    return tei


def _notes(notes: Any, article: Article) -> None:
    source = article.source
    for field, value in (
        ("source.path", source.path),
        ("source.sha256", source.sha256),
        ("source.format", source.format),
        ("source.encoding", source.encoding),
        (NOTE_DETECTED, article.detection.layout),
        (NOTE_CONFIDENCE, repr(article.detection.confidence)),
        (NOTE_BASIS, article.detection.basis),
        (NOTE_DECLARED, article.detection.declared),
    ):
        if value is not None:
            _el(notes, "note", value, type=field)
    for name, probability in article.detection.probabilities.items():
        _el(notes, "note", repr(probability), type=NOTE_PROBABILITY, n=name)
    for code in article.warnings:
        _el(notes, "note", code, type=NOTE_WARNING)
    for link in article.links:
        _el(_el(notes, "note", type=NOTE_LINK), "ref", link.text, target=link.url)


def _source(source_desc: Any, article: Article) -> None:
    bibl = _el(source_desc, "biblStruct")
    analytic = _el(bibl, "analytic")
    if article.title is not None:
        _el(analytic, "title", article.title, level="a", type="main")
    if article.subtitle is not None:
        _el(analytic, "title", article.subtitle, level="a", type="sub")
    for author in article.authors:
        _el(analytic, "author", author)
    monogr = _el(bibl, "monogr")
    _el(monogr, "title", journal_title(article.publication), level="j", key=article.publication)
    imprint = _el(monogr, "imprint")
    when = article.published_at or article.published
    date = _el(imprint, "date", article.date_text)
    if when is not None:
        date.set("when", when.isoformat())
    if article.issue is not None:
        _el(imprint, "biblScope", article.issue, unit="issue")
    for label in article.labels:
        _el(bibl, "note", label, type=NOTE_LABEL)
    if article.source.url is not None:
        _el(bibl, "ptr", target=article.source.url)


def _body(div: Any, article: Article) -> None:
    for caption in article.captions:
        _el(div, "note", caption, type=NOTE_CAPTION)
    section = div
    for block in article.body:
        text = xml_text(block.text)
        if not text:
            continue  # nothing XML can carry is left of this block
        if block.kind == "heading":
            section = _el(div, "div", type="section")
            _el(section, "head", text)
        else:
            _el(section, "p", text)


def serialise(element: Any, level: int) -> bytes:
    """An element as indented UTF-8 bytes, starting at indentation `level`, ending in a newline."""
    etree.indent(element, space="  ", level=level)
    data: bytes = etree.tostring(element, encoding="utf-8")
    return b"  " * level + data + b"\n"


#: The `xml:id` each article's tree is built with. libxml2 keeps every `xml:id` value it sees
#: in a dictionary that lives as long as the process, so real ids would make memory grow with
#: the corpus; they replace the placeholder in the serialised bytes instead.
_ID_PLACEHOLDER = "pkclean-id"
_ID_ATTRIBUTE = f'xml:id="{_ID_PLACEHOLDER}"'.encode()


@register
class TeiExporter(Exporter):
    """Writes the corpus header first, then each article as it comes: nothing is held back.

    A repeated article id gets `-2`, `-3`… in its `xml:id`, so that the corpus stays valid
    (the reader takes the id from `idno`). Records are encoded with the plain id, in worker
    processes too, and only a repeat is given its suffix when it is written.
    """

    name = "tei"
    suffix = ".tei.xml"
    options = frozenset({"split"})
    independent_records = True

    def start(self) -> None:
        self._ids = SeenCounter()
        self._written = 0
        self._split = bool(self.settings.get("split"))
        self.stream.write(DECLARATION)
        if not self._split:
            self.stream.write(f'<teiCorpus xmlns="{TEI_NS}">\n'.encode())
            self.stream.write(serialise(corpus_header(), 1))

    def encode(self, article: Article) -> bytes:
        """The article's TEI element, with a placeholder `xml:id` that `write_encoded` fills."""
        level = 0 if self.settings.get("split") else 1
        return serialise(tei_element(article, _ID_PLACEHOLDER), level)

    def write_encoded(self, data: bytes, article_id: str) -> None:
        if self._split and self._written:
            raise ValueError("a split TEI stream holds one article")
        self._written += 1
        seen = self._ids.add(article_id)
        xml_id = article_id if seen == 1 else f"{article_id}-{seen}"
        # The first one in the bytes is the TEI element's own, as its start tag comes first.
        self.stream.write(data.replace(_ID_ATTRIBUTE, f'xml:id="{xml_id}"'.encode(), 1))

    def finish(self) -> None:
        self._ids.close()
        if not self._split:
            self.stream.write(b"</teiCorpus>\n")
