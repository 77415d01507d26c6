"""Contract tests that run over the layout registry: every layout, present and future."""

from __future__ import annotations

import pytest

from pkclean import clean_text
from pkclean.clean.detection import Origin, detect
from pkclean.clean.layouts import Layout, registered
from pkclean.clean.lines import Document
from pkclean.clean.pipeline import check_accounting
from pkclean.model import PUBLICATIONS

from conftest import SEEDS

LAYOUTS = registered()


def _ids(layout: Layout) -> str:
    return layout.name


def test_registry_has_the_four_publications() -> None:
    assert {layout.name for layout in LAYOUTS} == set(PUBLICATIONS) - {"unknown"}


@pytest.mark.parametrize("layout", LAYOUTS, ids=_ids)
def test_layout_declares_itself(layout: Layout) -> None:
    assert layout.label
    assert layout.hosts, "hosts give strong evidence for HTML input"
    for rule in layout.rules:
        assert rule.name.startswith(f"{layout.name}."), rule.name


@pytest.mark.parametrize("layout", LAYOUTS, ids=_ids)
def test_plain_prose_is_not_a_publication(layout: Layout) -> None:
    doc = Document.from_text(
        "Floods in Sindh\n\nThe river rose overnight and thousands of families left their "
        "villages for higher ground, where volunteers handed out food and water.\n"
    )
    assert dict(detect(doc).probabilities)[layout.name] < 0.5


@pytest.mark.parametrize("layout", LAYOUTS, ids=_ids)
def test_layout_parses_every_seed_without_losing_a_line(layout: Layout) -> None:
    """Any layout may be asked to parse any text; the accounting check must hold."""
    for seed in SEEDS:
        doc = Document.from_text(seed.read_text(encoding="utf-8"))
        check_accounting(doc, layout.parse(doc))


@pytest.mark.parametrize("layout", LAYOUTS, ids=_ids)
def test_host_name_is_strong_evidence(layout: Layout) -> None:
    from pkclean.document import PageMeta

    page = PageMeta(host=f"www.{layout.hosts[0]}")
    doc = Document.from_text("A headline\n\nSome text of the article.", page)
    assert detect(doc, Origin(site=page.host)).layout.name == layout.name


def test_unknown_page_is_exported_with_a_warning() -> None:
    article = clean_text(
        "Floods in Sindh\n\nThe river rose overnight and thousands of families left their "
        "villages for higher ground, where volunteers handed out food and water.\n"
    )
    assert article.publication == "unknown"
    assert article.detection.basis is None
    assert article.detection.confidence == article.detection.probabilities["unknown"]
    assert "layout_unknown" in article.warnings
    assert article.title == "Floods in Sindh"


def test_strict_mode_refuses_unknown() -> None:
    from pkclean.errors import UnknownLayoutError

    with pytest.raises(UnknownLayoutError, match="no publication is likely enough"):
        clean_text("A title\n\nSome prose that belongs to no known site at all.", strict=True)
