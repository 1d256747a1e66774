"""Time each coding stage against the bare spaCy parse on the same texts.

Usage: python bench/stage_cost.py [N_ARTICLES]   (PolNeAR train texts from ../shared)
Prints articles/s and words/s for the parse, the seconds each stage adds, and each stage's
cost as a share of the parse time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from wirecoder import Article, Pipeline
from wirecoder.actors import EntityIndex
from wirecoder.cleaning import ExcludedIndex
from wirecoder.model import ArticleRecord
from wirecoder.pipeline import Analysis

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    texts = [p.read_text(encoding="utf-8") for p in
             sorted((ROOT.parent / "shared/data/polnear/train/text").glob("*.txt"))[:n]]
    words = sum(len(t.split()) for t in texts)
    pipeline = Pipeline()
    list(pipeline.nlp.pipe(texts[:10]))  # warm up
    start = time.perf_counter()
    docs = list(pipeline.nlp.pipe(texts, batch_size=pipeline.config.batch_size))
    parse = time.perf_counter() - start
    stages = {"cleaning": 0.0, "entities": 0.0, "times": 0.0, "places": 0.0, "statements": 0.0,
              "figures": 0.0, "events": 0.0}
    for i, (text, doc) in enumerate(zip(texts, docs, strict=True)):
        article = Article(id=str(i), text=text, published=None)
        t0 = time.perf_counter()
        excluded = ExcludedIndex(pipeline.cleaner.find(text))
        t1 = time.perf_counter()
        analysis = Analysis(article, doc, excluded, ArticleRecord(article), EntityIndex(),
                            [s.start_char for s in doc.sents])
        entities = pipeline.actors.resolve(doc, excluded.covers, None)
        t2 = time.perf_counter()
        times = pipeline.times.find(text, None, excluded.covers, analysis.sentence_of)
        t3 = time.perf_counter()
        context = {e.country for e in entities.entities if e.country}
        places = pipeline.places.find(doc, excluded.covers, context)
        t4 = time.perf_counter()
        statements = pipeline.statements.extract(doc, entities, times, excluded.covers)
        t5 = time.perf_counter()
        figures = pipeline.figures.extract(doc, excluded.covers, times, places, statements)
        t6 = time.perf_counter()
        # The events stage includes the event-sense layer, as the coder runs it.
        pipeline.events.extract(doc, excluded.covers, None, entities, times, places,
                                statements, figures, pipeline.judge)
        t7 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4,
                                          t6 - t5, t7 - t6), strict=True):
            stages[name] += seconds
    print(f"{len(texts)} articles, {words:,} words")
    print(f"spaCy parse: {parse:.2f} s  {len(texts) / parse:.1f} articles/s  "
          f"{words / parse:,.0f} words/s")
    for name, seconds in stages.items():
        print(f"  {name:<11} {seconds:6.2f} s  {100 * seconds / parse:5.1f}% of parse")
    total = sum(stages.values())
    print(f"all stages: {total:.2f} s  {100 * total / parse:.1f}% of parse; full coder "
          f"{len(texts) / (parse + total):.1f} articles/s = {parse / (parse + total):.2f} "
          "of the bare parse")


if __name__ == "__main__":
    main()
