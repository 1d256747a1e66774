"""Score places and actors on sentences labelled with the right country (and sector).

Each line of a places file holds a sentence (``text``), the place it names (``mention``),
the place's country (ISO3, or null for seas and regions across borders), its ``kind`` and
a ``published`` date; an actors file holds a participant ``mention`` with its ``country``
and PLOVER ``sector`` on that date. A sentence is coded as an article of its own; a place
counts as found when a coded place overlaps the mention, or else a state the coder read
there as acting ("Moscow barred entry": the entity Russia, of type GPE); an actor when an
entity mention, an event participant or a statement's speaker does (of those, one that
covers the whole mention, then the one whose span fits it best). Missed mentions count as
wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from wirecoder.model import Article


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _records(rows: list[dict[str, Any]], pipeline: Any) -> list[dict[str, Any]]:
    return list(pipeline.pipe([Article(id=f"s{i}", text=r["text"], published=r.get("published"))
                               for i, r in enumerate(rows)]))


def _overlaps(span: list[int] | tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def score_places(rows: list[dict[str, Any]], pipeline: Any) -> dict[str, Any]:
    """``found`` and ``country_accuracy`` (of all rows), and the misses by kind."""
    found = right = 0
    missed: Counter[str] = Counter()
    wrong: list[str] = []
    for row, record in zip(rows, _records(rows, pipeline), strict=True):
        start = row["text"].index(row["mention"])
        end = start + len(row["mention"])
        hit = next((p for p in record["places"] if _overlaps(p["span"], start, end)), None)
        if hit is None:
            hit = next(({"country": e["country"], "name": e["name"]} for e in record["entities"]
                        if e["type"] == "GPE" and any(_overlaps(m, start, end)
                                                      for m in e["mentions"])), None)
        if hit is None:
            missed[row["kind"]] += 1
            wrong.append(f"missed {row['mention']!r} ({row['country']})")
            continue
        found += 1
        if hit["country"] == row["country"]:
            right += 1
        else:
            wrong.append(f"{row['mention']!r}: {hit['country']} ({hit['name']}), "
                         f"not {row['country']}")
    n = len(rows)
    return {"places": n, "found": round(found / n, 4), "country_accuracy": round(right / n, 4),
            "missed_by_kind": dict(missed), "errors": wrong}


def score_actors(rows: list[dict[str, Any]], pipeline: Any) -> dict[str, Any]:
    """``found``, ``country_accuracy`` and ``sector_accuracy`` (of all rows)."""
    found = country = sector = 0
    wrong: list[str] = []
    for row, record in zip(rows, _records(rows, pipeline), strict=True):
        start = row["text"].index(row["mention"])
        end = start + len(row["mention"])
        # The entity mention or event participant that covers the mention most closely
        # ("Israeli troops" is the participant, not the entity "Israeli"); an entity first
        # when both fit as well.
        candidates = [(m, e) for e in record["entities"] for m in e["mentions"]]
        candidates += [(p["span"], p) for e in record["events"]
                       for p in (*e["actor"], *e["recipient"])]
        candidates += [(st["speaker"]["span"], st["speaker"]) for st in record["statements"]
                       if st["speaker"].get("span")]
        # One that covers the whole mention first: the participant "400 Kenyan police
        # officers", not the state "Kenya" its demonym names.
        fits = [(not (span[0] <= start and end <= span[1]),
                 abs(span[0] - start) + abs(span[1] - end), n, c)
                for n, (span, c) in enumerate(candidates) if _overlaps(span, start, end)]
        hit: dict[str, Any] | None = min(fits, key=lambda f: f[:3])[3] if fits else None
        if hit is None:
            wrong.append(f"missed {row['mention']!r} ({row['country']} {row['sector']})")
            continue
        found += 1
        country += hit.get("country") == row["country"]
        sector += hit.get("sector") == row["sector"]
        if (hit.get("country"), hit.get("sector")) != (row["country"], row["sector"]):
            wrong.append(f"{row['mention']!r} {row['published']}: {hit.get('country')} "
                         f"{hit.get('sector')}, not {row['country']} {row['sector']}")
    n = len(rows)
    return {"actors": n, "found": round(found / n, 4),
            "country_accuracy": round(country / n, 4), "sector_accuracy": round(sector / n, 4),
            "errors": wrong}
