"""Event exports in GDELT 2.0 and PLOVER layouts."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from wirecoder import Store
from wirecoder.exports import GDELT_COLUMNS, export_events


def test_exports_gdelt_columns_and_codes(tmp_path: Path, seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([seed_record])
        count = export_events(store, tmp_path / "e.csv", "gdelt")
    rows = list(csv.reader((tmp_path / "e.csv").open(), delimiter="\t"))
    assert len(GDELT_COLUMNS) == 61
    assert count == len(seed_record["events"]) == len(rows)
    assert all(len(row) == 61 for row in rows)
    by_name = [dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rows]
    strike = next(r for r in by_name if r["ActionGeo_FullName"] == "Syria (east)")
    assert strike["EventRootCode"] == strike["EventCode"][:2]
    assert strike["QuadClass"] == "4" and float(strike["GoldsteinScale"]) <= -9
    assert strike["Actor1CountryCode"] == "USA" and strike["Actor2CountryCode"] == "IRN"
    assert strike["SQLDATE"] == "20231026" and strike["ActionGeo_CountryCode"] == "SYR"
    assert strike["SOURCEURL"] == seed_record["id"]


def test_exports_plover_json(tmp_path: Path, seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([seed_record])
        export_events(store, tmp_path / "e.jsonl", "plover")
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").open()]
    assert len(records) == len(seed_record["events"])
    first = records[0]
    assert {"event", "mode", "context", "source", "target", "eventText", "text", "date",
            "location", "status"} <= set(first)
    assert first["eventText"] in first["text"]
    assert all(set(a) >= {"actorText", "code", "sector"} for a in first["source"])


def test_exports_unknown_format(tmp_path: Path) -> None:
    with Store() as store, pytest.raises(ValueError, match="unknown event export"):
        export_events(store, tmp_path / "x", "gdelt1")


def test_exports_never_invent_a_date(tmp_path: Path, pipeline: Any) -> None:
    from wirecoder import Article

    undated, published = pipeline.pipe([
        Article(id="a", text="Rebels attacked an army post in Kidal, the army said."),
        Article(id="b", text="Rebels attacked an army post in Kidal, the army said.",
                published="2016-03-04"),
    ])
    with Store() as store:
        store.write([undated, published])
        export_events(store, tmp_path / "e.csv", "gdelt")
        export_events(store, tmp_path / "e.jsonl", "plover")
    rows = [dict(zip(GDELT_COLUMNS, row, strict=True))
            for row in csv.reader((tmp_path / "e.csv").open(), delimiter="\t")]
    assert [(r["SQLDATE"], r["Year"]) for r in rows] == [("", ""), ("20160304", "2016")]
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").open()]
    assert [(r["date"], r["dateSource"]) for r in records] == [
        (None, None), ("2016-03-04", "published")]
