"""The exporter contract and the name-to-class registry of output formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from ...errors import UsageError
from ...model import Article
from ...registry import Registry

if TYPE_CHECKING:
    from ...document import Duplicate


class Exporter:
    """Writes articles to an open binary stream: `start()`, `write()` per article, `finish()`.

    Exporters never open paths themselves; options unknown to a format are refused.
    """

    name: ClassVar[str]
    suffix: ClassVar[str]
    options: ClassVar[frozenset[str]] = frozenset()
    #: True when `encode()` gives an article's record from that article alone (and the
    #: options): worker processes then encode records (`pkclean.run.batch.encode_path`) and the
    #: main process passes the bytes to `write_encoded()`.
    independent_records: ClassVar[bool] = False
    #: True when `encode_plain()` encodes a plain article's record (one
    #: `pkclean.record_check.is_plain_article` vouches for) as `encode()` its article: the
    #: workers then skip building the model.
    plain_records: ClassVar[bool] = False
    #: The output's folder, for a format built in a scratch file before it is copied into the
    #: stream (SQLite); None for standard output. Set by `open_exporter`.
    scratch_folder: str | None = None

    def __init__(self, stream: BinaryIO, **options: object) -> None:
        unknown = set(options) - self.options
        if unknown:
            raise UsageError(f"format {self.name} does not take {', '.join(sorted(unknown))}")
        self.stream = stream
        self.settings = options

    def start(self) -> None:
        """Write whatever comes before the first article."""

    def write(self, article: Article) -> None:
        """Write one article (formats with independent records encode it, then write that)."""
        self.write_encoded(self.encode(article), article.id)

    def encode(self, article: Article) -> bytes:
        """The record of one article on its own (formats with independent records only)."""
        raise NotImplementedError

    def encode_plain(self, record: dict[str, Any]) -> bytes:
        """What `encode()` gives for the article of a plain article's record."""
        raise NotImplementedError

    def write_encoded(self, data: bytes, article_id: str) -> None:
        """Write a record `encode()` made, perhaps in another process."""
        self.stream.write(data)

    def finish(self) -> None:
        """Write whatever comes after the last article."""

    def note_duplicate(self, duplicate: Duplicate) -> None:
        """Take note of a duplicate found in the export, just after the later article was
        written (or not, if it was dropped): formats that can list them do."""

    def close(self) -> None:
        """Release what the exporter holds; called however the export ends."""

    def sidecars(self, name: str) -> dict[str, Callable[[bytes | None], bytes]]:
        """Files to write beside an output file called `name`: each maps its old bytes to new."""
        return {}


def _unknown(name: str) -> UsageError:
    return UsageError(f"unknown format {name!r} (choose from {', '.join(names())})")


_EXPORTERS: Registry[type[Exporter]] = Registry("format", unknown=_unknown)


def register(exporter: type[Exporter]) -> type[Exporter]:
    """Class decorator: make a format available by its name."""
    return _EXPORTERS.register(exporter.name, exporter)


def get(name: str) -> type[Exporter]:
    """The exporter of the format called `name` (an unknown name is a `UsageError`)."""
    return _EXPORTERS.get(name)


def registered() -> tuple[type[Exporter], ...]:
    """Every exporter, in registration order."""
    return _EXPORTERS.registered()


def names() -> tuple[str, ...]:
    """The names of the formats, sorted (the choices of `--format`)."""
    return _EXPORTERS.names()
