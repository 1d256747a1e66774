"""Event sense: a learned layer that says what kind of event, if any, a sentence reports.

Sentence vectors (paraphrase-MiniLM-L3-v2, :mod:`wirecoder.sense.encoder`) feed three
softmax heads (:mod:`wirecoder.sense.heads`): the PLOVER type or ``none``, the PLOVER mode,
and a category (ACLED's 25 sub-event types, plus disasters, crime, diplomacy, statements,
legal and policy acts, none). The rules find spans and participants; :mod:`wirecoder.sense.
combine` decides, in one place, what the two together make of each sentence.

Training data, the rebuild command and the dev split live beside this module
(``data/``, ``build.py``); see the README's "Event sense" section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wirecoder.sense.features import bag_of_words
from wirecoder.sense.heads import HEADS_PATH, Features, Head, load_heads
from wirecoder.sense.labels import NO_EVENT


@dataclass(frozen=True)
class SentenceSense:
    """What the heads make of one sentence; each mapping is class -> probability."""

    event: dict[str, float]
    mode: dict[str, float]
    category: dict[str, float]

    @property
    def p_event(self) -> float:
        """Probability that the sentence reports any political event."""
        return 1.0 - self.event.get(NO_EVENT, 0.0)

    def best(self, head: str) -> tuple[str, float]:
        """The most probable class of ``head`` and its probability."""
        probs: dict[str, float] = getattr(self, head)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]

    def best_mode(self, event_type: str) -> tuple[str | None, float]:
        """The most probable mode of ``event_type`` (None when the type has none)."""
        options = {k.split("/", 1)[1]: v for k, v in self.mode.items()
                   if k.startswith(event_type + "/")}
        if not options:
            return None, 0.0
        total = sum(options.values())
        label = max(options, key=options.__getitem__)
        return label, options[label] / total if total else 0.0


class EventSense:
    """Reads sentences with the encoder and the trained heads (built once, reused)."""

    def __init__(self, heads_path: Path = HEADS_PATH, threads: int = 1) -> None:
        from wirecoder.sense.encoder import SentenceEncoder

        self.heads, self.idf, self.meta = load_heads(heads_path)
        self.encoder = SentenceEncoder(threads=threads)

    def features(self, sentences: Sequence[str],
                 syntax: Sequence[Sequence[str]] | None = None) -> Features:
        """What the heads read for ``sentences`` (and their syntax terms, from
        :func:`wirecoder.sense.syntax.syntax_terms`, when the heads were trained with them)."""
        return Features(self.encoder.encode(sentences),
                        bag_of_words(sentences, self.idf, self._syntax(syntax)))

    def _syntax(self, syntax: Sequence[Sequence[str]] | None) -> Sequence[Sequence[str]] | None:
        return syntax if self.meta.get("syntax") else None

    def gate(self, sentences: Sequence[str],
             syntax: Sequence[Sequence[str]] | None = None) -> list[float]:
        """A cheap first reading from words alone: the probability that each sentence
        reports an event. No sentence is encoded."""
        words = bag_of_words(sentences, self.idf, self._syntax(syntax))
        gate = self.heads["gate"]
        probs = gate.probabilities(Features(np.zeros((len(sentences), 0), np.float32), words))
        return [float(p) for p in probs[:, gate.classes.index("event")]]

    def read_features(self, features: Features) -> list[SentenceSense]:
        """Apply every head to computed features."""
        probs = {name: self.heads[name].probabilities(features)
                 for name in ("event", "mode", "category")}
        return [SentenceSense(*(dict(zip(self.heads[name].classes,
                                         (float(p) for p in probs[name][i]), strict=True))
                                for name in ("event", "mode", "category")))
                for i in range(len(features.vectors))]

    def read(self, sentences: Sequence[str],
             syntax: Sequence[Sequence[str]] | None = None) -> list[SentenceSense]:
        """One :class:`SentenceSense` per sentence, in order."""
        return self.read_features(self.features(sentences, syntax))


__all__ = ["EventSense", "Features", "Head", "SentenceSense"]
