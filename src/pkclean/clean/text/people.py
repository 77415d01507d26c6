"""Author bylines and name-like lines."""

from __future__ import annotations

import re

_BYLINE = re.compile(r"(?i:by)\s+(?P<names>\S.{0,200})")
# Separators of names, in text whose white space is folded to single spaces.
_SPLIT = re.compile(r", and |, ?| and | ?& ?")
_NAME_TOKEN = re.compile(
    r"(?:[A-Z][a-zà-ÿ'’\-]+(?:-[A-Z][a-zà-ÿ'’]+)?|[A-Z]\.(?:[A-Z]\.)*|Mc[A-Z][a-z]+|O’[A-Z][a-z]+)"
)
_PARTICLES = frozenset(
    {"de", "del", "der", "van", "von", "da", "al", "bin", "el", "la", "le", "ul"}
)
# Lower-case words a byline may hold besides names (`by our reporters`, `by a correspondent`).
_BYLINE_WORDS = frozenset(
    """and our a an the of staff reporter reporters correspondent correspondents writer
    writers team""".split()
)
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December""".split()
)
# Capitalised words that make a line a label or heading rather than a person's name.
_NOT_NAMES = frozenset(
    """
    A An The Of And In On For To At By With From Against After Before Over Under Why How What
    Who When Where Is Are Was Were Be Not No Yes New Old Our Your Their This That These Those
    Workers Worker Socialist Socialists Party Equality International Committee Web Site World
    News Letter Letters Reader Readers Perspective Perspectives Editorial Comment Analysis
    Review Reviews Interview Report Reports Update Campaign Election Elections Strike Strikes
    Struggle Struggles War Union Unions Trade Labour Labor Movement Crisis Protest Protests
    Americas Europe Africa Asia Australia Pakistan India China Britain America Government
    Army Military Police Court Students Youth Women Class Capitalism Imperialism Revolution
    Fourth Correspondent Correspondents Staff Reporter Reporters Online Home Archives Books
    Donate Subscribe Share Read More Loading English Español Deutsch Français Day Week
    January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """.split()
)


def split_names(text: str) -> tuple[str, ...]:
    """Split a list of names written as `A, B and C`.

    >>> split_names("Esme Choonara and Yuri Prasad")
    ('Esme Choonara', 'Yuri Prasad')
    """
    parts = (part.strip(" .,;") for part in _SPLIT.split(" ".join(text.split())))
    return tuple(part for part in parts if part)


def parse_byline(text: str) -> tuple[str, ...] | None:
    """Names from a byline that starts with `by`, or None when the line is not one.

    The names end at the first lower-case word that is neither a name particle (`de`, `bin`)
    nor a word bylines use (`our reporters`): what follows (`in Lahore`, `posted on …`)
    qualifies the byline. Parts that are not capitalised (`, wsws.org`) are not names, and a
    first word that is a day or a month makes the line a sentence (`By Tuesday the strike
    ended`), not a byline.

    >>> parse_byline("by Esme Choonara")
    ('Esme Choonara',)
    >>> parse_byline("By A. Writer and B. Other")
    ('A. Writer', 'B. Other')
    >>> parse_byline("By Asad Farooq in Lahore"), parse_byline("By Keith Ambrose, wsws.org")
    (('Asad Farooq',), ('Keith Ambrose',))
    >>> parse_byline("by the way, the strike went on.") is None
    True
    >>> parse_byline("By Tuesday the strike ended") is None
    True
    """
    read = read_byline(text)
    return read[0] if read is not None else None


def read_byline(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The names of a byline (see `parse_byline`) and whether they are all the line says
    (False when a qualifier such as `in Lahore` or a part such as `, wsws.org` was left out).

    >>> read_byline("By Asad Farooq in Lahore")
    (('Asad Farooq',), False)
    >>> read_byline("by Esme Choonara and Yuri Prasad")
    (('Esme Choonara', 'Yuri Prasad'), True)
    """
    match = _BYLINE.fullmatch(text.strip())
    if not match:
        return None
    words = match.group("names").split(" ")
    end = next(
        (
            i
            for i, word in enumerate(words)
            if word[:1].islower() and word not in _PARTICLES and word not in _BYLINE_WORDS
        ),
        len(words),
    )
    parts = split_names(" ".join(words[:end]))
    names = tuple(name for name in parts if name[:1].isupper())
    if not names or any(len(name.split()) > 6 for name in names):
        return None
    if names[0].split()[0].strip(".,") in _CALENDAR:
        return None
    return names, end == len(words) and len(names) == len(parts)


def is_name(text: str) -> bool:
    """Whether a short line looks like a person's name (2 to 5 capitalised tokens).

    >>> is_name("Sampath Perera"), is_name("Workers Struggles"), is_name("K. Ratnayake")
    (True, False, True)
    """
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for token in tokens:
        if token in _PARTICLES:
            continue
        if token.strip(".,") in _NOT_NAMES or not _NAME_TOKEN.fullmatch(token):
            return False
        capitalised += 1
    return capitalised >= 2 and tokens[0] not in _PARTICLES


def names_line(text: str) -> tuple[str, ...] | None:
    """Names from a line that is only names (`A`, `A and B`, `By A`), else None.

    >>> names_line("Sampath Perera and Keith Jones")
    ('Sampath Perera', 'Keith Jones')
    >>> names_line("Pakistani workers strike") is None
    True
    """
    byline = parse_byline(text)
    if byline is not None:
        return byline
    names = split_names(text)
    if names and all(is_name(name) for name in names):
        return names
    return None
