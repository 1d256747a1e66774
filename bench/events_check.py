"""List every event emitted on 20 PolNeAR dev articles (US election news, a domain the
trigger lexicon was not written for), for hand-checking false events.

Usage: python bench/events_check.py [N_ARTICLES]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from wirecoder import Article, Pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    texts = sorted((ROOT.parent / "shared/data/polnear/dev/text").glob("*.txt"))[:n]
    pipeline = Pipeline()
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8"),
                        published=p.stem.split("_")[1]) for p in texts]
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    total = 0
    for record in pipeline.pipe(articles):
        text = record["text"]
        for ev in record["events"]:
            total += 1
            by_type[ev["type"]] += 1
            by_status[ev["status"]] += 1
            s, e = ev["trigger"]["span"]
            actor = ", ".join(p["text"] for p in ev["actor"]) or "?"
            recipient = ", ".join(p["text"] for p in ev["recipient"]) or "?"
            context = text[max(0, s - 70):e + 50].replace("\n", " ")
            print(f"{record['id'][:24]:<24} {ev['type']:<9} {ev['status']:<12} "
                  f"{ev['confidence']:.2f} [{actor} -> {recipient}] | {context}")
    print(f"{total} events in {len(articles)} articles; by type {dict(by_type)}; "
          f"by status {dict(by_status)}")


if __name__ == "__main__":
    main()
