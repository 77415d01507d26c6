"""`pkclean detect`: a table of file, layout, confidence and evidence."""

from __future__ import annotations

import argparse
import sys

from ..detect import detect
from ..document import Document
from ..errors import InputError
from ..reading import discover, load

HELP = "show which publication layout each file is, with the evidence"
EXAMPLES = """\
examples:
  pkclean detect seeds/
  pkclean detect page.txt --all-evidence
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rows = [("FILE", "LAYOUT", "CONFIDENCE", "EVIDENCE")]
    rejected = 0
    for path in discover(args.paths):
        try:
            for src in load(path):
                verdict = detect(Document.from_text(src.text, src.page))
                evidence = "; ".join(
                    f"{name}: {signal.signal} ({signal.weight:+g})"
                    for name, signal in verdict.evidence
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
    sys.stdout.flush()
    return 1 if rejected else 0
