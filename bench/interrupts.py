"""Outputs of several files under interrupts, concurrent exports, and a worker killed mid-run.

    python bench/interrupts.py [--runs 100] [--pairs 20] [--files 10000]

1. `--runs` CSV exports (with `--errors`) into a folder holding old versions of the three
   files, each sent SIGINT or SIGTERM at a random moment, and a tenth of them with a
   `datapackage.json` that cannot be written (a folder in its place): the three files must
   be all old or all new every time.
2. `--pairs` pairs of CSV exports into one folder at once: both resources must be kept.
3. A run of `--files` files in which one busy worker is killed (SIGKILL): every other file
   must be exported, the file it held rejected as worker_lost, with exit code 1.
"""

from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
from corpus import build as build_corpus  # noqa: E402

COMMAND = [sys.executable, "-m", "pkclean", "export"]
OLD = {"corpus.csv": b"old rows\n", "datapackage.json": b'{"resources": [], "old": 1}',
       "errors.jsonl": b'{"old": 1}\n'}  # fmt: skip


def interrupted(corpus: Path, folder: Path, runs: int) -> dict[str, int]:
    rng = random.Random(16)
    tally: dict[str, int] = {}
    for run in range(runs):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for name, data in OLD.items():
            (folder / name).write_bytes(data)
        blocked = run % 10 == 9
        if blocked:
            (folder / "datapackage.json").unlink()
            (folder / "datapackage.json").mkdir()
        command = [*COMMAND, str(corpus), "--format", "csv", "-q", "-o", str(folder / "corpus.csv")]
        process = subprocess.Popen([*command, "--errors", str(folder / "errors.jsonl")])
        time.sleep(rng.uniform(0.0, 2.5))
        process.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
        code = process.wait()
        names = ["corpus.csv", "errors.jsonl"] + ([] if blocked else ["datapackage.json"])
        kinds = {"old" if (folder / n).read_bytes() == OLD[n] else "new" for n in names}
        state = kinds.pop() if len(kinds) == 1 else "MIXED"
        key = f"{state} (exit {code})"
        tally[key] = tally.get(key, 0) + 1
    return tally


def pairs(corpus: Path, folder: Path, count: int) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    kept = 0
    for pair in range(count):
        names = [f"a{pair}.csv", f"b{pair}.csv"]
        runs = [
            subprocess.Popen(
                [*COMMAND, str(corpus), "--format", "csv", "-q", "-o", str(folder / n)]
            )
            for n in names
        ]
        assert [run.wait() for run in runs] == [0, 0]
        package = json.loads((folder / "datapackage.json").read_bytes())
        kept += set(names) <= {resource["path"] for resource in package["resources"]}
    return kept


def killed_worker(corpus: Path, folder: Path) -> dict[str, object]:
    from test_cli_edges import _state, _workers

    folder.mkdir(exist_ok=True)
    output, errors = folder / "out.jsonl", folder / "errors.jsonl"
    command = [*COMMAND, str(corpus), "-o", str(output), "--errors", str(errors), "-q", "-j", "2"]
    process = subprocess.Popen(command)
    while not any(part.stat().st_size for part in folder.glob(".out.jsonl.*.part")):
        time.sleep(0.05)  # the workers are at work: a quarter of the run or so is written
    killed = None
    while killed is None:
        for pid in _workers(process.pid):
            if _state(pid) == "R":
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed = pid
                    break
                except ProcessLookupError:
                    pass
        time.sleep(0.005)
    code = process.wait()
    rejected = [json.loads(line) for line in errors.read_bytes().splitlines()]
    return {"exit": code, "exported": output.read_bytes().count(b"\n"), "rejected": rejected}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = build_corpus(Path(tmp) / "small", 300)
        print("interrupted CSV exports:", interrupted(small, Path(tmp) / "out", args.runs))
        seeds = ROOT / "seeds"
        kept = pairs(seeds, Path(tmp) / "pairs", args.pairs)
        print(f"concurrent pairs keeping both resources: {kept} of {args.pairs}")
        big = build_corpus(Path(tmp) / "big", args.files)
        print("worker killed mid-run:", killed_worker(big, Path(tmp) / "killed"))


if __name__ == "__main__":
    main()
