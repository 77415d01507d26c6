"""Output safety: atomic replacement, permissions, and no output inside an input folder."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pkclean.errors import OutputError, UsageError
from pkclean.formats.atomic import (
    atomic_output,
    part_name,
    refuse_output_inside_inputs,
    refuse_same_file,
)

PART = re.compile(r"^\.corpus\.jsonl\.[0-9a-f]{8}\.part$")


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _write(path: Path | str, data: bytes) -> None:
    with atomic_output(str(path)) as stream:
        stream.write(data)


def _write_then_fail(path: Path, exception: BaseException) -> None:
    with atomic_output(str(path)) as stream:
        stream.write(b"half")
        raise exception


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_temporary_name_is_hidden_and_names_its_target() -> None:
    assert PART.match(part_name(Path("some/where/corpus.jsonl")).name)


def test_output_is_written_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "corpus.jsonl"
    with atomic_output(str(target)) as stream:
        stream.write(b"one\n")
        (part,) = (p for p in tmp_path.iterdir() if p != target)
        assert PART.match(part.name)  # written beside the target, hidden, until it is complete
        assert not target.exists()
    assert target.read_bytes() == b"one\n"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.usefixtures("umask_022")
def test_a_new_output_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    target = tmp_path / "corpus.jsonl"
    with atomic_output(str(target)) as stream:
        stream.write(b"x")
    assert _mode(target) == 0o644  # not the 0600 of a private temporary file


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_replaced_output_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "corpus.jsonl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_output(str(target)) as stream:
        stream.write(b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


@pytest.mark.parametrize("exception", [RuntimeError("bug"), KeyboardInterrupt()])
def test_a_failed_run_leaves_the_old_output_and_no_temporary_file(
    tmp_path: Path, exception: BaseException
) -> None:
    target = tmp_path / "corpus.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(type(exception)):
        _write_then_fail(target, exception)
    assert target.read_bytes() == b"old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_run_leaves_no_output_when_there_was_none(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        _write_then_fail(tmp_path / "corpus.jsonl", RuntimeError())
    assert list(tmp_path.iterdir()) == []


def test_a_write_error_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "corpus.jsonl"
    with pytest.raises(OutputError, match=r"cannot write .*corpus\.jsonl: No space left"):
        _write_then_fail(target, OSError(28, "No space left on device"))
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        _write(tmp_path / "nowhere" / "corpus.jsonl", b"")


def test_a_folder_is_not_an_output_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"), atomic_output(str(tmp_path)):
        pass


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "corpus-v3.jsonl"
    real.write_bytes(b"old")
    link = tmp_path / "corpus.jsonl"
    link.symlink_to(real.name)
    with atomic_output(str(link)) as stream:
        stream.write(b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_standard_output_closed_by_its_reader_is_an_output_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class ClosedPipe(io.BytesIO):
        def write(self, data: object) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    fake = io.TextIOWrapper(ClosedPipe())
    monkeypatch.setattr(sys, "stdout", fake)
    with pytest.raises(OutputError, match="standard output was closed"):
        _write("-", b"x")


@pytest.mark.parametrize(
    "output",
    ["corpus/out.jsonl", "corpus/sub/out.jsonl", "corpus/sub/../out.jsonl", "./corpus/out.jsonl"],
)
def test_an_output_inside_an_input_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    with pytest.raises(UsageError, match="inside the input folder"):
        refuse_output_inside_inputs(output, ["corpus"])


def test_an_output_inside_an_input_folder_is_refused_through_links(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "link-to-corpus").symlink_to(corpus)
    (tmp_path / "elsewhere").symlink_to(corpus)
    with pytest.raises(UsageError, match="inside the input folder"):
        refuse_output_inside_inputs(str(tmp_path / "elsewhere" / "out.jsonl"), [str(corpus)])
    with pytest.raises(UsageError, match="inside the input folder"):
        refuse_output_inside_inputs(str(corpus / "out.jsonl"), [str(tmp_path / "link-to-corpus")])


def test_an_output_that_is_an_input_file_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("text")
    with pytest.raises(UsageError, match="also an input"):
        refuse_output_inside_inputs(str(page), [str(page)])


@pytest.mark.parametrize("output", ["corpus2/out.jsonl", "out.jsonl", "corpus.jsonl", "-"])
def test_an_output_beside_the_inputs_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus2").mkdir()
    refuse_output_inside_inputs(output, ["corpus", "missing-input.txt", "-"])


def test_two_outputs_that_are_one_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="same file"):
        refuse_same_file("out.jsonl", "./out.jsonl", "--output and --errors")
    with pytest.raises(UsageError, match="standard output"):
        refuse_same_file("-", "-", "--output and --errors")
    refuse_same_file("out.jsonl", "errors.jsonl", "--output and --errors")
    refuse_same_file("-", "errors.jsonl", "--output and --errors")
