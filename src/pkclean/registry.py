"""The registry every set of variants uses: layouts, input kinds, exporters and readers.

Each variant package keeps one `Registry` and offers the same four accessors, named alike
everywhere: `register` (add a variant), `get(name)`, `registered()` (every variant, in the
registry's order) and `names()`. Call them through the package (`exporters.get("csv")`,
`layouts.registered()`), so that a call site says which variants it means.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Variants by name; registering a name twice is a programming error.

    The order is the order of registration, or that of `rank` (lowest first) when given; it
    is kept as variants are added, not worked out on every look-up.

    >>> layouts: Registry[int] = Registry("layout")
    >>> layouts.register("wsws", 1)
    1
    >>> layouts.register("wsws", 2)
    Traceback (most recent call last):
    ValueError: layout 'wsws' is registered twice
    >>> layouts.get("cwi")
    Traceback (most recent call last):
    KeyError: "unknown layout 'cwi' (choose from wsws)"
    """

    def __init__(
        self,
        kind: str,
        *,
        rank: Callable[[T], int] | None = None,
        unknown: Callable[[str], Exception] | None = None,
    ) -> None:
        self.kind = kind
        self._rank = rank
        self._unknown = unknown
        self._by_name: dict[str, T] = {}
        self._ordered: tuple[T, ...] = ()

    def register(self, name: str, item: T) -> T:
        """Add `item` as `name`; returns it, so that a decorator can pass it on."""
        if name in self._by_name:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._by_name[name] = item
        items = list(self._by_name.values())
        if self._rank is not None:
            items.sort(key=self._rank)
        self._ordered = tuple(items)
        return item

    def get(self, name: str) -> T:
        """The variant called `name`; an unknown name raises the registry's error (a
        `KeyError` naming the choices, unless the registry was given another)."""
        try:
            return self._by_name[name]
        except KeyError:
            if self._unknown is not None:
                raise self._unknown(name) from None
            choices = ", ".join(sorted(self._by_name))
            raise KeyError(f"unknown {self.kind} {name!r} (choose from {choices})") from None

    def registered(self) -> tuple[T, ...]:
        """Every variant, in the registry's order."""
        return self._ordered

    def names(self) -> tuple[str, ...]:
        """The names of every variant, sorted."""
        return tuple(sorted(self._by_name))

    def __contains__(self, name: object) -> bool:
        return name in self._by_name
