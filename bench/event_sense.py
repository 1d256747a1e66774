"""The event coder on labelled sentences: with and without the event-sense layer.

Usage: python bench/event_sense.py [--split dev|heldout|both] [--rules-only] [--errors]

Codes every sentence of the written dev split (never trained on) and of the held-out set
(written apart, never used to choose anything) as an article of its own
(:mod:`wirecoder.evaluation.sense`) and prints: hard negatives that yield any event and
any violent event; PLOVER type accuracy of the most confident event (and of any event);
event sentences with no event; ACLED sub-event accuracy; a reliability table (events by
confidence band, and how many of them are right). ``--errors`` lists the misses.
"""

from __future__ import annotations

import sys

from wirecoder import Pipeline
from wirecoder.evaluation.sense import code_sentences, labelled_sentences, score
from wirecoder.sense.labels import NO_EVENT


def main() -> None:
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "both"
    rules_only = "--rules-only" in sys.argv
    pipeline = Pipeline(sense=not rules_only)
    for name in (["dev", "heldout"] if split == "both" else [split]):
        rows = labelled_sentences(name)
        records = code_sentences(rows, pipeline)
        print(f"== {name} ({'rules only' if rules_only else 'rules + event sense'})")
        for key, value in score(rows, records).items():
            print(f"  {key:<30} {value:.3f}" if isinstance(value, float)
                  else f"  {key:<30} {value}")
        if "--errors" in sys.argv:
            for r, rec in zip(rows, records, strict=True):
                types = [e["type"] for e in rec["events"]]
                if (r["event"] == NO_EVENT) == bool(types) or (
                        r["event"] != NO_EVENT and r["event"] not in types):
                    print(f"   {r['event']:<9} {types} {r['text'][:150]}")


if __name__ == "__main__":
    main()
