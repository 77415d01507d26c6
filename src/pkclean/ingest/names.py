"""File names as text: any bytes a file system allows, written so that every output holds them.

A POSIX file name is bytes: not always UTF-8, and free to hold line breaks and control
characters. pkclean shows a name (in `source.path`, the `--errors` report, and every message)
as its UTF-8 text with two escapes, so that a JSON, CSV or XML file can hold it, a message
stays on one line, and the exact bytes can be had back (`name_bytes`):

- a byte that is not part of valid UTF-8, and each byte of a control character (C0, DEL, C1)
  or of U+FFFE and U+FFFF, is written `\\xNN` (two lower-case hex digits);
- a backslash is written `\\\\`.

Every other name, the usual case, is shown exactly as it is.
"""

from __future__ import annotations

import os
import re

_ESCAPED = re.compile(r"\\(?:\\|x([0-9a-f]{2}))")


def _needs_escape(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
        or char == "\\"
    )


def shown(name: str | bytes) -> str:
    """A file name (as Python reads it from the OS, or as bytes) as pkclean shows it.

    >>> shown("corpus/2024 Karachi.txt")
    'corpus/2024 Karachi.txt'
    >>> shown(b"caf\\xe9\\nnew.txt")
    'caf\\\\xe9\\\\x0anew.txt'
    >>> shown("a\\\\b")
    'a\\\\\\\\b'
    """
    text = os.fsdecode(name) if isinstance(name, bytes) else name
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for char in text:
        if not _needs_escape(char):
            out.append(char)
        elif char == "\\":
            out.append("\\\\")
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8 (surrogate escape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            encoded = char.encode("utf-8", errors="surrogatepass")
            out.append("".join(f"\\x{byte:02x}" for byte in encoded))
    return "".join(out)


def name_bytes(text: str) -> bytes:
    """The bytes of a name pkclean showed (the inverse of `shown`).

    >>> name_bytes('caf\\\\xe9\\\\x0anew.txt')
    b'caf\\xe9\\nnew.txt'
    >>> name_bytes(shown(b"a\\\\b\\xff")) == b"a\\\\b\\xff"
    True
    """
    out = bytearray()
    position = 0
    for match in _ESCAPED.finditer(text):
        out += text[position : match.start()].encode("utf-8")
        digits = match.group(1)
        out += b"\\" if digits is None else bytes([int(digits, 16)])
        position = match.end()
    out += text[position:].encode("utf-8")
    return bytes(out)


def one_line(text: str) -> str:
    """Text for a message of one line: control characters (line breaks included) written
    `\\xNN`, everything else as it is.

    >>> one_line("title\\nroot:x:0:0")
    'title\\\\x0aroot:x:0:0'
    """
    if text.isprintable():
        return text
    return "".join(
        f"\\x{ord(char):02x}" if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F else char
        for char in text
    )
