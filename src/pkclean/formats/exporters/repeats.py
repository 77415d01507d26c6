"""Counting repeated article ids for the TEI and split writers, in bounded memory."""

from __future__ import annotations

import sqlite3

#: Ids kept in a dict before they move to disk (about a megabyte of memory).
IN_MEMORY = 10_000


class SeenCounter:
    """How many times each key was added: the latest keys in a dict, older ones in a private
    temporary SQLite database on disk (deleted when closed), so that a corpus of millions of
    articles is counted in bounded memory.

    >>> seen = SeenCounter(in_memory=2)
    >>> [seen.add(key) for key in ("a", "b", "c", "a", "c", "a")]
    [1, 1, 1, 2, 2, 3]
    >>> seen.close()
    """

    def __init__(self, *, in_memory: int = IN_MEMORY) -> None:
        self._limit = in_memory
        self._recent: dict[str, int] = {}
        self._disk: sqlite3.Connection | None = None

    def add(self, key: str) -> int:
        """Count one more `key`; returns how many times it has now been added."""
        if key in self._recent:
            self._recent[key] += 1
            return self._recent[key]
        if self._disk is not None:
            row = self._disk.execute("SELECT n FROM seen WHERE id = ?", (key,)).fetchone()
            if row is not None:
                self._disk.execute("UPDATE seen SET n = n + 1 WHERE id = ?", (key,))
                return int(row[0]) + 1
        self._recent[key] = 1
        if len(self._recent) >= self._limit:
            self._spill()
        return 1

    def _spill(self) -> None:
        if self._disk is None:
            # An empty name is SQLite's private temporary database: on disk, never shared.
            self._disk = sqlite3.connect("", isolation_level=None)
            self._disk.execute("PRAGMA journal_mode = OFF")
            self._disk.execute("PRAGMA synchronous = OFF")
            self._disk.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
        self._disk.execute("BEGIN")
        self._disk.executemany("INSERT INTO seen VALUES (?, ?)", self._recent.items())
        self._disk.execute("COMMIT")
        self._recent = {}

    def close(self) -> None:
        """Drop everything counted (the database file goes with it)."""
        self._recent = {}
        if self._disk is not None:
            self._disk.close()
            self._disk = None
