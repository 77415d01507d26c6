"""Workers World layout details that no fixture pins down, and the accounting of the blind
Socialist Worker and Workers World fixtures (some lines are split between record and
`removed`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkclean import clean_text
from pkclean.clean.ledger import Sheet
from pkclean.clean.lines import Document, Line

from line_accounting import assert_every_line_accounted

BLIND = Path(__file__).resolve().parent / "fixtures" / "blind"
BODY = (
    "Karachi, Pakistan — Dock workers at the port walked out on Monday, demanding wages that "
    "have not been paid since March. The union says more than 3,000 workers joined the strike, "
    "and Workers World spoke to several of them at the gates.\n\n"
    "The strike went on into a second day as more workers joined the picket lines, despite "
    "threats of dismissal from the port authority and a heavy police presence.\n"
)


def test_a_credit_under_the_headline_does_not_make_the_headline_a_caption() -> None:
    article = clean_text(
        "Dock workers strike at Karachi port\nWW photo: Amal Reyes\n\n" + BODY,
        publication="workers_world",
    )
    assert article.title == "Dock workers strike at Karachi port"
    assert article.captions == ()
    assert [(r.line, r.rule) for r in article.removed] == [(2, "workers_world.photo_credit")]


def test_a_caption_above_a_credit_line_is_read_once() -> None:
    article = clean_text(
        "Dock workers strike at Karachi port\n\n"
        "Pickets at the port gates Photo: Amal Reyes\nWW photo: Dan Ortiz\n\n" + BODY,
        publication="workers_world",
    )
    assert article.captions == ("Pickets at the port gates Photo: Amal Reyes",)


def test_remove_prefix_keeps_the_rest_of_the_line() -> None:
    sheet = Sheet(Document.from_text("Title\n\nBy Ana Ruiz Workers marched on Monday."))
    line = sheet.doc.lines[2]
    sheet.remove_prefix(line, "test.byline", "By Ana Ruiz")
    assert sheet.doc.lines[2].text == "Workers marched on Monday."
    assert sheet.is_free(sheet.doc.lines[2])
    assert [(r.line.no, r.text) for r in sheet.parts] == [(3, "By Ana Ruiz")]
    with pytest.raises(ValueError, match="does not start with"):
        sheet.remove_prefix(Line(1, "Title", "Title"), "test.byline", "By")


@pytest.mark.parametrize(
    "path",
    sorted((BLIND / "sw").glob("*.txt")) + sorted((BLIND / "ww").glob("*.txt")),
    ids=lambda path: path.stem,
)
def test_every_line_of_a_blind_fixture_is_in_the_record_or_removed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_every_line_accounted(text, clean_text(text, path=path.name))
