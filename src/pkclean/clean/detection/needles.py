"""The finders' needles that occur in a text, found in one pass.

Most finders name needles: plain substrings of which one must occur in the text before the
finder's pattern runs. Tested one by one, a document paid a scan of its text per finder; an
Aho-Corasick automaton of every needle (pyahocorasick) finds all of them in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class NeedleSet:
    """Every needle a finder was made with; `found(text)` is those that occur in `text`."""

    def __init__(self) -> None:
        self._needles: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, needles: Iterable[str]) -> None:
        """Take in a finder's needles (the automaton is rebuilt on next use if any is new)."""
        new = set(needles) - self._needles
        if new:
            self._needles |= new
            self._automaton = None

    def found(self, text: str) -> frozenset[str]:
        """The needles that occur in `text`."""
        if not self._needles:
            return frozenset()
        automaton = self._automaton
        if automaton is None:
            automaton = ahocorasick.Automaton()
            for needle in sorted(self._needles):
                automaton.add_word(needle, needle)
            automaton.make_automaton()
            self._automaton = automaton
        return frozenset(needle for _, needle in automaton.iter(text))


#: The needles of every finder made so far (the marker table's, and any a test makes).
NEEDLES = NeedleSet()
