"""Page metadata read from the HTML itself: `<title>`, Open Graph, meta tags and JSON-LD."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from ...clean.text.people import split_names
from ...document import PageMeta

#: Meta tags naming the authors, most trusted first.
AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
)
#: Meta tags holding the publication date, most trusted first (JSON-LD comes before all).
DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
_ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report"})
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")
_SAVED_FROM = re.compile(
    r"<!--\s*(?:saved from url=\(\d+\)|Page saved with SingleFile\s+url:)\s*(https?://\S+?)\s",
    re.IGNORECASE,
)
_WAYBACK = re.compile(r"https?://web\.archive\.org/web/\d+[a-z_]*/(?P<url>\S+)", re.IGNORECASE)
_JSON_LD_LIMIT = 2000  # objects visited per page: JSON-LD blobs can be huge
#: A link to an author's page (`/en/authors/Patrick-Martin`, WordPress `/author/name/`).
_AUTHOR_HREF = re.compile(r"/authors?/[^/?#]+/?(?:[?#].*)?$")
_LINK_AUTHORS_MAX = 4


def read_page_meta(tree: HtmlElement, *, fetched_url: str | None = None) -> PageMeta:
    """Title, site name, canonical URL, host, date and authors that a page declares.

    `fetched_url` is where the page was fetched from (a WARC target URI, a browser's
    "saved from" note): the host comes from it when known, else from the canonical URL.
    Wayback Machine addresses stand for the page's own address.
    """
    metas: dict[str, str] = {}
    canonical = title_tag = time_published = None
    ld_blobs: list[str] = []
    for element in tree.iter("meta", "link", "title", "script", "time"):
        tag = element.tag
        if tag == "meta":
            key = element.get("property") or element.get("name") or element.get("itemprop") or ""
            content = element.get("content")
            if key and content and content.strip():
                metas.setdefault(key.strip().lower(), clean_value(content))
        elif tag == "link":
            if canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                canonical = element.get("href")
        elif tag == "title":
            title_tag = title_tag or clean_value(element.text_content())
        elif tag == "script":
            if (element.get("type") or "").strip().lower() == "application/ld+json":
                ld_blobs.append(element.text or "")
        elif time_published is None and element.get("itemprop") == "datePublished":
            time_published = element.get("datetime")
    article = _json_ld_article(ld_blobs)
    site_name = metas.get("og:site_name") or _ld_publisher(article) or None
    fetched_url = original_url(fetched_url) if fetched_url else None
    url = (
        _first_url(canonical, base=metas.get("og:url") or fetched_url)
        or _first_url(metas.get("og:url"), base=fetched_url)
        or _first_url(fetched_url)
    )
    host_url = _first_url(fetched_url) or url
    return PageMeta(
        title=_ld_text(article, "headline")
        or metas.get("og:title")
        or metas.get("twitter:title")
        or strip_site_name(title_tag, site_name),
        site_name=site_name,
        url=url,
        host=_host(host_url),
        published=_ld_text(article, "datePublished")
        or next((metas[key] for key in DATE_KEYS if key in metas), None)
        or (clean_value(time_published) if time_published else None),
        authors=_ld_authors(article) or _meta_authors(metas, site_name) or _link_authors(tree),
        description=metas.get("og:description") or metas.get("description"),
    )


def saved_from_url(text: str) -> str | None:
    """The address in a browser's "saved from" note or a SingleFile header, if any.

    >>> saved_from_url('<!-- saved from url=(0027)https://www.wsws.org/en/x -->')
    'https://www.wsws.org/en/x'
    """
    match = _SAVED_FROM.search(text[:4096])
    return match.group(1) if match else None


def clean_value(value: str) -> str:
    """Entities decoded and white space folded.

    >>> clean_value("  Workers&#8217;  rights\\n")
    'Workers’ rights'
    """
    return " ".join(unescape(value).split())


def strip_site_name(title: str | None, site_name: str | None) -> str | None:
    """A `<title>` without the site's name before or after a separator.

    >>> strip_site_name("Teachers strike | Socialist Worker", "Socialist Worker")
    'Teachers strike'
    """
    if not title or not site_name:
        return title or None
    folded = site_name.casefold()
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and tail.casefold() == folded and head:
            return head
        head, found, tail = title.partition(separator)
        if found and head.casefold() == folded and tail:
            return tail
    return title


def original_url(url: str) -> str:
    """The page's own address behind a Wayback Machine address (which rewrites every link).

    >>> original_url("https://web.archive.org/web/20101116id_/http://socialistworker.co.uk/x")
    'http://socialistworker.co.uk/x'
    >>> original_url("https://www.wsws.org/en/x")
    'https://www.wsws.org/en/x'
    """
    match = _WAYBACK.match(url.strip())
    if not match:
        return url
    inner = match.group("url")
    return inner if "://" in inner else "http://" + inner


def _first_url(value: str | None, *, base: str | None = None) -> str | None:
    """An absolute http(s) URL from a possibly relative one, or None (also for a URL that
    cannot be parsed, such as `http://[::1/x`).

    >>> _first_url("/en/x", base="https://www.wsws.org/y"), _first_url("http://[::1/x")
    ('https://www.wsws.org/en/x', None)
    """
    if not value or not value.strip():
        return None
    try:
        url = original_url(urljoin(base, value.strip()) if base else value.strip())
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    return url if parts.scheme in {"http", "https"} and hostname else None


def _host(url: str | None) -> str | None:
    """The host name of a URL `_first_url` gave (None if there is none)."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _json_ld_article(blobs: list[str]) -> dict[str, Any] | None:
    """The first article object (`NewsArticle`, `Article`, `BlogPosting`, …) in JSON-LD."""
    for blob in blobs:
        try:
            data = json.loads(blob)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python reads
            continue
        for item in _walk(data):
            if _is_article(item.get("@type")):
                return item
    return None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Objects of a JSON-LD document, top level and `@graph`/`mainEntity` members first."""
    stack = deque([data])
    visited = 0
    while stack and visited < _JSON_LD_LIMIT:
        item = stack.popleft()
        visited += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            stack.extend(item[key] for key in ("@graph", "mainEntity") if key in item)


def _is_article(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(name, str) and (name.endswith("Article") or name in _ARTICLE_TYPES)
        for name in kinds
    )


def _ld_text(article: dict[str, Any] | None, key: str) -> str | None:
    value = article.get(key) if article else None
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    return clean_value(value) or None


def _ld_publisher(article: dict[str, Any] | None) -> str | None:
    publisher = article.get("publisher") if article else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        return clean_value(publisher["name"]) or None
    return None


def _ld_authors(article: dict[str, Any] | None) -> tuple[str, ...]:
    """People named as `author` (organisations are not authors)."""
    value = article.get("author") if article else None
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            names.extend(_names(item))
        elif isinstance(item, dict) and not _is_organisation(item.get("@type")):
            name = item.get("name")
            if isinstance(name, str):
                names.extend(_names(name))
    return tuple(dict.fromkeys(names))


def _is_organisation(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(name in {"Organization", "NewsMediaOrganization"} for name in kinds)


def _meta_authors(metas: dict[str, str], site_name: str | None) -> tuple[str, ...]:
    for key in AUTHOR_KEYS:
        value = metas.get(key)
        if value:
            names = tuple(
                name
                for name in _names(value)
                if not site_name or name.casefold() != site_name.casefold()
            )
            if names:
                return names
    return ()


def _link_authors(tree: HtmlElement) -> tuple[str, ...]:
    """Names of the links to authors' pages (or `rel="author"` links) in the page's
    `<article>`, or in the whole page when it has none: the byline many sites draw."""
    scope = next(tree.iter("article"), tree)
    names: list[str] = []
    for link in scope.iter("a"):
        rel = (link.get("rel") or "").lower().split()
        if "author" in rel or _AUTHOR_HREF.search(link.get("href") or ""):
            for name in _names(link.text_content()):
                if name not in names:
                    names.append(name)
        if len(names) >= _LINK_AUTHORS_MAX:
            break
    return tuple(names)


def _names(value: str) -> tuple[str, ...]:
    """Names from a value (up to a `|` that starts the outlet's name); URLs and handles
    (`@name`) are not names.

    >>> _names("By Esme Choonara and Yuri Prasad"), _names("https://facebook.com/someone")
    (('Esme Choonara', 'Yuri Prasad'), ())
    """
    value = clean_value(value).split(" | ")[0]
    if value[:3].lower() == "by ":
        value = value[3:]
    return tuple(
        name
        for name in split_names(value)
        if "://" not in name and not name.startswith(("@", "www.")) and len(name) <= 100
    )
