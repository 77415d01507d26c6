"""The SQLite export and the report page on a large corpus, against the JSON Lines export.

Builds the corpus with `corpus.py`, then times, in fresh processes with the bytecode cache on
(as `throughput.py` does, best of `--repeat`, the commands interleaved so that the machine's
drift hits all alike):

- `export --format jsonl` (the baseline) and `export --format sqlite`, both with the default
  `--jobs`; the ratio of their times is the figure to compare, measured in the same run;
- the peak memory of the SQLite export's main process at `--small` files and at `--docs`
  files (flat memory: the same peak for ten times the files);
- `export --format jsonl --dedup` against `export --format jsonl` on the `--small` corpus
  (near-duplicates looked for: every copy in the corpus is a near-duplicate of the first
  copy of its source);
- `pkclean report` of the JSON Lines export and of the database.

    python bench/sqlite_report.py --repeat 1           # 100,000 files: an hour on 2 busy cores
    python bench/sqlite_report.py --docs 10000 --small 2000 --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from corpus import build
from throughput import Run, best, pkclean, warm_bytecode


def report(inputs: list[Path], output: Path) -> list[str]:
    """The report command measured."""
    return [sys.executable, "-m", "pkclean", "report", *map(str, inputs), "-o", str(output)]


def export(corpus: Path, output: Path, fmt: str, *extra: str) -> list[str]:
    """An export with the default number of workers (pkclean's own choice)."""
    command = pkclean(corpus, output, fmt, 1)
    at = command.index("--jobs")
    del command[at : at + 2]
    return command + list(extra)


def mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="files in the corpus")
    parser.add_argument("--small", type=int, default=10_000, help="files of the memory check")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command")
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pkclean-bench-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        run(args, work)


def run(args: argparse.Namespace, work: Path) -> None:
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    out = work / "out"
    out.mkdir(exist_ok=True)
    warm_bytecode(out, ["jsonl", "sqlite"])
    corpus = build(work / f"corpus-{args.docs}", args.docs)
    small = build(work / f"corpus-{args.small}", args.small)
    jsonl, database = out / "corpus.jsonl", out / "corpus.db"

    print(f"\nexports of {args.docs:,} files, best of {args.repeat}:")
    exports = best(
        {
            "jsonl": export(corpus, jsonl, "jsonl"),
            "sqlite": export(corpus, database, "sqlite"),
        },
        args.repeat,
    )
    print(f"\nexports of {args.small:,} files (memory; --dedup), best of {args.repeat}:")
    smaller = best(
        {
            "small sqlite": export(small, out / "small.db", "sqlite"),
            "small jsonl": export(small, out / "small.jsonl", "jsonl"),
            "small dedup": export(small, out / "dedup.jsonl", "jsonl", "--dedup"),
        },
        args.repeat,
    )

    print(f"\nreports of the {args.docs:,}-article exports, best of {args.repeat}:")
    reports = best(
        {
            "report jsonl": report([jsonl], out / "jsonl.html"),
            "report sqlite": report([database], out / "db.html"),
        },
        args.repeat,
    )
    summary(args, exports, smaller, reports, database)


def summary(
    args: argparse.Namespace,
    exports: dict[str, Run],
    smaller: dict[str, Run],
    reports: dict[str, Run],
    database: Path,
) -> None:
    base = exports["jsonl"].seconds
    print(f"\n| command ({args.docs:,} files) | time (s) | files/s | time / jsonl export |")
    print("|---|---:|---:|---:|")
    rows = [
        ("`export --format jsonl`", exports["jsonl"]),
        ("`export --format sqlite`", exports["sqlite"]),
    ]
    for name, measured in rows:
        rate = args.docs / measured.seconds
        print(f"| {name} | {measured.seconds:.1f} | {rate:,.0f} | {measured.seconds / base:.2f} |")
    for name, measured in reports.items():
        kind = "database" if name.endswith("sqlite") else "JSON Lines"
        line = f"| `report` of the {kind} export | {measured.seconds:.1f} | "
        print(line + f"{args.docs / measured.seconds:,.0f} | {measured.seconds / base:.2f} |")
    small_db = smaller["small sqlite"]
    print(
        f"\npeak memory of the sqlite export's main process (MB): {args.small:,} files "
        f"{mb(small_db.peak_main)}, {args.docs:,} files {mb(exports['sqlite'].peak_main)}; "
        f"jsonl export at {args.docs:,} files {mb(exports['jsonl'].peak_main)}"
    )
    dedup, plain = smaller["small dedup"].seconds, smaller["small jsonl"].seconds
    print(
        f"--dedup on {args.small:,} files: {dedup:.1f} s against {plain:.1f} s "
        f"({dedup / plain:.2f} times the time)"
    )
    print(f"database size: {mb(database.stat().st_size)} MB")


if __name__ == "__main__":
    main()
