"""The outside check of 'nothing silently lost', shared by the example and property tests."""

from __future__ import annotations

import re

from pkclean.clean.lines import Document
from pkclean.clean.text.normalize import normalize_line
from pkclean.model import Article

_WORD = re.compile(r"[^\W_]+")  # letters and digits: emphasis marks (`_`, `*`) are not words
# Words that label a metadata line rather than carry its value (`by Name`, `Issue No. 2078`,
# `Published Nov 2, 2007`, `CWI Online, 12 March 2002`), or join names (`By A and B`).
LABEL_WORDS = frozenset({"by", "published", "issue", "no", "cwi", "online", "and"})


def words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def record_words(article: Article) -> set[str]:
    """Every word the record carries in its metadata and body."""
    values = [
        article.title or "",
        article.subtitle or "",
        article.date_text or "",
        article.issue or "",
        *article.authors,
        *article.labels,
        *article.captions,
        *(link.text for link in article.links),
        *(link.url for link in article.links),
        article.text,
    ]
    return {word for value in values for word in words(value)}


def assert_every_line_accounted(text: str, article: Article) -> None:
    """Each non-blank input line is removed (whole or in part, with its rule and the text as
    written) and whatever of it was not removed has its words in the record."""
    removed: dict[int, list[str]] = {}
    for item in article.removed:
        assert item.rule, f"line {item.line} removed without a rule"
        removed.setdefault(item.line, []).append(item.text)
    kept = record_words(article)
    for line in Document.from_text(text).nonblank:
        pieces = removed.get(line.no, [])
        for piece in pieces:
            assert piece in line.raw, f"line {line.no} removed with other text {piece!r}"
        if line.raw in pieces:
            continue
        rest = line.raw
        for piece in pieces:
            rest = rest.replace(piece, "\n", 1)
        kept_text = " ".join(normalize_line(part) for part in rest.split("\n"))
        missing = words(kept_text) - LABEL_WORDS - kept
        assert not missing, f"line {line.no} {line.text[:60]!r} lost {sorted(missing)[:8]}"
