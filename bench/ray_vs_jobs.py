"""`--executor ray` against the local pool (`--jobs 2`) on the same files and the same cores.

Builds the benchmark corpus (`corpus.py`, 20,000 files by default), then times
`pkclean export --jobs 2` and `pkclean export --executor ray --jobs 2` (a Ray instance of two
CPUs started by the run, its start-up included) in fresh processes, interleaved, best of
`--repeat`; checks that both write the same bytes; prints the ratio ray / pool, and the CPU
time of all the processes of each run (sampled from /proc: Ray's own processes included).

With `--split K`, both also run on a corpus of `docs / K` files, and the two sizes separate
each executor's cost into a fixed part (start-up and shutdown: the time a run of no file
would take) and a part per file: Ray's start costs the same however many files follow, its
cost per file is what a longer run converges to.

    python bench/ray_vs_jobs.py                 # needs pip install 'pkclean[ray]'
    python bench/ray_vs_jobs.py --split 4       # also 5,000 files: fixed and per-file costs
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


def fixed_and_marginal(small: float, large: float, files: tuple[int, int]) -> tuple[float, float]:
    """The fixed time and the time per file of the line through two runs' times.

    >>> fixed_and_marginal(12.0, 42.0, (5000, 20000))
    (2.0, 0.002)
    """
    per_file = (large - small) / (files[1] - files[0])
    return round(large - per_file * files[1], 6), round(per_file, 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pkclean-ray")
    parser.add_argument(
        "--split", type=int, default=0, help="also run on docs/K files: fixed and per-file costs"
    )
    args = parser.parse_args()
    corpus = build(args.work / f"corpus-{args.docs}", args.docs)
    out = args.work / "out"
    out.mkdir(parents=True, exist_ok=True)
    warm_bytecode(out, ["jsonl"])
    #: A label for the command names, the corpus and its size.
    sizes = {"": (corpus, args.docs)}
    if args.split > 1:
        few = args.docs // args.split
        sizes[f" ({few:,} files)"] = (build(args.work / f"corpus-{few}", few), few)
    commands = {}
    for label, (folder, docs) in sizes.items():
        commands[f"--jobs 2{label}"] = export(folder, out / f"pool-{docs}.jsonl")
        commands[f"--executor ray{label}"] = export(
            folder, out / f"ray-{docs}.jsonl", "--executor", "ray",
            "--ray-tmp", str(args.work / "ray"),
        )  # fmt: skip
    runs = best(commands, args.repeat)
    for label, (_, docs) in sizes.items():
        pool, ray = out / f"pool-{docs}.jsonl", out / f"ray-{docs}.jsonl"
        if not filecmp.cmp(pool, ray, shallow=False):
            raise SystemExit(f"the two executors wrote different bytes{label}")
    print(
        f"| command ({args.docs:,} files, best of {args.repeat}) | time (s) | files/s "
        "| CPU (s), all processes |"
    )
    print("|---|---:|---:|---:|")
    for name, run in runs.items():
        rate = sizes[name.removeprefix("--jobs 2").removeprefix("--executor ray")][1] / run.seconds
        print(f"| `export {name}` | {run.seconds:.2f} | {rate:,.0f} | {run.cpu:.1f} |")
    ratio = runs["--executor ray"].seconds / runs["--jobs 2"].seconds
    print(f"time ratio ray / pool: {ratio:.2f} (same bytes)")
    if args.split > 1:
        label, (_, few) = list(sizes.items())[1]
        costs = {
            name: fixed_and_marginal(
                runs[f"{name}{label}"].seconds, runs[name].seconds, (few, args.docs)
            )
            for name in ("--jobs 2", "--executor ray")
        }
        for name, (fixed, per_file) in costs.items():
            print(f"`{name}`: fixed {fixed:.2f} s, {per_file * 1000:.3f} ms per file")
        marginal = costs["--executor ray"][1] / costs["--jobs 2"][1]
        print(f"time per file, ray / pool: {marginal:.2f}")


if __name__ == "__main__":
    main()
