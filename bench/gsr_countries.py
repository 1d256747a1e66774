"""List the PLOVER gold sentences whose actor or recipient country the coder misses.

For each miss: the gold type and codes, and the countries of the coder's events of the gold
type (or the types it gave instead). Used to find what participant rules to work on.

Usage: python bench/gsr_countries.py [source|target] [--all]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from wirecoder import Article, Pipeline
from wirecoder.evaluation.plover_gsr import OLD_TYPES, _codes, _countries, gold_records

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    side = sys.argv[1] if len(sys.argv) > 1 else "source"
    rows = gold_records(ROOT.parent / "shared/data/plover-gsr/PLOVER_GSR_CAMEO.json")
    pipeline = Pipeline()
    records = pipeline.pipe([Article(id=r["id"], text=r["text"]) for r in rows])
    reasons: Counter[str] = Counter()
    for row, record in zip(rows, records, strict=True):
        gold = OLD_TYPES.get(row["event"], row["event"])
        sources, targets = _codes(row.get("source")), _codes(row.get("target"))
        want = sources if side == "source" else targets
        if not want:
            continue
        if side == "source" and targets:
            pass
        elif side == "source":
            want = sources | targets
        right = [e for e in record["events"] if e["type"] == gold]
        key = "actor" if side == "source" else "recipient"
        if any(_countries(e[key]) & want for e in right):
            continue
        if not right:
            reasons["wrong type"] += 1
            if "--all" not in sys.argv:
                continue
        else:
            got = [[(p["text"], p.get("country")) for p in e[key]] for e in right]
            reasons["no participant" if not any(got) else "wrong country"] += 1
        print(f"{row['id']} {gold} want {sorted(want)}")
        print("   ", row["textInfo"]["markup"] if isinstance(row.get("textInfo"), dict)
              else row["text"])
        for e in record["events"]:
            print(f"    -> {e['type']} {e['trigger']['text']!r} "
                  f"actor={[(p['text'], p.get('country')) for p in e['actor']]} "
                  f"recipient={[(p['text'], p.get('country')) for p in e['recipient']]}")
    print(dict(reasons))


if __name__ == "__main__":
    main()
