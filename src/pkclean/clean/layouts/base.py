"""What a publication layout is, the registry of layouts, and the parse every layout shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...model import Publication
from ...registry import Registry
from ..blocks import build_body, finish_text
from ..boilerplate import GENERIC_RULES, mark_captions
from ..ledger import LineRule, Removal, Sheet
from ..lines import Document, Line
from ..text.dates import ParsedDate
from ..text.markdown import links
from ..text.shapes import ends_with_connector, is_headline_like, starts_lower


@dataclass(frozen=True, slots=True)
class ParsedBlock:
    kind: str
    text: str
    lines: tuple[int, ...]
    source: str = ""  # the text before markdown clean-up


@dataclass(frozen=True, slots=True)
class Parsed:
    """Everything a layout read from a document, with the fate of every line."""

    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    date: ParsedDate | None
    issue: str | None
    labels: tuple[str, ...]
    captions: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    blocks: tuple[ParsedBlock, ...]
    removed: tuple[Removal, ...]
    meta_lines: dict[int, str]
    warnings: tuple[str, ...]


class Layout:
    """A publication layout: the rules that clean and parse its pages.

    Subclasses set `name`, `label`, `hosts`, `rules`, and override `read_header` (and
    `read_footer` / `finish` where the layout needs them). Detection does not ask layouts:
    its markers and their counts are in `pkclean.clean.detection.table`.
    """

    name: ClassVar[Publication]
    label: ClassVar[str]
    #: Host names of the publication's web sites (evidence when a page's address is known).
    hosts: ClassVar[tuple[str, ...]] = ()
    #: Line rules for this layout's boilerplate, applied before the generic ones.
    rules: ClassVar[tuple[LineRule, ...]] = ()

    # -- parsing ---------------------------------------------------------------------------
    def parse(self, doc: Document) -> Parsed:
        """Clean and parse a document of this layout (pure: the document is not changed)."""
        sheet = Sheet(doc)
        sheet.apply(*self.rule_groups())
        self.read_header(sheet)
        self.read_footer(sheet)
        mark_captions(sheet)
        blocks = self.body(sheet)
        blocks = self.finish(sheet, blocks)
        return Parsed(
            title=sheet.title,
            subtitle=sheet.subtitle,
            authors=sheet.authors,
            date=sheet.date,
            issue=sheet.issue,
            labels=tuple(sheet.labels),
            captions=tuple(sheet.captions),
            links=tuple(link for block in blocks for link in links(block.source)),
            blocks=blocks,
            removed=tuple(
                sorted((*sheet.removals.values(), *sheet.parts), key=lambda r: r.line.no)
            ),
            meta_lines=dict(sheet.meta_lines),
            warnings=tuple(sheet.warnings),
        )

    def rule_groups(self) -> tuple[tuple[LineRule, ...], ...]:
        """The line rules the parse applies, in order: the layout's own, then the generic."""
        return (self.rules, GENERIC_RULES)

    def read_header(self, sheet: Sheet) -> None:
        """Fill title and the other header fields from the first lines."""
        raise NotImplementedError

    def read_footer(self, sheet: Sheet) -> None:
        """Fill fields from footer lines (the default reads nothing)."""

    def finish(self, sheet: Sheet, blocks: tuple[ParsedBlock, ...]) -> tuple[ParsedBlock, ...]:
        """Layout-specific last step over the body blocks (the default changes nothing)."""
        return blocks

    @staticmethod
    def body(sheet: Sheet) -> tuple[ParsedBlock, ...]:
        """Build blocks from the free lines; claimed and removed lines separate paragraphs."""
        free = {line.no for line in sheet.free()}
        lines = [line if line.no in free else None for line in sheet.doc.lines]
        result = build_body(lines)
        for code in result.warnings:
            sheet.warn(code)
        blocks = []
        for unit in result.units:
            text = finish_text(unit.text)
            if text:
                blocks.append(ParsedBlock(unit.kind, text, unit.lines, unit.text))
            else:
                for no in unit.lines:
                    sheet.remove(sheet.doc.lines[no - 1], "generic.empty_markup")
        return tuple(blocks)


def join_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """The headline from its first line(s): a line that ends in a connector, or one followed by
    a line starting in lower case, continues on the next line. Returns the title and the lines
    it used.

    >>> lines = [Line(1, "", "Bloodshed rises in Pakistan as"), Line(3, "", "U.S. pushes on")]
    >>> join_title(lines)[0]
    'Bloodshed rises in Pakistan as U.S. pushes on'
    """
    used = [lines[0]]
    for line in lines[1:]:
        previous = used[-1].text
        if (ends_with_connector(previous) or starts_lower(line.text)) and is_headline_like(
            line.text
        ):
            used.append(line)
        else:
            break
    return " ".join(line.text for line in used), used


_LAYOUTS: Registry[Layout] = Registry("layout")


def register(layout_class: type[Layout]) -> type[Layout]:
    """Class decorator: add a layout to the registry."""
    layout = layout_class()
    _LAYOUTS.register(layout.name, layout)
    return layout_class


def get(name: str) -> Layout:
    """The publication layout called `name`."""
    return _LAYOUTS.get(name)


def registered() -> tuple[Layout, ...]:
    """Every registered publication layout, in registration order."""
    return _LAYOUTS.registered()


def names() -> tuple[str, ...]:
    """The names of the publication layouts, sorted."""
    return _LAYOUTS.names()
