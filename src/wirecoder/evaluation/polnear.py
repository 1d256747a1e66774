"""Score statements against the PolNeAR attribution corpus (BRAT standoff, dev split).

A predicted attribution is the group of statements sharing one cue (a split quote is one
attribution in PolNeAR). Predictions and gold attributions are matched one-to-one when their
content spans overlap by at least half of the longer one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirecoder.model import Article, Span

ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}\.ann$")
CONTINUED_CONTENT = re.compile(r"Content[2-9]")
OPENING_QUOTES = "\"“"


@dataclass
class Attribution:
    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content_text: str = ""


@dataclass
class Scores:
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    gold_direct: int = 0
    matched_direct: int = 0
    with_source: int = 0
    speaker_right: int = 0
    seconds: float = 0.0
    words: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def direct_recall(self) -> float:
        return self.matched_direct / self.gold_direct if self.gold_direct else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.with_source if self.with_source else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "articles": self.articles, "predicted": self.predicted, "gold": self.gold,
            "matched": self.matched, "precision": round(self.precision, 3),
            "recall": round(self.recall, 3), "f1": round(self.f1, 3),
            "gold_direct": self.gold_direct, "direct_recall": round(self.direct_recall, 3),
            "speaker_accuracy": round(self.speaker_accuracy, 3),
            "articles_per_s": round(self.articles / self.seconds, 2) if self.seconds else 0.0,
        }


def read_ann(path: Path) -> list[Attribution]:
    """Attributions of one BRAT ``.ann`` file (discontinuous spans kept as lists)."""
    spans: dict[str, tuple[str, list[Span], str]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[parts[0]] = (label, [(p[0], p[1]) for p in pieces],
                               parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E"):
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            relations.append(args)
    out: list[Attribution] = []
    for rel in relations:
        content_id = rel.get("Content")
        if content_id not in spans:
            continue
        label, content, text = spans[content_id]
        # BRAT numbers a repeated role: ``Content2`` is the second part of a split quote.
        for role, extra in sorted(rel.items()):
            if CONTINUED_CONTENT.fullmatch(role) and extra in spans:
                content = content + spans[extra][1]
                text = f"{text} {spans[extra][2]}"
        source = spans[rel["Source"]][1] if rel.get("Source") in spans else []
        cue = spans[rel["Cue"]][1] if rel.get("Cue") in spans else []
        out.append(Attribution(content, source, cue, text))
    return out


def gold_files(folder: Path) -> list[tuple[Path, Path]]:
    """(text, first annotator's .ann) pairs of a PolNeAR split folder."""
    pairs = []
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(ANNOTATOR_SUFFIX.sub("", ann.name), ann)
    for stem, ann in sorted(anns.items()):
        text = folder / "text" / f"{stem}.txt"
        if text.exists():
            pairs.append((text, ann))
    return pairs


def _length(spans: Iterable[Span]) -> int:
    return sum(e - s for s, e in spans)


def _overlap(a: Iterable[Span], b: Iterable[Span]) -> int:
    b = list(b)
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def predicted_attributions(record: dict[str, Any], by_cue: bool = True) -> list[Attribution]:
    """Statements grouped by cue into attributions (or one attribution per statement)."""
    groups: dict[tuple[int, int], Attribution] = {}
    for n, st in enumerate(record["statements"]):
        cue = (st["cue"]["span"][0], st["cue"]["span"][1])
        if not by_cue:
            cue = (n, -1)
        att = groups.setdefault(cue, Attribution([], [], [(st["cue"]["span"][0],
                                                           st["cue"]["span"][1])]))
        att.content.append((st["content"]["span"][0], st["content"]["span"][1]))
        if st["speaker"].get("span"):
            att.source.append((st["speaker"]["span"][0], st["speaker"]["span"][1]))
    return list(groups.values())


def score_article(record: dict[str, Any], gold: list[Attribution], scores: Scores,
                  by_cue: bool = True) -> None:
    """Add one article's counts to ``scores``."""
    predicted = predicted_attributions(record, by_cue)
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            overlap = _overlap(p.content, g.content)
            longer = max(_length(p.content), _length(g.content))
            if longer and overlap >= longer / 2:
                pairs.append((overlap / longer, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        g = gold[j]
        if g.source:
            scores.with_source += 1
            if _overlap(predicted[i].source, g.source) > 0:
                scores.speaker_right += 1
    text = record["text"]
    for j, g in enumerate(gold):
        first = min(g.content)[0]
        if text[first:first + 1] in OPENING_QUOTES:
            scores.gold_direct += 1
            scores.matched_direct += j in used_g
    scores.predicted += len(predicted)
    scores.gold += len(gold)
    scores.matched += len(used_g)
    scores.articles += 1


def evaluate(folder: Path, pipeline: Any, limit: int | None = None,
             by_cue: bool = True) -> Scores:
    """Code every article of a PolNeAR split folder and score its statements."""
    scores = Scores()
    pairs = gold_files(folder)[:limit] if limit else gold_files(folder)
    articles = []
    for text_path, _ in pairs:
        stem = text_path.stem
        published = stem.split("_")[1] if stem.count("_") >= 2 else None
        articles.append(Article(id=stem, text=text_path.read_text(encoding="utf-8"),
                                published=published))
    start = time.perf_counter()
    records = list(pipeline.pipe(articles))
    scores.seconds = time.perf_counter() - start
    for record, (_, ann) in zip(records, pairs, strict=True):
        scores.words += len(record["text"].split())
        score_article(record, read_ann(ann), scores, by_cue)
    return scores
