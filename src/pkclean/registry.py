"""The registry every set of variants uses: layouts, input kinds, readers and exporters."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class Registry(dict[str, T]):
    """Variants by name, in registration order; registering a name twice is a programming error.

    >>> layouts: Registry[int] = Registry("layout")
    >>> layouts.add("wsws", 1)
    1
    >>> layouts.add("wsws", 2)
    Traceback (most recent call last):
    ValueError: layout 'wsws' is registered twice
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def add(self, name: str, item: T) -> T:
        """Register `item` as `name`; returns it, so that `register` functions can pass it on."""
        if name in self:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self[name] = item
        return item
