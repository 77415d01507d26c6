"""The per-document pipeline: detect, clean, parse and validate. Pure and picklable."""

from __future__ import annotations

from dataclasses import replace

from .detect import detect
from .document import Document, SourceDoc
from .errors import InputError, NotAnArticleError, UnknownLayoutError
from .html.fill import fill_from_page
from .ids import article_id
from .layouts import Parsed
from .leaks import split_leaked_date
from .limits import DEFAULT_LIMITS, Limits, check_text
from .model import (
    DERIVED_FROM_BODY,
    SCHEMA_VERSION,
    Article,
    body_text,
    count_words,
)
from .screening import article_check
from .sheet import Removal


class AccountingError(AssertionError):
    """A line was neither kept nor removed: a bug in a layout, never the user's fault."""


def clean(src: SourceDoc, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Turn one source document into a validated article.

    Raises `NotAnArticleError` when no article text is found, `UnknownLayoutError` in
    strict mode when no publication layout matches, and `too_large` or `too_complex` for a
    text over the limits (checked before it is split into lines).
    """
    try:
        check_text(src.text, limits)
    except InputError as exc:
        exc.path = exc.path or src.path
        raise
    doc, leaked_date, leak = split_leaked_date(Document.from_text(src.text, src.page))
    if not doc.nonblank:
        raise NotAnArticleError("no text in the document", path=src.path)
    if (reason := article_check(doc)) is not None:
        raise NotAnArticleError(reason, path=src.path)
    verdict = detect(doc)
    if strict and verdict.layout.name == "unknown":
        best = ", ".join(f"{name} {value:g}" for name, value in verdict.scores)
        raise UnknownLayoutError(f"no publication layout matches (scores: {best})", path=src.path)
    parsed = verdict.layout.parse(doc)
    check_accounting(doc, parsed)
    if leak is not None:
        parsed = replace(parsed, removed=tuple(sorted((*parsed.removed, leak), key=_line_no)))
    if parsed.date is None and leaked_date is not None:
        parsed = replace(
            parsed, date=leaked_date, warnings=(*parsed.warnings, "date_from_leaked_prefix")
        )
    parsed = fill_from_page(parsed, doc.page)
    if not parsed.blocks:
        raise NotAnArticleError("no article text found after cleaning", path=src.path)
    body = [{"kind": block.kind, "text": block.text} for block in parsed.blocks]
    text = body_text(parsed.blocks)
    published = parsed.date.date if parsed.date else None
    warnings = list(src.warnings)
    if verdict.layout.name == "unknown":
        warnings.append("layout_unknown")
    warnings.extend(parsed.warnings)
    if parsed.title is None:
        warnings.append("title_missing")
    if parsed.date is None:
        warnings.append("date_missing")
    # One validation of plain values is much cheaper than building each nested model.
    record = {
        "schema_version": SCHEMA_VERSION,
        "id": article_id(
            verdict.layout.name, parsed.title, published.isoformat() if published else None, text
        ),
        "publication": verdict.layout.name,
        "title": parsed.title,
        "subtitle": parsed.subtitle,
        "authors": parsed.authors,
        "published": published,
        "published_at": parsed.date.moment if parsed.date else None,
        "date_text": parsed.date.text if parsed.date else None,
        "issue": parsed.issue,
        "labels": parsed.labels,
        "captions": parsed.captions,
        "links": [{"text": label, "url": url} for label, url in parsed.links],
        "body": body,
        "text": text,
        "word_count": count_words(text),
        "source": {
            "path": src.path,
            "sha256": src.sha256,
            "format": src.format,
            "encoding": src.encoding,
            "url": src.url,
        },
        "detection": {
            "layout": verdict.layout.name,
            "confidence": verdict.confidence,
            "evidence": [
                {
                    "layout": name,
                    "signal": signal.signal,
                    "weight": signal.weight,
                    "line": signal.line,
                }
                for name, signal in verdict.evidence
            ],
        },
        "removed": [
            {
                "line": removal.line.no,
                "text": removal.line.raw if removal.text is None else removal.text,
                "rule": removal.rule,
            }
            for removal in parsed.removed
        ],
        "warnings": tuple(dict.fromkeys(warnings)),
    }
    return Article.model_validate(record, context=DERIVED_FROM_BODY)


def _line_no(removal: Removal) -> int:
    return removal.line.no


def check_accounting(doc: Document, parsed: Parsed) -> None:
    """Every non-blank input line is in a metadata field, a body block, or `removed`."""
    placed = set(parsed.meta_lines) | {removal.line.no for removal in parsed.removed}
    for block in parsed.blocks:
        placed.update(block.lines)
    missing = [line.no for line in doc.nonblank if line.no not in placed]
    if missing:
        raise AccountingError(f"lines {missing} are neither in the record nor removed")
