"""Build a benchmark corpus of N text dumps from the seeds and the synthetic fixtures.

Each copy gets a unique last line, so that no two files (and no two article ids) are the same.
Files go into folders of 1,000, as a real collection would be kept.

    python bench/corpus.py /tmp/corpus 10000
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT / "tests" / "fixtures" / "text")
PER_FOLDER = 1000
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def source_files() -> list[Path]:
    """The plain-text dumps the corpus is made of (seeds first, then fixtures), sorted."""
    return [path for folder in SOURCES for path in sorted(folder.glob("*.txt"))]


def unique_line(data: bytes, number: int) -> bytes:
    """A last line naming the copy, in the file's own encoding and line ending."""
    newline = "\r\n" if b"\r\n" in data else "\n"
    line = f"{newline}{newline}Benchmark copy {number:07d}.{newline}"
    encoding = _UTF16_BOMS.get(data[:2], "ascii")
    return line.encode(encoding)


def fingerprint(sources: list[Path], count: int) -> str:
    """Identifies a corpus: its size and the content of every source file."""
    digest = hashlib.sha256(str(count).encode())
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build(dest: Path, count: int) -> Path:
    """Write `count` files under `dest` (reused when an identical corpus is already there)."""
    sources = source_files()
    stamp = dest / ".corpus"
    expected = fingerprint(sources, count)
    if stamp.exists() and stamp.read_text() == expected:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    originals = [(path.stem, path.read_bytes()) for path in sources]
    for number in range(count):
        stem, data = originals[number % len(originals)]
        folder = dest / f"{number // PER_FOLDER:04d}"
        if number % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"{number:07d}_{stem}.txt").write_bytes(data + unique_line(data, number))
    stamp.write_text(expected)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to (re)create")
    parser.add_argument("count", type=int, help="number of documents")
    args = parser.parse_args()
    print(build(args.dest, args.count))


if __name__ == "__main__":
    main()
