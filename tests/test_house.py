"""The house: every module in a stage package, each package importing only the ones below it,
no import cycle, and the README's map saying the same.

Every import counts, also one inside a function or under `TYPE_CHECKING`: a lazy import is
still a dependency, and a type is part of a module's contract.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"

#: The core: values and contracts every stage shares. It imports nothing but itself.
CORE = frozenset({"model", "record_check", "errors", "document", "ids", "registry"})
#: Entry points, which may import anything: the package's lazy names, `python -m`, the CLI.
ENTRY = frozenset({"__init__", "__main__", "cli"})
#: The package itself, which Python imports before any of its modules: its `__version__` is
#: free to all.
_PACKAGE = frozenset({"pkclean", "pkclean.__version__"})
#: What each stage package may import besides itself (`core` is the core modules; a dotted
#: name allows that subpackage only).
MAY_IMPORT: Mapping[str, frozenset[str]] = {
    "core": frozenset(),
    "clean": frozenset({"core"}),
    "ingest": frozenset({"core", "clean.text"}),
    "formats": frozenset({"core", "ingest"}),
    "run": frozenset({"core", "clean", "ingest", "formats"}),
    "commands": frozenset({"core", "clean", "ingest", "formats", "run"}),
}


@dataclass(frozen=True, slots=True)
class Import:
    """One import of a pkclean module by another (dotted names without `pkclean.`)."""

    importer: str
    imported: str
    line: int


def module_name(path: Path, src: Path) -> str:
    """`pkclean.clean.pipeline` for `src/pkclean/clean/pipeline.py` (a package: its name)."""
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(src: Path) -> Iterator[Import]:
    """Every import of one pkclean module by another under `src`, wherever it stands."""
    for path in sorted((src / "pkclean").rglob("*.py")):
        name = module_name(path, src)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node, package):
                if target == "pkclean" or target.startswith("pkclean."):
                    yield Import(name, target, node.lineno)


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        base = node.module or ""
    else:
        parts = package.split(".")
        base = ".".join(
            parts[: len(parts) - node.level + 1] + ([node.module] if node.module else [])
        )
    # `from . import x` may name a module: count it as that module.
    return [f"{base}.{alias.name}" for alias in node.names] if node.module is None else [base]


def unit(module: str) -> str:
    """The house unit of a module: its stage package, `core`, or an entry point's name."""
    parts = module.split(".")[1:] or ["__init__"]
    return "core" if parts[0] in CORE else parts[0]


def allowed(importer: str, imported: str) -> bool:
    """Whether the house lets `importer` import `imported` (both full module names)."""
    source, target = unit(importer), unit(imported)
    if source in ENTRY or source == target or imported in _PACKAGE:
        return True
    inner = ".".join(imported.split(".")[1:])
    return any(
        target == rule or inner == rule or inner.startswith(rule + ".")
        for rule in MAY_IMPORT.get(source, frozenset())
    )


def forbidden(src: Path) -> list[str]:
    return [
        f"{item.importer} (line {item.line}) imports {item.imported}"
        for item in imports(src)
        if not allowed(item.importer, item.imported)
    ]


def stray_modules(src: Path) -> list[str]:
    """Modules directly in `pkclean/` that are neither the core nor an entry point."""
    return sorted(
        path.stem for path in (src / "pkclean").glob("*.py") if path.stem not in CORE | ENTRY
    )


def unknown_packages(src: Path) -> list[str]:
    """Packages directly in `pkclean/` that are not stage packages."""
    return sorted(
        path.name
        for path in (src / "pkclean").iterdir()
        if (path / "__init__.py").is_file() and path.name not in MAY_IMPORT
    )


def cycles(src: Path) -> list[list[str]]:
    """The import cycles among modules, through imports run when a module is imported (at
    the top of the module, not inside a function)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((src / "pkclean").rglob("*.py")):
        name = module_name(path, src)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph.setdefault(name, set())
        for node in _top_level(ast.parse(path.read_text(encoding="utf-8"))):
            graph[name].update(_targets(node, package))
    known = set(graph)
    edges = {
        name: {_nearest(target, known) for target in targets} - {name, ""}
        for name, targets in graph.items()
    }
    return _strongly_connected(edges)


def _top_level(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports run when a module is imported: not those in a function or under
    `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            yield from _top_level(ast.Module(body=child.orelse, type_ignores=[]))
        elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _top_level(child)


def _nearest(target: str, known: set[str]) -> str:
    """The module `target` names: itself, or the package a `from pkg import name` reads."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target


def _strongly_connected(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of two or more modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_lives_in_a_stage_package() -> None:
    assert stray_modules(SRC) == []
    assert unknown_packages(SRC) == []


def test_no_package_imports_one_it_must_not() -> None:
    assert forbidden(SRC) == []


def test_no_import_cycle() -> None:
    assert cycles(SRC) == []


def test_the_house_rules_are_layers() -> None:
    """Each package may import only packages that may not import it back."""
    for name, others in MAY_IMPORT.items():
        for other in others:
            assert name not in MAY_IMPORT.get(other.split(".")[0], frozenset()), (name, other)


def _write(src: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = src / "pkclean" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"formats/tei.py": "def f() -> None:\n    from ..clean import pipeline\n"},
            ["pkclean.formats.tei (line 2) imports pkclean.clean"],
        ),
        (
            {"clean/pipeline.py": "from pkclean.ingest.html import page\n"},
            ["pkclean.clean.pipeline (line 1) imports pkclean.ingest.html"],
        ),
        (
            {"ingest/page.py": "from ..clean.layouts import GENERIC\n"},
            ["pkclean.ingest.page (line 1) imports pkclean.clean.layouts"],
        ),
        (
            {"model.py": "from .clean import lines\n"},
            ["pkclean.model (line 1) imports pkclean.clean"],
        ),
        (
            {
                "ingest/html/compose.py": "from ...clean.text.shapes import is_headline_like\n",
                "run/batch.py": "from ..formats import exporters\nfrom ..clean import pipeline\n",
                "cli.py": "from .commands import COMMANDS\n",
            },
            [],
        ),
    ],
)
def test_a_forbidden_import_is_found(
    files: Mapping[str, str], expected: list[str], tmp_path: Path
) -> None:
    assert forbidden(_write(tmp_path, files)) == expected


def test_a_cycle_and_a_stray_module_are_found(tmp_path: Path) -> None:
    src = _write(
        tmp_path,
        {
            "__init__.py": "",
            "clean/__init__.py": "from .a import x\n",
            "clean/a.py": "from .b import y\nx = 1\n",
            "clean/b.py": "from . import a\ny = 2\n",
            "clean/c.py": "def f() -> None:\n    from . import d\n",
            "clean/d.py": "from . import c\n",
            "launch.py": "",
            "report/__init__.py": "",
        },
    )
    assert cycles(src) == [["pkclean.clean.a", "pkclean.clean.b"]]
    assert stray_modules(src) == ["launch"]
    assert unknown_packages(src) == ["report"]


def readme_map() -> dict[str, frozenset[str]]:
    """What the README's map of the house says each package may import."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Map of the house\n", 1)[1].split("\n## ", 1)[0]
    found = {}
    for paragraph in section.split("\n\n"):
        head = re.match(r"\*\*`?(\w+)/?`?\*\*", paragraph)
        rule = re.search(r"May import: (.*?)\.(?:\s|$)", " ".join(paragraph.split()))
        if head and rule:
            names = re.findall(r"`([\w.]+)`", rule.group(1))
            found[head.group(1)] = frozenset(names)
    return found


def test_the_readme_map_says_what_the_test_checks() -> None:
    assert readme_map() == MAY_IMPORT
