"""Nothing silently lost: every non-blank input line is in the record or in `removed`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkclean import clean_text

from conftest import SEEDS, TEXT_FIXTURES
from line_accounting import assert_every_line_accounted

BLIND_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "blind").rglob("*.txt"))


@pytest.mark.parametrize("path", SEEDS + TEXT_FIXTURES + BLIND_FIXTURES, ids=lambda path: path.name)
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
