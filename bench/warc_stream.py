"""A 1 GiB web archive streamed by `pkclean export`: peak memory, and the same records as a
small archive holding the same pages.

The small archive holds each HTML fixture page (`tests/fixtures/html`) once, as a crawler
writes it: a request, the response, a metadata record. Each page gets a script block of
`--padding` KiB in its head, so that it weighs what a news page's HTML does (tens of KiB of
scripts and styles around the article), not the fixture's 5 KiB. The large one holds the
same captures again and again, each with a record ID of its own, up to `--gib` GiB
(uncompressed). Both
are written to a temporary folder, exported to JSON Lines (`--jobs`), and removed. Every
record from the large archive must equal the small archive's record of the same page in all
but `source.path` (which names the archive and the record ID).

    python bench/warc_stream.py            # 1 GiB; on 2 busy cores, about half an hour
    python bench/warc_stream.py --gib 0.05 # a quick look
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
from corpus import ROOT
from throughput import measure

PAGES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))
GIB = 1 << 30


def padded(page: Path, kib: int) -> bytes:
    """The fixture page with a script of `kib` KiB before the end of its head."""
    line = b"window.pk.push({slot:'ad-%05d',sizes:[[300,250],[728,90]],lazy:true});\n"
    script = b"".join(line % number for number in range(kib * 1024 // len(line % 0)))
    data = page.read_bytes()
    at = data.lower().find(b"</head>")
    at = at if at != -1 else 0
    return data[:at] + b"<script>\n" + script + b"</script>\n" + data[at:]


def capture(number: int, page: int, bodies: list[bytes]) -> bytes:
    """The three records of one capture of fixture page `page`: request, response, metadata."""
    uri = f"https://example.org/{PAGES[page].stem}"
    body = bodies[page]
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    request = f"GET /{PAGES[page].stem} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()
    metadata = b"fetchTimeMs: 120\r\n"
    blocks = (
        ("request", "application/http; msgtype=request", request),
        ("response", "application/http; msgtype=response", http),
        ("metadata", "application/warc-fields", metadata),
    )
    out = []
    for index, (kind, content_type, block) in enumerate(blocks):
        record_id = uuid.UUID(int=number * 3 + index)
        head = (
            f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
        )
        out.append(head.encode() + block + b"\r\n\r\n")
    return b"".join(out)


def write_archive(path: Path, size: int, bodies: list[bytes]) -> int:
    """Write captures of the fixture pages, in turn, until the archive reaches `size` bytes;
    the number of pages written."""
    written = pages = 0
    with path.open("wb") as sink:
        while not pages or written < size or pages % len(PAGES):
            data = capture(pages, pages % len(PAGES), bodies)
            sink.write(data)
            written += len(data)
            pages += 1
    return pages


def records(output: Path) -> Iterator[dict[str, object]]:
    """The records of a JSON Lines export, `source.path` left out, one at a time."""
    with output.open("rb") as lines:
        for line in lines:
            record = orjson.loads(line)
            del record["source"]["path"]
            yield record


def export(archive: Path, output: Path, jobs: int) -> list[str]:
    return [
        sys.executable, "-m", "pkclean", "export", str(archive), "-q",
        "--format", "jsonl", "--jobs", str(jobs), "--output", str(output),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=1.0, help="size of the large archive")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--padding", type=int, default=48, help="KiB of script per page")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temp folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pkclean-warc-", dir=args.workdir))
    try:
        small, large = work / "small.warc", work / "large.warc"
        bodies = [padded(page, args.padding) for page in PAGES]
        small_pages = write_archive(small, 0, bodies)
        large_pages = write_archive(large, int(args.gib * GIB), bodies)
        measure(export(small, work / "warm.jsonl", 1))  # fills the bytecode cache
        runs = {}
        for name, archive, pages in (("small", small, small_pages), ("large", large, large_pages)):
            output = work / f"{name}.jsonl"
            runs[name] = (archive, pages, measure(export(archive, output, args.jobs)))
        expected = list(records(work / "small.jsonl"))
        same = count = 0
        for count, record in enumerate(records(work / "large.jsonl"), 1):
            same += record == expected[(count - 1) % len(expected)]
        print(f"pkclean export --jobs {args.jobs}, JSON Lines, pages of {args.padding} KiB more")
        print("| archive | size (MiB) | pages | time (s) | pages/s | main process (MB) "
              "| all processes (MB) |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, (archive, pages, run) in runs.items():
            print(
                f"| {name} | {archive.stat().st_size / (1 << 20):,.1f} | {pages:,} "
                f"| {run.seconds:,.1f} | {pages / run.seconds:,.0f} "
                f"| {run.peak_main / 1e6:.1f} | {run.peak_total / 1e6:.1f} |"
            )
        print(
            f"records from the large archive: {count:,} for {large_pages:,} pages; the same as "
            f"the small archive's (all but source.path): {same:,}"
        )
        if same != count or count != large_pages:
            raise SystemExit("the large archive's records differ from the small archive's")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
