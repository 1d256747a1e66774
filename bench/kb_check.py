"""Places and actors on labelled sentences (``tests/data/``): the dev sets, used to find
and fix errors, and the held-out sets, written apart and never looked into.

Usage: python bench/kb_check.py [--split dev|dev2|dev3|heldout|heldout2|...|heldout5] [--errors]

Prints, for the place mentions (2,050 + 420 + 150 dev; 200, 160, 160, 160 and 160 held-out:
cities, regions, seas, landmarks, countries; ambiguous names, old names, news spellings,
capitals standing for their state), how many are found and given the right country; for the
actor mentions (2,377 + 420 + 150 dev; 220, 200, 200, 200 and 200 held-out: people whose
roles changed over time, organisations and armed groups, acronyms defined in the text,
bodies no table lists, common nouns, unnamed office holders, states), how many get the right
country and PLOVER sector on the sentence's date. ``--errors`` lists what is missed or
wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wirecoder import Pipeline
from wirecoder.evaluation.kb import read_rows, score_actors, score_places

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "dev"
    pipeline = Pipeline()
    for name, scorer in (("places", score_places), ("actors", score_actors)):
        path = DATA / f"{name}_{split}.jsonl"
        if not path.exists():
            continue
        scores = scorer(read_rows(path), pipeline)
        errors = scores.pop("errors")
        print(f"== {name}")
        for key, value in scores.items():
            print(f"  {key:<20} {value}")
        if "--errors" in sys.argv:
            for line in errors:
                print("   ", line)


if __name__ == "__main__":
    main()
