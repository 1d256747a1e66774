"""Exact and near-duplicate articles: the same wire story on many sites.

An article's text becomes a set of word 5-gram shingles and a MinHash signature of
:data:`NUM_PERM` values. The signature is cut into :data:`BANDS` bands; two articles that
agree on a whole band are candidates, and a candidate is a near duplicate when the
signatures agree on at least :data:`THRESHOLD` of their values (an estimate of the Jaccard
similarity of the shingle sets). With 16 bands of 8 rows, pairs at Jaccard 0.8 become
candidates with probability 0.9996 and pairs at 0.4 with probability 0.001.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
SHINGLE = 5
# A prime just above 2**32: hash values are 32-bit, so (a * x + b) fits in 64 bits.
_PRIME = np.uint64(4294967311)
_rng = np.random.default_rng(20231030)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, 2**32 - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What the store keeps to find an article's duplicates."""

    text_hash: str  # of the normalised text: equal for exact copies
    words: int
    signature: list[int] | None  # MinHash values; None when the text is too short
    bands: list[int] | None  # one hash per band


def normalise(text: str) -> list[str]:
    """The lower-cased words of a text: spacing, punctuation and case do not count."""
    return _WORD.findall(text.lower())


def fingerprint(text: str) -> Fingerprint:
    """The exact hash, MinHash signature and band hashes of ``text``."""
    words = normalise(text)
    text_hash = hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]
    if len(words) < SHINGLE * 2:
        return Fingerprint(text_hash, len(words), None, None)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    values = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64,
                         count=len(shingles))
    hashed = (np.outer(values, _A) + _B) % _PRIME
    signature = hashed.min(axis=0)
    bands = [int.from_bytes(hashlib.blake2b(signature[b * ROWS:(b + 1) * ROWS].tobytes(),
                                            digest_size=7).digest(), "big")
             for b in range(BANDS)]
    return Fingerprint(text_hash, len(words), [int(v) for v in signature], bands)


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.mean(np.asarray(first, dtype=np.uint64)
                         == np.asarray(second, dtype=np.uint64)))
