"""The cases of the attack campaign (issues 12 and 16), each with inputs written here: every
one ends in bounded time with articles or a coded rejection, no traceback, nothing read or
printed from outside the inputs, and nothing replaced that is not the output."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import orjson
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import pkclean
from pkclean.cli import main
from pkclean.document import Limits
from pkclean.errors import PkcleanError
from pkclean.ingest.kinds.warc import read_archive
from pkclean.ingest.names import name_bytes, shown
from pkclean.model import Article
from pkclean.run.batch import Rejection, process_path
from test_adversarial import deadline

from conftest import ROOT, SEEDS

HTML = ROOT / "tests" / "fixtures" / "html"
PAGE = (HTML / "wsws_author_date.html").read_bytes()
PROSE = "Dock workers in Karachi stopped work on Monday and said they would stay out. " * 6


def _page(head: str = "", body: str = "") -> bytes:
    return (
        f"<html><head>{head}<title>Strike</title></head><body><article><h1>Strike in "
        f"Karachi</h1><p>{PROSE}</p>{body}</article></body></html>"
    ).encode()


def _outcome(tmp_path: Path, name: str, data: bytes) -> list[Article | Rejection]:
    path = tmp_path / name
    path.write_bytes(data)
    with deadline():
        return process_path(str(path))


def _codes(outcomes: list[Article | Rejection]) -> list[str]:
    return [o.code if isinstance(o, Rejection) else "article" for o in outcomes]


# -- pages ------------------------------------------------------------------------------------


def test_comments_and_no_tag_finish_at_once(tmp_path: Path) -> None:
    data = b"<!-- saved from a browser -->\n" * 40 + PROSE.encode() * 3
    assert _codes(_outcome(tmp_path, "comments.txt", data)) in (["article"], ["not_an_article"])


def test_an_element_with_thousands_of_attributes_is_too_complex(tmp_path: Path) -> None:
    attributes = " ".join(f"data-a{n}=x" for n in range(50_000))
    outcomes = _outcome(tmp_path, "attrs.html", _page(body=f"<div {attributes}>x</div>"))
    assert _codes(outcomes) == ["too_complex"]
    assert "attributes" in outcomes[0].message  # type: ignore[union-attr]


def test_a_big_text_node_is_parsed_whole_not_taken_for_deep_nesting(tmp_path: Path) -> None:
    image = "data:image/png;base64," + "A" * 11_000_000
    outcomes = _outcome(tmp_path, "image.html", _page(body=f'<p><img src="{image}"></p>'))
    assert _codes(outcomes) == ["article"]
    script = "<script>" + "var a = 1;" * 1_100_000 + "</script>"
    assert _codes(_outcome(tmp_path, "script.html", _page(head=script))) == ["article"]


def test_deep_nesting_is_still_too_complex(tmp_path: Path) -> None:
    deep = "<div>" * 300 + "x" + "</div>" * 300
    assert _codes(_outcome(tmp_path, "deep.html", _page(body=deep))) == ["too_complex"]


def test_many_lines_under_a_publication_host_are_bounded(tmp_path: Path) -> None:
    lines = "<br>".join(["wsws.org line"] * 250_000)
    outcomes = _outcome(tmp_path, "lines.html", _page(body=f"<div>{lines}</div>"))
    assert _codes(outcomes) == ["too_complex"]


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="undefined">',
        '<meta charset="unicode_escape">',
        '<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>",
        '<link rel="canonical" href="http://[::1/x">',
        '<meta property="og:url" content="https://[bad">',
    ],
    ids=["undefined charset", "escape codec", "deep json-ld", "canonical", "og:url"],
)
def test_odd_metadata_is_no_internal_error(tmp_path: Path, head: str) -> None:
    assert _codes(_outcome(tmp_path, "page.html", _page(head=head))) == ["article"]


def test_a_malformed_saved_from_note_is_no_internal_error(tmp_path: Path) -> None:
    data = b"<!-- saved from url=(0020)http://[zz:1/x -->\n" + _page()
    assert _codes(_outcome(tmp_path, "saved.html", data)) == ["article"]


# -- text dumps --------------------------------------------------------------------------------


def test_a_text_of_too_many_lines_is_rejected_before_it_is_split(tmp_path: Path) -> None:
    outcomes = _outcome(tmp_path, "lines.txt", PROSE.encode() + b"\nab" * 250_000)
    assert _codes(outcomes) == ["too_complex"]
    assert "250,001 lines is over the limit of 200,000" in outcomes[0].message  # type: ignore[union-attr]


def test_a_text_over_the_size_limit_is_rejected_before_it_is_decoded(tmp_path: Path) -> None:
    outcomes = _outcome(tmp_path, "big.txt", (PROSE + "\n").encode() * 20_000)
    assert _codes(outcomes) == ["too_large"]


def test_many_empty_gzip_members_are_read_in_linear_time(tmp_path: Path) -> None:
    data = gzip.compress(b"", mtime=0) * 200_000 + gzip.compress(PROSE.encode())
    assert _codes(_outcome(tmp_path, "members.txt.gz", data)) == ["article"]


# -- web archives ------------------------------------------------------------------------------


def _records(pages: list[bytes], *, encoding: str | None = None) -> list[bytes]:
    """Each page as one WARC response record (gzip member by member is done by the caller)."""
    out = []
    for number, body in enumerate(pages):
        stream = io.BytesIO()
        writer = WARCWriter(stream, gzip=False)
        headers = [("Content-Type", "text/html")]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        uri = f"https://www.wsws.org/en/articles/2023/05/{number:02d}.html"
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
        out.append(stream.getvalue())
    return out


def _archive_codes(data: bytes) -> list[str]:
    outcomes: list[str] = []
    try:
        for _ in read_archive(data, "crawl.warc"):
            outcomes.append("page")
    except PkcleanError as exc:
        outcomes.append(exc.code)
    return outcomes


@pytest.mark.parametrize(
    "tail",
    [
        lambda member: member[: len(member) // 2],
        lambda member: member[:10],
        lambda member: member[:-4],
        lambda member: member[:-1],
        lambda member: member[:20] + b"\xff" * 40,
        lambda member: member + b"garbage after the end",
        lambda member: member[:30] + member[40:],
        lambda member: b"\x1f\x8b",
    ],
    ids=["half", "stub", "no size", "one byte short", "corrupt", "garbage", "hole", "magic"],
)
def test_good_pages_before_a_broken_gzip_tail_are_kept(tail: object) -> None:
    members = [gzip.compress(record) for record in _records([PAGE, PAGE, PAGE])]
    broken = tail(members[2])  # type: ignore[operator]
    codes = _archive_codes(members[0] + members[1] + broken)
    assert codes[:2] == ["page", "page"]
    assert codes[-1] in ("format_error", "archive_pages")


def test_every_cut_of_a_plain_archive_keeps_the_pages_before_it() -> None:
    records = _records([PAGE, PAGE, PAGE])
    data = b"".join(records)
    ends = [sum(map(len, records[: n + 1])) for n in range(3)]
    step = max(1, len(data) // 100)
    for cut in range(1, len(data), step):
        codes = _archive_codes(data[:cut])
        whole = sum(end <= cut for end in ends)
        assert codes.count("page") == whole, cut
        at_boundary = cut in ends or data[:cut].rstrip(b"\r\n") == data[: max(ends[:whole] or [0])]
        if not at_boundary:
            assert codes[-1] in ("format_error", "archive_pages", "not_an_article"), cut


def test_a_cut_gzip_body_is_marked_body_truncated(tmp_path: Path) -> None:
    body = gzip.compress(PAGE)
    records = _records([body[: len(body) * 3 // 4]], encoding="gzip")
    [page] = process_path(str(_write(tmp_path, "cut.warc", records[0])))
    assert isinstance(page, Article)
    assert "body_truncated" in page.warnings
    [whole] = process_path(
        str(_write(tmp_path, "whole.warc", _records([body], encoding="gzip")[0]))
    )
    assert isinstance(whole, Article)
    assert "body_truncated" not in whole.warnings


def test_a_content_encoding_bomb_is_too_large() -> None:
    bomb = zlib.compress(b" " * 20_000_000, 9)
    data = _records([bomb], encoding="deflate")[0]
    with pytest.raises(PkcleanError) as raised:
        list(read_archive(data, "bomb.warc", Limits(max_bytes=1_000_000)))
    assert raised.value.code == "too_large"


def test_a_22_digit_content_length_is_a_format_error() -> None:
    record = _records([PAGE])[0]
    head, _, rest = record.partition(b"Content-Length: ")
    _, _, after = rest.partition(b"\r\n")
    data = record + head + b"Content-Length: " + b"1" * 22 + b"\r\n" + after
    assert _archive_codes(data) == ["page", "format_error"]


def test_an_arc_record_has_the_same_path_on_every_run(tmp_path: Path) -> None:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE
    info = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = b"filedesc://test.arc 0.0.0.0 20080101000000 text/plain %d\n" % len(info) + info + b"\n"
    offset = len(arc)
    arc += b"http://www.wsws.org/en/x.html 1.2.3.4 20080101000000 text/html %d\n" % len(http)
    arc += http + b"\n"
    path = _write(tmp_path, "old.arc", arc)
    first, again = process_path(str(path)), process_path(str(path))
    assert all(isinstance(outcome, Article) for outcome in first)
    assert [o.source.path for o in first] == [o.source.path for o in again]  # type: ignore[union-attr]
    assert first[0].source.path == f"{path}#offset={offset}"  # type: ignore[union-attr]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- special files, links, names ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_named_like_an_export_does_not_hang_validate_or_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    with deadline(10):
        assert main(["validate", str(tmp_path)]) == 1
        with pytest.raises(PkcleanError, match="not a regular file"):
            list(pkclean.read(fifo))
    assert "not a regular file" in capsys.readouterr().out


def test_validate_never_follows_a_link_out_of_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a,first,line\n")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "passwd.csv").symlink_to(secret)
    (folder / "datapackage.json").write_text('{"resources": [{"path": "passwd.csv"}]}')
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "outside the folder" in out
    assert "SECRET" not in out
    with pytest.raises(PkcleanError) as raised:
        list(pkclean.read(folder / "datapackage.json"))
    assert "SECRET" not in str(raised.value)


def test_a_foreign_header_is_counted_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.csv").write_text("root:x:0:0:root:/root:/bin/bash\n1\n")
    (tmp_path / "datapackage.json").write_text('{"resources": [{"path": "x.csv"}]}')
    main(["validate", str(tmp_path / "x.csv")])
    out = capsys.readouterr().out
    assert "root:x" not in out
    assert "unexpected 1 other" in out


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.jsonl.gz", b"not gzip at all"),
        ("x.jsonl.gz", gzip.compress(b'{"a": 1}\n' * 100)[:-9]),
        ("x.jsonl.gz", gzip.compress(b'{"a": 1}\n') + b"trailing garbage"),
        ("x.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        ("datapackage.json", b'{"resources": [{"path": "a\\u0000.csv"}]}'),
        ("datapackage.json", b'{"resources": [{"path": "x.csv", "schema": "https://e.org/s"}]}'),
        ("datapackage.json", b"[" * 100_000 + b"]" * 100_000),
    ],
    ids=["not gzip", "truncated gzip", "trailing garbage", "deep jsonl", "nul", "url", "deep"],
)
def test_broken_exports_are_problems_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    path = _write(tmp_path, name, data)
    (tmp_path / "x.csv").write_text("a\n")
    assert main(["validate", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(PkcleanError):
        list(pkclean.read(path))


def test_a_huge_jsonl_line_is_a_problem_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("pkclean.formats.readers.base.MAX_RECORD_BYTES", 1000)
    monkeypatch.setattr("pkclean.formats.readers.jsonl.MAX_RECORD_BYTES", 1000)
    path = _write(tmp_path, "x.jsonl.gz", gzip.compress(b'{"t": "' + b"x" * 100_000 + b'"}\n{}\n'))
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(":1: json: a line longer than 1,000 bytes")
    assert len(lines) > 1
    assert ":2: " in lines[1]  # the next line is read


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes")
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tei"])
def test_file_names_of_any_bytes_are_kept_exactly(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9\nnews\\x.txt"
    shutil.copy(os.fsencode(SEEDS[0]), raw)
    output = tmp_path / f"out.{ {'tei': 'xml'}.get(fmt, fmt) }"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pkclean",
            "export",
            str(folder),
            "--format",
            fmt,
            "-o",
            str(output),
        ],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert name_bytes(shown(raw)) == raw
    if fmt == "jsonl":
        [record] = [orjson.loads(line) for line in output.read_bytes().splitlines()]
        assert name_bytes(record["source"]["path"]) == raw
    assert main(["validate", str(output)]) == 0
    detect = subprocess.run(
        [sys.executable, "-m", "pkclean", "detect", str(folder)], capture_output=True
    )
    assert b"Traceback" not in detect.stderr
    assert shown(raw).encode() in detect.stdout


def test_a_newline_in_a_file_name_stays_on_its_stderr_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\nname.txt").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "pkclean", "export", str(folder), "-o", str(tmp_path / "o.jsonl")],
        capture_output=True,
    )
    rejected = [
        line for line in result.stderr.splitlines() if line.startswith(b"pkclean: rejected")
    ]
    assert len(rejected) == 1
    assert b"bad\\x0aname.txt" in rejected[0]


# -- outputs -----------------------------------------------------------------------------------


def _export(*args: object) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "pkclean", "export", *map(str, args), "-q"]
    return subprocess.run(command, capture_output=True)


def test_dev_null_stays_what_it_was(tmp_path: Path) -> None:
    before = os.stat(os.devnull)
    assert _export(SEEDS[0], "-o", os.devnull).returncode == 0
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_dev_stdout_is_written_directly() -> None:
    result = _export(SEEDS[0], "-o", "/dev/stdout")
    assert result.returncode == 0
    assert result.stdout.count(b"\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_output_is_written_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "pkclean", "export", str(SEEDS[0]), "-o", str(fifo), "-q"]
    process = subprocess.Popen(command)
    with open(fifo, "rb") as reader:
        data = reader.read()
    assert process.wait(timeout=120) == 0
    assert data.count(b"\n") == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_255_byte_output_name_is_written(tmp_path: Path) -> None:
    output = tmp_path / ("x" * 249 + ".jsonl")
    assert _export(SEEDS[0], "-o", output).returncode == 0
    assert output.read_bytes().count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [output.name]
