"""Score the event coder on labelled sentences, each coded as an article of its own.

The sentences are the event-sense data (``wirecoder/sense/data``): the written dev split
(one in five written sentences, never trained on) or the held-out set (written apart from
the training data and never used to choose anything). Figures: hard negatives that yield
any event or a violent one; PLOVER type accuracy of the most confident event; ACLED
sub-event accuracy; and a reliability table of events by confidence band.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wirecoder.model import Article
from wirecoder.sense.labels import ACLED_EVENT_TYPE, NO_EVENT

DATA_DIR = Path(__file__).resolve().parents[1] / "sense" / "data"
BANDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def labelled_sentences(split: str, data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    """The ``dev`` split of the written sentences, or the ``heldout`` set."""
    if split == "dev":
        from wirecoder.sense.build import load_sentences

        return [{"text": s.text, "event": s.event, "mode": s.mode, "category": s.category,
                 "domain": s.domain} for s in load_sentences(data_dir, ngec=False)
                if s.split == "dev"]
    if split != "heldout":
        raise ValueError(f"unknown split {split!r}: use dev or heldout")
    rows: list[dict[str, Any]] = []
    for path in sorted((data_dir / "heldout").glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    return rows


def code_sentences(rows: Sequence[dict[str, Any]], pipeline: Any) -> list[dict[str, Any]]:
    """One record per sentence, each coded as an article published on 2024-06-01."""
    articles = [Article(id=f"s{i}", text=r["text"], published="2024-06-01")
                for i, r in enumerate(rows)]
    return list(pipeline.pipe(articles))


def primary(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record's most confident event."""
    return max(record["events"], key=lambda e: e["confidence"] or 0, default=None)


def score(rows: Sequence[dict[str, Any]], records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures above, for sentences and their records in the same order."""
    pairs = list(zip(rows, records, strict=True))
    neg = [(r, rec) for r, rec in pairs if r["event"] == NO_EVENT]
    pos = [(r, rec) for r, rec in pairs if r["event"] != NO_EVENT]
    out: dict[str, Any] = {"sentences": len(rows), "negatives": len(neg), "events": len(pos)}
    out["negatives_with_event"] = _share(bool(rec["events"]) for _, rec in neg)
    out["negatives_with_violent_event"] = _share(
        any(e["type"] == "ASSAULT" for e in rec["events"]) for _, rec in neg)
    out["type_accuracy"] = _share((primary(rec) or {}).get("type") == r["event"]
                                  for r, rec in pos)
    out["type_in_any_event"] = _share(any(e["type"] == r["event"] for e in rec["events"])
                                      for r, rec in pos)
    out["no_event_found"] = _share(not rec["events"] for _, rec in pos)
    acled = [(r, rec) for r, rec in pos if r.get("category") in ACLED_EVENT_TYPE]
    out["acled_sub_event_accuracy"] = _share(
        ((primary(rec) or {}).get("acled") or {}).get("sub_event_type") == r["category"]
        for r, rec in acled)
    bands: Counter[tuple[float, bool]] = Counter()
    for r, rec in pairs:
        for e in rec["events"]:
            band = max(b for b in BANDS if (e["confidence"] or 0) >= b)
            bands[(band, e["type"] == r["event"])] += 1
    out["reliability"] = {
        f">={b}": f"{bands[(b, True)]}/{bands[(b, True)] + bands[(b, False)]}"
        for b in BANDS if bands[(b, True)] + bands[(b, False)]}
    right = sum(n for (b, ok), n in bands.items() if b >= 0.8 and ok)
    total = sum(n for (b, _), n in bands.items() if b >= 0.8)
    out["precision_at_0.8"] = right / total if total else None
    out["events_at_0.8"] = total
    out["negative_event_types"] = dict(
        Counter(e["type"] for _, rec in neg for e in rec["events"]).most_common())
    return out


def _share(flags: Any) -> float:
    items = list(flags)
    return round(sum(items) / len(items), 4) if items else 0.0


def evaluate(split: str, pipeline: Any, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Code the sentences of ``split`` and score them."""
    rows = labelled_sentences(split, data_dir)
    return score(rows, code_sentences(rows, pipeline))
