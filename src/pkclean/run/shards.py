"""`--shard I/N`: which inputs, and which pages of web archives, one of N runs takes.

The rule is the same on every machine, whatever order a file system lists files in. Every
input path (as discovery writes it: relative to the path given on the command line) has a
key; a key belongs to shard `1 + h mod N`, where `h` is the first 8 bytes of the SHA-256 of
the key's UTF-8 bytes read as a big-endian number. The key of a file is its path. A web
archive, by its name (`.warc`, `.arc`, either `.gz`), is split by page: the key of its k-th
page (counting from 0) is `path#k`, and the archive's own rejection (unreadable, or broken
after its pages) goes with the key `path`. Every shard reads such an archive, but cleans
only its own pages; any other file is read by its shard alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..errors import UsageError

#: Names of inputs split by page (compared in lower case).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
#: The most shards `--shard` takes.
MAX_SHARDS = 1_000_000


def shard_of(key: str, count: int) -> int:
    """The shard (1 to `count`) that a key belongs to.

    >>> shard_of("corpus/a.txt", 4), shard_of("corpus/a.txt", 1)
    (3, 1)
    """
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def splits_by_page(path: str) -> bool:
    """Whether an input is split by page among the shards: a web archive, by its name.

    >>> splits_by_page("crawl/CC-1.warc.gz"), splits_by_page("a.html")
    (True, False)
    """
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def page_key(path: str, index: int) -> str:
    """The key of an archive's page `index` (from 0)."""
    return f"{path}#{index}"


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard `index` of `count` (1 ≤ index ≤ count)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`I/N` from the command line.

        >>> Shard.parse("3/64")
        Shard(index=3, count=64)
        """
        first, slash, second = text.partition("/")
        try:
            index, count = int(first), int(second)
        except ValueError:
            index = count = 0
        if not slash or not 1 <= index <= count <= MAX_SHARDS:
            raise UsageError(
                f"--shard takes I/N, shard I of N with 1 <= I <= N <= {MAX_SHARDS:,}, not {text!r}"
            )
        return cls(index, count)

    def owns(self, key: str) -> bool:
        return shard_of(key, self.count) == self.index

    def reads(self, path: str) -> bool:
        """Whether this shard reads the input at all."""
        return splits_by_page(path) or self.owns(path)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True)
class Selection:
    """What a worker keeps of one input: every page, or a shard's pages of an archive."""

    path: str
    shard: Shard | None = None

    def page(self, index: int) -> bool:
        """Whether page `index` of the input is cleaned here."""
        if self.shard is None:
            return True
        if splits_by_page(self.path):
            return self.shard.owns(page_key(self.path, index))
        return self.shard.owns(self.path)

    def whole(self) -> bool:
        """Whether the input's own rejection (unreadable, broken) is reported here."""
        return self.shard is None or self.shard.owns(self.path)
