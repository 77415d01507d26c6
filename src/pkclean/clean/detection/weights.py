"""Weights from counts: how often each marker shows on each class of page, and the priors.

The classes are the four publications, the look-alike groups of `table.GROUPS`, the
background (news pages of other sites, whole or body only), and any other site
(`elsewhere`), whose pages show each marker as often as all counted pages together: it
stands for the sites nobody counted,
so that a page with markers of several kinds is not forced into the class that explains it
least badly. A marker seen on `n` of the `N` counted pages of a
class shows on a page of that class with probability `(n + M * p0) / (N + M)`, where `p0` is
its share of all counted pages: a class's count is trusted as far as its pages go, and
shrunk towards the marker's overall rate (an m-estimate, `M = PRIOR_PAGES`). A look-alike
group that resembles a publication shows that publication's self-reference and house style
(and, for copies, its shapes); the chrome of a group's own site shows on the share of its
pages the counts saw it on. A marker's weight for a publication, as the evidence lists it, is
the log-likelihood ratio of the marker on that publication's pages against all other pages,
weighed by the priors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache

from ...model import PUBLICATIONS
from .markers import Kind, Marker
from .table import GROUPS, PAGES
from .view import MAX_EXCERPTS

#: How many pages' worth of weight a class's count gets from the marker's overall rate.
PRIOR_PAGES = 2.0
#: Share of each kind of page in a batch before any evidence: users collect the four
#: publications' pages; look-alikes and other sites are a fifth.
PRIOR_PUBLICATIONS = 0.8
PRIOR_LOOKALIKES = 0.1
PRIOR_BACKGROUND = 0.05
PRIOR_ELSEWHERE = 0.05
#: House-style markers are tempered by this factor: they are not independent (one author's
#: style shows in several of them), and a plain sum of their log-likelihoods would be
#: overconfident. Other markers count in full (the markers of one family count once).
TEMPERATURE = 0.7
#: A publication is named when its probability reaches this; below it the page is `unknown`
#: (naming a wrong publication is worse than naming none).
CLAIM = 0.8
#: ... and when, without its house style, it is at least this likely (see `detector`).
SUPPORT = 0.5

PUBLICATION_CLASSES: tuple[str, ...] = tuple(name for name in PUBLICATIONS if name != "unknown")
BACKGROUND = "background"
BACKGROUND_BODY = "background_body"
ELSEWHERE = "elsewhere"
CLASSES: tuple[str, ...] = (
    *PUBLICATION_CLASSES,
    *(g.name for g in GROUPS),
    BACKGROUND,
    BACKGROUND_BODY,
    ELSEWHERE,
)
_GROUPS = {group.name: group for group in GROUPS}
#: Markers read in the article's text: a longer text shows them more often.
_BODY_KINDS = frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE})


def smoothed(seen: int, pages: int, overall: float) -> float:
    """The share of a class's pages showing a marker, shrunk towards its `overall` share.

    >>> round(smoothed(9, 26, 0.033), 3), round(smoothed(0, 27, 0.033), 4)
    (0.324, 0.0023)
    """
    return (seen + PRIOR_PAGES * overall) / (pages + PRIOR_PAGES)


@cache
def overall(marker: Marker) -> float:
    """The marker's share of all counted pages (Jeffreys-smoothed: never 0)."""
    seen = sum(marker.seen.of(name) for name in PAGES)
    return (seen + 0.5) / (sum(PAGES.values()) + 1)


def rate(marker: Marker, name: str) -> float:
    """How likely a page of class `name` shows `marker` (in one counted excerpt)."""
    if name == ELSEWHERE:
        return overall(marker)
    group = _GROUPS.get(name)
    if group is None:
        return smoothed(marker.seen.of(name), PAGES[name], overall(marker))
    if marker.group == group.name:
        return smoothed(group.shown, group.pages, overall(marker))
    if group.resembles is not None and marker.kind in group.tied:
        return rate(marker, group.resembles)
    if marker.seen.lookalike is None:
        return rate(marker, BACKGROUND)
    return smoothed(marker.seen.lookalike, PAGES["lookalike"], overall(marker))


def rates(marker: Marker) -> tuple[float, ...]:
    """`rate` of the marker for every class, in the order of `CLASSES`."""
    return _remembered(marker, "rates", lambda: tuple(rate(marker, name) for name in CLASSES))


def log_present(marker: Marker, excerpts: float) -> tuple[float, ...]:
    """What finding the marker adds to each class's log score (tempered for house style)."""
    if marker.kind in _BODY_KINDS and excerpts > 1.0:
        return tuple(tempered(marker, math.log(p)) for p in marker_rates(marker, excerpts))
    return _remembered(
        marker, "present", lambda: tuple(tempered(marker, math.log(p)) for p in rates(marker))
    )


def log_absent(marker: Marker) -> tuple[float, ...]:
    """What not finding a chrome marker (shown once whatever the length) adds to each class's
    log score."""
    return _remembered(marker, "absent", lambda: tuple(math.log(1.0 - p) for p in rates(marker)))


#: Values computed once per marker, keyed by the marker's identity: hashing a marker (its
#: ways, patterns and counts) costs more than the computation. The marker is kept with its
#: values, so an identity is never reused while its entry lives.
_REMEMBERED: dict[tuple[int, str], tuple[Marker, tuple[float, ...]]] = {}


def _remembered(
    marker: Marker, what: str, compute: Callable[[], tuple[float, ...]]
) -> tuple[float, ...]:
    entry = _REMEMBERED.get((id(marker), what))
    if entry is None or entry[0] is not marker:
        entry = _REMEMBERED[(id(marker), what)] = (marker, compute())
    return entry[1]


def at_length(probability: float, excerpts: float) -> float:
    """The probability that a text `excerpts` excerpts long shows a marker that one excerpt
    shows with `probability` (body markers only: chrome shows once whatever the length).

    >>> round(at_length(0.2, 1.0), 3), round(at_length(0.2, 3.0), 3)
    (0.2, 0.488)
    """
    return 1.0 - float((1.0 - probability) ** min(excerpts, MAX_EXCERPTS))


def marker_rates(marker: Marker, excerpts: float) -> tuple[float, ...]:
    """`rates` of a marker for a text of the given length."""
    if marker.kind in _BODY_KINDS and excerpts > 1.0:
        return tuple(at_length(p, excerpts) for p in rates(marker))
    return rates(marker)


@cache
def log_prior() -> tuple[float, ...]:
    """The log prior of every class, in the order of `CLASSES`."""
    share = PRIOR_PUBLICATIONS / len(PUBLICATION_CLASSES)
    looks = sum(group.pages for group in GROUPS)
    values = []
    for name in CLASSES:
        if name in _GROUPS:
            values.append(PRIOR_LOOKALIKES * _GROUPS[name].pages / looks)
        elif name in (BACKGROUND, BACKGROUND_BODY):
            values.append(PRIOR_BACKGROUND / 2)
        elif name == ELSEWHERE:
            values.append(PRIOR_ELSEWHERE)
        else:
            values.append(share)
    return tuple(math.log(value) for value in values)


def weight(marker: Marker, publication: str, excerpts: float = 1.0) -> float:
    """The marker's log-likelihood ratio for `publication` against all other classes
    (tempered for house style), positive when it is more common on the publication's
    pages than on others."""
    if marker.kind in _BODY_KINDS and excerpts > 1.0:
        return _weight(marker, publication, excerpts)
    # The weight of a text of one excerpt, whatever its length: worked out once.
    key = f"weight {publication}"
    return _remembered(marker, key, lambda: (_weight(marker, publication, 1.0),))[0]


def _weight(marker: Marker, publication: str, excerpts: float) -> float:
    probabilities = marker_rates(marker, excerpts)
    priors = _priors()
    index = CLASSES.index(publication)
    pairs = enumerate(zip(probabilities, priors, strict=True))
    others = sum(p * w for i, (p, w) in pairs if i != index)
    total = sum(w for i, w in enumerate(priors) if i != index)
    return tempered(marker, math.log(probabilities[index] / (others / total)))


@cache
def _priors() -> tuple[float, ...]:
    """The prior of every class, in the order of `CLASSES`."""
    return tuple(math.exp(value) for value in log_prior())


def tempered(marker: Marker, value: float) -> float:
    """A log-likelihood as it counts: house style's tempered by `TEMPERATURE`."""
    return TEMPERATURE * value if marker.kind is Kind.STYLE else value


def normalise(log_scores: Mapping[str, float]) -> dict[str, float]:
    """Probabilities from log scores (softmax)."""
    top = max(log_scores.values())
    exps = {name: math.exp(value - top) for name, value in log_scores.items()}
    total = sum(exps.values())
    return {name: value / total for name, value in exps.items()}
