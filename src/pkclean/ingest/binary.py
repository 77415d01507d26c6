"""Binary files told apart from text by their first bytes, never by their names."""

from __future__ import annotations

from .decoding import bom_encoding, utf16_without_bom

#: (offset, magic bytes, what the file is): signatures long enough never to start a text.
MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "a PDF document"),
    (0, b"%!PS", "a PostScript document"),
    (0, b"{\\rtf", "an RTF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"RIFF", "a RIFF media file (WAV, AVI or WebP image)"),
    (4, b"ftyp", "an MP4 video or HEIC image"),
    (0, b"ID3\x03\x00", "an MP3 audio file"),
    (0, b"ID3\x04\x00", "an MP3 audio file"),
    (0, b"OggS", "an Ogg audio or video file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"PK\x03\x04", "a ZIP archive (or a Word, EPUB or OpenDocument file)"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\x1f\x8b", "gzip data"),
    (4, b"1AY&SY", "bzip2 data"),
    (0, b"\xfd7zXZ\x00", "xz data"),
    (0, b"\x28\xb5\x2f\xfd", "zstd data"),
    (257, b"ustar", "a tar archive"),
    (0, b"\x7fELF", "an ELF executable"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (0, b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)
#: The magic numbers at offset 0 in one tuple: one call tells that none of them is there.
_AT_START = tuple(magic for offset, magic, _ in MAGIC if offset == 0)
_ELSEWHERE = tuple((offset, magic) for offset, magic, _ in MAGIC if offset != 0)
_SAMPLE = 1024
#: Control bytes that plain text does not contain (tab, line feed, vertical tab, form feed and
#: carriage return are text; ESC and the others are not).
_CONTROLS = frozenset(range(0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
_TEXT_BYTES = bytes(byte for byte in range(256) if byte not in _CONTROLS)
#: More than this share of control bytes in the first KiB makes a file binary.
MAX_CONTROL_SHARE = 0.05


def binary_kind(head: bytes) -> str | None:
    """What a binary file is, from its first bytes, or None when it may be text.

    Magic numbers first; then NUL or other control bytes in the first KiB (after a
    byte-order mark or UTF-16's NUL pattern, which mark text, not binary).

    >>> binary_kind(b"%PDF-1.7 ...")
    'a PDF document'
    >>> binary_kind(b"Socialist Worker\\n\\nWhere next?\\n") is None
    True
    >>> binary_kind(b"\\x00\\x01\\x02 not text")
    'binary data (NUL or control bytes in the first KiB)'
    >>> binary_kind("Pakistan".encode("utf-16")) is None
    True
    """
    if head.startswith(_AT_START) or any(head.startswith(m, o) for o, m in _ELSEWHERE):
        for offset, magic, what in MAGIC:
            if head.startswith(magic, offset):
                return what
    sample = head[:_SAMPLE]
    wide = bom_encoding(sample) or utf16_without_bom(sample)
    if wide is not None and wide != "utf-8":
        chars = sample.decode(wide, errors="ignore")
        controls = sum(1 for char in chars if ord(char) in _CONTROLS)
        total = len(chars)
    else:
        controls = len(sample.translate(None, _TEXT_BYTES))
        total = len(sample)
    if total and (controls > MAX_CONTROL_SHARE * total or _has_nul(sample, wide)):
        return "binary data (NUL or control bytes in the first KiB)"
    return None


def _has_nul(sample: bytes, wide: str | None) -> bool:
    """A NUL byte in narrow text, or a NUL character in wide text, marks binary data."""
    if wide is None or wide == "utf-8":
        return b"\x00" in sample
    return "\x00" in sample.decode(wide, errors="ignore")
