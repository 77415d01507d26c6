"""Every regular expression of pkclean, and adversarial strings generated from each one.

`package_patterns()` finds the compiled patterns of every module (at any depth of tuples,
lists, dicts and the objects in them, text and bytes alike), the layouts' line rules, and the
patterns written inline in a call (`re.sub(r"…", …)`), read from the source.

`pump_strings()` makes the strings that make a backtracking engine suffer: the pieces a
pattern is made of (its literal runs, a character of each class, a character outside each
negated class) repeated many times, between prefixes and suffixes taken from the pattern too,
and the hand-picked pieces the package's text patterns look for.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pkclean
from pkclean.clean.layouts import registered
from pkclean.clean.ledger import LineRule


def _private_module(name: str, before_311: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(before_311)


# The regular expression parser's own modules (private; `sre_*` before Python 3.11).
sre_constants: Any = _private_module("re._constants", "sre_constants")
sre_parse: Any = _private_module("re._parser", "sre_parse")

AnyPattern = re.Pattern[str] | re.Pattern[bytes]

#: Pieces the package's text patterns look for, pumped as well as those found in each pattern.
TEXT_UNITS = (
    "a", "A", "1", " ", ".", "Ab ", "A. ", "a |", "a | ", "| ", "1 ", "1:11 ", ", ", "A, ",
    "and ", "*", "*a ", "_", "_a ", "[", "[a](", "(", "(a ", "#", "# ", "- ", "—", "’",
    "Abc-", "by ", "Ab: ", "A/", "Photo/", "12 Nov ", "Nov 2, ", "2007 ", "..", "…",
    "Issue ", "Pic: ", "(Pic: ", "] ", ")(", "\u00a0", "xxx", "Share ", "Email ",
    "<", "<a ", "<!--", "-->", "<!-- a -->", "=", '"', "'", "\\", "\n", "\r\n", "\t", "%",
)  # fmt: skip
#: Characters tried where a pattern has a negated class (one of them is outside it).
_OUTSIDERS = ("a", " ", "1", ".", "-", "<", ">", '"', "\n", "é")


#: How the package uses a pattern: only at one position (`match`, `fullmatch`: the line rules,
#: a prefix), or scanning a text (`search`, `finditer`, `sub`, `split`…), where the engine
#: tries every position and a pattern that is linear at one can be quadratic.
ANCHORED = frozenset({"match", "fullmatch"})


def package_patterns() -> dict[str, AnyPattern]:
    """Every pattern of the package by a name saying where it is, each once."""
    return {name: pattern for name, (pattern, _) in package_pattern_uses().items()}


def package_pattern_uses() -> dict[str, tuple[AnyPattern, bool]]:
    """Every pattern, and whether the package only uses it anchored (see `ANCHORED`)."""
    found: dict[str, tuple[AnyPattern, bool]] = {}
    seen: set[tuple[Any, int]] = set()

    def add(name: str, pattern: AnyPattern, anchored: bool = False) -> None:
        key = (pattern.pattern, pattern.flags)
        if key not in seen:
            seen.add(key)
            found[name] = (pattern, anchored)

    uses = _method_uses(Path(pkclean.__file__).parent)
    for info in pkgutil.walk_packages(pkclean.__path__, "pkclean."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in sorted(vars(module).items()):
            if getattr(value, "__module__", info.name) != info.name and callable(value):
                continue  # a function or class imported from elsewhere
            for label, pattern, rule in _patterns_in(value, name, depth=3):
                methods = uses.get(name, set()) if label == name else set()
                anchored = rule or (bool(methods) and methods <= ANCHORED)
                add(f"{info.name}.{label}", pattern, anchored)
        for label, pattern in _inline_patterns(module):
            add(f"{info.name}:{label}", pattern)  # re.sub and the like scan
    for layout in registered():
        for line_rule in layout.rules:
            add(f"{layout.name}[{line_rule.name}]", line_rule.pattern, anchored=True)  # per line
    return found


def _method_uses(folder: Path) -> dict[str, set[str]]:
    """For each name in the package's source, the methods called on it (`NAME.search(`)."""
    uses: dict[str, set[str]] = {}
    trees = (ast.parse(path.read_text("utf-8")) for path in sorted(folder.rglob("*.py")))
    for node in (node for tree in trees for node in ast.walk(tree)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
        ):
            uses.setdefault(node.func.value.id, set()).add(node.func.attr)
    return uses


def _patterns_in(value: Any, label: str, depth: int) -> Iterator[tuple[str, AnyPattern, bool]]:
    """(label, pattern, whether it is a line rule) for the patterns in a value."""
    if isinstance(value, re.Pattern):
        yield label, value, False
        return
    if depth == 0 or isinstance(value, str | bytes | type | ModuleType) or callable(value):
        return
    if isinstance(value, LineRule):
        yield f"{label}[{value.name}]", value.pattern, True
        return
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        items = [(f"{label}[{key!r}]", item) for key, item in value.items()]
    elif isinstance(value, tuple | list | frozenset | set):
        items = [(f"{label}[{index}]", item) for index, item in enumerate(value)]
    elif hasattr(value, "__dict__") or hasattr(value, "__slots__"):
        names = list(getattr(value, "__dict__", {})) + list(getattr(value, "__slots__", ()))
        items = [(f"{label}.{name}", getattr(value, name, None)) for name in names]
    for sub_label, item in items:
        yield from _patterns_in(item, sub_label, depth - 1)


# `re.compile` is left out: what it makes at module level is found above.
_CALLS = frozenset({"sub", "subn", "match", "search", "fullmatch", "findall", "finditer", "split"})


def _inline_patterns(module: Any) -> Iterator[tuple[str, AnyPattern]]:
    """Patterns given as literals to `re` functions in the module's source."""
    source = Path(module.__file__).read_text("utf-8")
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str | bytes)
        ):
            yield f"line {node.lineno}", re.compile(node.args[0].value)


def pieces(pattern: AnyPattern) -> list[str]:
    """What the pattern is made of: its literal runs and a character of (or outside) each
    class, as text."""
    found: dict[str, None] = {}
    _walk(sre_parse.parse(_as_text(pattern.pattern), pattern.flags & ~re.UNICODE), found)
    return list(found)


def _as_text(source: str | bytes) -> str:
    return source.decode("latin-1") if isinstance(source, bytes) else source


def _walk(tokens: Any, found: dict[str, None]) -> None:
    run: list[str] = []
    for op, argument in tokens:
        if op is sre_constants.LITERAL:
            run.append(chr(argument))
            found[chr(argument)] = None
            continue
        if len(run) > 1:
            found["".join(run)] = None
        run = []
        if op is sre_constants.NOT_LITERAL:
            found.update(dict.fromkeys(c for c in _OUTSIDERS if ord(c) != argument))
        elif op is sre_constants.ANY:
            found["a"] = None
        elif op is sre_constants.IN:
            found.update(dict.fromkeys(_class_members(argument)))
        elif op is sre_constants.BRANCH:
            for branch in argument[1]:
                _walk(branch, found)
        elif (
            op is sre_constants.SUBPATTERN
            or op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
            or (op is getattr(sre_constants, "POSSESSIVE_REPEAT", None))
        ):
            _walk(argument[-1], found)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _walk(argument[1], found)
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            _walk(argument, found)
    if len(run) > 1:
        found["".join(run)] = None


_CATEGORY_MEMBERS = {
    "CATEGORY_DIGIT": "1",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": " ",
}


def _class_members(items: Any) -> list[str]:
    members: list[str] = []
    negated = False
    for op, argument in items:
        if op is sre_constants.NEGATE:
            negated = True
        elif op is sre_constants.LITERAL:
            members.append(chr(argument))
        elif op is sre_constants.RANGE:
            members += [chr(argument[0]), chr(argument[1])]
        elif op is sre_constants.CATEGORY:
            members.append(_CATEGORY_MEMBERS.get(str(argument), "a"))
    if negated:
        return [char for char in _OUTSIDERS if char not in members]
    return members


def pump_strings(pattern: AnyPattern, repeat: int, *, limit: int = 60) -> Iterator[str | bytes]:
    """Adversarial strings for one pattern: each of (at most `limit`) pieces repeated `repeat`
    times, alone, after each prefix and before each suffix; bytes for a bytes pattern."""
    own = pieces(pattern)
    literal_runs = [piece for piece in own if len(piece) > 1][:4]
    units = list(dict.fromkeys([*own, *TEXT_UNITS]))[:limit]
    units += [run + unit for run in literal_runs[:2] for unit in own[:6] if run + unit not in units]
    affixes = ["", *literal_runs[:3], "a", " ", "<"]
    for unit in units:
        body = unit * max(1, repeat // max(len(unit), 1))
        for affix in affixes:
            for text in (affix + body, body + affix):
                yield _like(pattern, text)


def _like(pattern: AnyPattern, text: str) -> str | bytes:
    if isinstance(pattern.pattern, bytes):
        return text.encode("utf-8")
    return text
