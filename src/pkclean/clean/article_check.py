"""Telling an article from text that is not one (data, logs, code, word lists).

The rule, checked in this order on the lines of a document; the first that applies names the
reason, and a document none applies to is taken as an article:

1. JSON: the text parses as JSON, or each of its first lines as JSON Lines.
2. A table: the first line has 3 or more fields separated by `,` `;` `|` or a tab, at least
   90% of the first 60 lines have the same number of fields, and the fields are short
   (median 30 characters or less).
3. A log: at least 60% of the first 60 lines start with a time stamp.
4. Code or markup: at least half of the first 60 lines, and 3 or more, end in `;` `{` `}`,
   open a Python block, start with an import, a comment, a call, an assignment or a tag.
5. Too short: fewer than 10 words in all.
6. No prose: no paragraph (lines between blank lines) has 6 or more words, three quarters of
   them with letters (of its first 12), and a full stop, question or exclamation mark ending
   a sentence.

Real articles, even a 60-word news brief, pass all six; the rules are deliberately loose.
"""

from __future__ import annotations

import csv
import re
import statistics
from collections.abc import Callable, Sequence

import orjson

from .lines import Document, Line

MIN_WORDS = 10
PROSE_WORDS = 6
PROSE_LETTER_SHARE = 0.75
SAMPLE_LINES = 60
TABLE_MIN_FIELDS = 3
TABLE_ROW_SHARE = 0.9
TABLE_MAX_MEDIAN_FIELD = 30
LOG_SHARE = 0.6
CODE_SHARE = 0.5
CODE_MIN_LINES = 3
_DELIMITERS = (",", "\t", ";", "|")
_TIMESTAMP = re.compile(
    r"\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d"  # 2024-01-31 12:00, ISO 8601
    r"|\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d"  # 31/Jan/2024:12:00:00, web server logs
    r"|[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d"  # Jan 31 12:00:00, syslog
    r"|\d\d:\d\d:\d\d)"  # 12:00:00
)
_CODE_ENDS = (";", "{", "}")
_CODE_STARTS = ("import ", "from ", "#include", "//", "/*", "#!", "}", "<?", "<!", "return")
_PYTHON_BLOCKS = ("def ", "class ", "if ", "elif ", "else", "for ", "while ", "try", "except")
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# `name(…)` or `a.b = …` at the start of a line: a call or an assignment, never prose.
_STATEMENT = re.compile(r"[A-Za-z_][\w.]*(?:\(|\s*=\s*\S)")
_PROSE_SAMPLE = 12
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)|[。！？]")
# Chinese, Japanese and Korean are written without spaces: each character counts as a word.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

Check = Callable[[Document, Sequence[Line]], str | None]


def article_check(doc: Document) -> str | None:
    """Why a document is not an article, or None when it may be one (see the module rule).

    >>> article_check(Document.from_text('{"id": 1, "title": "Strike"}'))
    'looks like JSON data'
    >>> article_check(Document.from_text("Home\\nNews\\nDonate"))
    'only 3 words (an article has at least 10)'
    """
    sample = doc.nonblank[:SAMPLE_LINES]
    for check in CHECKS:
        reason = check(doc, sample)
        if reason is not None:
            return reason
    return None


def _json(doc: Document, sample: Sequence[Line]) -> str | None:
    if not sample or sample[0].text[0] not in "{[":
        return None
    if doc.nonblank[-1].text[-1] in "}]" and _parses("\n".join(line.raw for line in doc.lines)):
        return "looks like JSON data"
    if all(line.text[0] in "{[" and _parses(line.raw) for line in sample):
        return "looks like JSON Lines data"
    return None


def _parses(text: str) -> bool:
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True


def _table(doc: Document, sample: Sequence[Line]) -> str | None:
    if len(sample) < 3:
        return None
    raw = [line.raw for line in sample]
    for delimiter in _DELIMITERS:
        if raw[0].count(delimiter) < TABLE_MIN_FIELDS - 1:
            continue
        try:
            rows = list(csv.reader(raw, delimiter=delimiter))
        except csv.Error:
            continue
        width = len(rows[0])
        same = sum(1 for row in rows if len(row) == width)
        lengths = [len(field.strip()) for row in rows for field in row]
        if same >= TABLE_ROW_SHARE * len(rows) and statistics.median(lengths) <= (
            TABLE_MAX_MEDIAN_FIELD
        ):
            name = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[delimiter]
            return f"looks like a table ({width} {name}-separated columns)"
    return None


def _log(doc: Document, sample: Sequence[Line]) -> str | None:
    if _most(sample, _stamped, LOG_SHARE, 3):
        return "looks like a log (lines start with time stamps)"
    return None


def _stamped(text: str) -> bool:
    """Whether a line starts with a time stamp (every form has a colon near the start)."""
    return text.find(":", 0, 32) != -1 and bool(_TIMESTAMP.match(text))


def _code(doc: Document, sample: Sequence[Line]) -> str | None:
    if _most(sample, is_code_line, CODE_SHARE, CODE_MIN_LINES):
        return "looks like program code or markup"
    return None


def _most(sample: Sequence[Line], test: Callable[[str], bool], share: float, least: int) -> bool:
    """Whether at least `share` of the lines, and `least` lines, pass (stops once it knows)."""
    needed = max(share * len(sample), least)
    allowed_misses = len(sample) - needed
    hits = misses = 0
    for line in sample:
        if test(line.text):
            hits += 1
            if hits >= needed:
                return True
        else:
            misses += 1
            if misses > allowed_misses:
                return False
    return False


def is_code_line(text: str) -> bool:
    """Whether a line looks like a statement, block, import, comment or tag of code or markup.

    >>> is_code_line("x = f(y);"), is_code_line("def main():"), is_code_line("<div class=a>")
    (True, True, True)
    >>> is_code_line("Workers struck in Lahore; police watched.")
    False
    """
    return (
        text.endswith(_CODE_ENDS)
        or text.startswith(_CODE_STARTS)
        or (text.endswith(":") and text.startswith(_PYTHON_BLOCKS))
        or (text.startswith("<") and bool(_TAG.match(text)))
        or (("(" in text or "=" in text) and bool(_STATEMENT.match(text)))
    )


def _too_short(doc: Document, sample: Sequence[Line]) -> str | None:
    total = 0
    for line in doc.nonblank:
        total += _word_count(line.text)
        if total >= MIN_WORDS:
            return None
    return f"only {total} words (an article has at least {MIN_WORDS})"


def _no_prose(doc: Document, sample: Sequence[Line]) -> str | None:
    if any(is_prose(line.text) for line in doc.nonblank):
        return None  # the common case, without joining hard-wrapped lines
    paragraph: list[str] = []
    for line in (*doc.lines, None):
        if line is not None and not line.blank:
            paragraph.append(line.text)
        elif paragraph:
            if is_prose(" ".join(paragraph)):
                return None
            paragraph = []
    return (
        f"no paragraph of prose (none has {PROSE_WORDS} or more words of letters "
        "and a sentence end)"
    )


def _word_count(text: str) -> int:
    """Words: runs between spaces, and each CJK character.

    >>> _word_count("Workers marched"), _word_count("労働者が行進した。 Lahore")
    (2, 9)
    """
    tokens = text.split()
    if text.isascii():
        return len(tokens)
    return sum(len(_CJK.findall(token)) or 1 for token in tokens)


def is_prose(text: str) -> bool:
    """Whether a paragraph reads as prose: enough words, mostly with letters, a sentence end.

    >>> is_prose("Thousands of lawyers marched through Lahore on Friday.")
    True
    >>> is_prose("Home News Archives Books Donate Subscribe Contact Search")
    False
    >>> is_prose("工場の労働者が賃上げを求めてストライキを行った。")
    True
    """
    tokens = text.split(None, _PROSE_SAMPLE)[:_PROSE_SAMPLE]  # the share of the first words
    if not _SENTENCE_END.search(text):
        return False
    if len(tokens) < PROSE_WORDS:
        return _word_count(text) >= PROSE_WORDS and bool(_CJK.search(text))
    lettered = sum(1 for token in tokens if _LETTER.search(token))
    return lettered >= PROSE_LETTER_SHARE * len(tokens)


#: The checks in the order the module rule gives them.
CHECKS: tuple[Check, ...] = (_json, _table, _log, _code, _too_short, _no_prose)
