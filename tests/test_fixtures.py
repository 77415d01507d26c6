"""Synthetic fixtures: every ``<name>.txt`` under ``tests/fixtures/text/`` and
``tests/fixtures/blind/`` against its expectations.

Each fixture has a ``<name>.expected.json`` written by hand from the fixture text and the
layout notes (``../shared/docs/layouts.md``, ``layout-facts.md``), never produced by running
pkclean. The fixtures under ``blind/`` were written from the facts by people who never saw
the detector or the layouts' code. A key that is present in the JSON is checked; a key that
is absent means "not checked". ``covers``, ``year`` and ``profile`` are documentation only.
There is one test per (fixture, key) pair, so a failure report names both, e.g.
``test_expectation[sw_old_template-published_at]``.

``tests/fixtures/known_failures.json`` lists the (fixture, key) pairs pkclean does not get
right yet, each with the reason: they run as strict expected failures, so that a change that
fixes one is noticed (and the entry removed), and a new fixture never forces a silent change.

Keys and how they are compared with the record returned by ``pkclean.clean_text``:

- ``publication``, ``title``, ``subtitle``, ``date_text``, ``issue``: equality.
- ``authors``, ``labels``, ``captions``: equality as lists (order matters).
- ``published``, ``published_at``: ``.isoformat()`` of the value (or ``null``).
- ``headings``: texts of the body blocks of kind ``heading``, in order.
- ``paragraph_count``: number of body blocks of kind ``paragraph`` (headings not counted).
- ``first_paragraph_starts`` / ``last_paragraph_ends``: prefix of the first / suffix of the
  last paragraph block.
- ``body_must_contain`` / ``body_must_not_contain``: substrings of ``article.text`` (the body
  blocks joined by one blank line, so ``"\\n\\n"`` in an expectation is a block boundary).
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_DIR = FIXTURES / "text"
FIXTURE_DIRS = (FIXTURE_DIR, FIXTURES / "blind")
KNOWN_FAILURES = FIXTURES / "known_failures.json"
EXPECTED_SUFFIX = ".expected.json"

PUBLICATIONS = frozenset({"socialist_worker", "workers_world", "wsws", "cwi", "unknown"})
DOC_KEYS = frozenset({"covers", "year", "profile"})
STRING_OR_NULL_KEYS = ("title", "subtitle", "date_text", "issue", "published", "published_at")
LIST_KEYS = (
    "authors",
    "labels",
    "captions",
    "headings",
    "body_must_contain",
    "body_must_not_contain",
)
CHECKED_KEYS = (
    "publication",
    "title",
    "subtitle",
    "authors",
    "published",
    "published_at",
    "date_text",
    "issue",
    "labels",
    "captions",
    "headings",
    "paragraph_count",
    "first_paragraph_starts",
    "last_paragraph_ends",
    "body_must_contain",
    "body_must_not_contain",
)
INVALID = "<invalid expected.json>"
_MISSING = object()


# ---------------------------------------------------------------------------------------
# Loading fixtures and expectations


@functools.cache
def _texts() -> dict[str, Path]:
    return {p.name[: -len(".txt")]: p for d in FIXTURE_DIRS for p in sorted(d.rglob("*.txt"))}


@functools.cache
def _expectations() -> dict[str, Path]:
    return {
        p.name[: -len(EXPECTED_SUFFIX)]: p
        for d in FIXTURE_DIRS
        for p in sorted(d.rglob("*" + EXPECTED_SUFFIX))
    }


def _fixture_stems() -> set[str]:
    return set(_texts())


def _expected_stems() -> set[str]:
    return set(_expectations())


def _expected_path(name: str) -> Path:
    return _expectations()[name]


@functools.cache
def _known_failures() -> dict[str, str]:
    data = json.loads(KNOWN_FAILURES.read_text(encoding="utf-8"))
    return {entry["case"]: entry["reason"] for entry in data}


@functools.cache
def _load_expected(name: str) -> dict[str, Any]:
    data = json.loads(_expected_path(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{name}{EXPECTED_SUFFIX}: top level must be a JSON object")
    return data


def _read_fixture(name: str) -> str:
    # newline="" keeps CRLF line endings exactly as they are in the file.
    with _texts()[name].open(encoding="utf-8", newline="") as fh:
        return fh.read()


@functools.cache
def _clean(name: str) -> Any:
    from pkclean import clean_text  # imported here so that collection works without it

    path = _texts()[name]
    return clean_text(_read_fixture(name), path=path.relative_to(REPO_ROOT).as_posix())


def _cases() -> Iterator[Any]:
    known = _known_failures()
    for name in sorted(_expected_stems() & _fixture_stems()):
        try:
            keys = [k for k in _load_expected(name) if k not in DOC_KEYS]
        except (ValueError, TypeError):
            yield pytest.param(name, INVALID, id=f"{name}-invalid_json")
            continue
        for key in keys:
            case = f"{name}-{key}"
            reason = known.get(case)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(name, key, id=case, marks=marks)


# ---------------------------------------------------------------------------------------
# Reading the record


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _field(name: str, article: Any, field: str) -> Any:
    value = getattr(article, field, _MISSING)
    assert value is not _MISSING, f"{name}: the record has no field {field!r}"
    return value


def _blocks(name: str, article: Any, kind: str) -> list[str]:
    return [b.text for b in _field(name, article, "body") if _plain(b.kind) == kind]


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _excerpt(text: str, needle: str, width: int = 60) -> str:
    at = text.find(needle)
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    return repr(text[start:end])


def _short(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more chars]"


# ---------------------------------------------------------------------------------------
# One checker per key


def _check_equal(actual: Any, name: str, key: str, expected: Any) -> None:
    assert actual == expected, f"{name}: {key}: expected {expected!r}, got {actual!r}"


def _scalar(field: str) -> Callable[[str, str, Any, Any], None]:
    def check(name: str, key: str, article: Any, expected: Any) -> None:
        _check_equal(_plain(_field(name, article, field)), name, key, expected)

    return check


def _listed(field: str) -> Callable[[str, str, Any, Any], None]:
    def check(name: str, key: str, article: Any, expected: Any) -> None:
        _check_equal(list(_field(name, article, field) or ()), name, key, expected)

    return check


def _dated(field: str) -> Callable[[str, str, Any, Any], None]:
    def check(name: str, key: str, article: Any, expected: Any) -> None:
        _check_equal(_iso(_field(name, article, field)), name, key, expected)

    return check


def _check_headings(name: str, key: str, article: Any, expected: Any) -> None:
    _check_equal(_blocks(name, article, "heading"), name, key, expected)


def _check_paragraph_count(name: str, key: str, article: Any, expected: Any) -> None:
    paragraphs = _blocks(name, article, "paragraph")
    listing = "\n".join(f"  {i + 1:2d}. {p[:70]!r}" for i, p in enumerate(paragraphs))
    assert len(paragraphs) == expected, (
        f"{name}: {key}: expected {expected} paragraphs, got {len(paragraphs)}:\n{listing}"
    )


def _check_first_paragraph(name: str, key: str, article: Any, expected: Any) -> None:
    paragraphs = _blocks(name, article, "paragraph")
    assert paragraphs, f"{name}: {key}: the body has no paragraph block"
    first = paragraphs[0]
    assert first.startswith(expected), (
        f"{name}: {key}: first paragraph should start with {expected!r}, "
        f"but starts with {first[: len(expected) + 40]!r}"
    )


def _check_last_paragraph(name: str, key: str, article: Any, expected: Any) -> None:
    paragraphs = _blocks(name, article, "paragraph")
    assert paragraphs, f"{name}: {key}: the body has no paragraph block"
    last = paragraphs[-1]
    assert last.endswith(expected), (
        f"{name}: {key}: last paragraph should end with {expected!r}, "
        f"but ends with {last[-(len(expected) + 40) :]!r}"
    )


def _check_must_contain(name: str, key: str, article: Any, expected: Any) -> None:
    text = _field(name, article, "text")
    missing = [s for s in expected if s not in text]
    assert not missing, (
        f"{name}: {key}: not found in the cleaned body text: {missing!r}\n"
        f"--- body text ---\n{_short(text)}"
    )


def _check_must_not_contain(name: str, key: str, article: Any, expected: Any) -> None:
    text = _field(name, article, "text")
    found = [s for s in expected if s in text]
    details = "\n".join(f"  {s!r} in ...{_excerpt(text, s)}..." for s in found)
    assert not found, f"{name}: {key}: boilerplate left in the cleaned body:\n{details}"


CHECKS: dict[str, Callable[[str, str, Any, Any], None]] = {
    "publication": _scalar("publication"),
    "title": _scalar("title"),
    "subtitle": _scalar("subtitle"),
    "date_text": _scalar("date_text"),
    "issue": _scalar("issue"),
    "authors": _listed("authors"),
    "labels": _listed("labels"),
    "captions": _listed("captions"),
    "published": _dated("published"),
    "published_at": _dated("published_at"),
    "headings": _check_headings,
    "paragraph_count": _check_paragraph_count,
    "first_paragraph_starts": _check_first_paragraph,
    "last_paragraph_ends": _check_last_paragraph,
    "body_must_contain": _check_must_contain,
    "body_must_not_contain": _check_must_not_contain,
}
assert set(CHECKS) == set(CHECKED_KEYS)


# ---------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize(("name", "key"), list(_cases()))
def test_expectation(name: str, key: str) -> None:
    assert key != INVALID, f"{name}{EXPECTED_SUFFIX} is not a valid JSON object"
    expected = _load_expected(name)[key]
    check = CHECKS.get(key)
    assert check is not None, f"{name}{EXPECTED_SUFFIX}: unknown key {key!r}"
    check(name, key, _clean(name), expected)


def test_fixtures_exist() -> None:
    assert _fixture_stems(), f"no fixtures found in {FIXTURE_DIRS}"


def test_fixture_names_are_unique() -> None:
    names = [p.name for d in FIXTURE_DIRS for p in d.rglob("*.txt")]
    assert len(names) == len(set(names)), "two fixtures share a name"


def test_known_failures_name_real_cases() -> None:
    """Every known failure names a (fixture, key) pair that exists, with a reason."""
    cases = {f"{name}-{key}" for name in _expected_stems() for key in _load_expected(name)}
    for case, reason in _known_failures().items():
        assert case in cases, f"known_failures.json: no such case {case!r}"
        assert reason.strip(), f"known_failures.json: {case} has no reason"


def test_every_fixture_has_expectations_and_vice_versa() -> None:
    texts, expectations = _fixture_stems(), _expected_stems()
    without_json = sorted(texts - expectations)
    without_text = sorted(expectations - texts)
    assert not without_json, f"fixtures without {EXPECTED_SUFFIX}: {without_json}"
    assert not without_text, f"{EXPECTED_SUFFIX} files without a .txt fixture: {without_text}"


@pytest.mark.parametrize("name", sorted(_expected_stems()))
def test_expected_json_is_well_formed(name: str) -> None:
    data = _load_expected(name)
    unknown = sorted(set(data) - set(CHECKED_KEYS) - DOC_KEYS)
    assert not unknown, f"{name}{EXPECTED_SUFFIX}: unknown keys {unknown}"
    assert isinstance(data.get("covers"), str), f"{name}: 'covers' missing"
    assert data["covers"].strip(), f"{name}: 'covers' is empty"
    assert data.get("publication") in PUBLICATIONS, f"{name}: bad or missing 'publication'"
    for key in STRING_OR_NULL_KEYS:
        if key in data:
            assert data[key] is None or isinstance(data[key], str), f"{name}: {key} type"
    for key in LIST_KEYS:
        if key in data:
            value = data[key]
            assert isinstance(value, list), f"{name}: {key} must be a list"
            assert all(isinstance(v, str) and v for v in value), f"{name}: {key} items"
    if "paragraph_count" in data:
        count = data["paragraph_count"]
        assert isinstance(count, int), f"{name}: paragraph_count must be an integer"
        assert not isinstance(count, bool), f"{name}: paragraph_count must be an integer"
        assert count >= 0, f"{name}: paragraph_count must not be negative"
    for key in ("first_paragraph_starts", "last_paragraph_ends"):
        if key in data:
            assert isinstance(data[key], str), f"{name}: {key} must be a string"
            assert data[key].strip(), f"{name}: {key} must not be blank"


@pytest.mark.parametrize("name", sorted(n for n in _fixture_stems() if "crlf" in n))
def test_crlf_fixtures_keep_their_line_endings(name: str) -> None:
    # Guards against a checkout or editor silently converting the file to LF.
    raw = _texts()[name].read_bytes()
    assert b"\r\n" in raw, f"{name}.txt has no CRLF line endings any more"
    assert raw.count(b"\n") == raw.count(b"\r\n"), f"{name}.txt mixes LF and CRLF"


def test_every_publication_and_the_unknown_case_are_covered() -> None:
    seen = {_load_expected(n).get("publication") for n in _expected_stems()}
    assert seen >= PUBLICATIONS, f"no fixture expects {sorted(PUBLICATIONS - seen)}"
