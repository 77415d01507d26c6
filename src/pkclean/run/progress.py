"""A progress bar of input files on standard error, with files per second and time left.

The number of files is not known while they are discovered lazily, so a background thread
counts them in a separate pass over the file names (cheap beside reading and cleaning them);
until it is done the bar shows the count and the rate, then the percentage and time left.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

from tqdm import tqdm

from ..ingest.discover import discover

#: Seconds before the bar appears: a run shorter than this shows none.
DELAY = 0.5
#: Weight of the latest speed in the rate shown (tqdm's moving average): a steady time left.
SMOOTHING = 0.05


class Progress:
    """Counts processed files on a bar (when `enabled`); `note()` prints a line beside it."""

    def __init__(
        self, paths: Sequence[str], *, enabled: bool, stream: TextIO, delay: float = DELAY
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._total: int | None = None
        self._bar = tqdm(
            desc="pkclean",
            unit=" files",
            file=stream,
            disable=not enabled,
            dynamic_ncols=True,
            smoothing=SMOOTHING,
            delay=delay,
        )
        self.counter = threading.Thread(
            target=self._count, args=(tuple(paths),), name="pkclean-count", daemon=True
        )
        if enabled:
            self.counter.start()

    def _count(self, paths: tuple[str, ...]) -> None:
        total = 0
        for _ in discover(paths):
            total += 1
        self._total = total

    def advance(self, files: int = 1) -> None:
        """One more file is done."""
        if self._enabled and self._bar.total is None and self._total is not None:
            self._bar.total = self._total
        self._bar.update(files)

    def note(self, message: str) -> None:
        """Print a line on the stream without breaking the bar."""
        if self._enabled:
            self._bar.write(message, file=self._stream)
        else:
            print(message, file=self._stream)

    def close(self) -> None:
        self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
