"""Where a batch runs: how many workers, and for Ray its cluster and temp folder."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Placement:
    """Where and how widely a batch runs: workers, and for Ray its cluster and temp folder."""

    jobs: int = 1
    #: A running Ray cluster to use (`ray://host:10001`, `host:6379` or `auto`); None starts
    #: a Ray instance on this machine for the run.
    address: str | None = None
    #: The folder for the files of a Ray instance started here (None: the system's temp
    #: folder).
    temp: str | None = None
