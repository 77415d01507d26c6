"""Build a benchmark corpus of N text dumps from the seeds and the synthetic fixtures.

Two corpora (`--corpus`):

- `articles` (the default): weighed like real articles. Real articles are 6 to 10 KB, the
  synthetic fixtures mostly 1.5 to 2.5 KB, so each fixture shorter than its target (a size
  between 6 and 10 KB drawn from its name) is lengthened by generated paragraphs placed in
  its own body, between two of its body paragraphs; the seeds (real pages) are used as
  they are.
- `small`: the sources as they are, the corpus of the older figures in the README.

Each copy gets a unique last line, so that no two files (and no two article ids) are the same.
Files go into folders of 1,000, as a real collection would be kept.

    python bench/corpus.py /tmp/corpus 10000
    python bench/corpus.py --corpus small /tmp/corpus-small 10000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SOURCES = (SEEDS, ROOT / "tests" / "fixtures" / "text")
PER_FOLDER = 1000
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
#: The corpora `build` makes; the first is the default.
CORPORA = ("articles", "small")
#: The sizes (bytes) lengthened files are drawn from: those of real articles.
ARTICLE_BYTES = (6 * 1024, 10 * 1024)
#: A paragraph of at least this many words is taken for body text.
_BODY_WORDS = 25
#: Words of the generated sentences: plain and neutral, no publication's name or house style.
_SUBJECTS = (
    "The committee",
    "Local residents",
    "The union branch",
    "Several delegates",
    "The council",
    "Teachers at the school",
    "Drivers at the depot",
    "The tenants' association",
    "Nurses on the ward",
    "The organisers",
)
_VERBS = (
    "discussed",
    "voted on",
    "reported on",
    "criticised",
    "welcomed",
    "questioned",
    "planned",
    "agreed on",
    "rejected",
    "described",
)
_OBJECTS = (
    "the new rota",
    "the cost of housing",
    "the proposed budget",
    "the pay offer",
    "the state of the roads",
    "the closure of the clinic",
    "a week of meetings",
    "the price of bread",
    "the shortage of water",
    "the plans for the market",
)
_TAILS = (
    "at a meeting on Tuesday",
    "after weeks of delay",
    "in a statement to the press",
    "before the end of the month",
    "with little notice",
    "for the second time this year",
    "in front of a large crowd",
    "despite the bad weather",
)


def source_files() -> list[Path]:
    """The plain-text dumps the corpus is made of (seeds first, then fixtures), sorted."""
    return [path for folder in SOURCES for path in sorted(folder.glob("*.txt"))]


def unique_line(data: bytes, number: int) -> bytes:
    """A last line naming the copy, in the file's own encoding and line ending."""
    newline = "\r\n" if b"\r\n" in data else "\n"
    line = f"{newline}{newline}Benchmark copy {number:07d}.{newline}"
    encoding = _UTF16_BOMS.get(data[:2], "ascii")
    return line.encode(encoding)


def paragraph(rng: random.Random) -> str:
    """A generated paragraph of four to seven plain sentences."""
    sentences = [
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."
        for _ in range(rng.randint(4, 7))
    ]
    return " ".join(sentences)


def _encoding(data: bytes) -> str | None:
    """The encoding of a source's bytes, or None if it is not one `lengthened` rewrites."""
    if data[:2] in _UTF16_BOMS:
        return _UTF16_BOMS[data[:2]]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def lengthened(name: str, data: bytes) -> bytes:
    """A synthetic source weighed like a real article: generated paragraphs put after its
    first body paragraph that another body paragraph follows (paragraphs apart by a blank
    line, or else by a line break, as the source writes them), up to a size drawn from
    `ARTICLE_BYTES` by its name. A file already that long, or with no such place, is kept.
    """
    rng = random.Random(hashlib.sha256(name.encode()).digest())
    target = rng.randint(*ARTICLE_BYTES)
    encoding = _encoding(data)
    if len(data) >= target or encoding is None:
        return data
    text = data.decode(encoding)
    for between in (r"((?:\r?\n){2,})", r"(\r?\n)"):
        parts = re.split(between, text)  # paragraphs and what is between them
        for index in range(0, len(parts) - 2, 2):
            if _is_body(parts[index]) and _is_body(parts[index + 2]):
                gap = parts[index + 1]
                added: list[str] = []
                size = len(data)
                while size < target:
                    added.append(paragraph(rng))
                    size += len((added[-1] + gap).encode(encoding))
                parts[index] += gap + gap.join(added)
                return "".join(parts).encode(encoding)
    return data


def _is_body(block: str) -> bool:
    """Whether a paragraph reads as body text: one line of many words."""
    return "\n" not in block.strip() and len(block.split()) >= _BODY_WORDS


def originals(corpus: str) -> list[tuple[str, bytes]]:
    """The sources of a corpus, by stem, as the corpus uses them."""
    found = [(path.stem, path.read_bytes(), path.parent == SEEDS) for path in source_files()]
    if corpus == "small":
        return [(stem, data) for stem, data, _ in found]
    return [(stem, data if seed else lengthened(stem, data)) for stem, data, seed in found]


def fingerprint(sources: list[tuple[str, bytes]], count: int) -> str:
    """Identifies a corpus: its size and the content of every source."""
    digest = hashlib.sha256(str(count).encode())
    for stem, data in sources:
        digest.update(stem.encode() + b"\0" + data)
    return digest.hexdigest()


def build(dest: Path, count: int, corpus: str = CORPORA[0]) -> Path:
    """Write `count` files of `corpus` under `dest` (reused when an identical corpus is
    already there)."""
    sources = originals(corpus)
    stamp = dest / ".corpus"
    expected = fingerprint(sources, count)
    if stamp.exists() and stamp.read_text() == expected:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    for number in range(count):
        stem, data = sources[number % len(sources)]
        folder = dest / f"{number // PER_FOLDER:04d}"
        if number % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"{number:07d}_{stem}.txt").write_bytes(data + unique_line(data, number))
    stamp.write_text(expected)
    return dest


def corpus_dir(workdir: Path, corpus: str, count: int) -> Path:
    """Where the benchmarks keep a corpus (the small one where it always was)."""
    return workdir / (f"corpus-{count}" if corpus == "small" else f"{corpus}-{count}")


def add_corpus_option(parser: argparse.ArgumentParser) -> None:
    """The `--corpus` option every benchmark over this corpus takes."""
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default=CORPORA[0],
        help="articles: fixtures lengthened to 6-10 KB like real articles (default); "
        "small: the sources as they are (that of the older figures in the README)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_option(parser)
    parser.add_argument("dest", type=Path, help="folder to (re)create")
    parser.add_argument("count", type=int, help="number of documents")
    args = parser.parse_args()
    print(build(args.dest, args.count, args.corpus))


if __name__ == "__main__":
    main()
