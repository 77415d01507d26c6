"""How well detection names the publication of labelled pages: per publication, per basis,
and how well its confidence is calibrated.

Each folder holds `NAME.txt` pages with `NAME.expected.json` beside them, whose
`publication` key is the right answer (`unknown` for pages of other sites). Every page goes
through `pkclean.clean_text`, as a user's file would.

    python bench/detection_eval.py tests/fixtures/blind [more folders] [--list]

Prints, for each folder: right/total per publication, false claims (a page given a
publication it is not), the verdicts by basis, and a calibration table: for each confidence
bin, the number of pages and the share whose verdict was right.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pkclean import clean_text
from pkclean.errors import PkcleanError

BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01))


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    expected: str
    got: str
    confidence: float
    basis: str | None
    profile: str

    @property
    def right(self) -> bool:
        return self.expected == self.got


def outcomes(folder: Path) -> list[Outcome]:
    found = []
    for expected_path in sorted(folder.rglob("*.expected.json")):
        name = expected_path.name.removesuffix(".expected.json")
        page = expected_path.with_name(name + ".txt")
        if not page.exists():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            record = clean_text(page.read_text(encoding="utf-8"), path=page.name)
        except PkcleanError as exc:
            found.append(
                Outcome(name, expected["publication"], f"rejected: {exc.code}", 0, None, "")
            )
            continue
        detection = record.detection
        found.append(
            Outcome(
                name,
                expected["publication"],
                record.publication,
                detection.confidence,
                detection.basis,
                expected.get("profile", ""),
            )
        )
    return found


def report(title: str, items: list[Outcome], *, listing: bool) -> None:
    print(f"## {title}: {sum(o.right for o in items)} of {len(items)} right")
    by_publication: dict[str, list[Outcome]] = defaultdict(list)
    for item in items:
        by_publication[item.expected].append(item)
    print("| publication | right | pages | named wrongly | named by layout | by content |")
    print("|---|---|---|---|---|---|")
    for publication, group in sorted(by_publication.items()):
        wrong = sum(1 for o in group if not o.right and o.got != "unknown")
        layout = sum(1 for o in group if o.right and o.basis == "layout")
        content = sum(1 for o in group if o.right and o.basis == "content")
        right = sum(o.right for o in group)
        print(f"| {publication} | {right} | {len(group)} | {wrong} | {layout} | {content} |")
    profiles = Counter((o.profile, o.right) for o in items if o.expected != "unknown")
    if any(profile for profile, _ in profiles):
        print("\n| profile | right | pages |")
        print("|---|---|---|")
        for profile in sorted({p for p, _ in profiles}):
            right, total = (
                profiles[(profile, True)],
                profiles[(profile, True)] + profiles[(profile, False)],
            )
            print(f"| {profile or '-'} | {right} | {total} |")
    print("\n| confidence | pages | right | share right |")
    print("|---|---|---|---|")
    for low, high in BINS:
        group = [o for o in items if low <= o.confidence < high]
        if group:
            right = sum(o.right for o in group)
            label = f"{low:.2f}-{min(high, 1.0):.2f}"
            print(f"| {label} | {len(group)} | {right} | {right / len(group):.2f} |")
    if listing:
        print()
        for item in items:
            mark = "ok " if item.right else "BAD"
            print(
                f"{mark} {item.name}: expected {item.expected}, got {item.got} "
                f"({item.confidence:.3f}, {item.basis})"
            )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="list every page")
    args = parser.parse_args(argv)
    everything: list[Outcome] = []
    for folder in args.folders:
        items = outcomes(folder)
        everything.extend(items)
        report(str(folder), items, listing=args.list)
    if len(args.folders) > 1:
        report("all", everything, listing=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
