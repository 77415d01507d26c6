"""Site chrome of pages of no known publication: menus, print and link lines, repost notes.

These rules are the generic layout's own: the four publications' layouts do not apply them,
so a line of their articles that happens to look like a site's chrome is never lost.
"""

from __future__ import annotations

import re

from ..ledger import LineRule, rule

#: Separators of a breadcrumb (`Home » World » Asia`).
_BREADCRUMB = r"[^»›]{1,40}(?: [»›] [^»›]{1,40})+"
#: A menu whose items the converter ran together (`HomeNewsActionsAboutDonate`).
_RUN_TOGETHER = r"(?:[A-Z][a-z]+){4,}"
#: A footer line of links separated by pipes (`Back to the top | Write to us`).
_PIPES = r"[^|]{1,42}(?: \| [^|]{1,42})+"
#: Dated source lines (`Source: In Defence Of Marxism, June 4, 1998.`) are read for their date.
_NO_YEAR = r"(?!.*\b(?:19|20)\d\d\b)"

SITE_RULES: tuple[LineRule, ...] = (
    rule("generic.menu", _BREADCRUMB, _RUN_TOGETHER, where="head", flags=0),
    rule("generic.menu", _PIPES, where="tail"),
    rule(
        "generic.navigation",
        r"Print(?:able|er[- ]friendly) version(?::? \S+)?",
        r"Link to this page:?(?: \S+)?",
        r"(?:https?://|www\.)\S+",
        r"Details",
        where="head",
    ),
    rule(
        "generic.navigation",
        r"\{[^{}]{1,40}\}",
        r"Back to (?:the )?(?:top|index|home|contents|front page)",
        r"(?:Newer Posts?|Older Posts?|Home)(?: (?:Newer Posts?|Older Posts?|Home)){1,2}",
        where="tail",
    ),
    rule(
        "generic.age_banner",
        r"This article is (?:more than|over) (?:a year|\d+ (?:years?|months?))"
        r"(?:,? (?:and )?\d+ months?)? old",
        where="head",
    ),
    rule(
        "generic.byline_credit",
        r"(?:Staff|Special|Our) (?:Reporter|Correspondent)s?",
        r"(?:Associated Press|AP|Reuters|AFP|PTI|APP) (?:Writer|Correspondent|Reporter)s?",
        where="head",
    ),
    rule(
        "generic.date_note",
        r"\[(?:Written|First published|Published|Delivered|Dated):? [^\[\]]{1,60}\]",
        where="head",
    ),
    rule(
        "generic.source_note",
        r"(?:Reprinted|Reposted|Republished|Reblogged|Cross-?posted) (?:from|with permission from)"
        r" .{1,100}",
        r"Original(?:ly)? (?:article|published|posted|appeared) (?:at|in|on|by) .{1,120}",
        r"Read the original(?: article)? (?:at|on) .{1,80}",
        where="edges",
    ),
    rule(
        "generic.source_note",
        r"This article was (?:originally|first) (?:written|published|posted) (?:for|in|on|at|by)"
        r" .{1,250}",
    ),
    rule("generic.source_note", _NO_YEAR + r"Source: .{1,80}", where="tail"),
    rule(
        "generic.archive_credit",
        r"(?:Markup|Transcription|Transcribed|HTML|Proofread|Proofreading)(?: by)?: .{1,60}",
        where="tail",
    ),
    rule(
        "generic.join",
        r"Join us!?",
        r"(?:Join|Subscribe to)(?: the| our)?(?: [A-Z][\w'’]*){1,4}!?",
        r"Donate to (?:the |our )?[\w'’ ]{1,40}!?",
        where="tail",
        flags=0,
    ),
    rule("generic.related", r"Recent(?: [A-Z][\w'’]*){1,3}", where="tail", flags=0),
    rule("generic.tags", r"Posted in .{1,200}", where="head"),
    rule("generic.sources", r"Sources?:?", where="tail"),
    rule("generic.author_bio", r"About the authors?:?", where="tail"),
    rule(
        "generic.post_footer",
        r"Posted by .{1,60} at \d{1,2}:\d\d(?: ?[AaPp]\.?[Mm]\.?)?",
        where="tail",
    ),
)

#: Footer headings after which the rest of the page is that footer (teasers, tags, a bio).
SECTION_RULES = frozenset(
    {
        "generic.related",
        "generic.read_more",
        "generic.tags",
        "generic.sources",
        "generic.author_bio",
        "generic.join",
    }
)

#: Rules that name a masthead's chrome: the lines of the block of a menu, above it, are the
#: site's name and tagline, not labels.
CHROME_RULES = frozenset({"generic.menu"})

_MENU_GAP = re.compile(r"\s{2,}")
_MENU_ITEM_WORDS = 3
_MENU_ITEM_CHARS = 25


def is_spaced_menu(raw: str) -> bool:
    """A menu whose items the page set apart with runs of spaces (`Home  About  Contact`).

    >>> is_spaced_menu("Home   About us   Meetings   Join   Contact")
    True
    >>> is_spaced_menu("Pakistan  floods: the  death toll rises")
    False
    """
    items = _MENU_GAP.split(raw.strip())
    return len(items) >= 3 and all(
        len(item) <= _MENU_ITEM_CHARS
        and len(item.split()) <= _MENU_ITEM_WORDS
        and item[0].isupper()
        and not item.endswith((".", ",", ";", ":"))
        for item in items
    )


_CONTENTS = re.compile(r"In this (?:issue|edition|bulletin|newsletter):?", re.IGNORECASE)


def is_contents_heading(text: str) -> bool:
    """The heading of a newsletter's list of contents (`In this issue:`)."""
    return bool(_CONTENTS.fullmatch(text))


_CREDIT_LINE = re.compile(r"(?:Photo |Picture |Image )?Credits?: \S.{0,60}")


def is_credit_line(text: str) -> bool:
    """A photo credit on a line of its own, under the caption (`Credit: Joe Piette`).

    >>> is_credit_line("Credit: Lila Morales"), is_credit_line("Credit: the union won.")
    (True, False)
    """
    return bool(_CREDIT_LINE.fullmatch(text)) and not text.endswith(".")
