"""Bytes to text: byte-order marks, UTF-8, legacy encodings, and mojibake repair.

The order of decisions, each recorded in `Decoded.encoding` and `Decoded.warnings`:

1. A byte-order mark (UTF-8, UTF-16 or UTF-32) decides the encoding; bytes that do not
   decode in it are a `DecodeError`.
2. UTF-16 without a mark is recognised by its pattern of NUL bytes in ASCII text.
3. Strict UTF-8.
4. Mostly UTF-8 with a few stray bytes (a file edited in two editors): the stray bytes are
   read as cp1252; warning `encoding_mixed`.
5. Otherwise charset-normalizer guesses a legacy encoding among those web pages were written
   in (Windows and ISO code pages, KOI8, East Asian ones), cp1252 first when several fit
   equally well; warning `encoding_guessed`.

Then mojibake (UTF-8 once read as cp1252 or Latin-1: `â€™`, `Ã©`) is repaired line by line
with ftfy's encoding fixes only (never its quote, dash or space fixes); warning
`mojibake_repaired`. Text with nothing visible in it is an `EmptyFileError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from types import ModuleType

from ..errors import DecodeError, EmptyFileError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Encodings preferred, in order, among legacy encodings that fit a text equally well.
PREFERRED_LEGACY = ("cp1252", "iso8859-1", "iso8859-15")
_WEB_ENCODINGS = re.compile(
    r"cp125[0-8]|iso8859-\d{1,2}|koi8-[ru]|gb18030|gbk|gb2312|big5(?:hkscs)?|shift_jis|cp932"
    r"|euc_jp|euc_kr|cp949|cp874|tis-620"
)
_CHAOS_TOLERANCE = 0.01
_UTF16_SAMPLE = 512
# A UTF-8 lead byte read as cp1252/Latin-1, followed by a continuation byte read the same way:
# the signature of mojibake. Clean text almost never has such a pair, so ftfy is rarely called.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]"
)
# Characters that show nothing: whitespace, invisible format characters, controls.
_VISIBLE = re.compile("[^\\s\u200b-\u200f\u2060\ufeff\u00ad\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read with, and warning codes about the decoding."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes) -> Decoded:
    """Decode bytes into text, repairing mojibake; see the module docstring for the order.

    >>> decode("Pakistan’s".encode()).encoding
    'utf-8'
    >>> decode("Pakistan’s unions".encode("cp1252"))
    Decoded(text='Pakistan’s unions', encoding='cp1252', warnings=('encoding_guessed',))
    >>> decode("Pakistanâ€™s".encode()).text
    'Pakistan’s'
    """
    decoded = _decode_bytes(data)
    text, repaired = decoded.text, False
    if _may_hold_mojibake(data, decoded):
        text, repaired = repair_mojibake(decoded.text)
    if not _VISIBLE.search(text):
        raise EmptyFileError(
            f"no visible text, only white space or invisible characters ({decoded.encoding})"
        )
    if repaired:
        return Decoded(text, decoded.encoding, (*decoded.warnings, "mojibake_repaired"))
    return decoded


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Text with mojibake lines repaired by ftfy, and whether anything changed.

    Only lines with a mojibake signature go to ftfy, so clean text costs one regex search.

    >>> repair_mojibake("Caf\\u00c3\\u00a9 owners\\nGood line")
    ('Café owners\\nGood line', True)
    >>> repair_mojibake("The café’s “owner” – here")
    ('The café’s “owner” – here', False)
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text, False
    lines = text.split("\n")
    changed = False
    for index, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line):
            fixed = _ftfy().fix_encoding(line)
            if fixed != line:
                lines[index] = fixed
                changed = True
    return ("\n".join(lines), True) if changed else (text, False)


def _may_hold_mojibake(data: bytes, decoded: Decoded) -> bool:
    """A fast gate: clean UTF-8 without any byte 0xC3 cannot hold mojibake.

    Every character a mojibake pair starts with (U+00C2 to U+00F4) is 0xC3 plus one byte in
    UTF-8, so this test runs at memory speed on the common case.
    """
    return decoded.encoding != "utf-8" or bool(decoded.warnings) or b"\xc3" in data


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark declares, or None.

    >>> bom_encoding(b"\\xff\\xfeP\\x00"), bom_encoding(b"plain")
    ('utf-16-le', None)
    """
    found = _bom(head)
    return found[1] if found else None


def _bom(head: bytes) -> tuple[bytes, str] | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return bom, encoding
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when mostly-ASCII text shows UTF-16's NUL pattern, else None.

    >>> utf16_without_bom("Pakistan workers".encode("utf-16-le"))
    'utf-16-le'
    >>> utf16_without_bom(b"PK\\x03\\x04\\x00\\x00\\x00\\x00") is None
    True
    """
    size = min(len(head), _UTF16_SAMPLE) // 2 * 2
    if size < 8:
        return None
    sample = head[:size]
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.9 * half and even_nuls <= 0.05 * half:
        encoding = "utf-16-le"
    elif even_nuls >= 0.9 * half and odd_nuls <= 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _decode_bytes(data: bytes) -> Decoded:
    found = _bom(data)
    if found is not None:
        bom, encoding = found
        body = data[len(bom) :]
        if encoding == "utf-8":
            return _utf8(body) or _strict(body, encoding, "the byte-order mark", skipped=len(bom))
        try:
            return _strict(body, encoding, "the byte-order mark", skipped=len(bom))
        except DecodeError:
            if encoding != "utf-32-le":
                raise
        # FF FE 00 00 is also UTF-16's mark followed by a NUL character.
        return _strict(data[2:], "utf-16-le", "the byte-order mark", skipped=2)
    wide = utf16_without_bom(data)
    if wide is not None:
        return _strict(data, wide, "the pattern of NUL bytes", ("encoding_guessed",))
    return _utf8(data) or _legacy(data)


def _utf8(data: bytes) -> Decoded | None:
    """Strict UTF-8, else mostly UTF-8 with stray bytes (`encoding_mixed`), else None."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    return None if mixed is None else Decoded(mixed, "utf-8", ("encoding_mixed",))


def _strict(
    data: bytes, encoding: str, reason: str, warnings: tuple[str, ...] = (), *, skipped: int = 0
) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, warnings)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{reason} says {encoding}, but byte {exc.start + skipped} is not valid {encoding}"
        ) from None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with stray single bytes read as cp1252, when UTF-8 sequences outnumber them."""
    loose = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for char in loose if "\udc80" <= char <= "\udcff")
    multibyte = sum(1 for char in loose if char > "\x7f") - stray
    if multibyte <= stray:
        return None
    return "".join(
        bytes([ord(char) - 0xDC00]).decode("cp1252", errors="ignore") or chr(ord(char) - 0xDC00)
        if "\udc80" <= char <= "\udcff"
        else char
        for char in loose
    )


def _legacy(data: bytes) -> Decoded:
    """The best-fitting legacy encoding of web text, cp1252 first among equals.

    Only encodings web pages were really written in are considered (Windows and ISO code
    pages, KOI8, the East Asian ones): charset-normalizer otherwise likes Mac and DOS code
    pages for short English text. With no fit, cp1252 (the Western default) is tried.
    """
    matches = [
        match
        for match in _charset_normalizer().from_bytes(data)
        if _is_web_encoding(match.encoding)
    ]
    least = min((match.chaos for match in matches), default=0.0)
    fitting = [
        _canonical(name)
        for match in matches
        if match.chaos <= least + _CHAOS_TOLERANCE
        for name in (match.encoding, *match.could_be_from_charset)
    ]
    preferred = [name for name in PREFERRED_LEGACY if name in fitting] if matches else ["cp1252"]
    for encoding in dict.fromkeys([*preferred, *fitting]):
        try:
            return Decoded(data.decode(encoding), encoding, ("encoding_guessed",))
        except UnicodeDecodeError:
            continue
    raise DecodeError("not UTF-8, and no legacy text encoding fits these bytes")


def _canonical(name: str) -> str:
    """Python's canonical codec name (`latin_1` -> `iso8859-1`, `cp1252` -> `cp1252`)."""
    return codecs.lookup(name).name


def _is_web_encoding(name: str) -> bool:
    """Whether an encoding is one web pages were written in (not a Mac, DOS or EBCDIC one)."""
    return bool(_WEB_ENCODINGS.fullmatch(_canonical(name)))


# ftfy and charset-normalizer take a tenth of a second to import and most inputs are clean
# UTF-8, so they are imported on first use only.
def _ftfy() -> ModuleType:
    import ftfy

    return ftfy


def _charset_normalizer() -> ModuleType:
    import charset_normalizer

    return charset_normalizer
