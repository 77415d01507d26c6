"""Count the detector's markers on news pages of other sites: the table's background column.

The detector's counts (`src/pkclean/clean/detection/table.py`) come from layout-facts.md: pages of
the four publications and of look-alike sites. Those say nothing of how common a house-style
cue (an AP date, American spelling, a spaced em dash) is on ordinary news pages, which the
detector must leave `unknown`. This script counts every marker on the 181 pages of the
article-extraction benchmark, as layout-facts.md counted its pages: self-reference and house
style in the first ~2,000 characters of the article (the human-checked body), chrome and
shapes in the whole page as a text dump shows it (all its visible lines), the address from
the page's URL.

    python bench/background_counts.py [--data DIR] [--check]

It prints `key: news=N, body=M` for every marker found on at least one page (of the 181).
With `--check` it compares them with the table and exits 1 when they differ (a test runs
this).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from lxml import html as lxml_html

from pkclean.clean.detection import Origin, View, find
from pkclean.clean.detection.markers import Kind
from pkclean.clean.detection.table import MARKERS
from pkclean.clean.detection.view import EXCERPT_CHARS
from pkclean.clean.lines import Document
from pkclean.ingest.html.pagelines import page_lines

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "benchmarks" / "article-extraction"
_BODY_KINDS = (Kind.SELF, Kind.VOCABULARY, Kind.STYLE)
_KINDS = {marker.key: marker.kind for marker in MARKERS}


def page_markers(page: bytes, body: str, url: str) -> tuple[set[str], set[str]]:
    """The keys of the markers found on one page (each counted once per page): on the
    whole-page dump, and on the article body alone."""
    tree = lxml_html.fromstring(page)
    dump = "\n".join(line.text for line in page_lines(tree))
    origin = Origin(url=url)
    whole = {
        item.marker.key
        for item in find(View(Document.from_text(dump), origin))
        if item.marker.kind not in _BODY_KINDS
    }
    excerpt = body[:EXCERPT_CHARS]
    alone = {item.marker.key for item in find(View(Document.from_text(excerpt), origin))}
    text = {key for key in alone if _KINDS[key] in _BODY_KINDS}
    return whole | text, alone


def count(data: Path) -> tuple[Counter[str], Counter[str]]:
    """How many benchmark pages show each marker: as whole pages, and as bodies alone."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages: Counter[str] = Counter()
    bodies: Counter[str] = Counter()
    for name in sorted(truth):
        page = gzip.decompress((data / "html" / f"{name}.html.gz").read_bytes())
        whole, alone = page_markers(page, truth[name]["articleBody"], truth[name]["url"])
        pages.update(whole)
        bodies.update(alone)
    return pages, bodies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--check", action="store_true", help="compare with the table")
    args = parser.parse_args(argv)
    pages, bodies = count(args.data)
    differ = 0
    for marker in MARKERS:
        counted = (pages.get(marker.key, 0), bodies.get(marker.key, 0))
        table = (marker.seen.background, marker.seen.background_body)
        if any(counted) or any(table):
            flag = "" if counted == table else f"   (table says news={table[0]}, body={table[1]})"
            differ += bool(flag)
            print(f"{marker.key}: news={counted[0]}, body={counted[1]}{flag}")
    if args.check and differ:
        print(f"{differ} counts differ from the table", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
