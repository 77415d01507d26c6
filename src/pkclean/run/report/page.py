"""The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.

Readable on a phone (the layout follows the screen's width; wide tables scroll within their
box) and printable (no navigation, no figure or table row cut across pages). Nothing on the
page depends on when or where it was made: the same facts give the same bytes.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from statistics import median, quantiles

from ... import __version__
from ...model import PUBLICATIONS
from . import plots
from .collect import NO_DATE, Capped, Facts

#: Removal rules shown (with examples), most frequent first.
TOP_RULES = 15

CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5a5a5a; --line: #d8d8d8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); }
p.lead, .muted { color: var(--muted); }
nav ol { padding-left: 1.2rem; columns: 2 12rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; min-width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { overflow-wrap: anywhere; min-width: 12rem; }
code { font-size: 0.85em; overflow-wrap: anywhere; }
figure { margin: 1rem 0; }
figure svg.plot { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
@media (max-width: 30rem) {
  main { padding: 0.6rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 0.4rem; }
}
@media print {
  body { font-size: 11pt; }
  nav { display: none; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  figure, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def page(facts: Facts, *, title: str) -> str:
    """The whole report."""
    publications = [name for name in PUBLICATIONS if facts.publications[name]]
    sections = [
        ("overview", "Overview", _overview(facts)),
        ("per-year", "Articles per publication and year", _per_year(facts, publications)),
        ("words", "Word counts", _words(facts, publications)),
        ("detection", "Detection: basis and confidence", _detection(facts, publications)),
        ("warnings", "Warnings", _warnings(facts)),
        ("removed", "Removed lines by rule", _removed(facts)),
        ("unknown", "Files of unknown layout", _unknown(facts)),
        ("rejected", "Rejected files", _rejected(facts)),
        ("duplicates", "Duplicates", _duplicates(facts)),
    ]
    toc = "".join(f'<li><a href="#{key}">{_e(name)}</a></li>' for key, name, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{_e(name)}</h2>{content}</section>'
        for key, name, content in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="pkclean {_e(__version__)}">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body><main><header><h1>{_e(title)}</h1>"
        f'<p class="lead">{facts.articles:,} articles from {len(facts.sources):,} '
        f"{_plural(len(facts.sources), 'export')}, made by pkclean {_e(__version__)}.</p>"
        f'</header><nav aria-label="Contents"><ol>{toc}</ol></nav>{body}</main></body></html>\n'
    )


def _overview(facts: Facts) -> str:
    years = sorted(year for _, year in facts.by_year if year != NO_DATE)
    span = f"{years[0]} to {years[-1]}" if years else "none dated"
    rows = [
        ("articles", f"{facts.articles:,}"),
        ("words", f"{facts.words:,}"),
        ("years", span),
        ("publications", ", ".join(f"{n} {c:,}" for n, c in _ranked(facts.publications))),
    ]
    facts_list = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    inputs = _table(
        ("export", "articles", "SHA-256"),
        [
            (f"<code>{_e(s.path)}</code>", _n(s.articles), f"<code>{s.sha256}</code>")
            for s in facts.sources
        ],
        numeric=(1,),
    )
    return f'<dl class="facts">{facts_list}</dl>{inputs}'


def _per_year(facts: Facts, publications: Sequence[str]) -> str:
    if not facts.articles:
        return _none("No articles.")
    years = sorted({year for _, year in facts.by_year}, key=lambda y: (not y.isdigit(), y))
    rows = [
        (
            _e(year),
            *(_n(facts.by_year[name, year]) for name in publications),
            _n(sum(facts.by_year[name, year] for name in publications)),
        )
        for year in years
    ]
    table = _table(("year", *publications, "all"), rows, numeric=range(1, len(publications) + 2))
    return _figure(plots.per_year(facts.by_year, publications)) + table


def _words(facts: Facts, publications: Sequence[str]) -> str:
    if not facts.articles:
        return _none("No articles.")
    rows = []
    for name in publications:
        counts = sorted(facts.word_counts[name])
        quartiles = quantiles(counts, n=4) if len(counts) > 1 else [counts[0]] * 3
        rows.append(
            (
                _e(name),
                _n(len(counts)),
                _n(counts[0]),
                _n(round(quartiles[0])),
                _n(round(median(counts))),
                _n(round(quartiles[2])),
                _n(counts[-1]),
                _n(sum(counts)),
            )
        )
    header = (
        "publication",
        "articles",
        "fewest",
        "lower quartile",
        "median",
        "upper quartile",
        "most",
        "words",
    )
    table = _table(header, rows, numeric=range(1, 8))
    return _figure(plots.word_counts(facts.word_counts, publications)) + table


def _detection(facts: Facts, publications: Sequence[str]) -> str:
    if not facts.articles:
        return _none("No articles.")
    bases = ("layout", "content", "none")
    rows = [(_e(name), *(_n(facts.basis[name, basis]) for basis in bases)) for name in publications]
    table = _table(
        ("publication", "basis: layout", "basis: content", "no basis"), rows, numeric=(1, 2, 3)
    )
    note = (
        "<p><b>layout</b>: named by the page's chrome, shapes or address; <b>content</b>: by "
        "its self-reference and house style too (the warning <code>publication_from_content"
        "</code>); no basis: <code>unknown</code>.</p>"
    )
    return _figure(plots.confidence(facts.confidences)) + note + table


def _warnings(facts: Facts) -> str:
    if not facts.warnings:
        return _none("No article has a warning.")
    ranked = _ranked(facts.warnings)
    plot = plots.bars("warnings", "Articles by warning code", ranked, "articles")
    rows = [(f"<code>{_e(code)}</code>", _n(count)) for code, count in ranked]
    return _figure(plot) + _table(("warning", "articles"), rows, numeric=(1,))


def _removed(facts: Facts) -> str:
    if not facts.rules:
        return _none("No line was removed.")
    ranked = _ranked(facts.rules)
    top = ranked[:TOP_RULES]
    plot = plots.bars(
        "rules", f"The {len(top)} removal rules that removed most lines", top, "lines"
    )
    rows = []
    for rule, count in top:
        examples = "".join(
            f'<div>{_e(text) or "<i>(blank)</i>"} <span class="muted">({_e(where)})</span></div>'
            for text, where in facts.examples.get(rule, [])
        )
        rows.append((f"<code>{_e(rule)}</code>", _n(count), examples))
    more = len(ranked) - len(top)
    others = sum(count for _, count in ranked[TOP_RULES:])
    rest = f"<p>{more} more {_plural(more, 'rule')} removed {_n(others)} lines.</p>" if more else ""
    total = f"<p>{_n(sum(facts.rules.values()))} lines removed by {len(ranked)} rules.</p>"
    table = _table(("rule", "lines", "examples (file:line)"), rows, numeric=(1,), text=(2,))
    return total + _figure(plot) + table + rest


def _unknown(facts: Facts) -> str:
    if not facts.unknown.total:
        return _none("Every article was named a publication.")
    rows = [
        (f"<code>{_e(path)}</code>", f"<code>{_e(id_)}</code>") for path, id_ in facts.unknown.items
    ]
    return _count_line(facts.unknown, "article", "of no known publication") + _table(
        ("file", "id"), rows, text=(0,)
    )


def _rejected(facts: Facts) -> str:
    if not facts.rejections:
        return _none(
            "No rejected files were given (export with --errors FILE, then report with "
            "--errors FILE)."
        )
    codes = _table(
        ("code", "files"),
        [(f"<code>{_e(c)}</code>", _n(n)) for c, n in _ranked(facts.rejections)],
        numeric=(1,),
    )
    rows = [
        (f"<code>{_e(p)}</code>", f"<code>{_e(c)}</code>", _e(m))
        for p, c, m in facts.rejected.items
    ]
    listing = _table(("file", "code", "message"), rows, text=(0, 2))
    return _count_line(facts.rejected, "file", "rejected") + codes + listing


def _duplicates(facts: Facts) -> str:
    searched = (
        "Exact duplicates (the same id) and near-duplicates (MinHash of the body) were looked for."
        if facts.near_searched
        else "Exact duplicates (the same id) were looked for among these articles; near-duplicates "
        "are those an export with <code>--dedup</code> recorded (in a database, or given with "
        "<code>--duplicates FILE</code>), or run the report with <code>--dedup</code>."
    )
    if not facts.duplicate_list.total:
        return _none("No duplicates found. " + searched)
    counts = ", ".join(f"{kind} {n:,}" for kind, n in _ranked(facts.duplicates))
    rows = [
        (_e(kind), f"<code>{_e(path)}</code>", f"<code>{_e(first)}</code>", _e(sim), _e(fate))
        for kind, path, first, sim, fate in facts.duplicate_list.items
    ]
    table = _table(
        ("kind", "file", "duplicate of", "similarity", "article"), rows, numeric=(3,), text=(1, 2)
    )
    return (
        f"<p>{_e(counts)}. {searched}</p>"
        + _count_line(facts.duplicate_list, "duplicate", "found")
        + table
    )


def _figure(plot: plots.Plot) -> str:
    return f"<figure>{plot.svg}<figcaption>{_e(plot.description)}</figcaption></figure>"


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    text: Iterable[int] = (),
) -> str:
    """A table in a box that scrolls sideways on a narrow screen; cells are HTML already."""
    numbers, texts = set(numeric), set(text)

    def cls(n: int) -> str:
        return ' class="n"' if n in numbers else ' class="text"' if n in texts else ""

    head = "".join(f'<th scope="col"{cls(n)}>{_e(name)}</th>' for n, name in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(n)}>{cell}</td>" for n, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _count_line(capped: Capped, noun: str, what: str) -> str:
    shown = f" (the first {len(capped.items):,} shown)" if capped.total > len(capped.items) else ""
    return f"<p>{capped.total:,} {_plural(capped.total, noun)} {what}{shown}.</p>"


def _none(message: str) -> str:
    return f'<p class="muted">{message}</p>'


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, ties by name."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"


def _n(value: int) -> str:
    return f"{value:,}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
