"""`--executor ray` against the local pool (`--jobs 2`) on the same files and the same cores.

Builds the benchmark corpus (`corpus.py`, 20,000 files by default), then times
`pkclean export --jobs 2` and `pkclean export --executor ray --jobs 2` (a Ray instance of two
CPUs started by the run, its start-up included) in fresh processes, interleaved, best of
`--repeat`; checks that both write the same bytes; prints the ratio ray / pool, and the CPU
time of all the processes of each run (sampled from /proc: Ray's own processes included).

    python bench/ray_vs_jobs.py                 # needs pip install 'pkclean[ray]'
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from corpus import build
from throughput import best, warm_bytecode


def export(corpus: Path, output: Path, *options: str) -> list[str]:
    return [
        sys.executable, "-m", "pkclean", "export", str(corpus), "-q",
        "--format", "jsonl", "--output", str(output), "--jobs", "2", *options,
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pkclean-ray")
    args = parser.parse_args()
    corpus = build(args.work / f"corpus-{args.docs}", args.docs)
    out = args.work / "out"
    out.mkdir(parents=True, exist_ok=True)
    warm_bytecode(out, ["jsonl"])
    commands = {
        "--jobs 2": export(corpus, out / "pool.jsonl"),
        "--executor ray": export(
            corpus, out / "ray.jsonl", "--executor", "ray", "--ray-tmp", str(args.work / "ray")
        ),
    }
    runs = best(commands, args.repeat)
    if not filecmp.cmp(out / "pool.jsonl", out / "ray.jsonl", shallow=False):
        raise SystemExit("the two executors wrote different bytes")
    print(
        f"| command ({args.docs:,} files, best of {args.repeat}) | time (s) | files/s "
        "| CPU (s), all processes |"
    )
    print("|---|---:|---:|---:|")
    for name, run in runs.items():
        rate = args.docs / run.seconds
        print(f"| `export {name}` | {run.seconds:.2f} | {rate:,.0f} | {run.cpu:.1f} |")
    ratio = runs["--executor ray"].seconds / runs["--jobs 2"].seconds
    print(f"time ratio ray / pool: {ratio:.2f} (same bytes)")


if __name__ == "__main__":
    main()
