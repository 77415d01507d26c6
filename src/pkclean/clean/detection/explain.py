"""Why a page was, or was not, recognised: every marker found, its counts and its weight."""

from __future__ import annotations

from .detector import Verdict
from .markers import Marker
from .table import GROUPS, PAGES
from .weights import CLAIM, PUBLICATION_CLASSES, weight

_COLUMNS = (
    ("SW", "socialist_worker"),
    ("WW", "workers_world"),
    ("WSWS", "wsws"),
    ("CWI", "cwi"),
    ("look", "lookalike"),
    ("news", "background"),
)


def counts(marker: Marker) -> str:
    """The counts behind a marker's weights, as `SW 12/27, WW 0/26, …`."""
    if marker.group is not None:
        group = next(g for g in GROUPS if g.name == marker.group)
        own = f"{group.shown}/{group.pages} {group.name} pages"
        return f"{own}, news {marker.seen.background}/{PAGES['background']}"
    return ", ".join(f"{label} {marker.seen.of(name)}/{PAGES[name]}" for label, name in _COLUMNS)


def explain(verdict: Verdict) -> list[str]:
    """Lines that show every marker found, the counts behind its weight, the basis, and the
    probability of each publication."""
    named = verdict.layout.name
    best = max(PUBLICATION_CLASSES, key=lambda name: dict(verdict.probabilities)[name])
    focus = named if named != "unknown" else best
    lines = [
        f"verdict: {named} (probability {verdict.confidence:.3f}"
        + (f", basis {verdict.basis})" if verdict.basis else ")"),
        "probabilities: "
        + ", ".join(f"{name} {value:.3f}" for name, value in verdict.probabilities),
        f"a publication is named at probability {CLAIM} or more",
    ]
    if not verdict.found:
        lines.append("no marker found")
        return lines
    lines.append(f"markers found (weight for {focus}; pages showing the marker):")
    for item in verdict.found:
        marker = item.marker
        where = f"line {item.lines[0]}" if item.lines[0] else "address"
        if item.counted:
            value = f"{weight(marker, focus, verdict.excerpts):+.2f}"
        else:
            value = "  (in a family already counted)"
        lines.append(f"  {where:>9}  {value}  {item.way.text}  [{marker.kind.value}]")
        lines.append(f"             {counts(marker)}  ({marker.source})")
    return lines
