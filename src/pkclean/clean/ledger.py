"""The working sheet of one parse: which input line went where (metadata, body or removed)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, islice, pairwise

from .blocks import chunks, is_hard_wrapped
from .lines import Document, Line
from .text.dates import ParsedDate
from .text.shapes import is_long

#: No boilerplate line is longer than this; longer lines are prose and skip the rules.
_LONGEST_BOILERPLATE = 300


@dataclass(frozen=True, slots=True)
class Removal:
    """An input line left out of the record, and the name of the rule that left it out."""

    line: Line
    rule: str
    text: str | None = None  # the part of the line removed, when it is not the whole line


@dataclass(frozen=True, slots=True, eq=False)
class LineRule:
    """Remove every line whose normalised text fully matches `pattern` within `where`.

    `where` is `any`, `head` (before the first paragraph of prose), `tail` (after the last
    one) or `edges` (head or tail). Rules compare by identity, which keeps the lookup of
    their compiled form cheap.
    """

    name: str
    pattern: re.Pattern[str]
    where: str = "any"

    def __post_init__(self) -> None:
        if self.where not in {"any", "head", "tail", "edges"}:
            raise ValueError(f"rule {self.name}: unknown region {self.where!r}")


def rule(name: str, *alternatives: str, where: str = "any", flags: int = re.IGNORECASE) -> LineRule:
    """A line rule matching any of the given regular expressions (whole line)."""
    return LineRule(name, re.compile("|".join(f"(?:{alt})" for alt in alternatives), flags), where)


_Matcher = Callable[[str], "str | None"]
_Matchers = dict[tuple[bool, bool], _Matcher]
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


@functools.lru_cache(maxsize=64)
def _matchers(rules: tuple[LineRule, ...]) -> _Matchers:
    """One combined regular expression per region: (in head, in tail) -> rule name or None."""
    return {
        (head, tail): _combine(
            tuple(
                r
                for r in rules
                if r.where == "any"
                or (r.where == "head" and head)
                or (r.where == "tail" and tail)
                or (r.where == "edges" and (head or tail))
            )
        )
        for head in (False, True)
        for tail in (False, True)
    }


def _combine(rules: tuple[LineRule, ...]) -> _Matcher:
    if not rules:
        return lambda text: None
    parts = []
    for index, line_rule in enumerate(rules):
        body = _GROUP_NAME.sub("(?:", line_rule.pattern.pattern)
        flags = "i" if line_rule.pattern.flags & re.IGNORECASE else "-i"
        parts.append(f"(?P<r{index}>(?{flags}:{body}))")
    combined = re.compile("|".join(parts))
    names = {f"r{index}": line_rule.name for index, line_rule in enumerate(rules)}

    def match(text: str) -> str | None:
        found = combined.fullmatch(text)
        return names[found.lastgroup] if found and found.lastgroup else None

    return match


def _merged(groups: tuple[tuple[LineRule, ...], ...]) -> tuple[LineRule, ...]:
    return tuple(chain.from_iterable(groups))


def prepare(*groups: tuple[LineRule, ...]) -> None:
    """Compile the combined patterns `Sheet.apply(*groups)` uses, ahead of their first use."""
    _matchers(_merged(groups))


@dataclass
class Sheet:
    """Mutable during one parse only: records the fate of every non-blank line."""

    doc: Document
    meta_lines: dict[int, str] = field(default_factory=dict)
    removals: dict[int, Removal] = field(default_factory=dict)
    #: Parts of lines taken out of the record while the rest of the line stays in it.
    parts: list[Removal] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    date: ParsedDate | None = None
    issue: str | None = None
    labels: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    head_end: int = 0
    tail_start: int = 0
    wrapped: bool = False

    def __post_init__(self) -> None:
        long_lines = [line.no for line in self.doc.nonblank if is_long(line.text)]
        last = self.doc.lines[-1].no if self.doc.lines else 0
        self.head_end = long_lines[0] if long_lines else last + 1
        self.tail_start = long_lines[-1] if long_lines else 0
        self.wrapped = is_hard_wrapped(chunks(self.doc.lines))

    # -- where a line is -------------------------------------------------------------------
    def in_region(self, line: Line, where: str) -> bool:
        if where == "any":
            return True
        head = line.no < self.head_end
        tail = line.no > self.tail_start
        return {"head": head, "tail": tail, "edges": head or tail}[where]

    def is_free(self, line: Line) -> bool:
        return line.no not in self.meta_lines and line.no not in self.removals

    def free(self) -> list[Line]:
        """Non-blank lines not yet claimed, in order."""
        meta, removed = self.meta_lines, self.removals
        return [line for line in self.doc.nonblank if not (line.no in meta or line.no in removed)]

    def head(self, limit: int = 12) -> list[Line]:
        """The first free lines up to the first paragraph of prose (at most `limit`)."""
        lines: list[Line] = []
        for line in self.free():
            if line.no >= self.head_end or len(lines) >= limit:
                break
            lines.append(line)
        return lines

    def leading(self, count: int) -> list[Line]:
        """The first `count` free lines, wherever prose starts."""
        return list(islice(self.free(), count))

    # -- claiming --------------------------------------------------------------------------
    def remove(self, line: Line, rule_name: str) -> None:
        self.removals[line.no] = Removal(line, rule_name)

    def remove_prefix(self, line: Line, rule_name: str, prefix: str) -> None:
        """Take `prefix` (as written) off the start of a line: it is listed in `removed`,
        and the rest of the line goes on as the line's text."""
        rest = line.text[len(prefix) :].lstrip() if line.text.startswith(prefix) else None
        if rest is None or prefix not in line.raw:
            raise ValueError(f"line {line.no} does not start with {prefix!r}")
        lines = list(self.doc.lines)
        lines[line.no - 1] = line._replace(text=rest)
        self.doc = Document(tuple(lines), self.doc.page)
        self.parts.append(Removal(line, rule_name, prefix))

    def claim(self, line: Line, field_name: str) -> None:
        """Mark a line as carried by a metadata field."""
        self.meta_lines[line.no] = field_name

    def apply(self, *groups: tuple[LineRule, ...]) -> None:
        """Remove free lines matched by the groups of rules, group by group (the first
        matching rule names the removal).

        In a hard-wrapped document a boilerplate line may be wrapped too, so two adjacent
        lines are also tried as one, after the single lines of the same group.
        """
        if not self.wrapped:  # one pass: a combined pattern tries its rules in order
            self._apply(_merged(groups))
            return
        for rules in groups:
            self._apply(rules)

    def _apply(self, rules: tuple[LineRule, ...]) -> None:
        matchers = _matchers(rules)
        free = self.free()
        for line in free:
            name = self._match(matchers, line.text, line)
            if name is not None:
                self.remove(line, name)
        if not self.wrapped:
            return
        for first, second in pairwise(free):
            if second.no == first.no + 1 and self.is_free(first) and self.is_free(second):
                name = self._match(matchers, f"{first.text} {second.text}", first)
                if name is not None:
                    self.remove(first, name)
                    self.remove(second, name)

    def _match(self, matchers: _Matchers, text: str, line: Line) -> str | None:
        if len(text) > _LONGEST_BOILERPLATE:
            return None
        head, tail = line.no < self.head_end, line.no > self.tail_start
        return matchers[(head, tail)](text)

    def add_byline(self, names: tuple[str, ...], line: Line) -> None:
        """Claim a byline: names new to the record join those of an earlier byline (with the
        warning `several_bylines`), so that no name is lost."""
        new = tuple(name for name in names if name not in self.authors)
        if self.authors and new:
            self.warn("several_bylines")
        self.authors = (*self.authors, *new)
        self.claim(line, "authors")

    def warn(self, code: str) -> None:
        if code not in self.warnings:
            self.warnings.append(code)

    def set_date(self, parsed: ParsedDate, line: Line | None = None) -> None:
        self.date = parsed
        if line is not None:
            self.claim(line, "date")
        for code in parsed.warnings:
            self.warn(code)
