"""One export run's settings: every option, read once from the command line, then frozen.

`pkclean export` builds an `ExportSettings` from its arguments and hands it, not the
argument namespace, to every step of the run; a library caller can build one directly.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, fields
from pathlib import Path

from ..document import DEFAULT_LIMITS
from ..formats import exporters
from ..formats.exporters import Exporter
from ..formats.exporters.tei import pkclean_version
from ..ingest.load import DEFAULT_MAX_BYTES
from ..ingest.urlmap import UrlMap
from ..run import executors
from ..run.batch import BatchSettings
from ..run.checkpoint import DEFAULT_EVERY
from ..run.parallel import available_cores
from ..run.shards import Shard

#: Format options: the exporter's keyword for each `ExportSettings` field of the same name.
_FORMAT_OPTIONS = ("excel_safe", "split")


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """What one `pkclean export` run was asked to do (see `pkclean export --help`)."""

    paths: tuple[str, ...]
    format: str = "jsonl"
    output: str = "-"
    errors: str | None = None
    duplicates: str | None = None
    dedup: bool = False
    urls: str | None = None
    publication: str | None = None
    strict: bool = False
    min_basis: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0
    executor: str = "local"
    address: str | None = None
    ray_tmp: str | None = None
    time_limit: float = DEFAULT_LIMITS.seconds
    quiet: bool = False
    excel_safe: bool = False
    split: bool = False
    shard: Shard | None = None
    checkpoint: str | None = None
    checkpoint_every: int = DEFAULT_EVERY

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ExportSettings:
        """The settings the parsed command line gives."""
        values = {field.name: getattr(args, field.name) for field in fields(cls)}
        values["paths"] = tuple(args.paths)
        return cls(**values)

    @property
    def exporter_class(self) -> type[Exporter]:
        return exporters.get(self.format)

    @property
    def format_options(self) -> dict[str, bool]:
        """The options given to the exporter: those set, and `dedup` if the format takes it."""
        options = {name: True for name in _FORMAT_OPTIONS if getattr(self, name)}
        if self.dedup and "dedup" in self.exporter_class.options:
            options["dedup"] = True
        return options

    @property
    def placement(self) -> executors.Placement:
        """Where the workers run."""
        return executors.Placement(
            jobs=self.jobs or available_cores(), address=self.address, temp=self.ray_tmp
        )

    def batch(self, urls: UrlMap, *, encode: bool) -> BatchSettings:
        """What each worker is told; with `encode`, workers encode records in the format."""
        return BatchSettings(
            strict=self.strict,
            max_bytes=self.max_bytes,
            encode=self.format if encode else None,
            options=tuple(self.format_options.items()),
            seconds=self.time_limit,
            declared=self.publication,
            min_basis=self.min_basis or "content",
            urls=urls,
            fingerprints=self.dedup,
        )

    def identity(self) -> dict[str, object]:
        """What makes the output of a run: shards and checkpoints of other runs are refused."""
        urls = hashlib.sha256(Path(self.urls).read_bytes()).hexdigest() if self.urls else None
        return {
            "pkclean": pkclean_version(),
            "format": self.format,
            "format_options": self.format_options,
            "settings": {
                "strict": self.strict,
                "min_basis": self.min_basis,
                "max_bytes": self.max_bytes,
                "time_limit": self.time_limit,
                "publication": self.publication,
                "urls": urls,
                "dedup": self.dedup,
            },
            "inputs": hashlib.sha256(
                "\0".join(self.paths).encode("utf-8", "surrogateescape")
            ).hexdigest(),
            "shards": self.shard.count if self.shard is not None else None,
        }
