"""The report's plots: matplotlib figures as inline SVG, the same bytes for the same data.

Text is drawn as paths (no font is needed to view it), ids are fixed by a salt and prefixed
per plot (so that several plots in one page never share one), and the file's date and
creator are left out. The root element scales to the width of the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import matplotlib

matplotlib.use("svg")  # no display, no GUI toolkit

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

#: Settings that make the SVG reproducible and readable on a small screen.
STYLE: Mapping[str, Any] = {
    "svg.hashsalt": "pkclean-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "figure.dpi": 100,
}
#: Colours by publication (Okabe–Ito, safe for colour-blind readers) and by basis.
COLOURS: Mapping[str, str] = {
    "socialist_worker": "#D55E00",
    "workers_world": "#0072B2",
    "wsws": "#009E73",
    "cwi": "#CC79A7",
    "unknown": "#999999",
    "layout": "#0072B2",
    "content": "#E69F00",
}
_WIDTH = 7.0
#: The fixed size of the root element, taken out so the plot scales with the page.
_ROOT_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Plot:
    """One figure: its SVG markup, ready to put in the page, and a text alternative."""

    name: str
    svg: str
    description: str


def render(name: str, description: str, draw: Callable[[Any], None], height: float) -> Plot:
    """Draw a figure with `draw(axes)` and return it as inline SVG."""
    with plt.rc_context(cast(Any, dict(STYLE))):
        figure, axes = plt.subplots(figsize=(_WIDTH, height), layout="constrained")
        try:
            draw(axes)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    return Plot(name, _inline(buffer.getvalue(), name, description), description)


def _inline(svg: str, prefix: str, description: str) -> str:
    """The `<svg>` element alone, scalable, with ids of its own and an accessible name."""
    svg = svg[svg.index("<svg") :]
    root = svg.index(">")
    svg = _ROOT_SIZE.sub("", svg[:root]) + svg[root:]
    ids = _ID.findall(svg)
    for old in sorted(set(ids), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="plot" ', 1)


def per_year(counts: Mapping[tuple[str, str], int], publications: Sequence[str]) -> Plot:
    """Articles per publication per year, as stacked bars (undated articles at the right)."""
    years = sorted({year for _, year in counts}, key=lambda year: (not year.isdigit(), year))

    def draw(axes: Any) -> None:
        bottom = np.zeros(len(years))
        for publication in publications:
            values = np.array([counts.get((publication, year), 0) for year in years], dtype=float)
            axes.bar(
                years,
                values,
                bottom=bottom,
                label=publication,
                color=COLOURS.get(publication, "#555555"),
                width=0.8,
            )
            bottom += values
        axes.set_ylabel("articles")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelrotation=90 if len(years) > 8 else 0)
        _legend(axes, len(publications))

    return render(
        "per-year", "Articles per publication per year (stacked bars)", draw, _height(3.2)
    )


def word_counts(counts: Mapping[str, Sequence[int]], publications: Sequence[str]) -> Plot:
    """How long the articles are: a histogram of word counts, stacked by publication."""
    values = [np.asarray(counts.get(name, ()), dtype=float) for name in publications]
    everything = np.concatenate(values) if values else np.zeros(0)
    top = float(np.percentile(everything, 99)) if len(everything) else 1.0
    edges = np.linspace(0, max(top, 1.0), 31)

    def draw(axes: Any) -> None:
        clipped = [np.minimum(value, edges[-1]) for value in values]
        axes.hist(
            clipped,
            bins=edges,
            stacked=True,
            label=list(publications),
            color=[COLOURS.get(name, "#555555") for name in publications],
        )
        axes.set_xlabel("words (the last bar holds the longest 1 %)")
        axes.set_ylabel("articles")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        _legend(axes, len(publications))

    return render("words", "Histogram of word counts by publication", draw, _height(3.0))


def confidence(values: Mapping[str, Sequence[float]]) -> Plot:
    """The detector's confidence, in twenty bins from 0 to 1, stacked by basis."""
    bases = [name for name in ("layout", "content", "unknown") if name in values]
    edges = np.linspace(0.0, 1.0, 21)

    def draw(axes: Any) -> None:
        axes.hist(
            [np.asarray(values[name], dtype=float) for name in bases],
            bins=edges,
            stacked=True,
            label=[f"basis: {name}" for name in bases],
            color=[COLOURS.get(name, "#999999") for name in bases],
        )
        axes.set_xlabel("confidence (probability that the verdict is right)")
        axes.set_ylabel("articles")
        axes.set_xlim(0, 1)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        _legend(axes, len(bases))

    return render("confidence", "Histogram of detection confidence by basis", draw, _height(3.0))


def bars(name: str, description: str, counts: Sequence[tuple[str, int]], xlabel: str) -> Plot:
    """Horizontal bars, largest first (for warnings and removal rules)."""
    labels = [label for label, _ in counts][::-1]
    values = [value for _, value in counts][::-1]

    def draw(axes: Any) -> None:
        axes.barh(labels, values, color="#0072B2")
        axes.set_xlabel(xlabel)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", visible=False)

    return render(name, description, draw, _height(0.8 + 0.28 * max(len(counts), 1)))


def _legend(axes: Any, entries: int) -> None:
    """The legend above the plot, where it hides no bar."""
    axes.figure.legend(loc="outside upper center", ncols=min(entries, 5), frameon=False)


def _height(inches: float) -> float:
    return round(inches, 2)
