"""Score events against PLOVER's gold-standard records (PLOVER_GSR_CAMEO.json).

PLOVER 0.5 names are mapped to today's types (FIGHT -> ASSAULT, DEMAND -> REQUEST,
DISAPPROVE and INVESTIGATE -> ACCUSE). For each gold sentence: type accuracy (some predicted
event has the gold type), precision (share of predicted events of the gold type), and
source/target country accuracy on the event of the gold type (CAMEO's JAP, ITL, VTN read
as ISO JPN, ITA, VNM; IGO, UNO and EUR count as one family, as do IMG and ISM).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirecoder.model import Article

OLD_TYPES = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE",
             "INVESTIGATE": "ACCUSE"}
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UNO": "IGO", "EUR": "IGO",
                "ISM": "IMG"}


def _code(code: str | None) -> str | None:
    return CODE_ALIASES.get(code, code) if code else None


@dataclass
class GsrScores:
    records: int = 0
    typed: int = 0
    predicted: int = 0
    predicted_right: int = 0
    source_gold: int = 0
    source_right: int = 0
    target_gold: int = 0
    target_right: int = 0
    seconds: float = 0.0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_confidence: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "records": self.records,
            "type_accuracy": ratio(self.typed, self.records),
            "precision": ratio(self.predicted_right, self.predicted),
            "predicted": self.predicted,
            "actor_country_accuracy": ratio(self.source_right, self.source_gold),
            "recipient_country_accuracy": ratio(self.target_right, self.target_gold),
            "precision_by_confidence": {
                band: f"{right}/{total} = {ratio(right, total)}"
                for band, (right, total) in sorted(self.by_confidence.items())},
            "records_per_s": round(self.records / self.seconds, 1) if self.seconds else 0.0,
        }


def gold_records(path: Path) -> list[dict[str, Any]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in rows if r.get("event") != "DOCUMENT"]


def _codes(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {c for a in value if isinstance(a, dict) and (c := _code(a.get("code")))}


def _countries(participants: list[dict[str, Any]]) -> set[str]:
    return {c for p in participants if (c := _code(p.get("country")))}


def evaluate(path: Path, pipeline: Any) -> GsrScores:
    """Code every gold sentence and score the events."""
    rows = gold_records(path)
    articles = [Article(id=r["id"], text=r["text"], published=None) for r in rows]
    start = time.perf_counter()
    records = list(pipeline.pipe(articles))
    scores = GsrScores(seconds=time.perf_counter() - start)
    for row, record in zip(rows, records, strict=True):
        gold = OLD_TYPES.get(row["event"], row["event"])
        events = record["events"]
        scores.records += 1
        scores.predicted += len(events)
        right = [e for e in events if e["type"] == gold]
        scores.predicted_right += len(right)
        for e in events:
            band = f"{min(0.9, int(e['confidence'] * 10) / 10):.1f}"
            tally = scores.by_confidence.setdefault(band, [0, 0])
            tally[0] += e["type"] == gold
            tally[1] += 1
        if right:
            scores.typed += 1
        else:
            scores.confusion[(gold, events[0]["type"] if events else "-")] += 1
        sources, targets = _codes(row.get("source")), _codes(row.get("target"))
        # Compound sources/targets ("SRC/TAR") may sit on either side.
        both = sources | targets
        if sources:
            scores.source_gold += 1
            scores.source_right += any(_countries(e["actor"]) & (sources if targets else both)
                                       for e in right)
        if targets:
            scores.target_gold += 1
            scores.target_right += any(_countries(e["recipient"]) & targets for e in right)
    return scores
