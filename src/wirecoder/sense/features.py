"""What the heads read: the encoder's sentence vector beside a hashed bag of words (and the
parse's terms for the main act, :mod:`wirecoder.sense.syntax`).

The vector carries meaning ("militants ambushed a patrol" ~ "rebels attacked a convoy");
the bag of words and word pairs carries the exact cues a vector blurs ("tear gas",
"water cannon", "suicide bomber", "fired a shot"). ``bench/sense_encoders.py`` measures
each alone and both together. Words hash into ``BUCKETS`` columns (CRC-32, so the same
word lands in the same column on every machine), weighted by sublinear term frequency and
the inverse document frequency learned in training, and L2-normalised.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wirecoder.sense.syntax import WEIGHT

BUCKETS = 1 << 15
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
DIGIT = re.compile(r"[0-9]")


def terms(text: str) -> list[str]:
    """Words (digits folded to 0, possessives dropped) and adjacent word pairs."""
    words = [DIGIT.sub("0", w.split("'")[0].split("’")[0]) for w in WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & (BUCKETS - 1)


@dataclass(frozen=True)
class BagOfWords:
    """Sparse rows in CSR form: row ``i`` has ``data[indptr[i]:indptr[i+1]]`` at
    columns ``indices[indptr[i]:indptr[i+1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``rows @ weights.T`` for a ``(classes, BUCKETS)`` weight matrix."""
        out = np.zeros((len(self), weights.shape[0]))
        for i in range(len(self)):
            s, e = self.indptr[i], self.indptr[i + 1]
            if e > s:
                out[i] = weights[:, self.indices[s:e]] @ self.data[s:e]
        return out


def counts(texts: Sequence[str],
           syntax: Sequence[Sequence[str]] | None = None) -> list[Counter[int]]:
    """Term counts per text, by bucket; each text's syntax terms
    (:func:`wirecoder.sense.syntax.syntax_terms`) count ``WEIGHT`` times."""
    out = []
    for i, text in enumerate(texts):
        c = Counter(bucket(t) for t in terms(text))
        if syntax is not None:
            for term in syntax[i]:
                c[bucket(term)] += WEIGHT
        out.append(c)
    return out


def document_frequency(texts: Sequence[str],
                       syntax: Sequence[Sequence[str]] | None = None) -> np.ndarray:
    """Inverse document frequency per bucket, smoothed as scikit-learn smooths it."""
    df = np.zeros(BUCKETS)
    for c in counts(texts, syntax):
        df[list(c)] += 1
    return np.asarray(np.log((1 + len(texts)) / (1 + df)) + 1.0, dtype=np.float32)


def bag_of_words(texts: Sequence[str], idf: np.ndarray,
                 syntax: Sequence[Sequence[str]] | None = None) -> BagOfWords:
    """The weighted, normalised bag of words and pairs (and syntax terms) of each text."""
    indptr, indices, data = [0], [], []
    for c in counts(texts, syntax):
        cols = np.array(sorted(c), dtype=np.int64)
        vals = (1.0 + np.log([c[k] for k in cols])) * idf[cols] if len(cols) else np.zeros(0)
        norm = float(np.linalg.norm(vals)) or 1.0
        indices.extend(cols.tolist())
        data.extend((vals / norm).tolist())
        indptr.append(len(indices))
    return BagOfWords(np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int64),
                      np.array(data, dtype=np.float32))
