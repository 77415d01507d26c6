"""The encoding of an HTML page: byte-order mark, HTTP header, `<meta charset>`, then detection."""

from __future__ import annotations

import codecs
import re

from ..decoding import Decoded, decode

#: Browsers look for `<meta charset>` in the first 1024 bytes; pages in the wild go further.
PRESCAN_BYTES = 4096
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Within one tag: `[^<>]` stops each try at the next tag, so a search is linear.
_META_CHARSET = re.compile(rb"""<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml\b[^<>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_CONTENT_TYPE_CHARSET = re.compile(r"""\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# The WHATWG Encoding Standard: labels that browsers, and so the pages' authors, read as a
# superset (Latin-1 and ASCII pages are cp1252), keyed by Python's codec name.
_AS_BROWSERS_READ = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
# A page cannot declare a UTF-16 encoding in ASCII bytes: browsers read such pages as UTF-8.
_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
# The encodings a declaration may name (Python's canonical names of the WHATWG Encoding
# Standard's): Python also knows codecs no browser reads a page in (`undefined`, `idna`,
# `unicode-escape`, `utf-7`), which are passed over like unknown names.
_WEB_CODECS = re.compile(
    r"utf-8|ascii|cp125[0-8]|cp866|cp874|iso8859-(?:[1-9]|1[0-6])|koi8-[ru]|mac-(?:roman|cyrillic)"
    r"|gb18030|gbk|gb2312|big5(?:hkscs)?|shift_jis|cp932|euc_jp|euc_kr|cp949|iso2022_jp|tis-620"
)


def content_type_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP `Content-Type` header, if any.

    >>> content_type_charset('text/html; charset="ISO-8859-1"')
    'ISO-8859-1'
    >>> content_type_charset("text/html") is None
    True
    """
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta>` or an XML declaration).

    >>> meta_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    'iso-8859-1'
    """
    head = data[:PRESCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    return match.group(1).decode("ascii") if match else None


def codec_name(label: str | None) -> str | None:
    """Python's codec for a declared charset label, read as browsers read it; None if unknown.

    >>> codec_name("ISO-8859-1"), codec_name("utf8"), codec_name("utf-16"), codec_name("x-bogus")
    ('cp1252', 'utf-8', 'utf-8', None)
    >>> codec_name("undefined"), codec_name("unicode_escape"), codec_name("rot13")
    (None, None, None)
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    if name in _WIDE:
        return "utf-8"
    if not _WEB_CODECS.fullmatch(name):
        return None
    return _AS_BROWSERS_READ.get(name, name)


def decode_html(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode a page: a byte-order mark wins, then the HTTP charset, then `<meta charset>`,
    then pkclean's own detection (`decoding.decode`).

    A declared charset whose decoding fails is passed over. A single-byte legacy charset
    declared for bytes that are valid UTF-8 with non-ASCII characters is a mislabel (the
    commonest one on the web) and the page is read as UTF-8.

    >>> decode_html("<p>Pakistan’s</p>".encode("cp1252"), "iso-8859-1")
    Decoded(text='<p>Pakistan’s</p>', encoding='cp1252', warnings=())
    >>> decode_html('<meta charset="latin1"><p>Pakistan’s</p>'.encode()).encoding
    'utf-8'
    """
    if not data.startswith(_BOMS):
        for label in (http_charset, meta_charset(data)):
            decoded = _declared(data, codec_name(label))
            if decoded is not None:
                return decoded
    return decode(data)


def _declared(data: bytes, encoding: str | None) -> Decoded | None:
    if encoding is None:
        return None
    if encoding != "utf-8" and not data.isascii() and _single_byte(encoding):
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _single_byte(encoding: str) -> bool:
    """Whether a codec maps every byte to one character (cp1252, the ISO 8859 family, …)."""
    return encoding.startswith(("cp", "iso8859", "mac-", "koi8", "latin")) and encoding not in {
        "cp932",
        "cp949",
        "cp950",
    }
