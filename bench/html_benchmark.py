"""Body extraction from real news pages: pkclean's HTML path against trafilatura, in one run.

On the article-extraction benchmark (181 pages with human-checked bodies), each system turns
every page's bytes into body text; the scoring is the benchmark's own (its README): 4-word
shingles of `\\w+` tokens, precision and recall per page, averaged, F1 from the means.

Each page is timed for each system, back to back, in `--repeat` passes; a system's time is the
sum over pages of its best time for each page, so that a busy moment of the machine during one
pass does not count against the system that happened to run then. The systems:

- `trafilatura`: `trafilatura.extract(page)` with its defaults (the baseline);
- `pkclean`: the full HTML input path (sniffing, decoding, metadata, trafilatura, the layout
  rules, validation) giving the record's `text`;

and, scored but not timed, `no-comments`: trafilatura with comments left out, as pkclean calls
it, and `extraction`: the page's framed text as pkclean reads it (the headline and the page's
own lines around trafilatura's body), so that the effect of the cleaning itself is seen.
Pages pkclean rejects are listed with the reason.

    python bench/html_benchmark.py [--data DIR] [--repeat 5] [--memory ROUNDS]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import json
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from pkclean.clean.pipeline import clean
from pkclean.document import DEFAULT_LIMITS
from pkclean.errors import InputError
from pkclean.ingest import kinds

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "benchmarks" / "article-extraction"
_WORD = re.compile(r"\w+")

Extractor = Callable[[str, bytes], str]


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: bytes
    truth: str


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_pages(data: Path) -> list[Page]:
    """The benchmark's pages (decompressed) with their true bodies, sorted by id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            name,
            gzip.decompress((data / "html" / f"{name}.html.gz").read_bytes()),
            truth[name]["articleBody"],
        )
        for name in sorted(truth)
    ]


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def page_score(truth: str, predicted: str) -> tuple[float, float]:
    """Precision and recall of one page (the benchmark's definition)."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    precision = tp / (tp + fp) if tp + fp else (1.0 if not true else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def score(pages: Sequence[Page], outputs: Sequence[str]) -> Score:
    pairs = [page_score(page.truth, output) for page, output in zip(pages, outputs, strict=True)]
    return Score(statistics.fmean(p for p, _ in pairs), statistics.fmean(r for _, r in pairs))


def trafilatura_default(name: str, html: bytes) -> str:
    return trafilatura.extract(html) or ""


def trafilatura_no_comments(name: str, html: bytes) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def pkclean_source(name: str, html: bytes) -> kinds.base.SourceDoc | None:
    """pkclean's source document of a page, as `pkclean export` reads it (no file I/O)."""
    kind = kinds.kind_for(html[:8192], f"{name}.html")
    try:
        return next(
            iter(kind.read(html, f"{name}.html", hashlib.sha256(html).hexdigest(), DEFAULT_LIMITS))
        )
    except InputError:
        return None


def pkclean_body(name: str, html: bytes) -> str:
    src = pkclean_source(name, html)
    if src is None:
        return ""
    try:
        return clean(src).text
    except InputError:
        return ""


def rejection_reason(page: Page) -> str:
    """Why pkclean gives no text for a page: the code and message of its rejection."""
    name = f"{page.name}.html"
    try:
        kind = kinds.kind_for(page.html[:8192], name)
        for src in kind.read(page.html, name, hashlib.sha256(page.html).hexdigest()):
            clean(src)
    except InputError as exc:
        return f"{exc.code}: {exc.message}"
    return "empty text"


def pkclean_extraction(name: str, html: bytes) -> str:
    src = pkclean_source(name, html)
    return src.text if src is not None else ""


def timed(
    systems: dict[str, Extractor], pages: Sequence[Page], repeat: int
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Each system's total of per-page best times, and its outputs."""
    best = {name: [float("inf")] * len(pages) for name in systems}
    outputs: dict[str, list[str]] = {name: [""] * len(pages) for name in systems}
    for _ in range(repeat):
        gc.collect()
        for index, page in enumerate(pages):
            for name, extract in systems.items():
                start = time.perf_counter()
                outputs[name][index] = extract(page.name, page.html)
                best[name][index] = min(best[name][index], time.perf_counter() - start)
    return {name: sum(times) for name, times in best.items()}, outputs


def rss_mib() -> float:
    """Resident memory of this process now, in MiB (the peak so far where /proc is missing)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kib) / 1024


def memory_run(pages: Sequence[Page], rounds: int) -> None:
    """pkclean over the pages `rounds` times, printing peak memory as it goes."""
    print(f"\nmemory: pkclean over {rounds} x {len(pages)} pages")
    for number in range(1, rounds + 1):
        for page in pages:
            pkclean_body(page.name, page.html)
        print(f"  after {number * len(pages):6d} pages: RSS {rss_mib():7.1f} MiB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per system")
    parser.add_argument(
        "--memory",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="then run pkclean ROUNDS more times over the pages, showing memory",
    )
    args = parser.parse_args(argv)
    pages = load_pages(args.data.resolve())
    systems: dict[str, Extractor] = {"trafilatura": trafilatura_default, "pkclean": pkclean_body}
    best, outputs = timed(systems, pages, args.repeat)
    outputs["no-comments"] = [trafilatura_no_comments(page.name, page.html) for page in pages]
    outputs["extraction"] = [pkclean_extraction(page.name, page.html) for page in pages]
    print(f"{len(pages)} pages from {args.data}, best of {args.repeat} passes per page\n")
    print(f"{'system':<13} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
    for name in ("trafilatura", "pkclean", "no-comments", "extraction"):
        result = score(pages, outputs[name])
        speed = f"{len(pages) / best[name]:8.1f}" if name in best else f"{'-':>8}"
        print(f"{name:<13} {result.precision:9.4f} {result.recall:7.4f} {result.f1:7.4f} {speed}")
    print(f"\ntime ratio pkclean / trafilatura: {best['pkclean'] / best['trafilatura']:.3f}")
    empty = [page for page, text in zip(pages, outputs["pkclean"], strict=True) if not text]
    print(f"pages pkclean rejected or found empty: {len(empty)}")
    for page in empty:
        print(f"  {page.name[:16]}: {rejection_reason(page)}")
    if empty:
        kept = [index for index, text in enumerate(outputs["pkclean"]) if text]
        for name in ("trafilatura", "pkclean"):
            result = score([pages[i] for i in kept], [outputs[name][i] for i in kept])
            print(f"F1 of {name} on the other {len(kept)} pages: {result.f1:.4f}")
    if args.memory:
        memory_run(pages, args.memory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
