"""Where the time of one file goes: each stage of the pipeline timed alone, in one process.

Runs every stage over the same files (from the benchmark corpus), best of `--repeat`, and
prints microseconds per file, so that a change to one stage can be measured on its own.

    python bench/stages.py            # 2,000 files of a 10,000-file corpus, about a minute
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from corpus import add_corpus_option, build, corpus_dir

from pkclean.clean.article_check import article_check
from pkclean.clean.detection import detect
from pkclean.clean.leaks import split_leaked_date
from pkclean.clean.lines import Document
from pkclean.clean.pipeline import clean_record
from pkclean.formats.exporters.jsonl import JsonLinesExporter
from pkclean.ingest.discover import discover
from pkclean.ingest.load import load
from pkclean.model import DERIVED_FROM_BODY, Article
from pkclean.record_check import is_plain_article
from pkclean.run.batch import BatchSettings, work
from pkclean.run.units import Item

T = TypeVar("T")
R = TypeVar("R")


def timed(name: str, func: Callable[[T], R], items: Sequence[T], repeat: int) -> list[R]:
    """Apply `func` to every item `repeat` times; print the best time per item."""
    best = float("inf")
    results: list[R] = []
    for _ in range(repeat):
        started = time.perf_counter()
        results = [func(item) for item in items]
        best = min(best, time.perf_counter() - started)
    print(f"| {name} | {best / len(items) * 1e6:,.0f} |", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="files timed")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each stage")
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/pkclean-bench"), help="benchmark corpora"
    )
    add_corpus_option(parser)
    args = parser.parse_args()
    corpus = build(corpus_dir(args.workdir, args.corpus, 10000), 10000, args.corpus)
    paths = list(discover([str(corpus)]))[: args.files]
    settings = BatchSettings(encode="jsonl")
    print(
        f"| stage ({len(paths):,} files, {args.corpus} corpus, best of {args.repeat}) "
        "| µs per file |"
    )
    print("|---|---:|")
    timed(
        "all of it: read, clean, check, encode (`batch.work`)",
        lambda path: work(Item(0, path), settings),
        paths,
        args.repeat,
    )
    loaded = timed("read, decode, sniff", lambda path: list(load(path)), paths, args.repeat)
    sources = [src for batch in loaded for src in batch]
    docs = timed(
        "split into lines, normalise",
        lambda s: split_leaked_date(Document.from_text(s.text, s.page))[0],
        sources,
        args.repeat,
    )
    timed("is it an article (`article_check`)", article_check, docs, args.repeat)
    verdicts = timed("detect the layout", detect, docs, args.repeat)
    timed(
        "clean and parse (the layout's `parse`)",
        lambda pair: pair[1].layout.parse(pair[0]),
        list(zip(docs, verdicts, strict=True)),
        args.repeat,
    )
    records = timed(
        "`clean_record` (all of the above but reading)", clean_record, sources, args.repeat
    )
    timed(
        "check the record (`is_plain_article`), as workers do",
        lambda record: is_plain_article(record, derived_from_body=True),
        records,
        args.repeat,
    )
    exporter = JsonLinesExporter(io.BytesIO())
    timed("encode the record as a JSON line", exporter.encode_plain, records, args.repeat)
    articles = timed(
        "validate the record instead (`Article.model_validate`)",
        lambda record: Article.model_validate(record, context=DERIVED_FROM_BODY),
        records,
        args.repeat,
    )
    timed("encode the article as a JSON line", exporter.encode, articles, args.repeat)


if __name__ == "__main__":
    main()
