"""Command-line options shared by `export` and `detect`: what the user knows of the inputs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import UsageError
from ..ingest.discover import discover
from ..ingest.urlmap import UrlMap, read_url_map
from ..model import PUBLICATIONS

#: The publications a user can declare (`--publication`).
NAMED = tuple(name for name in PUBLICATIONS if name != "unknown")
#: Unmatched `--urls` rows named on standard error at most.
_SHOWN = 5


def add_knowledge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--urls",
        metavar="FILE",
        help='CSV (path,url) or JSON Lines ({"path", "url"}) giving the URL each input was '
        "fetched from; paths are relative to FILE's folder, or bare file names",
    )
    parser.add_argument(
        "--publication",
        type=_publication,
        metavar="NAME",
        help="the publication of every input (" + ", ".join(NAMED) + "); detection still "
        "runs, and a page whose evidence contradicts it gets the warning "
        "publication_contradicted",
    )


def _publication(text: str) -> str:
    if text not in NAMED:
        raise UsageError(
            f"--publication {text!r} is not a publication; choose one of: " + ", ".join(NAMED)
        )
    return text


def read_urls(path: str | None) -> UrlMap:
    """The `--urls` mapping (empty without the option)."""
    return read_url_map(path) if path else UrlMap()


def report_unmatched_urls(urls: UrlMap, paths: Sequence[str]) -> None:
    """Say, once, which `--urls` rows matched no input."""
    if not urls:
        return
    matched = {urls.entry_for(path) for path in discover(paths)}
    unmatched = [entry for entry in urls.entries() if entry not in matched]
    if not unmatched:
        return
    shown = ", ".join(unmatched[:_SHOWN])
    more = f" and {len(unmatched) - _SHOWN} more" if len(unmatched) > _SHOWN else ""
    print(
        f"pkclean: --urls {urls.source}: {len(unmatched)} rows match no input: {shown}{more}",
        file=sys.stderr,
    )
