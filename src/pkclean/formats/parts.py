"""The manifest beside a shard's output (`PART.pkclean-shard.json`): what `merge` needs.

A shard's output is an ordinary file of its format; its manifest says which run it is part
of (pkclean version, format and options, inputs, shard I/N) and where each of its records
and rejections goes among those of one whole run: its key (the input's position in
discovery order, the document's index in the input) and, for a record, its length in bytes.
The bytes before the first record are the format's head, those after the last its tail.
It gives the SHA-256 of the part's bytes as they were written (`formats.digests`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..errors import MismatchError
from ..ingest.names import shown
from .digests import DIGEST, HashingWriter, is_digest

MANIFEST_SUFFIX = ".pkclean-shard.json"
#: The largest manifest read back (a part of millions of records stays far below).
MAX_MANIFEST_BYTES = 4 * 1024 * 1024 * 1024
#: A key: the input's position in the run, the document's index in the input.
Key = tuple[int, int]


def manifest_path(output: str) -> str:
    """The manifest beside a shard's output.

    >>> manifest_path("parts/part-03.jsonl")
    'parts/part-03.jsonl.pkclean-shard.json'
    """
    return output + MANIFEST_SUFFIX


@dataclass(frozen=True, slots=True)
class PartRecord:
    """A record of a part: its key, its article's id and its length in the part."""

    key: Key
    id: str
    length: int


@dataclass(frozen=True, slots=True)
class PartRejection:
    """A rejection of a part, with its key."""

    key: Key
    path: str
    code: str
    message: str


@dataclass(slots=True)
class PartRecorder:
    """Notes, as a shard's output is written, the key and extent of every record, and hashes
    its bytes: the exporter writes to the stream `watch()` gives."""

    stream: HashingWriter = field(init=False)
    head: int = 0
    records: list[list[Any]] = field(default_factory=list)
    rejections: list[list[Any]] = field(default_factory=list)
    _start: int = 0

    def watch(self, output: BinaryIO) -> BinaryIO:
        """The stream to write the part to: `output`, through the recorder."""
        self.stream = HashingWriter(output)
        return self.stream

    def started(self) -> None:
        """The format's head is written."""
        self.head = self.stream.tell()

    def before_record(self) -> None:
        self._start = self.stream.tell()

    def record(self, key: Key, article_id: str) -> None:
        """A record was written since `before_record()`."""
        self.records.append([*key, article_id, self.stream.tell() - self._start])

    def rejection(self, key: Key, path: str, code: str, message: str) -> None:
        self.rejections.append([*key, path, code, message])

    def manifest(self, identity: Mapping[str, object], shard: tuple[int, int]) -> bytes:
        """The manifest, once the format's tail is written."""
        return orjson.dumps(
            {
                "identity": identity,
                "shard": list(shard),
                "head": self.head,
                "size": self.stream.tell(),
                DIGEST: self.stream.hexdigest(),
                "records": self.records,
                "rejections": self.rejections,
            },
            option=orjson.OPT_APPEND_NEWLINE,
        )


@dataclass(frozen=True, slots=True)
class Part:
    """A shard's output and what its manifest says of it."""

    path: str
    identity: Mapping[str, Any]
    shard: tuple[int, int]
    head: int
    size: int
    #: The SHA-256 of the part's bytes (hex).
    sha256: str
    records: tuple[PartRecord, ...]
    rejections: tuple[PartRejection, ...]

    @classmethod
    def read(cls, path: str) -> Part:
        """The part at `path`, by its manifest; `MismatchError` if it has none or a bad one."""
        sidecar = manifest_path(path)
        if not Path(path).is_file():
            raise MismatchError(f"{shown(path)}: no such file")
        try:
            if Path(sidecar).stat().st_size > MAX_MANIFEST_BYTES:
                raise ValueError("far too large")
            data = orjson.loads(Path(sidecar).read_bytes())
            index, count = data["shard"]
            digest = data.get(DIGEST)
            if digest is None:
                raise MismatchError(
                    f"{shown(sidecar)} gives no {DIGEST} of its part (it was written by an "
                    "earlier pkclean): export the shard again"
                )
            if not is_digest(digest):
                raise ValueError(f"{DIGEST} is not a SHA-256 in lowercase hex")
            return cls(
                path=path,
                identity=data["identity"],
                shard=(int(index), int(count)),
                head=int(data["head"]),
                size=int(data["size"]),
                sha256=digest,
                records=tuple(
                    PartRecord((int(p), int(i)), str(n), int(size))
                    for p, i, n, size in data["records"]
                ),
                rejections=tuple(
                    PartRejection((int(p), int(i)), str(path), str(code), str(message))
                    for p, i, path, code, message in data["rejections"]
                ),
            )
        except FileNotFoundError:
            raise MismatchError(
                f"{shown(path)} has no {Path(sidecar).name} beside it: not the output of "
                "pkclean export --shard"
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MismatchError(
                f"{shown(sidecar)} is not a shard manifest pkclean wrote: {exc}"
            ) from None
