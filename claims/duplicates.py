"""Near-duplicate text: a 64-bit SimHash over word shingles, for spotting syndicated copies.

Two outlets running one wire story, lightly edited (a new headline, a dropped paragraph, "Reuters
contributed to this report"), are one origin. Their SimHashes differ in a few bits; two different
stories on the same topic differ in about half of them.

Pure Python. The hash of each shingle is blake2b, not Python's hash(), so fingerprints are stable
across processes and can be stored (signed, to fit a PostgreSQL bigint).
"""

from __future__ import annotations

import re
import unicodedata
from hashlib import blake2b

BITS = 64
SHINGLE_WORDS = 3
# Fingerprints this many bits apart or closer are one text. Measured on wire copies and their
# re-runs (tests/test_origins.py): a new headline, dateline or credit line, or a few words changed
# in a full story, stay within 4 bits; stories on the same topic sit near 30. A one-sentence text
# with a changed word moves about 9 bits: too few words to tell an edit from another sentence.
MAX_DISTANCE = 6
# Texts shorter than this many words say too little to call a copy by their fingerprint alone.
MIN_WORDS = 8
# The fingerprint's top bits, looked up as a range of the stored signed value (see prefix_ranges).
PREFIX_BITS = 16

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << BITS) - 1


def words(text: str) -> list[str]:
    """The text's words, case and accents folded, punctuation and quote styles dropped."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return _WORD.findall(folded.replace("\u2019", "'").replace("'", ""))


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _feature_hash(feature: str) -> int:
    return int.from_bytes(blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str) -> int | None:
    """The text's 64-bit SimHash as an unsigned int; None when it has too few words to judge."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    votes = [0] * BITS
    for feature in shingles(tokens):
        h = _feature_hash(feature)
        for bit in range(BITS):
            votes[bit] += 1 if (h >> bit) & 1 else -1
    return sum(1 << bit for bit in range(BITS) if votes[bit] > 0)


def to_signed(fingerprint: int) -> int:
    """The unsigned fingerprint as a signed 64-bit integer (how it is stored)."""
    fingerprint &= _MASK
    return fingerprint - (1 << BITS) if fingerprint >> (BITS - 1) else fingerprint


def to_unsigned(stored: int) -> int:
    return stored & _MASK


def distance(a: int, b: int) -> int:
    """Bits that differ between two fingerprints, signed or not."""
    return ((a ^ b) & _MASK).bit_count()


def near_duplicates(a: int, b: int, *, within: int = MAX_DISTANCE) -> bool:
    return distance(a, b) <= within


def prefix_ranges(stored: int, *, flips: int = 1) -> list[tuple[int, int]]:
    """Ranges of stored (signed) values whose top PREFIX_BITS equal ours with up to `flips` flipped.

    Fingerprints that share their top bits form one contiguous range of the signed integer, so
    each range is one index range scan. A copy with few differing bits usually keeps the top 16
    (or differs in one of them); this finds it at any date, while the caller's date window finds
    the rest.
    """
    unsigned = to_unsigned(stored)
    low_bits = BITS - PREFIX_BITS
    prefix = unsigned >> low_bits
    prefixes = {prefix}
    if flips >= 1:
        prefixes |= {prefix ^ (1 << bit) for bit in range(PREFIX_BITS)}
    ranges = []
    for p in sorted(prefixes):
        low = to_signed(p << low_bits)
        high = to_signed((p << low_bits) | ((1 << low_bits) - 1))
        ranges.append((low, high))
    return ranges
