"""A page's tags and the attributes of each, counted before lxml parses it.

libxml2 checks each attribute's name against the element's earlier ones, so its time grows
with the square of an element's attributes: a page of a few MB with one huge tag takes
minutes. Counting them first costs one scan of the page's tags, linear by construction: the
tag pattern cannot fail once it has started (every part after the name is optional), so the
scan never starts again inside a tag it has read, and a quoted value that never closes is
read to the end of the page once at most for each kind of quote.
"""

from __future__ import annotations

import re

from ...document import Limits
from ...errors import PageTooComplexError

# Attribute names stop at white space, `/`, `>` and `=`; a value is quoted, or runs to white
# space or `>`. Separators include `/` and `=` so that stray ones cannot hide attributes.
_ATTRIBUTE = r"""[\s/=]+[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"""
_TAG = re.compile(rf"<[A-Za-z][^\s/>]*((?:{_ATTRIBUTE})*)")
# Counted one after another (findall): an attribute starts only where a run of separators
# does, so that no search starts again inside a run.
_ATTRIBUTES = re.compile(rf"(?<![\s/=]){_ATTRIBUTE}")
#: The shortest text of an attribute: a separator and a one-character name.
_MIN_ATTRIBUTE_CHARS = 2


def check_markup(text: str, limits: Limits) -> None:
    """Refuse a page with more tags, or an element with more attributes, than the limits.

    >>> check_markup('<p class="a" id=b>Strike</p>', Limits())
    >>> check_markup("<p " + " ".join(f"a{n}" for n in range(600)) + ">", Limits())
    Traceback (most recent call last):
    ...
    pkclean.errors.PageTooComplexError: an element with 600 attributes is over the limit of 500
    """
    tags = text.count("<")
    if tags > limits.max_tags:
        raise PageTooComplexError(
            f"{tags:,} tags is over the limit of {limits.max_tags:,} per page"
        )
    shortest = limits.max_attributes * _MIN_ATTRIBUTE_CHARS
    for match in _TAG.finditer(text):
        start, end = match.span(1)
        if end - start > shortest:
            count = len(_ATTRIBUTES.findall(text, start, end))
            if count > limits.max_attributes:
                raise PageTooComplexError(
                    f"an element with {count:,} attributes is over the limit of "
                    f"{limits.max_attributes:,}"
                )
