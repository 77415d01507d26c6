"""Bytes to text: byte-order marks, UTF-8, and a fallback for legacy encodings."""

from __future__ import annotations

from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read with, and warning codes about the decoding."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes) -> Decoded:
    """Decode bytes: a BOM wins, then strict UTF-8, then cp1252.

    >>> decode("Pakistan’s".encode()).encoding
    'utf-8'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252", ("encoding_guessed",))
