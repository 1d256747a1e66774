"""Figures on the shared benchmarks: recall of PLOVER GSR dead/injured counts, and every
figure emitted on the GSR sentences and 20 PolNeAR dev articles, for hand-checking.

Usage: python bench/figures_check.py [--list]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from wirecoder import Article, Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def gsr_recall(pipeline: Pipeline) -> tuple[int, int, list[str]]:
    rows = [r for r in json.loads((SHARED / "plover-gsr/PLOVER_GSR_CAMEO.json").read_text())
            if r.get("event") != "DOCUMENT" and (r.get("dead") or r.get("injured"))]
    wanted = found = 0
    misses: list[str] = []
    for row in rows:
        record = pipeline(Article(id=row["id"], text=row["text"]))
        for field, kind in (("dead", "killed"), ("injured", "injured")):
            if not row.get(field):
                continue
            wanted += 1
            value = float(row[field])
            if any(f["kind"] == kind and value in (f["value"], f["low"], f["high"])
                   for f in record["figures"]):
                found += 1
            else:
                misses.append(f"{row['id']}: {kind}={row[field]} got "
                              f"{[(f['kind'], f['text']) for f in record['figures']]} "
                              f"| {row['text']}")
    return found, wanted, misses


def main() -> None:
    pipeline = Pipeline()
    found, wanted, misses = gsr_recall(pipeline)
    print(f"PLOVER GSR dead/injured recall: {found}/{wanted} = {found / wanted:.3f}")
    for miss in misses:
        print("  MISS", miss)
    if "--list" not in sys.argv:
        return
    rows = [r for r in json.loads((SHARED / "plover-gsr/PLOVER_GSR_CAMEO.json").read_text())
            if r.get("event") != "DOCUMENT"]
    articles = [Article(id=r["id"], text=r["text"]) for r in rows]
    texts = sorted((SHARED / "polnear/dev/text").glob("*.txt"))[:20]
    articles += [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in texts]
    total = 0
    for record in pipeline.pipe(articles):
        text = record["text"]
        for f in record["figures"]:
            total += 1
            s, e = f["span"]
            context = text[max(0, s - 60):e + 60].replace("\n", " ")
            print(f"{record['id'][:28]:<28} {f['kind']:<10} {f['value']!s:>10} "
                  f"{f['subject']!s:<12} src={f['source']} | {context}")
    print(f"{total} figures listed")


if __name__ == "__main__":
    main()
