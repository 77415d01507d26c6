"""`pkclean report`: one self-contained HTML page describing a corpus."""

from __future__ import annotations

from collections.abc import Iterable

from .collect import Facts, collect
from .page import page

__all__ = ["Facts", "collect", "page", "report_html"]


def report_html(
    paths: Iterable[str],
    *,
    title: str = "Corpus report",
    errors: Iterable[str] = (),
    duplicates: Iterable[str] = (),
    near: bool = False,
) -> bytes:
    """The report page of the exports in `paths`, as UTF-8 bytes."""
    facts = collect(paths, errors=errors, duplicates=duplicates, near=near)
    return page(facts, title=title).encode("utf-8")
