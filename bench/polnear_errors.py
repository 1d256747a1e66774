"""Print missed and spurious attributions on PolNeAR articles, for error analysis.

Usage: python bench/polnear_errors.py [SPLIT_DIR] [N_ARTICLES]  (default: train, 30)
Tune on train; measure on dev with ``wirecoder eval polnear``.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

from wirecoder import Article, Pipeline
from wirecoder.evaluation.polnear import (
    _length,
    _overlap,
    gold_files,
    predicted_attributions,
    read_ann,
)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/polnear/train"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    pairs = gold_files(folder)
    random.Random(7).shuffle(pairs)
    pipeline = Pipeline()
    missed_cues: Counter[str] = Counter()
    spurious_cues: Counter[str] = Counter()
    for text_path, ann in pairs[:n]:
        text = text_path.read_text(encoding="utf-8")
        record = pipeline(Article(id=text_path.stem, text=text))
        gold = read_ann(ann)
        pred = predicted_attributions(record)
        for g in gold:
            hit = any(_overlap(p.content, g.content) >= max(_length(p.content),
                                                            _length(g.content)) / 2
                      for p in pred)
            if not hit:
                cue = " ".join(text[s:e] for s, e in g.cue).lower()
                missed_cues[cue] += 1
                near = [p for p in pred if _overlap(p.content, g.content)]
                print(f"MISS cue={cue!r} src={' '.join(text[s:e] for s, e in g.source)!r}")
                print(f"     gold={' | '.join(text[s:e] for s, e in g.content)[:200]!r}")
                for p in near:
                    print(f"     near={' | '.join(text[s:e] for s, e in p.content)[:200]!r}")
        for p in pred:
            hit = any(_overlap(p.content, g.content) >= max(_length(p.content),
                                                            _length(g.content)) / 2
                      for g in gold)
            if not hit:
                cue = " ".join(text[s:e] for s, e in p.cue).lower()
                spurious_cues[cue] += 1
                content = " | ".join(text[s:e] for s, e in p.content)[:200]
                print(f"FALSE cue={cue!r} content={content!r}")
    print("missed by cue:", missed_cues.most_common(40))
    print("spurious by cue:", spurious_cues.most_common(40))


if __name__ == "__main__":
    main()
