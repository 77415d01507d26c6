"""Start-up: `pkclean --help` against a bare interpreter, in fresh processes, best of N.

    python bench/startup.py [--repeat 15]

The ratio is what counts on a shared machine: both commands pay the interpreter's own start
(and the site packages' `.pth` files) the same way.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence


def best(command: Sequence[str], repeat: int) -> float:
    """The shortest wall time of `repeat` runs of `command`, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    bare = best([sys.executable, "-c", "pass"], args.repeat)
    helped = best([sys.executable, "-m", "pkclean", "--help"], args.repeat)
    print(f"python -c pass   {bare * 1000:7.1f} ms")
    print(f"pkclean --help   {helped * 1000:7.1f} ms   ratio {helped / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
