"""Nothing silently lost: every non-blank input line is in the record or in `removed`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pkclean import clean_text
from pkclean.document import Document
from pkclean.model import Article

from conftest import SEEDS, TEXT_FIXTURES

_WORD = re.compile(r"\w+")
# Words that label a metadata line rather than carry its value (`by Name`, `Issue No. 2078`,
# `Published Nov 2, 2007`, `CWI Online, 12 March 2002`).
_LABEL_WORDS = frozenset({"by", "published", "issue", "no", "cwi", "online"})


def _record_words(article: Article) -> set[str]:
    values = [
        article.title or "",
        article.subtitle or "",
        article.date_text or "",
        article.issue or "",
        *article.authors,
        *article.labels,
        *article.captions,
        *(link.url for link in article.links),
        article.text,
    ]
    return {word.casefold() for value in values for word in _WORD.findall(value)}


def assert_every_line_accounted(text: str, article: Article) -> None:
    """Each non-blank line is removed (with its number and text) or its words are kept."""
    lines = Document.from_text(text).lines
    removed = {item.line: item for item in article.removed}
    kept = _record_words(article)
    for line in lines:
        if line.blank:
            continue
        if line.no in removed:
            assert removed[line.no].text == line.raw
            assert removed[line.no].rule
            continue
        words = {word.casefold() for word in _WORD.findall(line.text)} - _LABEL_WORDS
        missing = words - kept
        assert not missing, f"line {line.no} {line.text[:60]!r}: {sorted(missing)[:8]} lost"


@pytest.mark.parametrize("path", SEEDS + TEXT_FIXTURES, ids=lambda path: path.name)
def test_every_line_is_in_the_record_or_removed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_every_line_accounted(text, clean_text(text, path=path.name))


def test_a_dropped_line_would_fail() -> None:
    """The check itself can fail: a record that lost a line is caught."""
    text = "A headline about a strike\n\nFirst paragraph of the report, long enough.\n\nLost line."
    article = clean_text(text)
    broken = article.model_copy(update={"text": "First paragraph of the report, long enough."})
    with pytest.raises(AssertionError, match="lost"):
        assert_every_line_accounted(text, broken)
