"""Small predicates about the shape of a line of text, shared by layouts and the body builder."""

from __future__ import annotations

import re

_CLOSERS = "\"'”’»)]*_"
_TERMINAL = ".!?…"
_CONNECTORS = frozenset(
    """a an the of and or but nor as to in on at by for from with into onto over under after
    before against between amid among about than that which who whose while when where if
    its their his her our is are was were be has have had will would can could not""".split()
)


def strip_closers(text: str) -> str:
    """Text without trailing closing quotes, brackets or emphasis marks."""
    return text.rstrip(_CLOSERS + " ")


def ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation (quotes and brackets aside).

    >>> ends_sentence('He said “no.”'), ends_sentence("the tactic to")
    (True, False)
    """
    core = strip_closers(text)
    return bool(core) and core[-1] in _TERMINAL


def starts_lower(text: str) -> bool:
    """Whether text starts with a lower-case letter.

    >>> starts_lower("and so on"), starts_lower("“and”"), starts_lower("iPhone")
    (True, False, True)
    """
    return bool(text) and text[0].islower()


def ends_with_connector(text: str) -> bool:
    """Whether a line ends in a word or mark that cannot end a headline.

    >>> ends_with_connector("Bloodshed rises in Pakistan as"), ends_with_connector("Pakistan")
    (True, False)
    """
    core = text.rstrip()
    if not core:
        return False
    if core[-1] in ",:;–—-/&":
        return True
    last = core.split()[-1].lower()
    return last in _CONNECTORS


def words(text: str) -> int:
    return len(text.split())


def more_words_than(text: str, count: int) -> bool:
    """Whether text has more than `count` words, found without splitting all of a long text.

    >>> more_words_than("one two three", 2), more_words_than("one two", 2)
    (True, False)
    """
    return len(text.split(None, count)) > count


def is_headline_like(text: str, *, max_words: int = 30) -> bool:
    """A line that could be a headline or label: short, not a full stop at the end.

    >>> is_headline_like("Where next for the movement in Pakistan?")
    True
    >>> is_headline_like("Thousands marched. Police watched.")
    False
    """
    if not text or len(text) > 250 or more_words_than(text, max_words):
        return False
    core = strip_closers(text)
    return not core.endswith((".", ",", ";"))


def is_long(text: str) -> bool:
    """A line long enough to be a paragraph of prose rather than a label."""
    return len(text) >= 200 or (more_words_than(text, 25) and ends_sentence(text))


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def sentences(text: str) -> int:
    """Rough count of sentences (for telling a standfirst from a paragraph)."""
    return len(_SENTENCE_END.findall(text + " "))
