"""Duplicates in a stream of articles: exact (the same `id`) and near (MinHash of the body).

The finder sees the articles in input order and compares each with those before it. An
article whose id was seen is an **exact** duplicate of the first with that id. Otherwise its
fingerprint (`pkclean.run.fingerprints`) is compared with those of earlier articles that share a
band of it (locality-sensitive hashing: `fingerprints.BANDS` bands of 8 slots; articles of
similarity 0.8 share one with a probability of 0.95, of 0.5 with one of 0.06), and the most
similar one at or above `NEAR` (the earliest of equals) makes it a **near** duplicate.

Everything the finder remembers is kept in a private temporary SQLite database on disk, so
memory stays flat however many articles there are. numpy (for fingerprints) is loaded only
when a fingerprint is given: an export without `--dedup` does without it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..document import Duplicate

if TYPE_CHECKING:
    from .fingerprints import Fingerprint

#: Estimated Jaccard similarity of the bodies' shingles from which two articles are
#: near-duplicates: the same article with a different lead-in or ending, or other boilerplate.
NEAR: Final = 0.8


@dataclass(frozen=True, slots=True)
class Seen:
    """An article as the finder knows it: its number among the articles kept, id and path."""

    number: int
    id: str
    path: str


class DuplicateFinder:
    """Finds the duplicates among articles given in order; `drop` leaves exact ones out.

    >>> finder = DuplicateFinder(drop=True)
    >>> finder.check("pk-1", "a.txt", None), finder.check("pk-2", "b.txt", None)
    (None, None)
    >>> finder.check("pk-1", "c.html", None).first_path
    'a.txt'
    >>> finder.close()
    """

    def __init__(self, *, drop: bool) -> None:
        self.drop = drop
        self.kept = 0
        self.counts: Counter[str] = Counter()
        # An empty name is SQLite's private temporary database: on disk, never shared.
        self._db = sqlite3.connect("", isolation_level=None)
        for statement in (
            "PRAGMA journal_mode = OFF",
            "PRAGMA synchronous = OFF",
            "CREATE TABLE ids (id TEXT PRIMARY KEY, number INTEGER, path TEXT) WITHOUT ROWID",
            "CREATE TABLE bands (key INTEGER PRIMARY KEY, number INTEGER)",
            "CREATE TABLE prints (number INTEGER PRIMARY KEY, id TEXT, path TEXT, print BLOB)",
            "BEGIN",
        ):
            self._db.execute(statement)

    def check(self, article_id: str, path: str, print_: Fingerprint | None) -> Duplicate | None:
        """The duplicate this article is, if any; remembers the article if it is kept."""
        first = self._db.execute("SELECT number, path FROM ids WHERE id = ?", (article_id,))
        found = first.fetchone()
        if found is not None:
            duplicate = Duplicate(
                "exact", article_id, path, found[0], article_id, found[1], 1.0, self.drop
            )
            self.counts["exact"] += 1
            if not self.drop:
                self.kept += 1
            return duplicate
        self.kept += 1
        self._db.execute("INSERT INTO ids VALUES (?, ?, ?)", (article_id, self.kept, path))
        if print_ is None:
            return None
        from .fingerprints import band_keys, to_bytes

        keys = [(key, self.kept) for key in band_keys(print_)]
        near = self._nearest(print_, [key for key, _ in keys])
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", keys)
        self._db.execute(
            "INSERT INTO prints VALUES (?, ?, ?, ?)",
            (self.kept, article_id, path, to_bytes(print_)),
        )
        if near is None:
            return None
        self.counts["near"] += 1
        return Duplicate(
            "near", article_id, path, near[0].number, near[0].id, near[0].path, near[1], False
        )

    def _nearest(self, print_: Fingerprint, keys: list[int]) -> tuple[Seen, float] | None:
        from .fingerprints import from_bytes, similarity

        marks = ", ".join("?" for _ in keys)
        rows = self._db.execute(
            f"SELECT number, id, path, print FROM prints WHERE number IN "
            f"(SELECT number FROM bands WHERE key IN ({marks})) ORDER BY number",
            keys,
        )
        best: tuple[Seen, float] | None = None
        for number, article_id, path, data in rows:
            score = similarity(print_, from_bytes(data))
            if score >= NEAR and (best is None or score > best[1]):
                best = (Seen(number, article_id, path), score)
        return best

    def close(self) -> None:
        """Forget everything (the temporary database goes with it)."""
        self._db.close()


def summary_lines(counts: Counter[str], *, drop: bool, near: bool, report: str | None) -> list[str]:
    """What the summary says of the duplicates found (nothing when there were none).

    >>> summary_lines(Counter(exact=2, near=1), drop=True, near=True, report="d.jsonl")
    ['duplicates: 2 exact (the same id; written once), 1 near (kept), listed in d.jsonl']
    >>> summary_lines(Counter(exact=1), drop=False, near=False, report=None)
    ['duplicates: 1 exact (the same id; --dedup writes each article once)']
    """
    parts = []
    if counts["exact"]:
        fate = "written once" if drop else "--dedup writes each article once"
        parts.append(f"{counts['exact']:,} exact (the same id; {fate})")
    if near and counts["near"]:
        parts.append(f"{counts['near']:,} near (kept)")
    if not parts:
        return []
    listed = f", listed in {report}" if report else ""
    return [f"duplicates: {', '.join(parts)}{listed}"]


class DuplicateWatch:
    """The export's side of the finder: checks each article, reports each duplicate found.

    Near-duplicates are looked for only when articles come with fingerprints (`--dedup`).
    """

    def __init__(self, report: Callable[[Duplicate], None], *, drop: bool) -> None:
        self.finder = DuplicateFinder(drop=drop)
        self.report = report

    def check(self, article_id: str, path: str, data: bytes | None) -> Duplicate | None:
        print_ = None
        if data is not None:
            from .fingerprints import from_bytes

            print_ = from_bytes(data)
        duplicate = self.finder.check(article_id, path, print_)
        if duplicate is not None:
            self.report(duplicate)
        return duplicate

    def close(self) -> None:
        self.finder.close()
