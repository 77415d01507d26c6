"""The progress bar: files per second, then the total and time left once files are counted."""

from __future__ import annotations

import io
from pathlib import Path

from pkclean.run.progress import Progress


def _folder(tmp_path: Path, count: int) -> Path:
    for number in range(count):
        (tmp_path / f"{number}.txt").write_text("x")
    return tmp_path


def test_the_bar_counts_files_and_learns_the_total(tmp_path: Path) -> None:
    stream = io.StringIO()
    with Progress([str(_folder(tmp_path, 4))], enabled=True, stream=stream, delay=0) as progress:
        progress.counter.join()
        for _ in range(4):
            progress.advance()
    shown = stream.getvalue()
    assert "4/4" in shown
    assert "100%" in shown
    assert "files/s" in shown


def test_a_note_is_printed_beside_the_bar(tmp_path: Path) -> None:
    stream = io.StringIO()
    with Progress([str(tmp_path)], enabled=True, stream=stream, delay=0) as progress:
        progress.note("pkclean: rejected a.txt: empty_file: empty")
    assert "pkclean: rejected a.txt: empty_file: empty\n" in stream.getvalue()


def test_a_disabled_bar_prints_only_notes(tmp_path: Path) -> None:
    stream = io.StringIO()
    with Progress([str(_folder(tmp_path, 2))], enabled=False, stream=stream) as progress:
        progress.advance()
        progress.note("a note")
    assert stream.getvalue() == "a note\n"
    assert not progress.counter.is_alive()
