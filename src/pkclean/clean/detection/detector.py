"""Detection: find the markers of a page, weigh them by their counts, name the publication.

Every class of page (the four publications, the look-alike groups, the background) explains
the markers found with the probabilities `weights.rates` derives from the counts; Bayes'
rule turns them into a probability for each publication. A publication is named when its
probability reaches `weights.CLAIM`; otherwise the page is `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from ..layouts import GENERIC, Layout, get
from ..lines import Document
from .gates import Gates
from .markers import Kind, Marker, Way
from .table import MARKERS
from .view import Origin, View
from .weights import (
    CLAIM,
    CLASSES,
    PUBLICATION_CLASSES,
    SUPPORT,
    log_absent,
    log_present,
    log_prior,
    normalise,
    weight,
)

#: Every way of every marker, in table order, and what each needs in a text (`gates`).
_WAYS = tuple(way for marker in MARKERS for way in marker.ways)
_GATES = Gates(_WAYS)
_Indexed = tuple[Marker, tuple[int, ...]]


def _indexed() -> tuple[_Indexed, ...]:
    """Each marker with the positions of its ways in `_WAYS`."""
    positions = count()
    return tuple((m, tuple(next(positions) for _ in m.ways)) for m in MARKERS)


_INDEXED = _indexed()

#: Markers read on the page's chrome first; the rest (self-reference, house style) are read
#: in the lines the first did not match.
_TEXT_KINDS = frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE})
_CHROME_FIRST = tuple(item for item in _INDEXED if item[0].kind not in _TEXT_KINDS)
_TEXT_AFTER = tuple(item for item in _INDEXED if item[0].kind in _TEXT_KINDS)
_SITE_MARKERS = tuple(m for m in MARKERS if m.kind is Kind.SITE)
_ORDER = {marker.key: index for index, marker in enumerate(MARKERS)}


@dataclass(frozen=True, slots=True)
class Found:
    """A marker found in a document: the way it showed, the lines, and whether it counted
    (only the first marker found of a family does)."""

    marker: Marker
    way: Way
    lines: tuple[int, ...]
    counted: bool


@dataclass(frozen=True, slots=True)
class Evidence:
    """One marker found, as the record lists it: its weight for `layout` (see `weights.weight`)."""

    layout: str
    signal: str
    weight: float
    line: int | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The publication named (or the generic layout), how likely it is right, and why.

    `confidence` is the probability that the verdict is right: of the named publication, or,
    for `unknown`, that the page is of none of the four. `basis` is `layout` when the page's
    chrome, shapes or address alone would name the publication, `content` when its
    self-reference and house style were needed, None for `unknown`.
    """

    layout: Layout
    confidence: float
    basis: str | None
    probabilities: tuple[tuple[str, float], ...]
    evidence: tuple[Evidence, ...]
    found: tuple[Found, ...]
    excerpts: float


def find(view: View) -> tuple[Found, ...]:
    """Every marker in the document, chrome and shapes first, in table order."""
    found: list[Found] = []
    families: set[str] = set()
    claimed: set[int] = set()

    # The ways whose needles and literals the text holds: the others cannot find anything.
    open_ways = _GATES.open(view.needles, view.folded_places)

    def look(markers: tuple[_Indexed, ...], current: View) -> None:
        for marker, indexes in markers:
            if open_ways.isdisjoint(indexes):
                continue
            ways = [_WAYS[index] for index in indexes if index in open_ways]
            if current.first_hits:
                # A text marker counts by its first way found, and its evidence names where
                # that way is first seen: the other ways and places are not looked for.
                hits = next(([(way, lines)] for way in ways if (lines := way.find(current))), [])
            else:
                hits = [(way, lines) for way in ways if (lines := way.find(current))]
            if not hits:
                continue
            counted = marker.family not in families
            families.add(marker.family)
            found.append(Found(marker, hits[0][0], hits[0][1], counted))
            if marker.kind in (Kind.CHROME, Kind.SITE):
                # Every line of the chrome is chrome: the text markers do not read it.
                claimed.update(number for _, lines in hits for number in lines)

    look(_CHROME_FIRST, view)
    look(_TEXT_AFTER, view.with_claimed(frozenset(claimed), first_hits=True))
    return tuple(sorted(found, key=lambda item: _ORDER[item.marker.key]))


def posterior(
    found: tuple[Found, ...], excerpts: float, *, kinds: frozenset[Kind] = frozenset(Kind)
) -> dict[str, float]:
    """The probability of every class of page given the markers of `kinds` found."""
    return posteriors(found, excerpts, (kinds,))[0]


def posteriors(
    found: tuple[Found, ...], excerpts: float, kinds: tuple[frozenset[Kind], ...]
) -> list[dict[str, float]]:
    """`posterior` for each set of kinds, the markers' terms computed once."""
    present = [
        (item.marker.kind, log_present(item.marker, excerpts)) for item in found if item.counted
    ]
    fired = {item.marker.key for item in found}
    # Another site's chrome is looked for on every page: not finding it is evidence too.
    absent = [log_absent(marker) for marker in _SITE_MARKERS if marker.key not in fired]
    results = []
    for wanted in kinds:
        scores = list(log_prior())
        for kind, terms in present:
            if kind in wanted:
                scores = [score + term for score, term in zip(scores, terms, strict=True)]
        if Kind.SITE in wanted:
            for terms in absent:
                scores = [score + term for score, term in zip(scores, terms, strict=True)]
        results.append(normalise(dict(zip(CLASSES, scores, strict=True))))
    return results


def publication_probabilities(classes: dict[str, float]) -> dict[str, float]:
    """The four publications' probabilities, and `unknown` for all other classes together."""
    result = {name: classes[name] for name in PUBLICATION_CLASSES}
    result["unknown"] = 1.0 - sum(result.values())
    return result


def decide(
    everything: dict[str, float], without_style: dict[str, float], layout_alone: dict[str, float]
) -> tuple[str | None, str | None]:
    """The publication to name and its basis, from its probabilities given every marker,
    every marker but house style, and the layout markers alone.

    The most likely publication is named when its probability reaches `CLAIM` and, without
    its house style, `SUPPORT` (house style is shared with many other sites: it chooses among
    the four but cannot by itself make a page one of them). The basis is `layout` when the
    layout markers alone reach `CLAIM`.

    >>> decide({"wsws": 0.9, "cwi": 0.1}, {"wsws": 0.6, "cwi": 0.4}, {"wsws": 0.85, "cwi": 0.15})
    ('wsws', 'layout')
    >>> decide({"wsws": 0.9, "cwi": 0.1}, {"wsws": 0.6, "cwi": 0.4}, {"wsws": 0.2, "cwi": 0.2})
    ('wsws', 'content')
    >>> decide({"wsws": 0.9, "cwi": 0.1}, {"wsws": 0.2, "cwi": 0.2}, {"wsws": 0.2, "cwi": 0.2})
    (None, None)
    >>> decide({"wsws": 0.7, "cwi": 0.3}, {"wsws": 0.7, "cwi": 0.3}, {"wsws": 0.7, "cwi": 0.3})
    (None, None)
    """
    best = max(everything, key=lambda name: (everything[name], name))
    if everything[best] < CLAIM or without_style.get(best, 0.0) < SUPPORT:
        return None, None
    return best, "layout" if layout_alone.get(best, 0.0) >= CLAIM else "content"


def detect(doc: Document, origin: Origin | None = None) -> Verdict:
    """Name the publication of a document, or the generic layout when none is likely enough."""
    if origin is None:
        origin = _page_origin(doc)
    view = View(doc, origin)
    found = find(view)
    excerpts = view.excerpts
    everything, without_style, layout_alone = (
        publication_probabilities(classes)
        for classes in posteriors(found, excerpts, (frozenset(Kind), _NOT_STYLE, _LAYOUT))
    )
    probabilities = everything
    publications = {name: probabilities[name] for name in PUBLICATION_CLASSES}
    named, basis = decide(publications, without_style, layout_alone)
    best = named or max(publications, key=lambda name: (publications[name], name))
    evidence = tuple(
        Evidence(
            best,
            item.way.text if item.counted else f"{item.way.text} (counted once in its family)",
            round(weight(item.marker, best, excerpts), 3) if item.counted else 0.0,
            item.lines[0] or None,
        )
        for item in found
    )
    return Verdict(
        layout=get(named) if named else GENERIC,
        confidence=round(probabilities[named] if named else probabilities["unknown"], 3),
        basis=basis,
        probabilities=tuple((name, round(value, 3)) for name, value in probabilities.items()),
        evidence=evidence,
        found=found,
        excerpts=excerpts,
    )


_LAYOUT = frozenset(kind for kind in Kind if kind.layout)
_NOT_STYLE = frozenset(Kind) - {Kind.STYLE}


def _page_origin(doc: Document) -> Origin:
    page = doc.page
    if page is None:
        return Origin()
    return Origin(url=page.url, site=page.host)
