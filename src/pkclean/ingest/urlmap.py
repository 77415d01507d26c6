"""The URL each input was fetched from, as a crawler's list gives it (`--urls FILE`).

The file is CSV with a header `path,url`, or JSON Lines of `{"path": …, "url": …}` (told apart
by its first character). A `path` with a folder in it is relative to the URL file's folder; a
bare file name matches an input of that name in any folder. Every row must have both, and
every URL must be an absolute http(s) address: a broken row is a usage error naming the file
and the line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import orjson

from ..errors import UsageError

#: A URL file larger than this is refused (a crawl's list of a million pages is ~100 MB).
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UrlMap:
    """Input path to URL: by the input's real path, or by its bare file name."""

    by_path: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    by_name: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.by_path or self.by_name)

    def __reduce__(self) -> tuple[Any, ...]:  # mapping proxies do not pickle
        return (_rebuild, (dict(self.by_path), dict(self.by_name), self.source))

    def url_for(self, path: str) -> str | None:
        """The URL given for an input path, if any."""
        if not self:
            return None
        url = self.by_path.get(_real(path))
        if url is None:
            url = self.by_name.get(os.path.basename(path))
        return url

    def entry_for(self, path: str) -> str | None:
        """The key of the row that gives `path` its URL (to report rows that matched nothing)."""
        real = _real(path)
        if real in self.by_path:
            return real
        name = os.path.basename(path)
        return name if name in self.by_name else None

    def entries(self) -> Iterator[str]:
        yield from self.by_path
        yield from self.by_name


def _rebuild(by_path: dict[str, str], by_name: dict[str, str], source: str) -> UrlMap:
    return UrlMap(MappingProxyType(by_path), MappingProxyType(by_name), source)


def _real(path: str) -> str:
    return os.path.realpath(path)


def read_url_map(path: str) -> UrlMap:
    """Read a `--urls` file; raises `UsageError` for a file that cannot be read or a broken
    row, naming the file and the line."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"--urls {path}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise UsageError(f"--urls {path}: larger than {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--urls {path}: not UTF-8 text") from None
    rows = _json_lines(text, path) if text.lstrip()[:1] == "{" else _csv_rows(text, path)
    folder = os.path.dirname(os.path.abspath(path))
    by_path: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for line, entry, url in rows:
        _check_url(url, path, line)
        if "/" in entry or os.sep in entry:
            by_path[_real(os.path.join(folder, entry))] = url
        else:
            by_name[entry] = url
    if not by_path and not by_name:
        raise UsageError(f"--urls {path}: no rows")
    return UrlMap(MappingProxyType(by_path), MappingProxyType(by_name), path)


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, str, str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or [cell.strip().lower() for cell in header] != ["path", "url"]:
            raise UsageError(f"--urls {path}:1: the CSV header must be 'path,url'")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2 or not row[0].strip() or not row[1].strip():
                raise UsageError(f"--urls {path}:{line}: a row needs a path and a URL")
            yield line, row[0].strip(), row[1].strip()
    except csv.Error as exc:
        raise UsageError(f"--urls {path}:{reader.line_num}: {exc}") from None


def _json_lines(text: str, path: str) -> Iterable[tuple[int, str, str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise UsageError(f"--urls {path}:{number}: not a JSON object") from None
        if not isinstance(value, dict):
            raise UsageError(f"--urls {path}:{number}: not a JSON object")
        entry, url = value.get("path"), value.get("url")
        if not isinstance(entry, str) or not isinstance(url, str) or not entry or not url:
            raise UsageError(f'--urls {path}:{number}: needs "path" and "url" strings')
        rows.append((number, entry, url))
    return rows


def _check_url(url: str, path: str, line: int) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not host:
        shown = url if len(url) <= 80 else url[:80] + "…"
        raise UsageError(f"--urls {path}:{line}: {shown!r} is not an http(s) URL")
