"""Linear heads over sentence features: what event, if any, a sentence reports.

Each head is a softmax layer over the encoder's vector and the hashed bag of words
(:mod:`wirecoder.sense.features`), with a temperature fitted so its probabilities are
calibrated on held-out folds of the training data. The heads and the bag of words' IDF
live in ``model/heads.npz``, written by ``python -m wirecoder.sense.build``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wirecoder.errors import Codes, ModelError
from wirecoder.sense.features import BagOfWords

HEADS_PATH = Path(__file__).parent / "model" / "heads.npz"
HEAD_NAMES = ("event", "mode", "category", "gate")


@dataclass(frozen=True)
class Features:
    """The inputs of the heads for a batch of sentences."""

    vectors: np.ndarray  # n x 384, unit rows (n x 0 for the gate, which reads words only)
    words: BagOfWords  # n sparse rows


@dataclass(frozen=True)
class Head:
    """One softmax classifier over :class:`Features`."""

    classes: tuple[str, ...]
    weights: np.ndarray  # classes x 384 (classes x 0 for the gate)
    word_weights: np.ndarray  # classes x BUCKETS
    bias: np.ndarray
    temperature: float = 1.0

    def logits(self, features: Features) -> np.ndarray:
        """Raw scores, one row per sentence, one column per class."""
        return np.asarray(features.vectors @ self.weights.T
                          + features.words.dot(self.word_weights) + self.bias,
                          dtype=np.float64)

    def probabilities(self, features: Features) -> np.ndarray:
        """Calibrated class probabilities, one row per sentence."""
        return softmax(self.logits(features) / self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large scores."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def save_heads(path: Path, heads: dict[str, Head], idf: np.ndarray,
               meta: dict[str, object]) -> None:
    """Write heads, the IDF and their metadata (what they were trained on) to ``path``."""
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True)),
                                     "idf": idf.astype(np.float16)}
    for name, head in heads.items():
        arrays[f"{name}.classes"] = np.array(head.classes)
        arrays[f"{name}.weights"] = head.weights.astype(np.float32)
        # Half precision halves the file; the scores move by less than 1e-3.
        arrays[f"{name}.word_weights"] = head.word_weights.astype(np.float16)
        arrays[f"{name}.bias"] = head.bias.astype(np.float32)
        arrays[f"{name}.temperature"] = np.array(head.temperature, dtype=np.float64)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def load_heads(path: Path = HEADS_PATH) -> tuple[dict[str, Head], np.ndarray,
                                                 dict[str, object]]:
    """Read the heads, the IDF and the metadata from ``path``."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            idf = data["idf"].astype(np.float32)
            heads = {}
            for name in HEAD_NAMES:
                heads[name] = Head(tuple(str(c) for c in data[f"{name}.classes"]),
                                   data[f"{name}.weights"].astype(np.float32),
                                   data[f"{name}.word_weights"].astype(np.float32),
                                   data[f"{name}.bias"].astype(np.float32),
                                   float(data[f"{name}.temperature"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(Codes.E206, path=path, detail=repr(exc)) from exc
    return heads, idf, meta
