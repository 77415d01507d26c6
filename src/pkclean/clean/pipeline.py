"""The per-document pipeline: detect once, clean, parse and validate. Pure and picklable."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..document import DEFAULT_LIMITS, Limits, SourceDoc
from ..errors import AccountingError, InputError, NotAnArticleError, UnknownLayoutError
from ..ids import article_id
from ..model import DERIVED_FROM_BODY, SCHEMA_VERSION, Article, body_text, count_words
from .article_check import article_check
from .bounds import check_text
from .detection import Origin, Verdict, detect
from .framing import generic_text, page_lines, renumbered, without_page_lines
from .layouts import GENERIC, Parsed, get
from .leaks import split_leaked_date
from .ledger import Removal
from .lines import Document
from .page_fill import fill_from_page

#: The grounds a verdict can rest on, weakest first (`--min-basis`).
BASES = ("content", "layout")


def clean(
    src: SourceDoc,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    declared: str | None = None,
    min_basis: str = "content",
) -> Article:
    """Turn one source document into a validated article (`clean_record`, validated)."""
    record = clean_record(src, strict=strict, limits=limits, declared=declared, min_basis=min_basis)
    return Article.model_validate(record, context=DERIVED_FROM_BODY)


def clean_record(
    src: SourceDoc,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    declared: str | None = None,
    min_basis: str = "content",
) -> dict[str, Any]:
    """Turn one source document into an article's record, of plain values, not yet validated:
    `Article.model_validate(record, context=DERIVED_FROM_BODY)` validates it (its `text` and
    `word_count` are made from its `body`), or `pkclean.record_check` checks it.

    `declared` is the publication the user says the document is: it is cleaned as that
    publication whatever the detector finds (a contradiction is a warning). Raises
    `NotAnArticleError` when no article text is found, `UnknownLayoutError` in strict mode
    when no publication is named, or named on a weaker basis than `min_basis`, and
    `too_large` or `too_complex` for a text over the limits (checked before it is split into
    lines).
    """
    try:
        check_text(src.text, limits)
    except InputError as exc:
        exc.path = exc.path or src.path
        raise
    doc, leaked_date, leak = split_leaked_date(Document.from_text(src.text, src.page))
    if src.frame is None:
        _check_article(doc, src.path)
    verdict = detect(doc, origin(src))  # the one detection of the document
    layout = get(declared) if declared else verdict.layout
    around: frozenset[int] = frozenset()
    if src.frame is not None:
        if layout is GENERIC:
            text, moved = generic_text(src.frame, src.page)
            doc, leaked_date, leak = split_leaked_date(Document.from_text(text, src.page))
            verdict = renumbered(verdict, moved)
        else:
            around = page_lines(src.frame)
        _check_article(doc, src.path)
    if strict and declared is None:
        _check_strict(verdict, min_basis, src.path)
    parsed = layout.parse(doc)
    if around:
        parsed = without_page_lines(doc, parsed, around)
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
    if layout is GENERIC:
        warnings.append("layout_unknown")
    elif declared is None and verdict.basis == "content":
        warnings.append("publication_from_content")
    elif declared is not None and verdict.layout not in (GENERIC, layout):
        warnings.append("publication_contradicted")
    warnings.extend(parsed.warnings)
    if parsed.title is None:
        warnings.append("title_missing")
    if parsed.date is None:
        warnings.append("date_missing")
    # Plain values: one validation of them is much cheaper than building each nested model.
    return {
        "schema_version": SCHEMA_VERSION,
        "id": article_id(
            layout.name, parsed.title, published.isoformat() if published else None, text
        ),
        "publication": layout.name,
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
            "basis": verdict.basis,
            "declared": declared,
            "probabilities": dict(verdict.probabilities),
            "evidence": [
                {
                    "layout": item.layout,
                    "signal": item.signal,
                    "weight": item.weight,
                    "line": item.line,
                }
                for item in verdict.evidence
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


def origin(src: SourceDoc) -> Origin:
    """Where a document came from: its URL (the page's own, or the one the user gave), the
    host it was fetched from, and its file path (a mirror keeps the host in it)."""
    page = src.page
    site = page.host if page is not None and page.url == src.url else None
    return Origin(url=src.url, path=src.path, site=site)


def _check_article(doc: Document, path: str) -> None:
    if not doc.nonblank:
        raise NotAnArticleError("no text in the document", path=path)
    if (reason := article_check(doc)) is not None:
        raise NotAnArticleError(reason, path=path)


def _check_strict(verdict: Verdict, min_basis: str, path: str) -> None:
    if verdict.layout is GENERIC:
        odds = ", ".join(f"{name} {value:g}" for name, value in verdict.probabilities)
        raise UnknownLayoutError(f"no publication is likely enough ({odds})", path=path)
    if BASES.index(verdict.basis or "content") < BASES.index(min_basis):
        raise UnknownLayoutError(
            f"{verdict.layout.name} was named by its {verdict.basis} only "
            f"(--min-basis {min_basis})",
            path=path,
        )


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
