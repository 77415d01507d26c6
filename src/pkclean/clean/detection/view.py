"""What the marker finders look at: a document's lines and text, and where it came from."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from ..lines import Document, Line
from .literals import ascii_lower, folds_plainly
from .needles import FOLDED, NEEDLES

#: The counts were made on excerpts of about this many characters (layout-facts.md).
EXCERPT_CHARS = 2000
#: Body markers are read in this many excerpts' worth of text at most (the weights count a
#: longer text as this long), so that a huge file costs no more than a long article.
MAX_EXCERPTS = 8
BODY_CHARS = EXCERPT_CHARS * MAX_EXCERPTS
#: Chrome and shapes are looked for in this many lines (and characters) at each end of a
#: long text: pages carry them around the article, and a hostile file of a million lines
#: must not cost a million matches per marker.
EDGE_LINES = 400
EDGE_CHARS = 40_000

#: A path segment that is a host name, as `wget --mirror` and httrack keep it
#: (`www.wsws.org/en/articles/…`): labels of letters, digits and hyphens, a known top level.
_HOST_SEGMENT = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|org|net|info|edu|gov|int|biz|news|uk|us|ca|au|nz|ie|in|pk|lk|de|fr|es|it|nl"
    r"|be|ch|at|se|no|dk|fi|gr|pt|pl|ru|cn|jp|kr|za|ng|br|ar|mx|cl|co|io|me|tv|eu|cc)(?::\d+)?",
    re.IGNORECASE,
)


#: A scan of a text: the version of the needle sets, where each needle is, the needles found,
#: and where each lower-case literal is in the lower-cased text (None: see `folds_plainly`).
_Scan = tuple[int, dict[str, list[int]], frozenset[str], dict[str, list[int]] | None]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document came from, as far as anyone knows: its URL, and its file path."""

    url: str | None = None
    path: str | None = None
    #: The host the page was fetched from, when it differs from the URL's (an archive's).
    site: str | None = None

    @property
    def host(self) -> str | None:
        """The host, lower case, without `www.`: the site's, the URL's, or one in the path."""
        if self.site:
            return self.site.lower().removeprefix("www.")
        url = self.address
        if url is None:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return None
        return host.removeprefix("www.") if host else None

    @property
    def address(self) -> str | None:
        """The URL, or one read from a mirror's file path (`…/www.wsws.org/en/x.html`).

        >>> Origin(path="mirror/www.wsws.org/en/articles/2024/12/12/paki-d12.html").address
        'http://www.wsws.org/en/articles/2024/12/12/paki-d12.html'
        >>> Origin(path="corpus/2024/article.txt").address is None
        True
        """
        if self.url:
            return self.url
        if not self.path:
            return None
        parts = self.path.replace("\\", "/").split("/")
        for index, part in enumerate(parts[:-1]):
            if _HOST_SEGMENT.fullmatch(part):
                return "http://" + "/".join(parts[index:])
        return None

    @property
    def url_path(self) -> str:
        """The path part of the address (or of the file path when there is no address)."""
        address = self.address
        if address is not None:
            try:
                return urlsplit(address).path
            except ValueError:
                return ""
        return (self.path or "").replace("\\", "/")


@dataclass(frozen=True)
class View:
    """A document as the finders see it (computed parts are cached: a view is per document)."""

    doc: Document
    origin: Origin = field(default_factory=Origin)
    #: Lines that a chrome or shape marker matched: self-reference and house style skip them.
    claimed: frozenset[int] = frozenset()
    #: Whether finders may stop at their first hit (where a marker is first seen is all the
    #: text markers need).
    first_hits: bool = False

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.doc.nonblank

    @property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def host(self) -> str | None:
        """The origin's host (see `Origin.host`), worked out once."""
        return self.origin.host

    @cached_property
    def url_path(self) -> str:
        """The origin's path (see `Origin.url_path`), worked out once."""
        return self.origin.url_path

    @cached_property
    def free_text(self) -> str:
        """The text with the claimed lines blanked out (offsets stay those of `text`)."""
        if not self.claimed:
            return self.doc.text
        return "\n".join(
            " " * len(line.text) if line.no in self.claimed else line.text for line in self.lines
        )

    @cached_property
    def excerpts(self) -> float:
        """How many counted excerpts (`EXCERPT_CHARS` characters) the text is long, at least 1
        and at most `MAX_EXCERPTS`."""
        return min(max(1.0, len(self.doc.text) / EXCERPT_CHARS), float(MAX_EXCERPTS))

    @cached_property
    def edge_lines(self) -> tuple[Line, ...]:
        """The first and last `EDGE_LINES` lines (all of them in a text of ordinary length)."""
        lines = self.doc.nonblank
        if len(lines) <= 2 * EDGE_LINES:
            return lines
        return lines[:EDGE_LINES] + lines[-EDGE_LINES:]

    def windows(self, *, body: bool) -> tuple[tuple[int, int], ...]:
        """Where in the text a search looks: the start of the article for body markers, the
        two ends of the text for chrome and shapes."""
        size = len(self.doc.text)
        if body:
            return ((0, min(size, BODY_CHARS)),)
        if size <= 2 * EDGE_CHARS:
            return ((0, size),)
        return ((0, EDGE_CHARS), (size - EDGE_CHARS, size))

    @cached_property
    def body_text(self) -> str:
        """The start of the free text where body markers are read (see `windows`)."""
        return self.free_text[:BODY_CHARS]

    def line_at(self, offset: int) -> int:
        """The number of the input line holding `offset` of `text` (or of `free_text`)."""
        index = bisect_right(self.doc.starts, offset) - 1
        return self.lines[max(index, 0)].no

    @property
    def places(self) -> dict[str, list[int]]:
        """Where the finders' needles and literals occur in the text (see `needles.NEEDLES`)."""
        return self._scan()[1]

    @property
    def needles(self) -> frozenset[str]:
        """The finders' needles (and literals) that occur in the text."""
        return self._scan()[2]

    @property
    def folded_places(self) -> dict[str, list[int]] | None:
        """Where the lower-case literals of case-blind patterns occur in the lower-cased
        text (None when lower case cannot stand for ignoring case: see `folds_plainly`)."""
        return self._scan()[3]

    def _scan(self) -> _Scan:
        """The one scan of the text for every needle, and of the lower-cased text for the
        literals of case-blind patterns; redone if a finder made since added some."""
        version = NEEDLES.version + FOLDED.version
        scan: _Scan | None = self.__dict__.get("_scanned")
        if scan is None or scan[0] != version:
            text = self.doc.text
            places = NEEDLES.places(text)
            folded = FOLDED.places(ascii_lower(text)) if folds_plainly(text) else None
            scan = (version, places, frozenset(places), folded)
            self.__dict__["_scanned"] = scan
            self.__dict__["_lines_with"] = {}
            self.__dict__["_starts_of"] = {}
        return scan

    def lines_with(self, literals: frozenset[str], *, folded: bool = False) -> list[int]:
        """The indexes in `lines` of the lines holding one of `literals` (with `folded`, in
        the lower-cased text: every line when that cannot be trusted), in order."""
        scan = self._scan()
        cache: dict[tuple[frozenset[str], bool], list[int]] = self.__dict__["_lines_with"]
        indexes = cache.get((literals, folded))
        if indexes is None:
            places = scan[3] if folded else scan[1]
            if places is None:
                indexes = list(range(len(self.lines)))
            else:
                starts = self.doc.starts
                indexes = sorted(
                    {
                        bisect_right(starts, offset) - 1
                        for literal in literals
                        for offset in places.get(literal, ())
                    }
                )
            cache[(literals, folded)] = indexes
        return indexes

    def starts_of(self, literals: frozenset[str], *, folded: bool = False) -> list[int] | None:
        """Where in the text `literals` occur, in order (with `folded`, in the lower-cased
        text; None when that cannot be trusted)."""
        scan = self._scan()
        places = scan[3] if folded else scan[1]
        if places is None:
            return None
        cache: dict[tuple[frozenset[str], bool], list[int]] = self.__dict__["_starts_of"]
        starts = cache.get((literals, folded))
        if starts is None:
            starts = cache[(literals, folded)] = sorted(
                {offset for literal in literals for offset in places.get(literal, ())}
            )
        return starts

    def spans_with(
        self, literals: frozenset[str], *, body: bool, folded: bool = False
    ) -> list[tuple[int, int]]:
        """The parts of `windows` on lines holding one of `literals`: where a pattern that
        requires them and stays on a line can match (see `literals`)."""
        starts = self.doc.starts
        lines = self.lines
        spans = []
        for start, end in self.windows(body=body):
            for index in self.lines_with(literals, folded=folded):
                # A line outside the window gives an empty span, where nothing matches.
                line_start = starts[index]
                line_end = line_start + len(lines[index].text)
                spans.append((max(line_start, start), min(line_end, end)))
        return spans

    def with_claimed(self, claimed: frozenset[int], *, first_hits: bool = False) -> View:
        view = View(self.doc, self.origin, claimed, first_hits)
        for shared in ("_scanned", "_lines_with", "_starts_of", "host", "url_path"):  # once
            if shared in self.__dict__:
                view.__dict__[shared] = self.__dict__[shared]
        return view
