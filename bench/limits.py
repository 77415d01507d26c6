"""Time and peak memory of one document at and past the limits, each in a fresh process.

    python bench/limits.py

Text dumps of short lines, of prose, hard-wrapped and of one long line, near the limits of
`pkclean.ingest.timer.Limits` (memory per line and per input byte), and the 64 MiB files of issue
16 (rejected before they are read whole); a 16 MiB page of many elements. Each case runs
`process_path` in a new process, which reports its time and the growth of its peak resident
memory (`ru_maxrss`) over a process that has imported pkclean.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PROSE = "Thousands of lawyers marched through Lahore on Friday, and police watched them."
HEAD = "Socialist Worker\n\nWhere next for Pakistan?\n\nby A Writer\n\n"
MIB = 1024 * 1024


def cases() -> dict[str, bytes]:
    wrapped = "thousands of lawyers marched through lahore on friday and police watched"
    return {
        "text, 190,000 short lines": (HEAD + PROSE + "\n\n" + "ab\n" * 190_000).encode(),
        "text, 95,000 lines of prose (7.5 MB)": (HEAD + (PROSE + "\n\n") * 47_500).encode(),
        "text, one paragraph of 100,000 wrapped lines (7.4 MB)": (
            HEAD + "\n".join([wrapped] * 100_000) + ".\n"
        ).encode(),
        "text, one line of 8 MB": (HEAD + PROSE + "\n\n" + "word " * 1_600_000 + "\n").encode(),
        "text, 64 MiB of short lines": b"ab\n" * (64 * MIB // 3),
        "text, 64 MiB hard-wrapped paragraph": ((wrapped + "\n") * (64 * MIB // 73)).encode(),
        "html, 16 MB page of 140,000 elements": (
            "<html><body><article><h1>Strike</h1>"
            + f"<p>{PROSE}</p>" * 140_000
            + "</article></body></html>"
        ).encode()[: 16 * MIB - 30]
        + b"</article></body></html>",
    }


# The peak is the process's VmHWM: ru_maxrss would keep the parent's peak across exec.
CHILD = """
import json, sys, time
from pkclean.run.batch import process_path
import pkclean.clean.pipeline, pkclean.ingest.html.page, trafilatura, charset_normalizer

def high_water():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

base = high_water()
started = time.perf_counter()
outcomes = process_path(sys.argv[1])
seconds = time.perf_counter() - started
first = outcomes[0]
print(json.dumps({"seconds": seconds, "base": base, "peak": high_water(),
                  "outcome": getattr(first, "code", "article")}))
"""


def main() -> None:
    print(
        "| document | bytes | lines | time (s) | peak (MB) | growth per line | per byte | outcome |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in cases().items():
            path = Path(folder) / ("page.html" if name.startswith("html") else "dump.txt")
            path.write_bytes(data)
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], capture_output=True, check=True
            )
            report = json.loads(result.stdout)
            growth = report["peak"] - report["base"]
            lines = data.count(b"\n") + 1
            print(
                f"| {name} | {len(data):,} | {lines:,} | {report['seconds']:.2f} | "
                f"{report['peak'] / 1e6:.0f} | {growth / lines:,.0f} B | "
                f"{growth / len(data):.1f} B | {report['outcome']} |"
            )
            path.unlink()


if __name__ == "__main__":
    main()
