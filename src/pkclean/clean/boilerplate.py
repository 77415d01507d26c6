"""Boilerplate found on many sites (sharing, comment forms, patron appeals) and captions."""

from __future__ import annotations

import re

from .ledger import LineRule, Sheet, rule
from .text.shapes import is_headline_like

_NETWORK = r"(Facebook|Twitter|X|WhatsApp|Email|E-mail|Telegram|Reddit|LinkedIn|Print|Tweet|Share)"

GENERIC_RULES: tuple[LineRule, ...] = (
    rule(
        "generic.patron",
        r"Liked this article\? We need your support to improve our work\.? ?"
        r"Please become a Patron!? and support our work\.?",
        r"Become a patron at Patreon!?",
    ),
    rule(
        "generic.comment_form",
        r"Be the first to comment",
        r"Leave a Reply( Cancel reply)?",
        r"Your email address will not be published\.?( Required fields are marked \*)?",
        r"Required fields are marked \*",
        r"Save my name, email, and website in this browser for the next time I comment\.?",
        r"Post Comment",
        r"This site uses Akismet to reduce spam\. Learn how your comment data is processed\.?",
        r"\d+ (comments?|responses?):?",
        r"Leave a comment",
        r"Post a Comment",
        r"Comments are closed\.?",
        r"Enter your comment here(\.\.\.|…)?",
        r"Fill in your details below or click an icon to log in:?",
        r"(Email|Name) \(required\)( \(Address never made public\))?",
        r"Notify me of new (comments|posts) via email\.?",
        where="tail",
    ),
    rule(
        "generic.comment_form",
        r"Comment( \*)?",
        r"Name( \*)?",
        r"Email( \*)?",
        r"Website",
        r"Δ",
        where="tail",
    ),
    rule(
        "generic.share",
        r"Share( this( article| post| story| page)?)?:?",
        r"Share (on|via) (Facebook|Twitter|X|WhatsApp|Email|Telegram|Reddit|LinkedIn)",
        r"(Tweet|Print|Email|Facebook|Twitter|WhatsApp|Telegram|Reddit|LinkedIn|Copy link)"
        r"( this( article)?)?",
        r"((Facebook|Twitter|X|WhatsApp|Email|Telegram|Reddit|LinkedIn|Print)\s*){2,}",
        # `Share on Facebook | Tweet | Email`, `Share: Twitter | LinkedIn`, `Share Tweet Email`
        rf"(Share( this| on| via)?:? )?{_NETWORK}(( \| | ){_NETWORK})+",
        where="edges",
    ),
    rule(
        "generic.share",
        r"Follow us( on)?:?",
        r"((Facebook|Twitter|X|Instagram|YouTube|TikTok|Telegram|WhatsApp|Email|RSS)\s*){2,}",
        r"Like this:?",
        r"Like Loading(\.\.\.|…)?",
        where="edges",
    ),
    rule("generic.loading", r"Loading(\.\.\.|…)?", where="edges"),
    rule("generic.donate", r"Donate( now| today)?!?", where="edges"),
    rule("generic.menu", r"[•·▪●◦‣]\s*\S.{0,60}", where="head"),
    # No optional spaces around `|`: items hold spaces, and the ambiguity made failing
    # matches exponential (42 = 40 characters plus a space on each side).
    rule("generic.menu", r"[^|]{1,42}(?:\|[^|]{1,42}){2,}", where="head"),
    rule("generic.copyright", r"(©|Copyright|\(c\)) ?.{0,200}", where="tail"),
    rule("generic.tags", r"Posted in .{1,200}", where="tail"),
    rule("generic.read_more", r"Read more( »| ›| →)?"),
    rule("generic.advert", r"Advertisement"),
    rule(
        "generic.navigation",
        r"Skip to (main )?content",
        r"(Main )?Menu",
        r"Search( for:)?",
        r"Toggle navigation",
        where="head",
    ),
    rule(
        "generic.related",
        r"Related( articles| posts| stories| content)?:?",
        r"You (may|might) also like:?",
        r"More (from|on) this (topic|site)",
        r"Further reading:?",
        where="tail",
    ),
    rule("generic.tags", r"(Tags|Topics|Filed under|Categories|Labels):?( .*)?", where="tail"),
)

#: Photo credits that end a caption line: `(Pic: …)`, `(AP Photo/…)`, `[Photo: …]`.
_CREDIT = re.compile(
    r".*[(\[](?:(?:Pic|Picture|Photo|Image|Credit)s?\s*:|(?:[A-Z][\w.&-]*\s)*Photo\s?/)[^()\[\]]*[)\]]"
)


def is_caption(text: str) -> bool:
    """Whether a line is a photo caption with a credit at its end.

    >>> is_caption("Marchers in Lahore (Pic: A. Photographer)")
    True
    >>> is_caption("Police in Karachi, 3 May 2023 [AP Photo/A. Photographer]")
    True
    >>> is_caption("The union (which has 5,000 members) struck.")
    False
    """
    return len(text) <= 400 and text.endswith((")", "]")) and bool(_CREDIT.fullmatch(text))


def mark_captions(sheet: Sheet) -> None:
    """Move photo captions out of the body; drop the first copy of a caption shown twice.

    A caption line repeated on the next line (the second copy perhaps with a credit) is a
    caption even without a credit; the related-article pattern (a headline twice, then
    `Read more`) is removed whole.
    """
    free = sheet.free()
    for index, line in enumerate(free):
        if not sheet.is_free(line):
            continue
        following = free[index + 1] if index + 1 < len(free) else None
        if following is not None and repeats_caption(line.text, following.text):
            if _is_read_more(sheet, following.no):
                sheet.remove(line, "generic.related_article")
                sheet.remove(following, "generic.related_article")
                continue
            if is_headline_like(line.text, max_words=60) or is_caption(following.text):
                sheet.remove(line, "generic.duplicate_caption")
                sheet.claim(following, "captions")
                sheet.captions.append(following.text)
                continue
        if is_caption(line.text):
            sheet.claim(line, "captions")
            sheet.captions.append(line.text)


#: Apostrophes that image alt text often drops (`didnt` for `didn’t`).
_APOSTROPHES = str.maketrans("", "", "'’‘")
#: What a second copy of a caption may add: `(Click to enlarge: opens in new window)`.
_BRACKETED = re.compile(r" ?[(\[][^()\[\]]{1,80}[)\]]")


def trailing_bracket(text: str) -> int | None:
    """Where a bracketed part that ends the text starts (`… (Pic: A. Photographer)`), if
    there is one with no bracket inside it (found from the end: no pattern backtracks).

    >>> trailing_bracket("Marchers (Pic: A. Photographer)"), trailing_bracket("No (a) b")
    (9, None)
    """
    end = text.rstrip()
    if not end.endswith((")", "]")):
        return None
    start = end.rfind("(" if end.endswith(")") else "[")
    if start == -1 or any(ch in end[start + 1 : -1] for ch in "()[]"):
        return None
    return start


def without_bracket(text: str) -> str:
    """The text without a bracketed part that ends it (see `trailing_bracket`).

    >>> without_bracket("Marchers in Lahore (Pic: A. Photographer)")
    'Marchers in Lahore'
    """
    start = trailing_bracket(text)
    return text if start is None else text[:start].rstrip()


def repeats_caption(first: str, second: str) -> bool:
    """Whether `second` repeats the line `first`: the same text, or the same caption with a
    credit or a bracketed note, where the first copy (image alt text) may lack the
    apostrophes or carry a different credit.

    >>> repeats_caption("Workers at the gate", "Workers at the gate (Pic: A. Photographer)")
    True
    >>> repeats_caption("The governments tax", "The government’s tax (Pic: A. Photographer)")
    True
    >>> repeats_caption("March (Photo: A. Person)", "March (Picture: A. Person)")
    True
    >>> repeats_caption("Strikers. Photo: SP", "Strikers. Photo: SP (Click to enlarge)")
    True
    >>> repeats_caption("Workers at the gate", "Workers at the gate were locked out")
    False
    """
    if first == second:
        return True
    if second.startswith(first) and _BRACKETED.fullmatch(second[len(first) :]):
        return True
    if not is_caption(second):
        return False
    bare = without_bracket(first) if is_caption(first) else first
    return bool(bare) and second.translate(_APOSTROPHES).startswith(bare.translate(_APOSTROPHES))


def _is_read_more(sheet: Sheet, after_no: int) -> bool:
    """Whether the next non-blank line after `after_no` was removed as a `Read more` link."""
    lines = sheet.doc.lines
    for index in range(after_no, len(lines)):  # lines[after_no] is line after_no + 1
        if not lines[index].blank:
            removal = sheet.removals.get(lines[index].no)
            return removal is not None and removal.rule.endswith("read_more")
    return False
