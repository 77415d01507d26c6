"""`pkclean report`: one HTML page on a corpus, from any export pkclean writes."""

from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..formats.atomic import atomic_output, refuse_same_file

HELP = "write one self-contained HTML page describing exports (any format pkclean writes)"
EXAMPLES = """\
examples:
  pkclean report corpus.jsonl --output report.html
  pkclean report corpus.db --errors rejected.jsonl --output report.html
  pkclean report corpus.jsonl --duplicates dups.jsonl --errors rejected.jsonl -o report.html
  pkclean report a.csv b.tei.xml --dedup --output report.html

The page has no script and fetches nothing: plots are inline SVG. The same inputs always
give the same bytes. Exit code 1 if an input is not a valid export (nothing is written).
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report",
        help=HELP,
        description=HELP + ": articles per publication and year, word counts, detection basis "
        "and confidence, warnings, removed lines by rule with examples, files of unknown "
        "layout, rejected files and duplicates.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="FILE",
        help="exports: .jsonl, .csv, .xml (TEI), .db (SQLite), each also .gz; datapackage.json",
    )
    parser.add_argument(
        "--output", "-o", default="-", metavar="FILE", help="the HTML file, or - (default)"
    )
    parser.add_argument(
        "--errors",
        action="append",
        default=[],
        metavar="FILE",
        help="an export's --errors report: its rejected files are listed (may be repeated)",
    )
    parser.add_argument(
        "--duplicates",
        action="append",
        default=[],
        metavar="FILE",
        help="an export's --duplicates report, with the duplicates --dedup left out",
    )
    parser.add_argument(
        "--dedup",
        action="store_true",
        help="also look for near-duplicates among the articles (MinHash of the body)",
    )
    parser.add_argument("--title", default="Corpus report", help="the page's title")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..run.report import report_html  # matplotlib: loaded only for this command

    for path in [*args.paths, *args.errors, *args.duplicates]:
        refuse_same_file(args.output, path, "--output and an input")
    try:
        data = report_html(
            args.paths,
            title=args.title,
            errors=args.errors,
            duplicates=args.duplicates,
            near=args.dedup,
        )
    except InputError as exc:
        print(f"pkclean: error: {exc}; no report was written", file=sys.stderr)
        return 1
    with atomic_output(args.output) as stream:
        stream.write(data)
    return 0
