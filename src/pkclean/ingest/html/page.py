"""One HTML page to a source document: decode, parse, read metadata, extract, frame."""

from __future__ import annotations

from ...document import DEFAULT_LIMITS, Limits, SourceDoc, framed_text
from ...errors import InputError, NotAnArticleError, PageTooComplexError, TooLargeError
from ...model import SourceFormat
from ..timer import time_limit
from .charset import decode_html
from .compose import compose_frame, headline_lines, names_a_publication
from .extract import extract_blocks
from .meta import read_page_meta, saved_from_url
from .pagelines import page_lines
from .parse import parse_html


def html_source(
    data: bytes,
    *,
    path: str,
    sha256: str,
    format: SourceFormat = "html",
    fetched_url: str | None = None,
    http_charset: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SourceDoc:
    """The source document of one page, within `limits` (else an `InputError` names why).

    `fetched_url` and `http_charset` come from a web archive's record when there is one.
    """
    if len(data) > limits.max_bytes:
        raise TooLargeError(
            f"{len(data)} bytes of HTML is over the limit of {limits.max_bytes}", path=path
        )
    try:
        with time_limit(limits.seconds, "extracting the page"):
            decoded = decode_html(data, http_charset)
            tree = parse_html(decoded.text, limits)
            page = read_page_meta(tree, fetched_url=fetched_url or saved_from_url(decoded.text))
            blocks = extract_blocks(tree)
            if not blocks:
                raise NotAnArticleError("trafilatura found no article text in the page")
            _check_lines(len(blocks), "blocks of article text", limits)
            if names_a_publication(decoded.text):
                lines = page_lines(tree)
                _check_lines(len(lines), "lines of text", limits)
                frame = compose_frame(blocks, lines, page)
            else:
                frame = compose_frame(blocks, headline_lines(tree), page, windows=False)
    except InputError as exc:
        exc.path = exc.path or path
        raise
    return SourceDoc(
        path=path,
        sha256=sha256,
        format=format,
        encoding=decoded.encoding,
        text=framed_text(frame),
        url=page.url,
        page=page,
        warnings=decoded.warnings,
        frame=frame,
    )


def _check_lines(count: int, what: str, limits: Limits) -> None:
    if count > limits.max_lines:
        raise PageTooComplexError(
            f"{count:,} {what} is over the limit of {limits.max_lines:,} per page"
        )
