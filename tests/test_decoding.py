"""Bytes to text: byte-order marks, UTF-8, legacy encodings, mixed files and mojibake."""

from __future__ import annotations

import codecs
from typing import Literal

import ftfy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pkclean.errors import DecodeError, EmptyFileError
from pkclean.ingest.decoding import decode, repair_mojibake, utf16_without_bom

from conftest import SEEDS

ARTICLE = (
    "Dockworkers’ strike spreads in Karachi\n\n"
    "“We were promised the arrears by March – it is now June,” said one porter.\n"
    "A café owner near the gates said trade had fallen by half.\n"
)

#: No lone surrogates: they are not text (a tuple of literals, as hypothesis types it).
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)


@pytest.mark.parametrize(
    ("prefix", "codec", "encoding"),
    [
        (b"", "utf-8", "utf-8"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_unicode_with_or_without_a_byte_order_mark(
    prefix: bytes, codec: str, encoding: str
) -> None:
    decoded = decode(prefix + ARTICLE.encode(codec))
    assert decoded.text == ARTICLE  # the mark itself is not part of the text
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_recognised_by_its_nul_pattern(codec: str) -> None:
    decoded = decode(ARTICLE.encode(codec))
    assert (decoded.text, decoded.encoding) == (ARTICLE, codec)
    assert decoded.warnings == ("encoding_guessed",)


def test_the_nul_pattern_of_utf16_is_not_seen_in_binary_or_short_data() -> None:
    assert utf16_without_bom(bytes(range(256))) is None
    assert utf16_without_bom(b"A\x00") is None
    assert utf16_without_bom(b"\x00" * 64) is None


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        (ARTICLE, "cp1252", "cp1252"),
        ("Les grévistes de Lahore ont décidé de continuer, à l’unanimité.\n", "cp1252", "cp1252"),
        ("Die Arbeiter in Lahore streikten für höhere Löhne.\n", "latin-1", "cp1252"),
        ("Рабочие вышли на забастовку в Лахоре и Карачи.\n", "cp1251", "cp1251"),
        ("café", "cp1252", "cp1252"),
    ],
)
def test_legacy_encodings_are_guessed_and_recorded(text: str, codec: str, encoding: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.warnings == ("encoding_guessed",)


def test_utf8_with_a_stray_cp1252_byte_keeps_the_utf8_and_reads_the_byte_as_cp1252() -> None:
    data = "Pakistan’s unions – and the café’s".encode() + b" owner\x92s view\n"
    decoded = decode(data)
    assert decoded.text == "Pakistan’s unions – and the café’s owner’s view\n"
    assert (decoded.encoding, decoded.warnings) == ("utf-8", ("encoding_mixed",))


def _sloppy_cp1252(data: bytes) -> str:
    """Bytes read as Windows-1252 the way browsers do (undefined bytes kept as C1 controls)."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in data)


def test_mojibake_is_repaired_and_noted() -> None:
    broken = _sloppy_cp1252(ARTICLE.encode())
    assert "â€™" in broken
    assert "Ã©" in broken
    decoded = decode(broken.encode())
    assert decoded.text == ARTICLE
    assert (decoded.encoding, decoded.warnings) == ("utf-8", ("mojibake_repaired",))


def test_double_mojibake_is_repaired() -> None:
    twice = _sloppy_cp1252(_sloppy_cp1252(ARTICLE.encode()).encode())
    assert decode(twice.encode()).text == ARTICLE


def test_mojibake_in_a_legacy_file_is_repaired_too() -> None:
    decoded = decode("Pakistanâ€™s unions said ‘no’ – again.\n".encode("cp1252"))
    assert decoded.text == "Pakistan’s unions said ‘no’ – again.\n"
    assert decoded.encoding == "cp1252"
    assert decoded.warnings == ("encoding_guessed", "mojibake_repaired")


def test_only_the_lines_with_mojibake_change() -> None:
    text = 'Straight "quotes" -- and -- dashes... stay\nThe cafÃ© reopened\n“Curly” ‘quotes’ — stay'
    fixed, changed = repair_mojibake(text)
    assert changed
    assert (
        fixed
        == 'Straight "quotes" -- and -- dashes... stay\nThe café reopened\n“Curly” ‘quotes’ — stay'
    )


@pytest.mark.parametrize(
    "text",
    [
        "The café’s owner said “no” – twice…",
        "São Paulo, Zürich, Besançon and Ærøskøbing",
        "Prices: £5, ¥300, 20°C, ½ and ¾; “Ça va”, à bientôt",
        "NAÏVE ÉLAN, Å, Ø and Ð stand alone",
    ],
)
def test_correct_text_is_never_changed(text: str) -> None:
    assert decode(text.encode()).text == text
    assert decode(text.encode()).warnings == ()


def test_clean_utf8_never_reaches_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hot path: text without a mojibake signature costs no ftfy call."""

    def refuse(text: str) -> str:
        raise AssertionError("ftfy was called")

    monkeypatch.setattr(ftfy, "fix_encoding", refuse)
    for seed in SEEDS:
        data = seed.read_bytes()
        assert decode(data).text == data.decode("utf-8")
    assert decode("Pakistan’s “unions” – and café owners".encode()).warnings == ()


def test_line_endings_are_kept_for_the_line_splitter() -> None:
    assert decode(b"one\r\ntwo\rthree\n").text == "one\r\ntwo\rthree\n"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_LE + "  \n\t ".encode("utf-16-le"),
        codecs.BOM_UTF32_BE + "\n\n".encode("utf-32-be"),
        "\u00a0\u200b\u3000\n\ufeff".encode(),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16-spaces", "utf32-newlines", "invisible"],
)
def test_nothing_visible_after_decoding_is_an_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyFileError, match="no visible text"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (codecs.BOM_UTF16_LE + b"A\x00\x00\xdc", "utf-16-le"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "utf-8"),
        (codecs.BOM_UTF32_LE + b"\x00\xd8\x00\x00", "byte-order mark"),
        (bytes(range(256)) * 4, "no legacy text encoding fits"),
    ],
)
def test_bytes_that_do_not_decode_are_a_decode_error(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode(data)


@given(st.text(st.characters(blacklist_categories=SURROGATES), min_size=1))
def test_decoding_utf8_never_changes_text_silently(text: str) -> None:
    """Any text, encoded as UTF-8, comes back unchanged or with a warning saying why."""
    try:
        decoded = decode(text.encode())
    except EmptyFileError:
        return
    assert decoded.text == text or "mojibake_repaired" in decoded.warnings


@given(
    st.text(st.characters(blacklist_categories=SURROGATES), min_size=1),
    st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
)
def test_decoding_with_a_mark_never_changes_text_silently(text: str, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    bom |= {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    try:
        decoded = decode(bom[codec] + text.encode(codec))
    except EmptyFileError:
        return
    assert decoded.encoding == codec
    assert decoded.text == text or "mojibake_repaired" in decoded.warnings
