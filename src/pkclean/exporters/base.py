"""The exporter contract and the name-to-class registry of output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, ClassVar

from ..errors import UsageError
from ..model import Article


class Exporter:
    """Writes articles to an open binary stream: `start()`, `write()` per article, `finish()`.

    Exporters never open paths themselves; options unknown to a format are refused.
    """

    name: ClassVar[str]
    suffix: ClassVar[str]
    options: ClassVar[frozenset[str]] = frozenset()
    #: True when the bytes `write()` gives an article depend on nothing but that article (and
    #: the options): worker processes may then encode records (`pkclean.batch.encode_path`).
    independent_records: ClassVar[bool] = False

    def __init__(self, stream: BinaryIO, **options: object) -> None:
        unknown = set(options) - self.options
        if unknown:
            raise UsageError(f"format {self.name} does not take {', '.join(sorted(unknown))}")
        self.stream = stream
        self.settings = options

    def start(self) -> None:
        """Write whatever comes before the first article."""

    def write(self, article: Article) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Write whatever comes after the last article."""

    def sidecars(self, name: str) -> dict[str, Callable[[bytes | None], bytes]]:
        """Files to write beside an output file called `name`: each maps its old bytes to new."""
        return {}


_EXPORTERS: dict[str, type[Exporter]] = {}


def register(exporter: type[Exporter]) -> type[Exporter]:
    """Class decorator: make a format available by its name."""
    if exporter.name in _EXPORTERS:
        raise ValueError(f"format {exporter.name!r} is registered twice")
    _EXPORTERS[exporter.name] = exporter
    return exporter


def formats() -> tuple[str, ...]:
    return tuple(sorted(_EXPORTERS))


def get_exporter(name: str) -> type[Exporter]:
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(formats())})") from None
