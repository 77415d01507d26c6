"""The input-kind registry and content sniffing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ...document import Limits, SourceDoc
from ...registry import Registry

#: Turns a file's bytes into source documents: (data, display path, sha256 of the file, the
#: limits of one document).
Reader = Callable[[bytes, str, str, Limits], Iterator[SourceDoc]]
#: Reads documents from an open file, as a stream (file, display path, limits): for kinds
#: whose files can be much larger than what one document may hold.
StreamReader = Callable[[BinaryIO, str, Limits], Iterator[SourceDoc]]
#: Says whether bytes look like this kind; gets the first few KiB and the file name.
Sniffer = Callable[[bytes, str], bool]


@dataclass(frozen=True, slots=True)
class InputKind:
    """One kind of input file: how to recognise it and how to read documents out of it."""

    name: str
    sniff: Sniffer
    read: Reader
    priority: int  # higher is tried first; plain text is the fallback
    stream: StreamReader | None = None


#: Kinds, most specific (highest priority) first: the order `kind_for` tries them in.
_KINDS: Registry[InputKind] = Registry("input kind", rank=lambda kind: -kind.priority)


def register(kind: InputKind) -> InputKind:
    """Add an input kind to the registry (name clashes are programming errors)."""
    return _KINDS.register(kind.name, kind)


def get(name: str) -> InputKind:
    """The input kind called `name`."""
    return _KINDS.get(name)


def registered() -> tuple[InputKind, ...]:
    """The kinds, most specific first."""
    return _KINDS.registered()


def names() -> tuple[str, ...]:
    """The names of the input kinds, sorted."""
    return _KINDS.names()


def kind_for(head: bytes, name: str) -> InputKind:
    """The first registered kind that recognises a file's first bytes (plain text last)."""
    for kind in _KINDS.registered():
        if kind.sniff(head, name):
            return kind
    raise LookupError("no input kind matches")  # unreachable: text accepts everything
