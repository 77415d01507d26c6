"""MinHash fingerprints of article bodies, to find near-duplicates.

A body is a set of **shingles**: runs of `SHINGLE` consecutive words (lower-cased,
whitespace-separated; words cut to their first 16 characters). Two bodies' similarity is the
Jaccard index of their shingle sets, which a fingerprint estimates as the share of equal
slots. The fingerprint is a one-permutation MinHash (Li, Owen and Zhang 2012): each shingle's
64-bit hash picks one of `SLOTS` slots by its top bits, and each slot keeps the smallest hash
it was given; an empty slot (short bodies) borrows from the next filled one, shifted by the
distance (Shrivastava and Li 2014). It costs one hash per shingle instead of one per shingle
and slot, and needs only numpy; `bench/fingerprints.py` measures it.

Fingerprints are the same on every machine and in every process: the hashes are fixed
polynomials, never Python's salted `hash()`.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

#: Words per shingle.
SHINGLE: Final = 5
#: Slots of a fingerprint (a power of two): the similarity is estimated to about ±0.03.
SLOTS: Final = 128
_SLOT_BITS: Final = 7
#: Characters of a word that count (numpy's fixed-width strings cut the rest).
_WORD_WIDTH: Final = 16
_U64 = np.uint64
#: Powers of the 64-bit FNV prime: a word's hash is its code points' polynomial.
_CHAR_WEIGHTS = np.cumprod(np.full(_WORD_WIDTH, 0x100000001B3, dtype=_U64), dtype=_U64)
#: Odd 64-bit multipliers of the words of a shingle (from the splitmix64 and xxHash constants).
_WORD_WEIGHTS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
    ][:SHINGLE],
    dtype=_U64,
)
_EMPTY = np.iinfo(np.uint64).max
_LOW_BITS = _U64((1 << (64 - _SLOT_BITS)) - 1)
#: How far an empty slot's borrowed value is shifted per slot of distance.
_BORROW_STEP = _U64(0x2545F4914F6CDD1D)

Fingerprint = npt.NDArray[np.uint32]


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The splitmix64 finaliser: every output bit depends on every input bit."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> _U64(30))
        values = values * _U64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> _U64(27))
        values = values * _U64(0x94D049BB133111EB)
        mixed: npt.NDArray[np.uint64] = values ^ (values >> _U64(31))
    return mixed


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """The 64-bit hash of each shingle of `text` (one for a text of fewer words; none if empty).

    >>> len(shingle_hashes("one two three four five six")), len(shingle_hashes("one two"))
    (2, 1)
    """
    words = text.lower().split()
    if not words:
        return np.empty(0, dtype=_U64)
    points = np.array(words, dtype=f"<U{_WORD_WIDTH}").view(np.uint32)
    codes = points.reshape(len(words), _WORD_WIDTH).astype(_U64)
    with np.errstate(over="ignore"):
        word_hashes = _mix(codes @ _CHAR_WEIGHTS)
        size = min(SHINGLE, len(words))
        count = len(words) - size + 1
        shingles = word_hashes[:count] * _WORD_WEIGHTS[0]
        for offset in range(1, size):
            shingles = shingles + word_hashes[offset : offset + count] * _WORD_WEIGHTS[offset]
    return _mix(shingles)


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash fingerprint of a body's text, or None for a text without words."""
    hashes = shingle_hashes(text)
    if not len(hashes):
        return None
    slots = np.full(SLOTS, _EMPTY, dtype=_U64)
    np.minimum.at(slots, (hashes >> _U64(64 - _SLOT_BITS)).astype(np.intp), hashes & _LOW_BITS)
    filled = np.flatnonzero(slots != _EMPTY)
    if len(filled) < SLOTS:
        slots = _densified(slots, filled)
    kept: Fingerprint = (slots >> _U64(64 - _SLOT_BITS - 32)).astype(np.uint32)
    return kept


def _densified(
    slots: npt.NDArray[np.uint64], filled: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint64]:
    """Each empty slot given the next filled slot's value (circularly), shifted by distance."""
    positions = np.arange(SLOTS)
    nearest = np.searchsorted(filled, positions) % len(filled)
    source = filled[nearest]
    distance = ((source - positions) % SLOTS).astype(_U64)
    with np.errstate(over="ignore"):
        borrowed = (slots[source] + distance * _BORROW_STEP) & _LOW_BITS
    return np.where(slots == _EMPTY, borrowed, slots)


def similarity(first: Fingerprint, second: Fingerprint) -> float:
    """The estimated Jaccard similarity of two bodies' shingle sets, from 0 to 1.

    >>> text = " ".join(f"word{n}" for n in range(300))
    >>> a, b = fingerprint(text), fingerprint(text + " and a few more words at the end")
    >>> assert a is not None and b is not None
    >>> similarity(a, a), 0.9 < similarity(a, b) < 1.0
    (1.0, True)
    """
    return float(np.count_nonzero(first == second)) / SLOTS


#: Bands of a fingerprint for locality-sensitive hashing (`pkclean.run.duplicates`).
BANDS: Final = 16
_ROWS: Final = SLOTS // BANDS
#: Odd multipliers folding the slots of one band into a 64-bit key.
_BAND_WEIGHTS = (np.arange(1, 2 * _ROWS, 2, dtype=_U64) * _U64(0x9E3779B97F4A7C15)).reshape(
    1, _ROWS
)


def band_keys(value: Fingerprint) -> list[int]:
    """One signed 64-bit key per band of a fingerprint (SQLite integers are signed)."""
    bands = value.astype(_U64).reshape(BANDS, _ROWS)
    with np.errstate(over="ignore"):
        folded = (bands * _BAND_WEIGHTS).sum(axis=1, dtype=_U64)
        folded = folded + np.arange(BANDS, dtype=_U64) * _U64(0xD6E8FEB86659FD93)
    return [int(key) for key in folded.view(np.int64)]


def to_bytes(value: Fingerprint) -> bytes:
    """A fingerprint as bytes (little-endian), to send between processes or store."""
    return value.astype("<u4").tobytes()


def from_bytes(data: bytes) -> Fingerprint:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
