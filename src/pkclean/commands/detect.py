"""`pkclean detect`: a table of file, publication, confidence and evidence; `--explain` says why."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from ..clean.detection import detect
from ..clean.detection.explain import explain
from ..clean.lines import Document
from ..clean.pipeline import origin
from ..errors import ExitCode, InputError
from ..ingest.discover import discover
from ..ingest.load import load
from .options import read_urls, report_unmatched_urls

HELP = "show which publication layout each file is, with the evidence"
EXAMPLES = """\
examples:
  pkclean detect seeds/
  pkclean detect page.txt --explain
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "detect",
        help=HELP,
        description=HELP,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    parser.add_argument(
        "--urls",
        metavar="FILE",
        help='CSV (path,url) or JSON Lines ({"path", "url"}) giving the URL each input was '
        "fetched from (host evidence)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="for each file, every marker found with the counts behind its weight, the basis "
        "and the probability of each publication",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rows = [("FILE", "LAYOUT", "CONFIDENCE", "EVIDENCE")]
    rejected = 0
    explained: list[tuple[str, list[str]]] = []
    urls = read_urls(args.urls)
    for path in discover(args.paths):
        url = urls.url_for(path)
        try:
            for src in load(path):
                if url is not None and src.format != "warc":
                    src = replace(src, url=url)
                verdict = detect(Document.from_text(src.text, src.page), origin(src))
                if args.explain:
                    explained.append((src.path, explain(verdict)))
                evidence = "; ".join(
                    f"{item.signal} ({item.weight:+g})" for item in verdict.evidence
                )
                rows.append(
                    (src.path, verdict.layout.name, f"{verdict.confidence:.3f}", evidence or "-")
                )
        except InputError as exc:
            rejected += 1
            rows.append((exc.path or path, "error", "-", f"{exc.code}: {exc.message}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[3]
        )
    for path, lines in explained:
        print(f"\n{path}")
        for line in lines:
            print(f"  {line}")
    sys.stdout.flush()
    report_unmatched_urls(urls, args.paths)
    return ExitCode.REJECTED if rejected else ExitCode.OK
