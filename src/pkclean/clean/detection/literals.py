"""What a pattern's matches must contain, read from the pattern itself.

A regular expression that starts with `\\b` or a group is tried at every position of a text;
most of the marker patterns are such. But nearly all of them require some literal text
(`organiz`, `labor`, … for American spelling): every match contains one of a few literals.
`required` finds such a set in the parsed pattern, and `stays_on_a_line` tells whether a
match can reach past the end of its line. When both hold, the lines holding none of the
literals cannot hold a match, and a finder need only try the pattern on the lines that hold
one (found in the one Aho-Corasick pass of `needles`). Many also begin with one of a few
literals (`leading`): a search need only try them where one begins. `ascii_lower` and
`folds_plainly` say when a case-blind pattern's literals can be looked for in lower case.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Collection
from typing import Any

# The parser of the `re` module (its public name changed in Python 3.11).
_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

#: Literals shorter than this occur on nearly every line: they would find no line to skip.
MIN_LITERAL = 3

#: Character classes (`\\s`, `\\W`, …) that match a line break.
_CATEGORIES_WITH_NEWLINE = frozenset({"CATEGORY_SPACE", "CATEGORY_NOT_DIGIT", "CATEGORY_NOT_WORD"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_NEWLINE = ord("\n")


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literals at least one of which every match of `pattern` contains, or None when the
    pattern requires none long enough. For a pattern that ignores case, the literals are
    lower case and ASCII, to be looked for in the lower-cased text (see `folds_plainly`).

    >>> sorted(required(re.compile(r"\\b(?:[Cc]enters?|labor)\\b")))
    ['enter', 'labor']
    >>> sorted(required(re.compile(r"Pseudo-left|ruling elite", re.IGNORECASE)))
    ['pseudo-left', 'ruling elite']
    >>> required(re.compile(r"\\d{4}")) is None
    True
    """
    found = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    if found is None or not pattern.flags & re.IGNORECASE:
        return found
    lowered = frozenset(literal.lower() for literal in found)
    return lowered if all(literal.isascii() for literal in lowered) else None


def leading(pattern: re.Pattern[str], known: Collection[str] = ()) -> frozenset[str] | None:
    """Literals one of which every match of `pattern` begins with (after what it only looks
    at: `\\b`, lookarounds), or None when no such set of long enough literals is known (a
    shorter one will do if it is `known`: looked for anyway). For a pattern that ignores
    case, as for `required`.

    >>> sorted(leading(re.compile(r"\\b(?:Monday|Friday),? \\d")))
    ['Friday', 'Monday']
    >>> sorted(leading(re.compile(r"\\b[Oo]rganis")))
    ['Organis', 'organis']
    >>> leading(re.compile(r"\\d+ Monday")) is None
    True
    """
    found = _leading(_parser.parse(pattern.pattern, pattern.flags))
    if found is not None and pattern.flags & re.IGNORECASE:
        found = frozenset(literal.lower() for literal in found)
        if not all(literal.isascii() for literal in found):
            return None
    if found is None or not all(map(str.strip, found)):
        return None
    if any(len(literal) < MIN_LITERAL and literal not in known for literal in found):
        return None
    return found


#: Items that match no character: what a pattern looks at before its first character.
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
#: The largest character set `[…]` of plain characters read as so many literals.
_MAX_CLASS = 4


def _leading(items: Any) -> frozenset[str] | None:
    """The literals one of which a parsed sequence's matches begin with."""
    for index, (op, value) in enumerate(items):
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name == "LITERAL" or _exact(op, value) is not None:
            return frozenset({_literal_run(items[index:])})
        if name == "IN":
            characters = _plain_class(value)
            if characters is None:
                return None
            rest = _literal_run(items[index + 1 :])
            return frozenset(character + rest for character in characters)
        return _element(name, value, _leading)
    return None


def _plain_class(items: Any) -> frozenset[str] | None:
    """The characters of a small set `[…]` of plain characters (`[Oo]`), else None."""
    if len(items) > _MAX_CLASS or any(str(op) != "LITERAL" for op, _ in items):
        return None
    return frozenset(chr(value) for _, value in items)


def _literal_run(items: Any) -> str:
    """The plain text a parsed sequence begins with."""
    run = ""
    for op, value in items:
        if str(op) == "LITERAL":
            run += chr(value)
            continue
        exact = _exact(op, value)
        if exact is None:
            break
        run += exact
    return run


#: The characters a case-blind pattern matches to an ASCII letter whose lower case is not
#: that letter (`ſ` matches `s`, the Kelvin sign `k`, dotless `ı` and `İ` match `i`); `İ`
#: is also the one character whose lower case is two long.
_FOLDS_APART = ("ſ", "\u212a", "ı", "İ")


def folds_plainly(text: str) -> bool:
    """Whether, in `text`, a case-blind match of an ASCII literal is exactly where the
    lower-cased text holds the literal in lower case, at the same offsets.

    >>> folds_plainly("FIRST published"), folds_plainly("firſt published")
    (True, False)
    """
    return not any(character in text for character in _FOLDS_APART)


def ascii_lower(text: str) -> str:
    """`text` with its ASCII letters in lower case and every other character as it is.

    Of all characters beyond ASCII only `İ` and the Kelvin sign have a lower case holding an
    ASCII character: in a text that `folds_plainly`, an ASCII literal is where it is in
    `text.lower()`, and this costs half what `lower()` does on a text beyond Latin-1.

    >>> ascii_lower("FIRST Published — ÉTÉ")
    'first published — ÉtÉ'
    """
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def stays_on_a_line(pattern: re.Pattern[str]) -> bool:
    """Whether no match of `pattern`, and nothing it looks ahead or behind at, can take in a
    line break; and whether it ends nowhere but at a line's end (so that a search cut at the
    end of a line finds what a search of the whole text finds there).

    >>> stays_on_a_line(re.compile(r"Issue No\\. \\d+")), stays_on_a_line(re.compile(r"a\\sb"))
    (True, False)
    """
    return not _may_cross(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)


def _sequence(items: Any) -> frozenset[str] | None:
    """The best literal set required by a sequence of parsed items (None: none), as the
    pattern spells them."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(value)
            continue
        exact = _exact(op, value)
        if exact is not None:
            run += exact
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        inner = _element(name, value, _sequence)
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append(frozenset({run}))
    usable = [c for c in candidates if min(map(len, c)) >= MIN_LITERAL and all(map(str.strip, c))]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _element(
    name: str, value: Any, read: Callable[[Any], frozenset[str] | None]
) -> frozenset[str] | None:
    """The literal set of one parsed item that is a group, a choice or a repeat, from `read`
    (`_sequence` for the literals a match requires, `_leading` for those it begins with)
    applied to what the item holds; None for any other item."""
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, inner = value
        return None if add_flags & re.IGNORECASE else read(inner)
    if name == "ATOMIC_GROUP":
        return read(value)
    if name == "BRANCH":
        result: set[str] = set()
        for alternative in value[1]:
            found = read(alternative)
            if found is None:
                return None
            result |= found
        return frozenset(result)
    if name in _REPEATS and value[0] >= 1:
        return read(value[2])
    return None


def _exact(op: Any, value: Any) -> str | None:
    """The text a parsed group matches when it is plain literals (`(?:Workers World)`)."""
    if str(op) != "SUBPATTERN" or value[1] & re.IGNORECASE:
        return None
    text = ""
    for inner_op, inner_value in value[3]:
        if str(inner_op) != "LITERAL":
            return None
        text += chr(inner_value)
    return text


def _may_cross(items: Any, flags: int) -> bool:
    """Whether a parsed sequence may match, look at, or stop short of a line break."""
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            if value == _NEWLINE:
                return True
        elif name == "ANY":
            if flags & re.DOTALL:
                return True
        elif name == "IN":
            if _set_has_newline(value):
                return True
        elif name == "AT":
            if _anchor_may_cross(str(value), flags):
                return True
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, inner = value
            if _may_cross(inner, (flags | add_flags) & ~del_flags):
                return True
        elif name == "ATOMIC_GROUP":
            if _may_cross(value, flags):
                return True
        elif name == "BRANCH":
            if any(_may_cross(alternative, flags) for alternative in value[1]):
                return True
        elif name in _REPEATS:
            if _may_cross(value[2], flags):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _may_cross(value[1], flags):
                return True
        else:
            # Any other item (a negated character, a back-reference, an item of a later
            # Python) may match a line break: assume the worst.
            return True
    return False


def _anchor_may_cross(anchor: str, flags: int) -> bool:
    """Whether an anchor behaves otherwise at the end of a line than at the end of the text
    (`$` without MULTILINE, `\\Z`): cut at a line's end, a search would see a text's end."""
    if anchor == "AT_END":
        return not flags & re.MULTILINE
    return anchor == "AT_END_STRING"


def _set_has_newline(items: Any) -> bool:
    """Whether a character set `[…]` matches a line break."""
    negated = False
    contains = False
    for op, value in items:
        name = str(op)
        if name == "NEGATE":
            negated = True
        elif name == "LITERAL":
            contains |= value == _NEWLINE
        elif name == "RANGE":
            contains |= value[0] <= _NEWLINE <= value[1]
        elif name == "CATEGORY":
            contains |= str(value) in _CATEGORIES_WITH_NEWLINE
        else:
            return True
    return contains != negated
