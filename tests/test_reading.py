"""Reading files: discovery, refusals with stable codes, gzip, binary sniffing, not-an-article."""

from __future__ import annotations

import codecs
import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pkclean import clean_text
from pkclean.clean.article_check import article_check
from pkclean.clean.lines import Document
from pkclean.clean.pipeline import clean
from pkclean.document import SourceDoc
from pkclean.errors import InputError, NotAnArticleError
from pkclean.ingest import kinds
from pkclean.ingest.binary import MAGIC, binary_kind
from pkclean.ingest.discover import discover
from pkclean.ingest.kinds import base as input_base
from pkclean.ingest.load import DEFAULT_MAX_BYTES, load, open_input, read_bytes
from pkclean.model import Article
from pkclean.registry import Registry

from conftest import SEEDS, TEXT_FIXTURES

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SEED = SEEDS[0]

# A short real-looking news brief (about 60 words): the smallest thing that must pass.
BRIEF = """\
Karachi port workers end strike

Dock workers at Karachi returned to work on Thursday after the port authority agreed to pay
the arrears owed since March. The union said the deal covers 3,000 workers and will be
signed next week. Ships that waited in the roadstead began to berth in the afternoon.
"""


def _articles(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    return [clean(src) for src in load(str(path), max_bytes=max_bytes)]


def _code(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    with pytest.raises(InputError) as caught:
        _articles(path, max_bytes=max_bytes)
    assert caught.value.path == str(path)  # every refusal names its file
    return caught.value.code, caught.value.message


def _same_record(article: Article, reference: Article) -> None:
    assert article.model_dump(exclude={"source"}) == reference.model_dump(exclude={"source"})


# -- discovery ---------------------------------------------------------------------------------


def test_discovery_is_sorted_recursive_and_skips_hidden_names(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/d.txt", "sub/.e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(path).relative_to(tmp_path).as_posix() for path in discover([str(tmp_path)])]
    assert found == ["a.txt", "b.txt", "sub/c.txt"]


def test_paths_given_explicitly_are_yielded_even_when_missing(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    assert list(discover([missing])) == [missing]


def test_links_to_folders_and_broken_links_are_yielded_so_that_they_are_reported(
    tmp_path: Path,
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    found = [Path(path).name for path in discover([str(tmp_path)])]
    assert found == ["broken.txt", "linked", "a.txt"]
    assert _code(tmp_path / "linked")[0] == "unreadable"
    assert "symbolic link to a folder" in _code(tmp_path / "linked")[1]
    assert _code(tmp_path / "broken.txt")[0] == "broken_link"


@pytest.mark.skipif(AS_ROOT, reason="root can list any folder")
def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("x")
    locked.chmod(0)
    try:
        assert [Path(path).name for path in discover([str(tmp_path)])] == ["locked"]
        code, message = _code(locked)
        assert code == "unreadable"
        assert "cannot be listed" in message
    finally:
        locked.chmod(0o755)


def test_a_folder_that_cannot_be_listed_is_reported_also_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same report as above, the refusal simulated so that it runs as root too."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("x")
    real_scandir = os.scandir

    def denied(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    assert [Path(path).name for path in discover([str(tmp_path)])] == ["locked"]
    code, message = _code(locked)
    assert code == "unreadable"
    assert "cannot be listed: Permission denied" in message


# -- refusals before decoding -------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "gone.txt") == ("unreadable", "no such file")


def test_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    assert _code(tmp_path) == ("unreadable", "a folder, not a file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    code, message = _code(tmp_path / "pipe")
    assert code == "unreadable"
    assert "not a regular file" in message


def test_too_large_is_refused_without_opening_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes())
    monkeypatch.setattr("pkclean.ingest.load.open", _no_open, raising=False)
    code, message = _code(big, max_bytes=1000)
    assert code == "too_large"
    assert "over the limit of 1000 bytes" in message


def test_the_default_limit_refuses_a_huge_sparse_file(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: takes no disk space
    assert _code(huge)[0] == "too_large"


def _no_open(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file was opened")


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(BRIEF)
    secret.chmod(0)
    assert _code(secret)[0] == "unreadable"


def test_a_permission_error_while_opening_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal as above, simulated so that it runs as root too."""
    path = tmp_path / "a.txt"
    path.write_text(BRIEF)

    real_open = os.open

    def denied(file: str, *args: Any, **kwargs: Any) -> int:
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert _code(path) == ("unreadable", "cannot read: Permission denied")


@pytest.mark.parametrize("data", [b"", b" \t\r\n\n  \x0c"], ids=["empty", "whitespace"])
def test_empty_and_whitespace_only_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert _code(path)[0] == "empty_file"


def test_read_bytes_returns_the_file() -> None:
    assert read_bytes(str(SEED)) == SEED.read_bytes()


# -- encodings and line endings give the same record -------------------------------------------


def _variants() -> Iterator[tuple[str, bytes, str, tuple[str, ...]]]:
    text = SEED.read_text(encoding="utf-8")
    yield "utf8-bom", codecs.BOM_UTF8 + text.encode(), "utf-8", ()
    yield "utf16le-bom", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16-le", ()
    yield "utf16be-bom", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be", ()
    yield "utf32le-bom", codecs.BOM_UTF32_LE + text.encode("utf-32-le"), "utf-32-le", ()
    guessed = ("encoding_guessed",)
    yield "utf16le-no-bom", text.encode("utf-16-le"), "utf-16-le", guessed
    yield "crlf", text.replace("\n", "\r\n").encode(), "utf-8", ()
    yield "cr", text.replace("\n", "\r").encode(), "utf-8", ()
    yield "gzip", gzip.compress(text.encode(), mtime=0), "utf-8", ()


@pytest.mark.parametrize(
    ("data", "encoding", "warnings"),
    [variant[1:] for variant in _variants()],
    ids=[variant[0] for variant in _variants()],
)
def test_every_encoding_and_line_ending_gives_the_same_record(
    tmp_path: Path, data: bytes, encoding: str, warnings: tuple[str, ...]
) -> None:
    path = tmp_path / "variant.txt"
    path.write_bytes(data)
    (article,) = _articles(path)
    reference = clean_text(SEED.read_text(encoding="utf-8"))
    assert article.warnings == (*warnings, *reference.warnings)
    _same_record(article.model_copy(update={"warnings": reference.warnings}), reference)
    assert article.source.encoding == encoding
    assert article.source.format == "text"


# -- gzip ----------------------------------------------------------------------------------------


def test_gzip_is_found_by_content_whatever_the_name(tmp_path: Path) -> None:
    for name in ("seed.txt.gz", "seed.txt", "seed"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(SEED.read_bytes()))
        (article,) = _articles(path)
        _same_record(article, clean_text(SEED.read_text(encoding="utf-8")))
        assert article.source.sha256 != _articles(SEED)[0].source.sha256  # of the file read


def test_a_gzip_bomb_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1 << 20)
    bomb = b"".join(packer.compress(chunk) for _ in range(16)) + packer.flush()
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(bomb)
    assert len(bomb) < 100_000
    code, message = _code(path, max_bytes=1 << 20)
    assert code == "too_large"
    assert "decompresses to more than" in message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(BRIEF.encode())[:-12], "truncated gzip data"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "broken gzip data"),
        (gzip.compress(BRIEF.encode()) + b"trailing junk", "after the end of the gzip data"),
        (gzip.compress(b""), "empty after gzip decompression"),
    ],
    ids=["truncated", "corrupt", "trailing", "empty"],
)
def test_broken_gzip_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(data)
    assert message in _code(path)[1]


def test_gzip_with_several_members_is_read_whole(tmp_path: Path) -> None:
    text = SEED.read_bytes()
    middle = len(text) // 2
    path = tmp_path / "members.txt.gz"
    path.write_bytes(gzip.compress(text[:middle]) + gzip.compress(text[middle:]))
    (article,) = _articles(path)
    _same_record(article, clean_text(SEED.read_text(encoding="utf-8")))


def test_an_input_kind_that_reads_gzip_itself_gets_the_compressed_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hook for web archives: warcio reads WARC.gz record by record."""

    def sniff(head: bytes, name: str) -> bool:
        return head.startswith(b"\x1f\x8b") and name.endswith(".fake.gz")

    def read(data: bytes, path: str, sha256: str, limits: object) -> Iterator[SourceDoc]:
        yield SourceDoc(path, sha256, "text", "utf-8", data.hex())

    fake = input_base.InputKind("fake", sniff, read, priority=100)
    with_fake: Registry[input_base.InputKind] = Registry("input kind", rank=lambda k: -k.priority)
    for kind in (*kinds.registered(), fake):
        with_fake.register(kind.name, kind)
    monkeypatch.setattr(input_base, "_KINDS", with_fake)
    compressed = gzip.compress(b"FAKE archive")
    assert open_input(compressed, "x.fake.gz") == (compressed, fake)
    data, kind = open_input(compressed, "x.txt.gz")
    assert (data, kind.name) == (b"FAKE archive", "text")


@pytest.mark.skipif("html" not in {kind.name for kind in kinds.registered()}, reason="no html kind")
def test_html_gz_is_sniffed_after_decompression_under_its_name_without_gz() -> None:
    page = b"<!DOCTYPE html><html><head><title>Strike</title></head><body><p>Hi</p></body></html>"
    data, kind = open_input(gzip.compress(page), "page.html.gz")
    assert (data, kind.name) == (page, "html")


# -- binary files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "magic", "what"), MAGIC, ids=[entry[2] for entry in MAGIC])
def test_binary_files_are_recognised_by_their_magic_bytes(
    offset: int, magic: bytes, what: str
) -> None:
    head = b"x" * offset + magic + b" and some text after it"
    assert binary_kind(head) == what


@pytest.mark.parametrize("path", SEEDS + TEXT_FIXTURES, ids=lambda path: path.name)
def test_no_seed_or_fixture_looks_binary(path: Path) -> None:
    data = path.read_bytes()
    assert binary_kind(data[:8192]) is None
    assert binary_kind(codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le")[:8190]) is None
    assert binary_kind(data.decode().encode("utf-16-be")[:8192]) is None


def test_a_few_control_bytes_are_text_but_many_are_binary() -> None:
    few = b"Strike news \x1b[1mtoday\x1b[0m from Karachi docks, where work stopped. " * 10
    assert binary_kind(few) is None
    assert binary_kind(b"\x01\x02\x03\x04 text " * 50) is not None
    assert binary_kind(b"an article with one NUL\x00 in it") is not None


def test_binary_data_is_refused_with_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"  # the name says text; the content decides
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert _code(path) == ("binary_file", "a PDF document, not text")


# -- not an article ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS + TEXT_FIXTURES, ids=lambda path: path.name)
def test_every_seed_and_fixture_is_an_article(path: Path) -> None:
    assert article_check(Document.from_text(path.read_text(encoding="utf-8"))) is None


def test_a_short_news_brief_is_an_article() -> None:
    assert 50 <= len(BRIEF.split()) <= 70
    assert article_check(Document.from_text(BRIEF)) is None
    assert clean_text(BRIEF).word_count > 0


@pytest.mark.parametrize(
    "text",
    [
        # A small table inside an article does not make it a table.
        BRIEF + "\nYear,Strikes,Workers\n2021,12,4000\n2022,19,7100\n\n" + BRIEF,
        # Lines ending in a semicolon are rare in prose, but allowed.
        BRIEF + "\nThe demands were these;\nback pay;\nsafety gear;\n",
        # A photo credit in brackets first.
        "[AP Photo/A. Photographer]\n\n" + BRIEF,
        # Log-like time stamps in a live report.
        "Live: strike day\n\n12:00 Workers gather at the gate.\n" + BRIEF,
    ],
    ids=["small-table", "semicolons", "bracket-first", "times"],
)
def test_articles_with_odd_lines_are_still_articles(text: str) -> None:
    assert article_check(Document.from_text(text)) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"title": "Strike", "body": ["one", "two"]}', "JSON data"),
        ('[\n  {"a": 1},\n  {"a": 2}\n]', "JSON data"),
        ('{"a": 1}\n{"a": 2}\n{"a": 3, "b": "Workers of the world, unite!"}', "JSON Lines"),
        ("id,city,event\n1,Lahore,march\n2,Karachi,rally\n3,Quetta,strike\n", "3 comma-separated"),
        ("id\tcity\tevent\n1\tLahore\tmarch\n2\tKarachi\trally\n", "3 tab-separated"),
        ("a;b;c;d\n1;2;3;4\n5;6;7;8\n", "4 semicolon-separated"),
        (
            "2024-01-31 12:00:01 INFO the crawler started and is fetching the archive now\n"
            "2024-01-31 12:00:02 INFO the crawler fetched the first page of the archive\n"
            "2024-01-31 12:00:09 ERROR the connection was reset by the remote host again\n",
            "log",
        ),
        (
            "import sys\n\n\ndef main() -> int:\n    print('Workers of the world, unite!')\n"
            "    return 0\n\n\nif __name__ == '__main__':\n    sys.exit(main())\n",
            "program code",
        ),
        (
            '<div class="post">\n<p>Strike spreads in Karachi as dock workers walk out today.</p>\n'
            "</div>\n",
            "markup",
        ),
        ("Strike in Karachi", "only 3 words"),
        (
            "Home\nNews\nCampaigns\nArchive by year\nDonate to the paper\nSubscribe\nContact us",
            "no paragraph of prose",
        ),
        (
            "Strike spreads along the Karachi waterfront\n\n"
            "Lawyers march in Lahore for the judges\n\n"
            "Floods in Sindh and the relief that never came",
            "no paragraph of prose",
        ),
    ],
    ids=[
        "json",
        "json-array",
        "jsonl",
        "csv",
        "tsv",
        "semicolons",
        "log",
        "python",
        "html",
        "short",
        "menu",
        "headlines",
    ],
)
def test_what_is_not_an_article_says_why(text: str, reason: str) -> None:
    found = article_check(Document.from_text(text))
    assert found is not None
    assert reason in found
    with pytest.raises(NotAnArticleError, match=reason):
        clean_text(text)


def test_load_names_the_file_in_errors_raised_while_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + b"A\x00\x00\xdc")
    assert _code(path)[0] == "decode_error"
