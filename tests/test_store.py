"""The DuckDB store: a table per record part; re-coding replaces rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wirecoder import Store
from wirecoder.store import DERIVED_TABLES, TABLES


def test_store_twice_same_counts(tmp_path: Path, seed_record: dict[str, Any]) -> None:
    path = tmp_path / "w.duckdb"
    with Store(path) as store:
        store.write([seed_record])
        first = store.counts()
        store.write([seed_record])
        assert store.counts() == first
    with Store(path) as store:  # reopened from disk
        assert store.counts() == first
        assert store.ids() == {seed_record["id"]}
        assert store.record(seed_record["id"]) == seed_record
    assert first["articles"] == 1
    assert first["entities"] == len(seed_record["entities"])
    assert first["excluded"] == 1
    assert set(first) == {*TABLES, *DERIVED_TABLES}


def test_store_duplicate_ids_in_one_batch_keep_the_last(seed_record: dict[str, Any]) -> None:
    changed = dict(seed_record, title="changed")
    with Store() as store:
        store.write([seed_record, changed])
        assert store.count("articles") == 1
        assert store.record(seed_record["id"])["title"] == "changed"  # type: ignore[index]


def test_store_unknown_table() -> None:
    with Store() as store, pytest.raises(ValueError, match="unknown table"):
        store.count("nope")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_store_export_every_table(tmp_path: Path, seed_record: dict[str, Any],
                                  fmt: str) -> None:
    import duckdb

    with Store(tmp_path / "w.duckdb") as store:
        store.write([seed_record])
        paths = store.export(tmp_path / "out", fmt)
        counts = store.counts()
    assert {p.stem for p in paths} == {*TABLES, *DERIVED_TABLES}
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    con = duckdb.connect()
    for path in paths:
        row = con.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone()
        assert row is not None and row[0] == counts[path.stem]


def test_store_queries(seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([seed_record])
        assaults = store.events(type="ASSAULT")
        assert assaults and all(e["type"] == "ASSAULT" for e in assaults)
        assert {e["article_id"] for e in assaults} == {seed_record["id"]}
        syria = store.events(country="SYR")
        assert any("struck" in e["trigger"]["text"] for e in syria)
        assert store.events(actor="white house")[0]["type"] == "ACCUSE"
        assert store.events(date_from="2023-10-26", date_to="2023-10-26")
        assert store.events(date_from="2030-01-01") == []
        kanani = store.statements(speaker="kanani")
        # Found by the resolved name too: his "he said" statements come back.
        assert kanani and all(s["speaker_name"] == "Nasser Kanani" for s in kanani)
        assert {s["speaker"]["text"].lower() for s in kanani} >= {"he"}
        assert store.statements(text="reap what you sow")
        assert store.statements(country="IRN")
        unsourced = store.figures(sourced=False)
        assert any(f["value"] == 8306 for f in unsourced)
        assert all(f["source"] is not None for f in store.figures(sourced=True))
        assert [f["kind"] for f in store.figures(kind="troops")] == ["troops", "troops"]
        assert len(store.events(limit=2)) == 2
        with pytest.raises(ValueError):
            store.events(limit=-1)
