"""The published pre-commit hook, run by the real pre-commit against temporary repositories.

pre-commit installs the hook from a snapshot of this work tree (committed to a temporary git
repository, so uncommitted changes are tested too) into its own virtualenv, with pip: the
first run takes half a minute or so. Without pre-commit these tests fail; set
PKCLEAN_SKIP_PRECOMMIT=1 to skip them (they then show as skipped, with the reason).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from export_articles import seed_articles
from pkclean.formats.exporters.datapackage import updated_descriptor
from test_exporters import export

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILES = {"pyproject.toml", "README.md", ".pre-commit-hooks.yaml"}
HOOK_ID = "pkclean-validate"
PROBLEM = re.compile(r"^[\w./-]+:\d+: [\w.]+: ")

if os.environ.get("PKCLEAN_SKIP_PRECOMMIT") == "1" and not importlib.util.find_spec("pre_commit"):
    pytest.skip("pre-commit is not installed (PKCLEAN_SKIP_PRECOMMIT=1)", allow_module_level=True)

from pre_commit.clientlib import load_config, load_manifest  # noqa: E402


def git(*args: str, cwd: Path) -> str:
    """Run git with a throwaway identity; fail loudly."""
    command = ["git", "-c", "user.name=pkclean tests", "-c", "user.email=tests@example.org"]
    command += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def snapshot(target: Path) -> Path:
    """The files pip needs to install pkclean, as they are in the work tree, committed."""
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT)
    for name in listed.split("\0"):
        keep = name.startswith("src/") or name in PACKAGE_FILES
        if keep and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    target.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "snapshot of the pkclean work tree", cwd=target)
    return target


def corrupt(text: str, old: str, new: str) -> tuple[str, int]:
    """`text` with `old` replaced by `new` once, and the line where that happened."""
    at = text.index(old)
    return text[:at] + new + text[at + len(old) :], 1 + text[:at].count("\n")


def _without_title(jsonl: str, line: int) -> str:
    """JSON Lines with the `title` field taken out of one record."""
    records = jsonl.splitlines(keepends=True)
    record = json.loads(records[line - 1])
    del record["title"]
    records[line - 1] = json.dumps(record, ensure_ascii=False) + "\n"
    return "".join(records)


def _run_sql(path: Path, statement: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute(statement)
        db.commit()
    finally:
        db.close()


def test_the_manifest_publishes_the_hook() -> None:
    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["language"]) == (HOOK_ID, "python")
    assert hook["entry"] == "pkclean validate"
    files = re.compile(hook["files"])
    for name in (
        "a.jsonl",
        "x/b.csv",
        "c.tei.xml",
        "d.jsonl.gz",
        "exports/datapackage.json",
        "e.db",
        "f.sqlite",
    ):
        assert files.search(name), name
    for name in ("README.md", "notes.json", "mydatapackage.json", "seeds/a.txt"):
        assert not files.search(name), name


def test_the_projects_config_runs_the_hook_on_exports() -> None:
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy", HOOK_ID} <= set(hooks)
    assert hooks[HOOK_ID]["entry"] == "pkclean validate"
    assert re.search(hooks[HOOK_ID]["files"], "exports/seeds.jsonl")


def test_try_repo_passes_good_exports_and_refuses_corrupted_records(tmp_path: Path) -> None:
    hook = snapshot(tmp_path / "hook-repo")
    corpus = tmp_path / "corpus-repo"
    corpus.mkdir()
    git("init", "-q", cwd=corpus)
    articles = seed_articles()
    good = {
        "good.jsonl": export("jsonl", articles),
        "good.csv": export("csv", articles),
        "datapackage.json": updated_descriptor(None, "good.csv"),
        "good.tei.xml": export("tei", articles),
        "good.db": export("sqlite", articles),
    }
    for name, data in good.items():
        (corpus / name).write_bytes(data)
    jsonl, jsonl_line = corrupt(good["good.jsonl"].decode(), '"word_count":941', '"word_count":942')
    tei, tei_line = corrupt(good["good.tei.xml"].decode(), 'issue">2060<', 'issue">x20<')
    (corpus / "bad.jsonl").write_text(jsonl, "utf-8")
    (corpus / "bad.tei.xml").write_text(tei, "utf-8")
    (corpus / "untitled.jsonl").write_text(_without_title(good["good.jsonl"].decode(), 2), "utf-8")
    bad_db = corpus / "bad.db"
    bad_db.write_bytes(good["good.db"])
    _run_sql(bad_db, "UPDATE articles SET word_count = 5 WHERE article = 3")

    files = [*good, "bad.jsonl", "bad.tei.xml", "untitled.jsonl", "bad.db"]
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "PRE_COMMIT_COLOR": "never"}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook), HOOK_ID, "--files", *files],
        cwd=corpus,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"pkclean validate\.+Failed", output), output
    # pre-commit may share the files out among parallel runs: compare without order
    problems = sorted(line for line in output.splitlines() if PROBLEM.match(line))
    assert problems == [
        "bad.db:3: word_count: word_count 5 does not match the text",
        f"bad.jsonl:{jsonl_line}: word_count: word_count 942 does not match the text",
        f"bad.tei.xml:{tei_line}: issue: issue 'x20' is not an issue number (got 'x20')",
        "untitled.jsonl:2: title: missing",
    ], output
    failed = re.findall(r"pkclean: (\d+) problems? in \d+ of (\d+) files", output)
    passed = re.findall(r"pkclean: (\d+) files? valid", output)
    checked = sum(int(files) for _, files in failed) + sum(int(files) for files in passed)
    assert checked == 9, output  # every file was checked, in one run or several
    assert sum(int(found) for found, _ in failed) == 4, output  # so the good ones passed
