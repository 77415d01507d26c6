"""Throughput and memory of `pkclean export`, against the floor of a plain read-hash-write loop.

Every measurement runs in a fresh process over the same corpus (built by `corpus.py` from the
seeds and the synthetic fixtures, with a warm page cache); times are wall-clock times of the
whole command, start-up included, best of `--repeat` runs. The commands run with Python's
bytecode cache on, as in a normal installation, even where the environment turns it off
(`PYTHONDONTWRITEBYTECODE`): otherwise every process would compile pkclean again.

    python bench/throughput.py                                  # a few minutes
    python bench/throughput.py --memory-docs 10000 100000       # adds the 100,000-file run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import PER_FOLDER, ROOT, add_corpus_option, build, corpus_dir

from pkclean.formats import exporters

#: The floor: read each file, decode it, hash it, write its text as one JSON line.
FLOOR = """\
import hashlib, os, sys
import orjson

root, out = sys.argv[1], sys.argv[2]
with open(out, "wb") as sink:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            text = data.decode("utf-8", errors="replace")
            record = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "text": text}
            sink.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
"""


SEEDS = ROOT / "seeds"
#: The environment of measured commands: bytecode is cached, as in a normal installation.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    """One finished command: wall time, CPU time and peak memory (bytes) of its processes."""

    seconds: float
    cpu: float
    peak_main: int
    peak_total: int


def pkclean(corpus: Path, output: Path, fmt: str, jobs: int) -> list[str]:
    """The export command measured."""
    return [
        sys.executable,
        "-m",
        "pkclean",
        "export",
        str(corpus),
        "--format",
        fmt,
        "--output",
        str(output),
        "--jobs",
        str(jobs),
        "--quiet",
    ]


#: Two `--jobs 1` exports of the two halves of the corpus, side by side: what two busy
#: processes get from this machine (shared caches, memory bandwidth, clock) with no pool.
HALVES = """\
import json, subprocess, sys

running = [subprocess.Popen(command) for command in json.loads(sys.argv[1])]
sys.exit(max(process.wait() for process in running))
"""
HALVES_RUN = "jsonl, two halves at once"


def halves(corpus: Path, output: Path, fmt: str) -> list[str]:
    """Both halves of the corpus exported at once, each by a `--jobs 1` process."""
    folders = sorted(str(path) for path in corpus.iterdir() if path.is_dir())
    middle = len(folders) // 2
    commands = []
    for number, part in enumerate((folders[:middle], folders[middle:])):
        command = pkclean(corpus, output.with_name(f"half{number}.{fmt}"), fmt, 1)
        command[4:5] = part  # the folders of this half instead of the whole corpus
        commands.append(command)
    return [sys.executable, "-c", HALVES, json.dumps(commands)]


def floor(corpus: Path, output: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(corpus), str(output)]


def measure(command: list[str]) -> Run:
    """Run `command` once; the main process's usage comes from wait4, its workers' from /proc.

    Workers are sampled every 50 ms, so their CPU time may be short by that much each. The
    halves launcher waits for its two exports, so wait4 already counts their CPU time.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    while True:
        for pid in _descendants(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), _peak_rss(pid))
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in KiB on Linux
    main = usage.ru_maxrss * scale
    main_cpu = usage.ru_utime + usage.ru_stime
    if HALVES in command:
        return Run(seconds, main_cpu, main, main + sum(peaks.values()))
    return Run(seconds, main_cpu + sum(cpu.values()), main, main + sum(peaks.values()))


def _descendants(pid: int) -> set[int]:
    """Processes below `pid` (Linux /proc; empty elsewhere)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                numbers = {int(n) for n in task.read_text().split()}
            except OSError:
                continue
            todo.extend(numbers - found)
            found |= numbers
    return found


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in bytes; 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def best(commands: dict[str, list[str]], repeat: int) -> dict[str, Run]:
    """The fastest run of each command, the commands interleaved so drift hits all alike."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for round_number in range(repeat):
        for name, command in commands.items():
            run = measure(command)
            runs[name].append(run)
            print(
                f"  round {round_number + 1}: {name:<16} {run.seconds:7.2f} s, "
                f"CPU {run.cpu:6.2f} s  (load average {os.getloadavg()[0]:.2f})",
                flush=True,
            )
    return {name: min(values, key=lambda run: run.seconds) for name, values in runs.items()}


def warm_bytecode(out: Path, names: list[str]) -> None:
    """Export the seeds in every format, so that every module used is compiled and cached."""
    for name in names:
        measure(pkclean(SEEDS, out / f"warm.{name}", name, 1))


def throughput(args: argparse.Namespace, work: Path) -> None:
    corpus = build(corpus_dir(work, args.corpus, args.docs), args.docs, args.corpus)
    out = work / "out"
    out.mkdir(exist_ok=True)
    names = [name for name in args.formats if name in exporters.names()]
    commands = {"floor": floor(corpus, out / "floor.jsonl")}
    for name in names:
        for jobs in args.jobs:
            commands[f"{name} --jobs {jobs}"] = pkclean(corpus, out / f"out.{name}", name, jobs)
    if "jsonl" in names and 1 in args.jobs and args.docs >= 2 * PER_FOLDER:
        commands[HALVES_RUN] = halves(corpus, out / "halves.jsonl", "jsonl")
    measure(commands["floor"])  # warm the page cache
    startup = min(measure([sys.executable, "-m", "pkclean", "--version"]).seconds for _ in range(3))
    print(
        f"throughput over {args.docs:,} files ({args.corpus} corpus), best of {args.repeat}:",
        flush=True,
    )
    results = best(commands, args.repeat)
    rate = {name: args.docs / run.seconds for name, run in results.items()}
    print()
    print(
        f"| command ({args.docs:,} files) | time (s) | files/s | share of floor "
        "| CPU (s), all processes | files per CPU-second |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, run in results.items():
        share = rate[name] / rate["floor"]
        print(
            f"| {name} | {run.seconds:.2f} | {rate[name]:,.0f} | {share:.3f} | {run.cpu:.2f} "
            f"| {args.docs / run.cpu:,.0f} |"
        )
    print()
    print(f"pkclean start-up (`pkclean --version`): {startup:.2f} s, included above")
    for name in names:
        one, two = f"{name} --jobs 1", f"{name} --jobs 2"
        if one in rate and two in rate:
            print(f"{name}: --jobs 2 is {rate[two] / rate[one]:.2f} x --jobs 1")
    if HALVES_RUN in rate:
        print(
            f"jsonl: two --jobs 1 processes on half the files each, side by side, are "
            f"{rate[HALVES_RUN] / rate['jsonl --jobs 1']:.2f} x --jobs 1 (this machine's "
            "limit for two processes, with no pool)"
        )
    print()


def memory(args: argparse.Namespace, work: Path) -> None:
    print("peak memory (resident set), one run each:", flush=True)
    rows = []
    for fmt in args.memory_formats:
        for docs in args.memory_docs:
            corpus = build(corpus_dir(work, args.corpus, docs), docs, args.corpus)
            out = work / "out"
            out.mkdir(exist_ok=True)
            for jobs in args.jobs:
                run = measure(pkclean(corpus, out / f"mem.{fmt}", fmt, jobs))
                rows.append((fmt, docs, jobs, run))
                print(f"  {fmt}, {docs:,} files, --jobs {jobs}: {run.seconds:.1f} s", flush=True)
    print()
    print("| format | files | --jobs | main process (MB) | all processes (MB) | files/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for fmt, docs, jobs, run in rows:
        print(
            f"| {fmt} | {docs:,} | {jobs} | {run.peak_main / 1e6:.1f} "
            f"| {run.peak_total / 1e6:.1f} | {docs / run.seconds:,.0f} |"
        )
    print()
    seconds = {(fmt, docs, jobs): run.seconds for fmt, docs, jobs, run in rows}
    for (fmt, docs, jobs), taken in seconds.items():
        if jobs == 2 and (fmt, docs, 1) in seconds:
            print(
                f"{fmt}, {docs:,} files: --jobs 2 is {seconds[fmt, docs, 1] / taken:.2f} x --jobs 1"
            )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000, help="files for throughput")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument(
        "--formats", nargs="+", default=["jsonl", "csv", "tei"], help="formats to measure"
    )
    parser.add_argument(
        "--memory-docs", type=int, nargs="*", default=[10000], help="corpus sizes for memory"
    )
    parser.add_argument(
        "--memory-formats", nargs="+", default=["jsonl"], help="formats whose memory is measured"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/pkclean-bench"), help="corpora and outputs"
    )
    parser.add_argument("--skip-throughput", action="store_true")
    add_corpus_option(parser)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}"
        " cores available"
    )
    (args.workdir / "out").mkdir(exist_ok=True)
    warm_bytecode(args.workdir / "out", sorted({*args.formats, *args.memory_formats}))
    if not args.skip_throughput:
        throughput(args, args.workdir)
    if args.memory_docs:
        memory(args, args.workdir)


if __name__ == "__main__":
    main()
