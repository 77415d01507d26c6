"""Web archives (WARC, WARC.gz, and the older ARC): one article per HTML page captured.

A record is read when it is a `response` with HTTP status 200, or a `resource`, and its
content type is `text/html` or `application/xhtml+xml` (or, with no content type, its bytes
look like HTML). Everything else in an archive (requests, metadata, redirects, images, style
sheets, scripts) is not an article and is passed over without a rejection; an archive with no
HTML page in it at all is rejected as `not_an_article`, with a count of what it held.

Each page's `source.path` is `<archive path>#<WARC-Record-ID>` (the ID without its angle
brackets; `#offset=<byte offset>` for a record without an ID), `source.sha256` is the SHA-256
of the page's HTTP payload, and its URL is the archive's `WARC-Target-URI` unless the page
names a canonical URL.

A page that fails (too big, too complex, too slow) does not stop the archive: the others are
read, and the failure is raised at the end. That is the page's own error when only one page
failed (or the archive's, when it is truncated or cannot be read on), else an `archive_pages`
error listing every problem.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..document import SourceDoc
from ..errors import FormatError, InputError, NotAnArticleError
from ..gzipped import is_gzip, peek
from ..html.charset import content_type_charset
from ..html.page import html_source
from .base import InputKind, register
from .html import looks_like_html

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SIGNATURES = (b"WARC/", b"filedesc://")


class ArchivePagesError(InputError):
    """Several pages of a web archive could not be read (the others were)."""

    code = "archive_pages"


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


def read_archive(data: bytes, path: str) -> Iterator[SourceDoc]:
    """The HTML pages of an archive as source documents, in the archive's order."""
    from warcio.archiveiterator import ArchiveIterator  # slow to import: only when needed
    from warcio.exceptions import ArchiveLoadFailed

    # A gzip stream is read through, whether compressed record by record (the standard) or
    # as one whole; offsets are then positions in the decompressed archive.
    stream = gzip.GzipFile(fileobj=io.BytesIO(data)) if is_gzip(data) else io.BytesIO(data)
    passed_over: Counter[str] = Counter()
    failures: list[InputError] = []
    pages = 0
    record: Any = None
    try:
        records = ArchiveIterator(stream, arc2warc=True)
        for record in records:
            reason = _not_a_page(record)
            if reason is None:
                payload = record.content_stream().read()
                if not _declared_type(record) and not looks_like_html(payload[:4096]):
                    reason = "records without a content type that are not HTML"
            if reason is not None:
                passed_over[reason] += 1
                continue
            pages += 1
            # The offset is known once the record is read (warcio reads it to the end).
            page_path = f"{path}#{_record_name(record, records.get_record_offset())}"
            try:
                if _cut_short(record):
                    raise FormatError("the record is cut short: the archive is truncated")
                yield _page(record, payload, page_path)
            except InputError as exc:
                exc.path = exc.path or page_path
                failures.append(exc)
            record = None  # a page's own truncation is reported with the page
        stream.read(1)  # a truncated gzip stream raises EOFError only when read to its end
        if record is not None and _cut_short(record):
            failures.append(FormatError("the archive is truncated: its last record is cut short"))
    except ArchiveLoadFailed as exc:
        failures.append(FormatError(f"not a readable web archive: {_one_line(exc)}"))
    except (EOFError, OSError, zlib.error) as exc:
        failures.append(FormatError(f"broken compressed archive: {exc}"))
    _report(path, pages, passed_over, failures)


def _cut_short(record: Any) -> bool:
    """Whether the archive ended inside the record (once it is read): before the length its
    header declares, or before the `Content-Length` header every WARC record has."""
    if record.format == "warc" and record.length is None:
        return True
    return getattr(record.raw_stream, "limit", 0) > 0


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _not_a_page(record: Any) -> str | None:
    """Why a record is not an HTML page to read, or None when it is one."""
    if record.rec_type is None:
        return "records without a WARC-Type"
    if record.rec_type not in {"response", "resource"}:
        return f"{record.rec_type} records"
    if record.rec_type == "response":
        if record.http_headers is None:
            return "responses without HTTP headers"
        status = record.http_headers.get_statuscode()
        if status != "200":
            return f"responses with HTTP status {status}"
    media = _declared_type(record)
    if media and media not in HTML_TYPES:
        return f"{media} records"
    return None


def _declared_type(record: Any) -> str:
    """The media type of a record's payload, lower case, without parameters."""
    return (_content_type(record) or "").split(";")[0].strip().lower()


def _content_type(record: Any) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return str(value) if value else None


def _record_name(record: Any, offset: int) -> str:
    """The record's WARC-Record-ID; its offset for ARC records (warcio invents their IDs)."""
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id and record.format == "warc":
        return str(record_id).strip("<> ")
    return f"offset={offset}"


def _page(record: Any, payload: bytes, path: str) -> SourceDoc:
    target = record.rec_headers.get_header("WARC-Target-URI")
    return html_source(
        payload,
        path=path,
        sha256=hashlib.sha256(payload).hexdigest(),
        format="warc",
        fetched_url=str(target).strip("<> ") if target else None,
        http_charset=content_type_charset(_content_type(record)),
    )


def _report(path: str, pages: int, passed_over: Counter[str], failures: list[InputError]) -> None:
    """Raise what went wrong, after the good pages were read: a page's or the archive's own
    error when there is one, else one error listing them all."""
    for exc in failures:
        exc.path = exc.path or path
    if len(failures) == 1:
        raise failures[0]
    if failures:
        listed = "; ".join(f"{exc.path} ({exc.code}: {exc.message})" for exc in failures)
        raise ArchivePagesError(
            f"{len(failures)} problems in an archive of {pages} pages: {listed}", path=path
        )
    if not pages:
        held = ", ".join(f"{count} {what}" for what, count in sorted(passed_over.items()))
        raise NotAnArticleError(
            f"no HTML page in the web archive (it holds {held or 'no records'})", path=path
        )


def _read(data: bytes, path: str, sha256: str) -> Iterator[SourceDoc]:
    return read_archive(data, path)


WARC = register(InputKind("warc", looks_like_warc, _read, priority=20))
