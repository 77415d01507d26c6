"""Delete the rules one at a time: does a test notice? A mutation score over the data tables.

mutmut mutates the code inside functions; most of what pkclean knows is data outside them:
the marker table and its counts, the look-alike groups, the decision's constants, each
layout's boilerplate rules and the generic ones. This script makes one mutant per item --
deletes a marker, a way of showing one, a rule, or an alternative of a rule; zeroes a count;
moves a constant -- in a copy of the source, runs the fast tests against it, and counts the
mutants that some test kills. Survivors are listed: each is a rule no test would miss.

    python bench/mutation.py [--jobs 2] [--only markers,rules,constants] [--limit N]

Every mutant runs `pytest -x` over `FAST_TESTS` with the mutated copy first on the path.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "pkclean"
FAST_TESTS = (
    "tests/test_detection.py",
    "tests/test_layout_contract.py",
    "tests/test_seeds.py",
    "tests/test_fixtures.py",
    "tests/test_real_pages.py",
    "src/pkclean/clean/detection",
    "src/pkclean/clean/layouts",
    "src/pkclean/clean/boilerplate.py",
)
TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Mutant:
    """A change to one source file: replace `old` (at `start`) with `new`."""

    kind: str
    file: str
    start: int
    old: str
    new: str
    label: str


def _calls(tree: ast.AST, name: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            yield node


def _span(source: str, lines: list[int], node: ast.AST) -> tuple[int, int]:
    start = lines[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
    end = lines[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
    return start, end


def _offsets(source: str) -> list[int]:
    offsets, total = [], 0
    for line in source.splitlines(keepends=True):
        offsets.append(total)
        total += len(line)
    return offsets


def _deletion(source: str, lines: list[int], node: ast.AST) -> tuple[int, str]:
    """The text of a call, with its trailing comma, as one item of a tuple or call."""
    start, end = _span(source, lines, node)
    if source[end : end + 1] == ",":
        end += 1
    return start, source[start:end]


def table_mutants() -> Iterator[Mutant]:
    """Markers, ways, counts and groups of the detection table."""
    path = SRC / "clean" / "detection" / "table.py"
    source = path.read_text(encoding="utf-8")
    tree, lines = ast.parse(source), _offsets(source)
    rel = str(path.relative_to(ROOT))
    for call in _calls(tree, "_marker"):
        key = ast.literal_eval(call.args[0])
        start, old = _deletion(source, lines, call)
        yield Mutant("marker", rel, start, old, "", f"delete marker {key}")
        ways = [arg for arg in call.args if isinstance(arg, ast.Call)]
        for index, way in enumerate(ways if len(ways) > 1 else ()):
            start, old = _deletion(source, lines, way)
            yield Mutant("way", rel, start, old, "", f"delete way {index} of {key}")
        for keyword in call.keywords:
            if keyword.arg in {"sw", "ww", "wsws", "cwi", "look", "news", "body"}:
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, int) and value.value:
                    start, end = _span(source, lines, value)
                    yield Mutant(
                        "count",
                        rel,
                        start,
                        source[start:end],
                        "0",
                        f"zero {keyword.arg} count of {key}",
                    )
    for call in _calls(tree, "Group"):
        name = ast.literal_eval(call.args[0])
        for keyword in call.keywords:
            if keyword.arg in {"pages", "shown"}:
                start, end = _span(source, lines, keyword.value)
                old = source[start:end]
                yield Mutant(
                    "group",
                    rel,
                    start,
                    old,
                    str(max(int(old) // 3, 0)),
                    f"{name}.{keyword.arg} / 3",
                )


_CONSTANTS = {
    "weights.py": {
        "PRIOR_PAGES": "20.0",
        "PRIOR_PUBLICATIONS": "0.5",
        "PRIOR_LOOKALIKES": "0.4",
        "PRIOR_BACKGROUND": "0.3",
        "PRIOR_ELSEWHERE": "0.3",
        "TEMPERATURE": "2.0",
        "CLAIM": "0.5",
        "SUPPORT": "0.0",
    },
    "view.py": {
        "EXCERPT_CHARS": "200",
        "MAX_EXCERPTS": "1",
        "EDGE_LINES": "2",
        "EDGE_CHARS": "100",
    },
    "finders.py": {"MAX_HITS": "1"},
}


def constant_mutants() -> Iterator[Mutant]:
    for file, constants in _CONSTANTS.items():
        path = SRC / "clean" / "detection" / file
        source = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(ROOT))
        for name, value in constants.items():
            match = re.search(rf"^{name} = (\S+)$", source, re.MULTILINE)
            assert match, name
            yield Mutant(
                "constant", rel, match.start(1), match.group(1), value, f"{name} = {value}"
            )


def rule_mutants() -> Iterator[Mutant]:
    """Each line rule of every layout and of the generic boilerplate, and each alternative."""
    files = [SRC / "clean" / "boilerplate.py", *sorted((SRC / "clean" / "layouts").glob("*.py"))]
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree, lines = ast.parse(source), _offsets(source)
        rel = str(path.relative_to(ROOT))
        for call in _calls(tree, "rule"):
            if not call.args or not isinstance(call.args[0], ast.Constant):
                continue
            name = call.args[0].value
            start, old = _deletion(source, lines, call)
            yield Mutant(
                "rule", rel, start, old, "", f"delete rule {name} ({path.name}:{call.lineno})"
            )
            alternatives = call.args[1:]
            for index, alt in enumerate(alternatives if len(alternatives) > 1 else ()):
                start, old = _deletion(source, lines, alt)
                yield Mutant(
                    "alternative",
                    rel,
                    start,
                    old,
                    "",
                    f"delete alternative {index} of {name} ({path.name}:{call.lineno})",
                )


MUTANTS = {"markers": table_mutants, "constants": constant_mutants, "rules": rule_mutants}


def run(mutant: Mutant, workdir: Path) -> tuple[Mutant, bool, float]:
    """Apply the mutant in `workdir`, run the fast tests, restore; (mutant, killed, seconds)."""
    target = workdir / mutant.file
    original = target.read_text(encoding="utf-8")
    assert original[mutant.start : mutant.start + len(mutant.old)] == mutant.old, mutant.label
    target.write_text(
        original[: mutant.start] + mutant.new + original[mutant.start + len(mutant.old) :],
        encoding="utf-8",
    )
    started = time.perf_counter()
    try:
        env = {**os.environ, "PYTHONPATH": str(workdir / "src")}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *FAST_TESTS],
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=TIMEOUT,
        )
        killed = result.returncode != 0
    except subprocess.TimeoutExpired:
        killed = True
    finally:
        target.write_text(original, encoding="utf-8")
    return mutant, killed, time.perf_counter() - started


def _copy(into: Path) -> Path:
    work = into / "repo"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "mutants", "*.egg-info"),
    )
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default=",".join(MUTANTS))
    parser.add_argument("--limit", type=int, default=0, help="run only the first N mutants")
    args = parser.parse_args(argv)
    mutants = [m for kind in args.only.split(",") for m in MUTANTS[kind]()]
    if args.limit:
        mutants = mutants[: args.limit]
    print(f"{len(mutants)} mutants, {args.jobs} at a time", flush=True)
    with tempfile.TemporaryDirectory(prefix="pkclean-mutation-") as tmp:
        workdirs = [_copy(Path(tmp) / str(n)) for n in range(args.jobs)]
        free = list(workdirs)
        results: list[tuple[Mutant, bool, float]] = []

        def job(mutant: Mutant) -> tuple[Mutant, bool, float]:
            workdir = free.pop()
            try:
                return run(mutant, workdir)
            finally:
                free.append(workdir)

        with ThreadPoolExecutor(args.jobs) as pool:
            for mutant, killed, seconds in pool.map(job, mutants):
                results.append((mutant, killed, seconds))
                mark = "killed  " if killed else "SURVIVED"
                print(f"{mark} {seconds:6.1f}s  {mutant.label}", flush=True)
    by_kind: dict[str, list[bool]] = {}
    for mutant, killed, _ in results:
        by_kind.setdefault(mutant.kind, []).append(killed)
    print("\n| mutants | killed | total | score |\n|---|---|---|---|")
    for kind, kills in by_kind.items():
        print(f"| {kind} | {sum(kills)} | {len(kills)} | {sum(kills) / len(kills):.0%} |")
    total = [killed for _, killed, _ in results]
    print(f"| all | {sum(total)} | {len(total)} | {sum(total) / max(len(total), 1):.0%} |")
    survivors = [mutant.label for mutant, killed, _ in results if not killed]
    if survivors:
        print("\nsurvivors:\n" + "\n".join(f"- {label}" for label in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
