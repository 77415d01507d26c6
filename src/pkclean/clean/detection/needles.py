"""The finders' needles that occur in a text, found in one pass.

Most finders name needles: plain substrings of which one must occur in the text before the
finder's pattern runs. Tested one by one, a document paid a scan of its text per finder; an
Aho-Corasick automaton of every needle (ahocorasick-rs, a compiled DFA) finds all of them in
one pass. The same pass finds the literals the finders' patterns require (`literals`) and
where they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick, Implementation


class NeedleSet:
    """Every needle a finder was made with; `found(text)` is those that occur in `text`."""

    def __init__(self) -> None:
        self._needles: set[str] = set()
        self._automaton: tuple[AhoCorasick, tuple[str, ...]] | None = None
        #: Changes whenever a needle is added (a text scanned before must be scanned again).
        self.version = 0

    def add(self, needles: Iterable[str]) -> None:
        """Take in a finder's needles (the automaton is rebuilt on next use if any is new)."""
        new = set(needles) - self._needles
        if new:
            self._needles |= new
            self._automaton = None
            self.version += 1

    def found(self, text: str) -> frozenset[str]:
        """The needles that occur in `text`."""
        return frozenset(self.places(text))

    def places(self, text: str) -> dict[str, list[int]]:
        """Where in `text` each needle that occurs there starts, in increasing order."""
        if not self._needles:
            return {}
        if self._automaton is None:
            ordered = tuple(sorted(self._needles))
            self._automaton = (AhoCorasick(ordered, implementation=Implementation.DFA), ordered)
        automaton, needles = self._automaton
        places: dict[str, list[int]] = {}
        for index, start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
            needle = needles[index]
            found = places.get(needle)
            if found is None:
                places[needle] = [start]
            else:
                found.append(start)
        return places


#: The needles of every finder made so far (the marker table's, and any a test makes).
NEEDLES = NeedleSet()
#: The lower-case literals of the case-blind patterns, found in the lower-cased text.
FOLDED = NeedleSet()
