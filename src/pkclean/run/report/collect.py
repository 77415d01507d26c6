"""What the report shows, gathered in one pass over the exports: counts, not articles.

Memory grows with the number of articles only by one word count and one confidence each
(a few bytes); lists shown on the page (examples, paths) are kept up to `SHOWN` items, with
the full count beside them.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from ...document import Duplicate
from ...errors import FormatError, UnreadableError
from ...formats.readers import read, require_format
from ...model import Article
from ..duplicates import DuplicateFinder
from ..fingerprints import fingerprint

#: Items of each list kept for the page (paths of unknown files, rejections, duplicates).
SHOWN = 100
#: Examples kept of each removal rule.
EXAMPLES = 3
#: The year of an article without a date.
NO_DATE = "no date"


@dataclass(frozen=True, slots=True)
class Source:
    """One input file of the report: its name, size, digest and number of articles."""

    path: str
    sha256: str
    articles: int


@dataclass(slots=True)
class Capped:
    """A list kept up to `SHOWN` items, and how many there were in all."""

    items: list[tuple[str, ...]] = field(default_factory=list)
    total: int = 0

    def add(self, *item: str) -> None:
        self.total += 1
        if len(self.items) < SHOWN:
            self.items.append(item)


@dataclass(slots=True)
class Facts:
    """Everything the report shows, filled article by article."""

    sources: list[Source] = field(default_factory=list)
    articles: int = 0
    words: int = 0
    by_year: Counter[tuple[str, str]] = field(default_factory=Counter)
    publications: Counter[str] = field(default_factory=Counter)
    word_counts: dict[str, array[int]] = field(default_factory=dict)
    basis: Counter[tuple[str, str]] = field(default_factory=Counter)
    confidences: dict[str, array[float]] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unknown: Capped = field(default_factory=Capped)
    rejections: Counter[str] = field(default_factory=Counter)
    rejected: Capped = field(default_factory=Capped)
    duplicates: Counter[str] = field(default_factory=Counter)
    duplicate_list: Capped = field(default_factory=Capped)
    near_searched: bool = False
    _duplicate_keys: set[tuple[str, str, str]] = field(default_factory=set)

    def article(self, article: Article) -> None:
        self.articles += 1
        self.words += article.word_count
        publication = article.publication
        year = str(article.published.year) if article.published else NO_DATE
        self.by_year[publication, year] += 1
        self.publications[publication] += 1
        self.word_counts.setdefault(publication, array("l")).append(article.word_count)
        self.basis[publication, article.detection.basis or "none"] += 1
        basis = article.detection.basis or "unknown"
        self.confidences.setdefault(basis, array("d")).append(article.detection.confidence)
        self.warnings.update(article.warnings)
        for removed in article.removed:
            self.rules[removed.rule] += 1
            examples = self.examples.setdefault(removed.rule, [])
            if len(examples) < EXAMPLES and all(text != removed.text for text, _ in examples):
                examples.append((removed.text, f"{article.source.path}:{removed.line}"))
        if publication == "unknown":
            self.unknown.add(article.source.path, article.id)

    def rejection(self, path: str, code: str, message: str) -> None:
        self.rejections[code] += 1
        self.rejected.add(path, code, message)

    def duplicate(self, kind: str, path: str, first: str, similarity: float, dropped: bool) -> None:
        """Count a duplicate once, however many inputs and reports name it."""
        if (kind, path, first) in self._duplicate_keys:
            return
        self._duplicate_keys.add((kind, path, first))
        self.duplicates[kind] += 1
        fate = "not written" if dropped else "written"
        self.duplicate_list.add(kind, path, first, f"{similarity:.2f}", fate)


def collect(
    paths: Iterable[str],
    *,
    errors: Iterable[str] = (),
    duplicates: Iterable[str] = (),
    near: bool = False,
) -> Facts:
    """The facts of every export in `paths`, with the `--errors` and `--duplicates` reports.

    Exact duplicates (an id seen before) are found among the articles; near ones when `near`
    (MinHash, as `export --dedup`). Duplicates an export recorded (a database's `duplicates`
    table, a `--duplicates` report) are added. Raises `FormatError` or `UnreadableError`,
    naming the file, for an input that is not a valid export.
    """
    facts = Facts(near_searched=near)
    finder = DuplicateFinder(drop=False)
    try:
        for path in paths:
            count = 0
            for article in read(path):
                count += 1
                facts.article(article)
                print_ = fingerprint(article.text) if near else None
                found = finder.check(article.id, article.source.path, print_)
                if found is not None:
                    _add_duplicate(facts, found)
            facts.sources.append(Source(_shown(path), _sha256(path), count))
            for found in _recorded_duplicates(path):
                _add_duplicate(facts, found)
    finally:
        finder.close()
    for path in duplicates:
        for found in _duplicates_report(path):
            _add_duplicate(facts, found)
    for path in errors:
        for line, row in _json_lines(path):
            try:
                facts.rejection(str(row["path"]), str(row["code"]), str(row["message"]))
            except KeyError as exc:
                raise FormatError(f"line {line}: no {exc.args[0]!r}", path=path) from None
    return facts


def _add_duplicate(facts: Facts, found: Duplicate) -> None:
    facts.duplicate(found.kind, found.path, found.first_path, found.similarity, found.dropped)


def _shown(path: str) -> str:
    """An input's name as the page shows it: as given, with forward slashes."""
    return Path(path).as_posix()


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _recorded_duplicates(path: str) -> Iterator[Duplicate]:
    """The duplicates a database's export recorded (none for other formats)."""
    if require_format(path).name != "sqlite" or path.lower().endswith(".gz"):
        return
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True)
    try:
        rows = db.execute(
            "SELECT kind, id, path, duplicate_of, duplicate_of_id, duplicate_of_path, "
            "similarity, dropped FROM duplicates ORDER BY duplicate"
        )
        for kind, id_, at, first, first_id, first_path, similarity, dropped in rows:
            yield Duplicate(
                kind, id_, at, first or 0, first_id, first_path, similarity, bool(dropped)
            )
    except sqlite3.Error as exc:
        raise FormatError(f"duplicates: {exc}", path=path) from None
    finally:
        db.close()


def _duplicates_report(path: str) -> Iterator[Duplicate]:
    """The duplicates listed in an export's `--duplicates` report."""
    for line, row in _json_lines(path):
        texts = [row.get(key) for key in ("id", "path", "duplicate_of_id", "duplicate_of_path")]
        kind, score, dropped = row.get("kind"), row.get("similarity"), row.get("dropped")
        strings = [text for text in texts if isinstance(text, str)]
        if (
            kind not in ("exact", "near")
            or len(strings) != len(texts)
            or not isinstance(score, int | float)
            or not isinstance(dropped, bool)
        ):
            raise FormatError(f"line {line}: not a duplicate of a --duplicates report", path=path)
        id_, at, first_id, first_path = strings
        yield Duplicate(kind, id_, at, 0, first_id, first_path, float(score), dropped)


def _json_lines(path: str) -> Iterator[tuple[int, dict[str, object]]]:
    """The JSON objects of a report written by `export` (`--errors`, `--duplicates`)."""
    if not os.path.isfile(path):
        raise UnreadableError("no such file", path=path)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise FormatError(f"line {number}: not valid JSON ({exc})", path=path) from None
            if not isinstance(row, dict):
                raise FormatError(f"line {number}: not a JSON object", path=path)
            yield number, row
