"""Instructions per file of the per-file function, counted by valgrind's callgrind.

Wall-clock times on a shared machine vary by a fifth between runs; instruction counts do not
(the same count twice, whatever the other core is doing). To compare two revisions, run this
in a checkout of each. The count is the difference between two runs that both first process
every source file twice (so that patterns are compiled and caches warm), one of which then
processes `--files` more: start-up and one-off costs cancel out.

    python bench/instructions.py                  # a few minutes; needs valgrind
    python bench/instructions.py --corpus small    # the corpus of older figures
    python bench/instructions.py --no-detection    # all but detection (see below)

With `--no-detection`, every file's detection is answered from a cache filled while warming
up (the copies of a source differ only in their last line, which names the copy): what a
file costs without detection, and so, by difference, what detection costs.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from corpus import ROOT, add_corpus_option, build, corpus_dir, source_files
from throughput import CHILD_ENV

#: Run `batch.work` (as a worker does, encoding JSON lines) on the first WARM + N files.
WORK = """\
import re
import sys
from pathlib import Path
from pkclean.clean import pipeline
from pkclean.run.batch import BatchSettings, work
from pkclean.run.units import Item

root, warm, extra = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
if sys.argv[4:] == ["cached"]:
    detect, verdicts, copy = pipeline.detect, {}, re.compile(r"Benchmark copy \\d+\\.")

    def cached(doc, origin):
        key = (copy.sub("", doc.text), origin.url, origin.site)
        if key not in verdicts:
            verdicts[key] = detect(doc, origin)
        return verdicts[key]

    pipeline.detect = cached
paths = sorted(str(path) for path in root.rglob("*.txt"))[: warm + extra]
settings = BatchSettings(encode="jsonl")
for path in paths:
    work(Item(0, path), settings)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


#: This checkout's pkclean, bytecode cached, and the same string hashes in every run.
ENV = CHILD_ENV | {"PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT / "src")}


def instructions(corpus: Path, warm: int, extra: int, *, detection: bool = True) -> int:
    """Instructions executed by one run of `WORK` over `warm + extra` files (with
    `detection` False, each source's verdict is reused from the warm-up)."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        WORK,
        str(corpus),
        str(warm),
        str(extra),
        *(() if detection else ("cached",)),
    ]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, check=True)
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sources = len(source_files())
    parser.add_argument(
        "--files", type=int, default=2 * sources, help="files counted (default: every source twice)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/pkclean-bench"), help="benchmark corpora"
    )
    parser.add_argument(
        "--no-detection",
        action="store_true",
        help="reuse each source's verdict: the cost of a file without detection",
    )
    add_corpus_option(parser)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (Debian package valgrind)")
    corpus = build(corpus_dir(args.workdir, args.corpus, 10000), 10000, args.corpus)
    warm = 2 * sources
    subprocess.run([sys.executable, "-c", WORK, str(corpus), "1", "0"], env=ENV, check=True)
    detection = not args.no_detection
    base = instructions(corpus, warm, 0, detection=detection)
    more = instructions(corpus, warm, args.files, detection=detection)
    print(
        f"{(more - base) / args.files / 1e6:.3f} million instructions per file "
        f"({args.corpus} corpus{'' if detection else ', detection not counted'})"
    )


if __name__ == "__main__":
    main()
