"""Which ways of finding a marker can match a text at all, read from the one needle scan.

A finder finds nothing in a text holding none of its needles, or none of the literals its
pattern requires (`literals`). Asking each of the 130 finders cost a Python call apiece on
every text, though a page holds the needles of a few: `Gates` indexes the ways by needle
once, and gives the ways a text's needles and literals leave open. Every way that finds
something is among them, so the detector skips the others and finds the same markers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from .markers import Way


@dataclass(frozen=True, slots=True)
class Gate:
    """What a way's finder needs in a text: one of its `needles` (if it names any) and one
    of the `literals` its pattern requires (if any), lower-cased for a `folded` pattern."""

    needles: tuple[str, ...] = ()
    literals: frozenset[str] | None = None
    folded: bool = False

    @classmethod
    def of(cls, way: Way) -> Gate:
        """The gate of a way's finder (none for a finder that names neither: always open)."""
        finder = way.find
        return cls(
            needles=tuple(getattr(finder, "needles", ())),
            literals=getattr(finder, "literals", None) or None,
            folded=bool(getattr(finder, "folded", False)),
        )


class Gates:
    """The gates of a sequence of ways, indexed by needle and by literal."""

    def __init__(self, ways: Sequence[Way]) -> None:
        gates = tuple(Gate.of(way) for way in ways)
        every = frozenset(range(len(gates)))
        self._no_needles = frozenset(index for index in every if not gates[index].needles)
        self._no_literals = frozenset(index for index in every if gates[index].literals is None)
        self._all_folded = frozenset(
            index for index in every if gates[index].literals is not None and gates[index].folded
        )
        self._by_needle = _index(gate.needles for gate in gates)
        self._by_literal = _index(
            gate.literals if gate.literals and not gate.folded else () for gate in gates
        )
        self._by_folded = _index(
            gate.literals if gate.literals and gate.folded else () for gate in gates
        )

    def open(self, found: Collection[str], folded: Collection[str] | None) -> frozenset[int]:
        """The indexes of the ways a text leaves open: `found` holds the needles and literals
        in its text, `folded` the lower-case literals in its lower-cased text (None when
        that cannot stand for ignoring case: every folded literal counts as there)."""
        needled = set(self._no_needles)
        literal = set(self._no_literals)
        for item in found:
            needled.update(self._by_needle.get(item, ()))
            literal.update(self._by_literal.get(item, ()))
        if folded is None:
            literal |= self._all_folded
        else:
            for item in folded:
                literal.update(self._by_folded.get(item, ()))
        return frozenset(needled & literal)


def _index(keys: Iterable[Iterable[str]]) -> dict[str, tuple[int, ...]]:
    """For each key, the positions of the sequences of keys that hold it."""
    index: dict[str, list[int]] = {}
    for position, some in enumerate(keys):
        for key in some:
            index.setdefault(key, []).append(position)
    return {key: tuple(positions) for key, positions in index.items()}
