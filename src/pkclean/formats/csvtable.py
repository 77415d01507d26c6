"""The CSV table: one row per article, its columns, and the conversions between rows and records.

Lists and nested values are JSON arrays in one cell; `text` holds the body with blocks separated
by a blank line and `headings` the 0-based numbers of the blocks that are headings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

import orjson

from ..errors import CellError
from ..model import PUBLICATIONS, SCHEMA_VERSION, Basis, Named, SourceFormat

BLOCK_SEPARATOR = "\n\n"
EXCEL_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: its Table Schema type and where its value sits in a JSON record."""

    name: str
    type: str
    path: tuple[str, ...]
    description: str
    nullable: bool = False
    constraints: Mapping[str, object] = field(default_factory=dict)


def _col(name: str, type_: str, description: str, *path: str, **constraints: object) -> Column:
    return Column(name, type_, path or (name,), description, constraints=constraints)


def _opt(name: str, type_: str, description: str, *path: str, **constraints: object) -> Column:
    return Column(name, type_, path or (name,), description, nullable=True, constraints=constraints)


COLUMNS: tuple[Column, ...] = (
    _col("schema_version", "string", "Version of the record layout.", enum=[SCHEMA_VERSION]),
    _col(
        "id",
        "string",
        "pk- and 20 hex digits identifying the cleaned article.",
        required=True,
        pattern="pk-[0-9a-f]{20}",
    ),
    _col("publication", "string", "The detected publication.", required=True, enum=PUBLICATIONS),
    _opt("title", "string", "Headline."),
    _opt("subtitle", "string", "Standfirst or strapline."),
    _col("authors", "array", "Names from the byline, as a JSON array of strings."),
    _opt("published", "date", "Publication date."),
    _opt("published_at", "datetime", "Date and time, with a UTC offset only when stated."),
    _opt("date_text", "string", "The date exactly as written."),
    _opt("issue", "string", "Print issue number."),
    _col("labels", "array", "Labels shown with the headline, as a JSON array of strings."),
    _col("captions", "array", "Photo captions, as a JSON array of strings."),
    _col("links", "array", 'Links written in the text, as a JSON array of {"text", "url"}.'),
    _col("text", "string", "The body: blocks (paragraphs and headings) separated by a blank line."),
    _col(
        "headings",
        "array",
        "0-based numbers of the blocks of text that are headings, as a JSON array.",
        "body",
    ),
    _col("word_count", "integer", "Whitespace-separated words of text.", minimum=0),
    _col("source_path", "string", "The input file, as given.", "source", "path"),
    _col(
        "source_sha256",
        "string",
        "SHA-256 of the input file.",
        "source",
        "sha256",
        pattern="[0-9a-f]{64}",
    ),
    _col(
        "source_format",
        "string",
        "Kind of input file.",
        "source",
        "format",
        enum=list(get_args(SourceFormat)),
    ),
    _col("source_encoding", "string", "Character encoding of the input.", "source", "encoding"),
    _opt("source_url", "string", "The page's URL, when known.", "source", "url"),
    _col(
        "detection_layout",
        "string",
        "The publication the detector named (publication, unless one was declared).",
        "detection",
        "layout",
        enum=PUBLICATIONS,
    ),
    _col(
        "detection_confidence",
        "number",
        "The probability that detection_layout is right, from 0 to 1.",
        "detection",
        "confidence",
        minimum=0,
        maximum=1,
    ),
    _opt(
        "detection_basis",
        "string",
        "On what ground the publication was named: layout (chrome, shapes, address) or "
        "content (self-reference and house style too); empty for unknown.",
        "detection",
        "basis",
        enum=list(get_args(Basis)),
    ),
    _opt(
        "detection_declared",
        "string",
        "The publication the user declared for the file (--publication), if any.",
        "detection",
        "declared",
        enum=list(get_args(Named)),
    ),
    _col(
        "detection_probabilities",
        "object",
        "Each publication's probability, and unknown's, as a JSON object.",
        "detection",
        "probabilities",
    ),
    _col(
        "detection_evidence",
        "array",
        'The detector\'s signals, as a JSON array of {"layout", "signal", "weight", "line"}.',
        "detection",
        "evidence",
    ),
    _col("removed", "array", 'Removed input lines, as a JSON array of {"line", "text", "rule"}.'),
    _col("warnings", "array", "Warning codes, as a JSON array of strings."),
)

HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)
#: Columns a file of an earlier record layout lacks (1.0: the detection's basis, declaration
#: and probabilities); such a file reads with them empty.
ADDED_COLUMNS: frozenset[str] = frozenset(
    {"detection_basis", "detection_declared", "detection_probabilities"}
)


def csv_line(cells: Sequence[str]) -> str:
    r"""One RFC 4180 record: cells holding a comma, quote, CR or LF are quoted, quotes doubled.

    (The `csv` module writes the same, several times slower on long cells.)

    >>> csv_line(["plain", "x,y", 'a "b" c', "two\nlines", ""])
    'plain,"x,y","a ""b"" c","two\nlines",\r\n'
    """
    return ",".join(_quoted(cell) for cell in cells) + "\r\n"


def _quoted(cell: str) -> str:
    if '"' in cell or "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def excel_safe(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (and to one already so prefixed).

    >>> excel_safe("=SUM(A1:A9)"), excel_safe("'=x"), excel_safe("plain")
    ("'=SUM(A1:A9)", "''=x", 'plain')
    """
    return "'" + cell if cell.lstrip("'").startswith(EXCEL_TRIGGERS) else cell


def excel_unsafe(cell: str) -> str:
    """Undo `excel_safe`.

    >>> excel_unsafe("'=SUM(A1:A9)"), excel_unsafe("''=x"), excel_unsafe("'plain")
    ('=SUM(A1:A9)', "'=x", "'plain")
    """
    return cell[1:] if cell.startswith("'") and excel_safe(cell[1:]) == cell else cell


def _cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.type in ("array", "object"):
        return orjson.dumps(value).decode("utf-8")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _get(record: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = record
    for key in path:
        value = value[key]
    return value


def record_row(record: Mapping[str, Any]) -> list[str]:
    """A JSON record (as `Article.model_dump(mode="json")` gives it) as CSV cells."""
    cells = []
    for column in COLUMNS:
        if column.name == "headings":
            value: Any = [n for n, block in enumerate(record["body"]) if block["kind"] == "heading"]
        else:
            value = _get(record, column.path)
        cells.append(_cell(value, column))
    return cells


def ambiguous_block(text: str) -> bool:
    """Whether a block's text would blur the blank lines that separate blocks in `text`."""
    return BLOCK_SEPARATOR in text or text.startswith("\n") or text.endswith("\n")


def row_record(row: Mapping[str, str]) -> dict[str, Any]:
    """CSV cells (by column name) as a record dict for `Article.model_validate`.

    An empty cell is null in a nullable column and an empty string elsewhere; array cells must
    hold JSON arrays. Raises `CellError` for a cell that cannot become its field.
    """
    record: dict[str, Any] = {}
    for column in COLUMNS:
        if column.name not in row and column.name in ADDED_COLUMNS:
            continue  # a file of an earlier layout: `model.upgrade` fills the field
        raw = row[column.name]
        value: Any = None if raw == "" and column.nullable else raw
        if column.type == "array":
            value = _json_array(column.name, raw)
        elif column.type == "object":
            value = _json_object(column.name, raw)
        if column.name == "headings":
            value = _blocks(row["text"], value)
        node = record
        for key in column.path[:-1]:
            node = node.setdefault(key, {})
        node[column.path[-1]] = value
    return record


def _json_array(column: str, raw: str) -> list[Any]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, list):
        raise CellError(column, f"{_show(raw)} is not a JSON array")
    return value


def _json_object(column: str, raw: str) -> dict[str, Any]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise CellError(column, f"{_show(raw)} is not a JSON object")
    return value


def _blocks(text: str, headings: list[Any]) -> list[dict[str, str]]:
    chunks = text.split(BLOCK_SEPARATOR) if text else []
    if any(type(n) is not int or not 0 <= n < len(chunks) for n in headings):
        raise CellError(
            "headings", f"{headings} are not block numbers of text (0 to {len(chunks) - 1})"
        )
    marked = set(headings)
    return [
        {"kind": "heading" if n in marked else "paragraph", "text": chunk}
        for n, chunk in enumerate(chunks)
    ]


def _show(raw: str, limit: int = 40) -> str:
    return repr(raw if len(raw) <= limit else raw[:limit] + "…")
