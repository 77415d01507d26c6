"""The types of the marker table: what a marker is, where it was counted, the look-alike groups."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ...model import Publication
from .finders import Finder


class Kind(str, Enum):
    """What a marker is; the first four carry a `layout` verdict, the last three a `content` one."""

    CHROME = "chrome"  # menus, mastheads, footers, language selectors, issue lines, sidebars
    SHAPE = "shape"  # bylines, date lines, captions and credits, labels, letters
    URL = "url"  # the page's address: its host and the shape of its path
    SITE = "site"  # another site's chrome: a copy's, a sister organisation's, a repost's
    SELF = "self"  # the publication or its party named in the text
    VOCABULARY = "vocabulary"  # the party's own political terms ('pseudo-left')
    STYLE = "style"  # house style: dates, dashes, spelling, currency

    @property
    def layout(self) -> bool:
        """Whether the marker describes the page (layout) rather than its text (content)."""
        return self in _LAYOUT_KINDS


_LAYOUT_KINDS = frozenset({Kind.CHROME, Kind.SHAPE, Kind.URL, Kind.SITE})


@dataclass(frozen=True, slots=True)
class Seen:
    """On how many counted pages a marker was seen: of each publication, of the look-alike
    pages, and of the background pages (news pages of other sites, as whole-page dumps and as
    their articles' bodies alone). See `PAGES`.

    `lookalike` is None for a marker the look-alike excerpts could not show (another site's
    footer): look-alike pages, being other sites' pages, are taken to show it as often as
    the background pages do.
    """

    socialist_worker: int = 0
    workers_world: int = 0
    wsws: int = 0
    cwi: int = 0
    lookalike: int | None = 0
    background: int = 0
    background_body: int = 0

    def of(self, name: str) -> int:
        value = getattr(self, name)
        return 0 if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Way:
    """One way a marker shows (`Issue No. 2078` or `Issue 2913`), and how to find it."""

    text: str
    find: Finder


@dataclass(frozen=True, slots=True)
class Marker:
    """A countable cue of a page: its counts, its kind, and the ways it shows.

    Markers of one `family` are not independent (a masthead and its issue line, a name and
    `told <name>`): a family counts once, by its first marker found in table order.
    """

    key: str
    family: str
    kind: Kind
    ways: tuple[Way, ...]
    seen: Seen
    source: str

    @property
    def group(self) -> str | None:
        """The look-alike group whose chrome this marker is (`SITE` markers only; a family
        named after no group is the chrome of other sites at large)."""
        return self.family.removeprefix("site.") if self.kind is Kind.SITE else None


@dataclass(frozen=True, slots=True)
class Group:
    """A kind of look-alike page, as counted among the look-alike pages.

    A copy or a sister site writes like the publication it `resembles`: for the marker kinds
    in `tied`, its pages are taken to show markers as often as that publication's do, so
    that only what differs (its own chrome, `shown` on that many of its `pages`) tells the
    two apart.
    """

    name: str
    text: str
    pages: int
    shown: int
    resembles: Publication | None = None
    tied: frozenset[Kind] = frozenset()
