"""Layout detection: every registered layout scores its evidence; the best clear winner wins."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .document import Document
from .layouts import GENERIC, Layout, Signal, registered

#: A layout needs at least this score to be chosen (weak, generic signals stay below it) ...
THRESHOLD = 1.2
#: ... and at least this many times the runner-up's score.
MARGIN = 2.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """The chosen layout, a confidence between 0 and 1, and the evidence behind it."""

    layout: Layout
    confidence: float
    evidence: tuple[tuple[str, Signal], ...]
    scores: tuple[tuple[str, float], ...]


def confidence(score: float) -> float:
    """Map a score to (0, 1): 0 for no evidence, 0.7 at the threshold.

    >>> confidence(0.0), confidence(1.2), confidence(4.0)
    (0.0, 0.699, 0.982)
    """
    return round(1.0 - math.exp(-max(score, 0.0)), 3)


def score(
    layout: Layout, doc: Document, shared: tuple[Signal, ...] = ()
) -> tuple[float, tuple[Signal, ...]]:
    signals = layout.evidence(doc) + layout.page_evidence(doc) + shared
    return sum(signal.weight for signal in signals), signals


def cross_publication(doc: Document, layouts: tuple[Layout, ...]) -> tuple[Signal, ...]:
    """A page that names the web sites of several of the publications is about them."""
    text = doc.text.lower()
    named = [layout.name for layout in layouts if any(host in text for host in layout.hosts)]
    if len(named) < 2:
        return ()
    return (Signal(f"names the sites of {len(named)} publications (a page about them)", -1.0),)


def detect(doc: Document) -> Verdict:
    """Choose the layout of a document, or the generic one when no layout is clearly ahead."""
    layouts = registered()
    shared = cross_publication(doc, layouts)
    results = [(layout, *score(layout, doc, shared)) for layout in layouts]
    results.sort(key=lambda item: -item[1])
    scores = tuple((layout.name, round(total, 3)) for layout, total, _ in results)
    best, best_score, best_signals = results[0]
    runner_up = results[1][1] if len(results) > 1 else 0.0
    if best_score >= THRESHOLD and best_score >= MARGIN * max(runner_up, 0.0):
        evidence = tuple((best.name, signal) for signal in best_signals)
        return Verdict(best, confidence(best_score - max(runner_up, 0.0)), evidence, scores)
    evidence = tuple(
        (layout.name, signal)
        for layout, total, signals in results
        if total != 0
        for signal in signals
    )
    return Verdict(GENERIC, 0.0, evidence, scores)
