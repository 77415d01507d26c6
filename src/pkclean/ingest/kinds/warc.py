"""Web archives (WARC, WARC.gz, and the older ARC): one article per HTML page captured.

A record is read when it is a `response` with HTTP status 200, or a `resource`, and its
content type is `text/html` or `application/xhtml+xml` (or, with no content type, its bytes
look like HTML); ARC records are read like responses. Everything else in an archive
(requests, metadata, redirects, images, style sheets, scripts) is not an article and is
passed over without a rejection; an archive with no HTML page in it at all is rejected as
`not_an_article`, with a count of what it held.

Each page's `source.path` is `<archive path>#<WARC-Record-ID>` (the ID without its angle
brackets; `#offset=<byte offset in the decompressed archive>` for an ARC record, which has no
ID), `source.sha256` is the SHA-256 of the page's HTTP payload (the body as served, its
transfer and content codings undone), and its URL is the archive's `WARC-Target-URI` (or the
ARC record's URL) unless the page names a canonical URL.

The archive is read as a stream (`pkclean.ingest.kinds.records`): gzip member by member, record by
record, each page's body under the page size limit. A page that fails (too big, too complex,
too slow) does not stop the archive: the others are read, and the failure is raised at the
end. So is a broken end: compressed data that breaks off, a record cut short or bytes that
are no record end the reading, after every page before them. That is the page's own error
when only one thing failed (or the archive's), else an `archive_pages` error listing every
problem.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from ...document import Limits, SourceDoc
from ...errors import ArchivePagesError, FormatError, InputError, NotAnArticleError
from ..gzipped import gunzip_chunks, is_gzip, peek
from ..html.charset import content_type_charset
from ..html.page import html_source
from ..timer import time_limit
from .base import InputKind, register
from .html import looks_like_html
from .http import Head, read_body, read_head
from .records import ArchiveRecord, Block, Stream, records

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SIGNATURES = (b"WARC/", b"filedesc://")
#: Bytes of a payload sniffed when its record declares no content type.
_SNIFF = 4096
#: The warning on a page whose body ended before its transfer or content coding did.
BODY_TRUNCATED = "body_truncated"


def looks_like_warc(head: bytes, name: str = "") -> bool:
    """Whether the first bytes are a web archive, plain or gzip-compressed (by content only).

    >>> import gzip
    >>> looks_like_warc(b"WARC/1.1\\r\\n"), looks_like_warc(gzip.compress(b"WARC/1.0\\r\\n"))
    (True, True)
    >>> looks_like_warc(b"Workers World")
    False
    """
    if is_gzip(head):
        head = peek(head, 16)
    return head.lstrip().startswith(_SIGNATURES)


@dataclass(frozen=True, slots=True)
class _Capture:
    """A page found in the archive, its body read: what `html_source` needs."""

    path: str
    payload: bytes
    truncated: bool
    target: str | None
    content_type: str | None


class _Tally:
    """What an archive held besides its pages, and what went wrong."""

    def __init__(self) -> None:
        self.pages = 0
        self.passed_over: Counter[str] = Counter()
        self.failures: list[InputError] = []


def stream_archive(handle: BinaryIO, path: str, limits: Limits) -> Iterator[SourceDoc]:
    """The HTML pages of an archive read from `handle`, as source documents, in order."""
    head = handle.read(2)
    handle.seek(0)
    chunks = gunzip_chunks(handle) if is_gzip(head) else iter(lambda: handle.read(1 << 16), b"")
    stream = Stream(chunks)
    tally = _Tally()
    found = records(stream)
    cut = stream.ended_early
    while True:
        # Passing over records between pages is bounded in time too (a record can be huge).
        try:
            with time_limit(limits.seconds, "reading the archive between two pages"):
                capture = _next_capture(found, path, limits, tally, cut)
        except InputError as exc:
            tally.failures.append(exc)
            break
        if capture is None:
            break
        try:
            yield _page(capture, limits)
        except InputError as exc:
            exc.path = exc.path or capture.path
            tally.failures.append(exc)
    _report(path, tally)


def read_archive(data: bytes, path: str, limits: Limits | None = None) -> Iterator[SourceDoc]:
    """The HTML pages of an archive held in memory (see `stream_archive`)."""
    return stream_archive(io.BytesIO(data), path, limits or Limits())


def _next_capture(
    found: Iterator[tuple[ArchiveRecord, Block]],
    path: str,
    limits: Limits,
    tally: _Tally,
    cut: Callable[[str], FormatError],
) -> _Capture | None:
    """The next page of the archive with its body read, or None at the end."""
    for record, block in found:
        head, reason = _classify(record, block)
        content_type = _content_type(record, head)
        if reason is None:
            page_path = f"{path}#{_record_name(record)}"
            try:
                body = read_body(block, head, limits.max_bytes)
            except InputError as exc:
                exc.path = exc.path or page_path
                tally.pages += 1
                tally.failures.append(exc)
                continue
            if block.cut:
                tally.pages += 1
                error = cut("this page's record")
                error.path = page_path
                raise error
            if not content_type and not looks_like_html(body.data[:_SNIFF]):
                tally.passed_over["records without a content type that are not HTML"] += 1
                continue
            tally.pages += 1
            return _Capture(page_path, body.data, body.truncated, _target(record), content_type)
        tally.passed_over[reason] += 1
    return None


def _classify(record: ArchiveRecord, block: Block) -> tuple[Head | None, str | None]:
    """A response's HTTP head, and why the record is not a page to read (None when it is)."""
    head = None
    kind = _record_type(record)
    if kind is None:
        return None, "records without a WARC-Type"
    if kind == "warcinfo" and record.format == "arc":
        return None, "ARC file headers"
    if kind not in {"response", "resource"}:
        return None, f"{kind} records"
    if kind == "response":
        head = read_head(block)
        if head is None:
            if record.format == "arc" and not (record.get("url") or "").startswith("http"):
                return None, f"{record.get('content-type') or 'untyped'} records"
            if record.format == "warc":
                return None, "responses without HTTP headers"
        elif head.status != "200":
            return head, f"responses with HTTP status {head.status}"
    media = _media(_content_type(record, head))
    if media and media not in HTML_TYPES:
        return head, f"{media} records"
    return head, None


def _record_type(record: ArchiveRecord) -> str | None:
    if record.format == "arc":
        url = record.get("url") or ""
        return "warcinfo" if url.startswith("filedesc:") else "response"
    kind = record.get("warc-type")
    return kind.strip().lower() if kind else None


def _content_type(record: ArchiveRecord, head: Head | None) -> str | None:
    """The payload's declared content type: the HTTP header's, else the record's."""
    if head is not None:
        return head.headers.get("content-type") or None
    return record.get("content-type") or None


def _media(content_type: str | None) -> str:
    """The media type of a content type, lower case, without parameters."""
    return (content_type or "").split(";")[0].strip().lower()


def _record_name(record: ArchiveRecord) -> str:
    """The record's WARC-Record-ID (without angle brackets); its offset for ARC records."""
    record_id = record.get("warc-record-id")
    if record_id and record.format == "warc":
        return record_id.strip("<> ")
    return f"offset={record.offset}"


def _target(record: ArchiveRecord) -> str | None:
    target = record.get("warc-target-uri") if record.format == "warc" else record.get("url")
    return target.strip("<> ") if target else None


def _page(capture: _Capture, limits: Limits) -> SourceDoc:
    source = html_source(
        capture.payload,
        path=capture.path,
        sha256=hashlib.sha256(capture.payload).hexdigest(),
        format="warc",
        fetched_url=capture.target,
        http_charset=content_type_charset(capture.content_type),
        limits=limits,
    )
    if capture.truncated:
        return replace(source, warnings=(*source.warnings, BODY_TRUNCATED))
    return source


def _report(path: str, tally: _Tally) -> None:
    """Raise what went wrong, after the good pages were read: a page's or the archive's own
    error when there is one, else one error listing them all."""
    failures = tally.failures
    for exc in failures:
        exc.path = exc.path or path
    if len(failures) == 1:
        raise failures[0]
    if failures:
        listed = "; ".join(f"{exc.path} ({exc.code}: {exc.message})" for exc in failures)
        raise ArchivePagesError(
            f"{len(failures)} problems in an archive of {tally.pages} pages: {listed}", path=path
        )
    if not tally.pages:
        held = ", ".join(f"{count} {what}" for what, count in sorted(tally.passed_over.items()))
        raise NotAnArticleError(
            f"no HTML page in the web archive (it holds {held or 'no records'})", path=path
        )


def _read(data: bytes, path: str, sha256: str, limits: Limits) -> Iterator[SourceDoc]:
    return read_archive(data, path, limits)


def _stream(handle: BinaryIO, path: str, limits: Limits) -> Iterator[SourceDoc]:
    return stream_archive(handle, path, limits)


WARC = register(InputKind("warc", looks_like_warc, _read, priority=20, stream=_stream))
