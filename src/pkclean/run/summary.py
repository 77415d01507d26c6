"""The end-of-run summary: counts only, so memory does not grow with the corpus."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import INTERNAL_ERROR
from .batch import Rejection


@dataclass(slots=True)
class Tally:
    """Running counts of a batch: files read, articles by publication, warnings, rejections."""

    files: int = 0
    publications: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)

    @property
    def articles(self) -> int:
        return sum(self.publications.values())

    def article(self, publication: str, warnings: tuple[str, ...]) -> None:
        self.publications[publication] += 1
        self.warnings.update(warnings)

    def rejected(self, rejection: Rejection) -> None:
        self.rejections[rejection.code] += 1


def counts(counter: Counter[str]) -> str:
    """`name count` pairs, most frequent first, ties by name.

    >>> counts(Counter({"wsws": 2, "cwi": 2, "unknown": 5}))
    'unknown 5, cwi 2, wsws 2'
    """
    return ", ".join(f"{name} {n}" for name, n in sorted(counter.items(), key=_by_count))


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def summary_lines(tally: Tally, seconds: float, *, errors_file: str | None = None) -> list[str]:
    """The summary printed on standard error at the end of an export.

    >>> tally = Tally(files=3, publications=Counter(wsws=2), rejections=Counter(empty_file=1))
    >>> for line in summary_lines(tally, 2.0): print(line)
    exported 2 articles from 3 files in 2.0 s (1.5 files/s)
    by publication: wsws 2
    rejections: 1 (empty_file 1)
    """
    rate = f"{tally.files / seconds:,.1f}" if seconds > 0 else "-"
    lines = [
        f"exported {tally.articles:,} articles from {tally.files:,} files in {seconds:,.1f} s "
        f"({rate} files/s)"
    ]
    if tally.publications:
        lines.append(f"by publication: {counts(tally.publications)}")
    if tally.warnings:
        lines.append(f"warnings: {counts(tally.warnings)}")
    if tally.rejections:
        listed = f", listed in {errors_file}" if errors_file else ""
        lines.append(
            f"rejections: {sum(tally.rejections.values()):,} ({counts(tally.rejections)}){listed}"
        )
    bugs = tally.rejections[INTERNAL_ERROR]
    if bugs:
        lines.append(
            f"{bugs:,} {'file' if bugs == 1 else 'files'} hit an internal error: a bug in "
            "pkclean, not in your files; please report it with the message shown for each"
        )
    return lines
