"""Seed inputs for the fuzz targets, made from the project's own fixtures and seeds."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
HTML = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))[:4]
TEXT = sorted((ROOT / "seeds").glob("*.txt"))[:2]


def _archive(pages: list[bytes], compressed: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for number, body in enumerate(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        uri = f"https://www.wsws.org/en/articles/{number}.html"
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        )
    return out.getvalue()


def seeds(target: str) -> list[bytes]:
    """A few small valid inputs of the kind a target reads."""
    pages = [path.read_bytes()[:20_000] for path in HTML]
    texts = [path.read_bytes()[:8_000] for path in TEXT]
    if target in ("sniff", "decoding"):
        return [*texts, *pages[:2], gzip.compress(texts[0]), texts[0].decode().encode("utf-16")]
    if target == "html":
        return pages
    if target == "warc":
        return [_archive(pages[:2], False), _archive(pages[:2], True)]
    from export_articles import seed_articles
    from test_exporters import export

    articles = seed_articles()[:2]
    return [
        b"\x00" + export("jsonl", articles),
        b"\x01" + export("csv", articles),
        b"\x02" + export("tei", articles)[:30_000],
    ]


def write_seeds(target: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, data in enumerate(seeds(target)):
        (folder / f"seed{number}").write_bytes(data)
    return folder
