"""Large web archives: read record by record, their pages handed out to several workers.

An archive over `BatchSettings.split_bytes` is read by the main process and each page is a
unit of its own; every test here compares that with the archive read whole by one worker
(`split_bytes` above its size), which must give the same results, in the same order.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tracemalloc
from itertools import islice
from pathlib import Path

import pytest

from pkclean.document import DEFAULT_LIMITS
from pkclean.ingest.kinds.warc import ArchiveEnd, Capture, scan_archive
from pkclean.run.batch import SPLIT_BYTES, BatchSettings, Encoded, Piece, Rejection, export_batch
from pkclean.run.units import Item, Noted, Page, PageFailed, units
from test_warc import DEEP, HTML, WSWS_URI, archive, crawl, write

WHOLE = 1 << 40  # above any archive here: read whole by one worker


def run(paths: list[str], *, split: bool, jobs: int = 2, **options: object) -> list[Piece]:
    settings = BatchSettings(encode="jsonl", split_bytes=0 if split else WHOLE, **options)  # type: ignore[arg-type]
    return list(export_batch(paths, settings, jobs=jobs))


def flat(pieces: list[Piece]) -> list[object]:
    """What the output and the errors report get: results in order, and files done."""
    return [result for piece in pieces for _, result in piece.results] + [
        sum(piece.files for piece in pieces)
    ]


def keys(pieces: list[Piece]) -> list[tuple[int, int]]:
    """The key of each result: its input's position, its page's index (what shards use)."""
    return [(piece.position, index) for piece in pieces for index, _ in piece.results]


def many_pages(count: int) -> list[tuple[str, str, str, str, bytes]]:
    """`count` article pages (the fixtures, in turn), a failing one every tenth."""
    pages = sorted(HTML.glob("*.html"))
    captures = []
    for number in range(count):
        body = DEEP if number % 10 == 9 else pages[number % len(pages)].read_bytes()
        uri = f"https://example.org/page/{number}"
        captures.append(("response", uri, "200 OK", "text/html", body))
    return captures


def arc(pages: list[tuple[str, bytes]]) -> bytes:
    """An ARC (version 1) file of HTML pages: its header record, then one record per page."""
    header = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://test.arc 0.0.0.0 20080101000000 text/plain %d\n" % len(header), header]
    for url, body in pages:
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        out.append(b"\n%s 10.0.0.1 20080101000000 text/html %d\n" % (url.encode(), len(block)))
        out.append(block)
    return b"".join(out) + b"\n"


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_a_split_archive_gives_what_one_worker_reading_it_whole_gives(
    tmp_path: Path, compressed: bool
) -> None:
    data = archive([*crawl(), *many_pages(40)], compressed=compressed)
    path = write(tmp_path, "crawl.warc.gz" if compressed else "crawl.warc", data)
    whole = run([path], split=False)
    assert len(whole) == 1  # one unit: the file
    split = run([path], split=True)
    assert len(split) == 39  # a piece per page read, and the end's
    assert flat(split) == flat(whole)
    assert keys(split) == keys(whole)
    assert keys(split)[-1] == (0, 42)  # the archive's rejection comes after its 42 pages
    results = flat(split)
    assert sum(isinstance(result, Encoded) for result in results) == 38
    [report] = [result for result in results if isinstance(result, Rejection)]
    assert report.code == "archive_pages"
    assert report.message.startswith("4 problems in an archive of 42 pages")


def test_files_and_split_archives_keep_their_order(tmp_path: Path) -> None:
    big = write(tmp_path, "b.warc", archive(many_pages(12), compressed=True))
    before = write(tmp_path, "a.html", (HTML / "cwi_wordpress.html").read_bytes())
    after = write(tmp_path, "c.html", (HTML / "sw_old_template.html").read_bytes())
    empty = write(tmp_path, "d.warc", archive(crawl()[:2], compressed=False))
    paths = [str(tmp_path)]
    split = run(paths, split=True)
    whole = run(paths, split=False)
    assert flat(split) == flat(whole)
    assert keys(split) == keys(whole)
    assert flat(split)[-1] == 4
    rejections = [result for result in flat(split) if isinstance(result, Rejection)]
    assert [(r.path.split("#")[0], r.code) for r in rejections] == [
        (big, "too_complex"),
        (empty, "not_an_article"),
    ]
    assert before < big < after


def test_an_arc_file_is_split_like_a_warc(tmp_path: Path) -> None:
    pages = [
        (f"http://www.wsws.org/a/{n}", (HTML / "wsws_author_date.html").read_bytes())
        for n in range(3)
    ]
    path = write(tmp_path, "old.arc", arc(pages))
    split = flat(run([path], split=True))
    assert split == flat(run([path], split=False))
    assert sum(isinstance(result, Encoded) for result in split) == 3


@pytest.mark.parametrize("keep", [0.35, 0.7])
def test_a_truncated_archive_gives_the_pages_before_the_break(tmp_path: Path, keep: float) -> None:
    data = archive(many_pages(8), compressed=True)
    path = write(tmp_path, "cut.warc.gz", data[: int(len(data) * keep)])
    split = flat(run([path], split=True))
    assert split == flat(run([path], split=False))
    assert sum(isinstance(result, Encoded) for result in split) >= 2
    assert isinstance(split[-2], Rejection)
    assert split[-2].code == "format_error"
    assert "broken compressed archive" in split[-2].message


def test_max_bytes_bounds_each_page_not_the_archive(tmp_path: Path) -> None:
    small = (HTML / "wsws_author_date.html").read_bytes()
    big = small + b"<!--" + b"x" * len(small) + b"-->"
    captures = [("response", WSWS_URI, "200 OK", "text/html", body) for body in (small, big, small)]
    path = write(tmp_path, "crawl.warc", archive(captures, compressed=False))
    limit = len(small) + 1000
    assert os.path.getsize(path) > 2 * limit
    for split in (False, True):
        results = flat(run([path], split=split, max_bytes=limit))
        assert sum(isinstance(result, Encoded) for result in results) == 2
        [rejected] = [result for result in results if isinstance(result, Rejection)]
        assert rejected.code == "too_large"
        assert "#urn:uuid:" in rejected.path
    # A file that is not an archive is still refused whole.
    page = write(tmp_path, "big.html", big)
    [[(_, refused)]] = [piece.results for piece in run([page], split=False, max_bytes=limit)]
    assert isinstance(refused, Rejection)
    assert refused.code == "too_large"


def test_a_large_archive_is_handed_out_page_by_page(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc", archive([*crawl(), *many_pages(3)], compressed=True))
    small = list(units([path], os.path.getsize(path), DEFAULT_LIMITS))
    assert small == [Item(0, path)]
    found = list(units([path], 0, DEFAULT_LIMITS))
    assert [type(unit) for unit in found] == [Page] * 5 + [Noted]
    assert [unit.record for unit in found if not isinstance(unit, Item)] == [0, 1, 2, 3, 4, 5]
    assert all(isinstance(unit.capture, Capture) for unit in found if isinstance(unit, Page))
    end = found[-1]
    assert isinstance(end, Noted)
    assert isinstance(end.note, ArchiveEnd)
    assert end.note.pages == 5
    # A page over the limit is a problem the main process found, kept for the report.
    tiny = list(units([path], 0, DEFAULT_LIMITS._replace(max_bytes=100)))
    notes = [unit.note for unit in tiny if isinstance(unit, Noted)]
    assert len(notes) == len(tiny)
    assert [type(note) for note in notes] == [PageFailed] * 5 + [ArchiveEnd]
    assert {note.code for note in notes if isinstance(note, PageFailed)} == {"too_large"}


def synthetic_archive(pages: int) -> bytes:
    """A plain WARC of `pages` response records, written directly (fast for large sizes)."""
    body = (HTML / "wsws_author_date.html").read_bytes()
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    records = []
    for number in range(pages):
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            f"WARC-Target-URI: {WSWS_URI}?n={number}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(block)}\r\n\r\n"
        )
        records.append(head.encode() + block + b"\r\n\r\n")
    return b"".join(records)


def test_reading_an_archive_keeps_one_record_in_memory() -> None:
    data = gzip.compress(synthetic_archive(4000), compresslevel=1)
    size = len(gzip.decompress(data))
    assert size > 15_000_000
    tracemalloc.start()
    try:
        pages = 0
        for scanned in scan_archive(io.BytesIO(data), "big.warc.gz", DEFAULT_LIMITS):
            pages += isinstance(scanned, Capture)
            del scanned
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pages == 4000
    # A few records' worth (each about 5 KB), nothing like the archive's size.
    assert peak < 1_000_000, peak


def test_units_are_read_lazily(tmp_path: Path) -> None:
    path = write(tmp_path, "big.warc", synthetic_archive(300))
    found = units([path], 0, DEFAULT_LIMITS)
    first = list(islice(found, 3))
    assert [type(unit) for unit in first] == [Page] * 3
    found.close()  # the file is closed; nothing more was read than needed


def test_pages_larger_than_a_pipe_do_not_block_the_pool(tmp_path: Path) -> None:
    """Chunks of pages are megabytes: sending one must not wait on a worker sending back."""
    body = (HTML / "wsws_author_date.html").read_bytes()
    body = body.replace(b"</head>", b"<!--" + b"padding " * 12_000 + b"--></head>")
    captures = [("response", f"{WSWS_URI}?{n}", "200 OK", "text/html", body) for n in range(200)]
    path = write(tmp_path, "large.warc", archive(captures, compressed=False))
    assert os.path.getsize(path) > SPLIT_BYTES
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "pkclean", "export", path, "-q", "-j", "2", "-o", str(out)]
    subprocess.run(command, check=True, timeout=300)
    assert out.read_bytes().count(b"\n") == 200
