"""What the user knows, on the command line: `--urls`, `--publication`, `--min-basis`, and
`pkclean detect --explain`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from pkclean.cli import main
from pkclean.errors import ExitCode

from conftest import SEEDS

BODY_ONLY = (
    "A march through the city\n\nThousands of people joined the march through the city on a "
    "cold morning. A steward told Socialist Worker that the strike would go on.\n"
)
PLAIN = (
    "A march through the city\n\nThousands of people joined the march through the city on a "
    "cold morning. They carried banners and sang songs as they walked.\n\nThe march ended "
    "in the square, where speakers called for a second day of action next week.\n"
)


def _records(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (corpus / "sub" / "copy.txt").write_text(PLAIN, encoding="utf-8")
    return corpus


def test_urls_from_a_csv_fill_the_source_and_name_the_publication(tmp_path: Path) -> None:
    corpus = _folder(tmp_path)
    urls = tmp_path / "urls.csv"
    urls.write_text(
        "path,url\n"
        "in/plain.txt,https://www.wsws.org/en/articles/2024/12/12/paki-d12.html\n"
        "copy.txt,https://www.workers.org/2016/12/28205/\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["export", str(corpus), "--urls", str(urls), "-o", str(out), "-q"]) == ExitCode.OK
    by_path = {Path(r["source"]["path"]).name: r for r in _records(out)}
    assert by_path["plain.txt"]["publication"] == "wsws"
    assert by_path["plain.txt"]["source"]["url"].startswith("https://www.wsws.org/")
    assert by_path["copy.txt"]["publication"] == "workers_world"
    assert by_path["copy.txt"]["detection"]["basis"] == "layout"


def test_urls_from_json_lines_and_rows_that_match_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _folder(tmp_path)
    urls = tmp_path / "urls.jsonl"
    urls.write_text(
        '{"path": "plain.txt", "url": "https://socialistworld.net/2020/01/01/x/"}\n'
        '{"path": "gone.txt", "url": "https://socialistworld.net/2020/01/02/y/"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["export", str(corpus), "--urls", str(urls), "-o", str(out)]) == ExitCode.OK
    assert {r["publication"] for r in _records(out)} == {"cwi", "unknown"}
    err = capsys.readouterr().err
    assert f"--urls {urls}: 1 rows match no input: gone.txt" in err
    assert err.count("match no input") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("path,url\nplain.txt\n", ":2: a row needs a path and a URL"),
        ("path,url\nplain.txt,ftp://example.org/x\n", ":2: 'ftp://example.org/x' is not an http"),
        ("file,address\nplain.txt,https://x.org/\n", ":1: the CSV header must be 'path,url'"),
        ('{"path": "plain.txt"}\n', ':1: needs "path" and "url" strings'),
        ('{"path": "a", "url": "https://x.org/"}\n[1]\n', ":2: not a JSON object"),
    ],
)
def test_a_broken_url_file_is_a_usage_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    corpus = _folder(tmp_path)
    urls = tmp_path / "urls.txt"
    urls.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["export", str(corpus), "--urls", str(urls), "-o", str(out)]) == ExitCode.USAGE
    assert f"--urls {urls}{message}" in capsys.readouterr().err
    assert not out.exists()


def test_a_declared_publication_and_its_contradiction(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(SEEDS[0].read_bytes())
    (corpus / "plain.txt").write_text(PLAIN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["export", str(corpus), "--publication", "wsws", "-o", str(out), "-q"]) == 0
    plain, seed = _records(out)
    assert plain["publication"] == seed["publication"] == "wsws"
    assert seed["detection"]["layout"] == "socialist_worker"
    assert seed["detection"]["declared"] == "wsws"
    assert "publication_contradicted" in seed["warnings"]
    assert "publication_contradicted" not in plain["warnings"]


def test_an_unknown_publication_lists_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(_folder(tmp_path)), "--publication", "guardian"])
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "'guardian' is not a publication" in err
    assert "socialist_worker, workers_world, wsws, cwi" in err


def test_min_basis_goes_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "body.txt").write_text(BODY_ONLY, encoding="utf-8")
    (corpus / "seed.txt").write_bytes(SEEDS[0].read_bytes())
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    assert main(["export", str(corpus), "--min-basis", "layout", "-o", str(out)]) == ExitCode.USAGE
    assert "--min-basis goes with --strict" in capsys.readouterr().err
    args = ["export", str(corpus), "--strict", "-o", str(out), "--errors", str(errors), "-q"]
    assert main(args) == ExitCode.OK
    assert len(_records(out)) == 2
    assert main([*args, "--min-basis", "layout"]) == ExitCode.REJECTED
    [kept] = _records(out)
    assert kept["detection"]["basis"] == "layout"
    [rejected] = _records(errors)
    assert rejected["code"] == "unknown_layout"
    assert "by its content only" in rejected["message"]


def test_detect_explains_a_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detect", str(SEEDS[1]), "--explain"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "verdict: workers_world (probability" in out
    assert "navigation menu" in out
    assert "SW 0/27, WW 9/26, WSWS 0/26, CWI 0/27, look 0/24, news 0/181" in out


def test_detect_takes_urls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _folder(tmp_path)
    urls = tmp_path / "urls.csv"
    urls.write_text("path,url\nplain.txt,https://www.wsws.org/en/x.html\n", encoding="utf-8")
    assert main(["detect", str(corpus / "plain.txt"), "--urls", str(urls)]) == ExitCode.OK
    assert "wsws" in capsys.readouterr().out
