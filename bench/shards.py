"""Shards, merge and checkpoints against one `--jobs 1` run: time ratios and byte identity.

For each format (SQLite too): one `export --jobs 1` run over the corpus (the baseline); two
`--shard i/2 --jobs 1` exports side by side (as on two machines, here on the two cores) then
`merge`, whose output (with its sidecars) must be the baseline's bytes; and one
`--checkpoint` run (its cost). Then `--kills` runs (of a corpus of `--kill-docs` files)
killed with SIGKILL at a random moment and resumed, each compared byte for byte with one run
of that corpus. Times are the best of `--repeat` runs, in fresh processes.

    python bench/shards.py --docs 1000 --repeat 3 --kills 20
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import build
from throughput import CHILD_ENV, HALVES, best, measure, pkclean, warm_bytecode

SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "tei": ".tei.xml", "sqlite": ".db"}


def shard_commands(corpus: Path, folder: Path, fmt: str, count: int) -> list[list[str]]:
    return [
        [
            *pkclean(corpus, folder / f"part-{index}{SUFFIXES[fmt]}", fmt, 1),
            "--shard",
            f"{index}/{count}",
        ]
        for index in range(1, count + 1)
    ]


def merge_command(parts: list[Path], output: Path) -> list[str]:
    return [sys.executable, "-m", "pkclean", "merge", *map(str, parts), "-q", "-o", str(output)]


def same_files(one: Path, two: Path) -> bool:
    """Whether two folders hold the same files (hidden temporary files left out)."""
    names = sorted(path.name for path in one.iterdir() if not path.name.startswith("."))
    others = sorted(path.name for path in two.iterdir() if not path.name.startswith("."))
    _, mismatch, errors = filecmp.cmpfiles(one, two, names, shallow=False)
    return names == others and not mismatch and not errors


def shards(corpus: Path, work: Path, fmt: str, repeat: int) -> dict[str, float]:
    """Seconds of the baseline, of two shards side by side, of merge, and of a checkpointed run."""
    suffix = SUFFIXES[fmt]
    for name in ("one", "parts", "merged", "checkpointed"):
        (work / name).mkdir(exist_ok=True)
    baseline = pkclean(corpus, work / "one" / f"corpus{suffix}", fmt, 1)
    both = [
        sys.executable,
        "-c",
        HALVES,
        json.dumps(shard_commands(corpus, work / "parts", fmt, 2)),
    ]
    checkpointed = [
        *pkclean(corpus, work / "checkpointed" / f"corpus{suffix}", fmt, 1),
        "--checkpoint",
        str(work / "checkpoint"),
    ]

    def fresh_checkpoint() -> list[str]:
        shutil.rmtree(work / "checkpoint", ignore_errors=True)
        return checkpointed

    runs = best({"one": baseline, "shards": both}, repeat)
    parts = sorted((work / "parts").glob(f"part-*{suffix}"))
    merged = merge_command(parts, work / "merged" / f"corpus{suffix}")
    runs |= best({"merge": merged}, repeat)
    checkpoint_times = []
    for _ in range(repeat):
        checkpoint_times.append(measure(fresh_checkpoint()).seconds)
    if not same_files(work / "one", work / "merged"):
        raise SystemExit(f"{fmt}: the merged shards differ from one run")
    if not same_files(work / "one", work / "checkpointed"):
        raise SystemExit(f"{fmt}: the checkpointed run differs from one run")
    return {
        "one": runs["one"].seconds,
        "shards": runs["shards"].seconds,
        "merge": runs["merge"].seconds,
        "checkpoint": min(checkpoint_times),
    }


def kills(corpus: Path, work: Path, fmt: str, times: int) -> tuple[int, int]:
    """Kill a checkpointed run `times` times at random moments, and resume each: how many
    kills left some chunks kept, and how many resumed runs matched one run byte for byte."""
    suffix = SUFFIXES[fmt]
    (work / "kill-one").mkdir()
    seconds = measure(pkclean(corpus, work / "kill-one" / f"corpus{suffix}", fmt, 1)).seconds
    rng = random.Random(f"kills-{fmt}")
    partial = matched = 0
    for number in range(times):
        folder = work / f"killed-{number}"
        folder.mkdir()
        command = [
            *pkclean(corpus, folder / f"corpus{suffix}", fmt, 1),
            "--checkpoint",
            str(work / f"checkpoint-{number}"),
            "--checkpoint-every",
            "8",
        ]
        process = subprocess.Popen(command, env=CHILD_ENV)
        time.sleep(rng.uniform(0.0, seconds))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kept = len(list((work / f"checkpoint-{number}").glob("chunk-*.json")))
        partial += kept > 0
        subprocess.run(command, env=CHILD_ENV, check=False)
        same = same_files(work / "kill-one", folder)
        matched += same
        verdict = "the same bytes" if same else "DIFFERENT"
        print(f"  {fmt} kill {number + 1}: {kept} chunks kept; resumed: {verdict}", flush=True)
    return partial, matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="files in the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command")
    parser.add_argument("--kills", type=int, default=20, help="killed runs per format")
    parser.add_argument("--kill-docs", type=int, default=300, help="files of the killed runs")
    parser.add_argument("--formats", nargs="+", default=list(SUFFIXES), choices=list(SUFFIXES))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pkclean-shards")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = build(args.work / f"corpus-{args.docs}", args.docs)
    small = build(args.work / f"corpus-{args.kill_docs}", args.kill_docs)
    warm_bytecode(args.work, args.formats)
    rows = []
    for fmt in args.formats:
        work = args.work / fmt
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        times = shards(corpus, work, fmt, args.repeat)
        partial, matched = kills(small, work, fmt, args.kills)
        rows.append((fmt, times, partial, matched))
    print(
        f"\n{args.docs:,} files; best of {args.repeat}; ratios to one `--jobs 1` run; "
        f"kills on {args.kill_docs:,} files\n"
    )
    print(
        "| format | one run (s) | 2 shards side by side | merge | shards + merge | "
        "--checkpoint | runs killed, resumed, identical |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fmt, times, partial, matched in rows:
        one = times["one"]
        print(
            f"| {fmt} | {one:.2f} | {times['shards'] / one:.2f} | {times['merge'] / one:.3f} | "
            f"{(times['shards'] + times['merge']) / one:.2f} | {times['checkpoint'] / one:.2f} | "
            f"{matched}/{args.kills} ({partial} from a partial checkpoint) |"
        )


if __name__ == "__main__":
    main()
