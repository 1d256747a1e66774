"""The DuckDB store: a table per record part; re-coding replaces rows."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from wirecoder import Store
from wirecoder.queries import DERIVED_COLUMNS
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


def _event_row(store: Store, event_id: str) -> tuple[Any, ...]:
    row = store.con.execute(
        "SELECT countries, actor_id, actor_name, recipient_id, recipient_name,"
        " participant_names FROM events WHERE id = ?", [event_id]).fetchone()
    assert row is not None
    return tuple(row)


def test_store_derived_columns_written_and_replaced(seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([seed_record])
        # "he" is Nasser Kanani: his name is kept beside the words, one per line.
        (said,) = [e for e in seed_record["events"]
                   if e["actor"] and e["actor"][0]["text"] == "he"]
        countries, actor_id, actor_name, _, _, names = _event_row(store, said["id"])
        assert actor_name == "Nasser Kanani" and actor_id == "nasser-kanani"
        assert names.split("\n")[:2] == ["he", "Nasser Kanani"]
        assert "IRN" in countries and countries == sorted(set(countries))
        speakers = dict(store.con.execute(
            "SELECT speaker, speaker_name FROM statements WHERE speaker = 'he'").fetchall())
        assert speakers == {"he": "Nasser Kanani"}
        first = store.counts()

        changed = copy.deepcopy(seed_record)
        event = next(e for e in changed["events"] if e["id"] == said["id"])
        event["actor"] = [{"text": "a ministry official", "span": [0, 19]}]
        store.write([changed])
        assert store.counts() == first
        _, actor_id, actor_name, _, _, names = _event_row(store, said["id"])
        assert (actor_id, actor_name) == (None, None)
        assert names.split("\n")[0] == "a ministry official" and "Kanani" not in names
        assert [e["id"] for e in store.events(actor="ministry official")] == [said["id"]]


def test_store_actor_filter_matches_names_not_json(seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([seed_record])
        # Keys, ids and codes of the participants' JSON are nobody's name.
        for word in ("text", "span", "entity", "sector", "ent1", "reb", "null", '": "'):
            assert store.events(actor=word) == [], word
            assert store.event_facets(actor=word)["total"] == 0, word
        # The entity's name counts: "he" is found as Kanani.
        kanani = store.events(actor="kanani")
        assert kanani and {p["text"] for e in kanani for p in e["actor"]} == {"he"}
        assert store.events(actor="palestinian group")  # the words as written
        # Each line is one participant's words or name: none runs over two.
        assert store.events(actor="he\nnasser") == []
        assert store.event_network(actor="kanani")


def _answers(store: Store) -> dict[str, Any]:
    """List query answers that do not depend on how rows are ordered inside a query."""
    return {
        "events": store.events(actor="kanani", limit=500),
        "country": store.events(country="SYR", limit=500),
        "facets": store.event_facets(),
        "network": sorted((e["actor_id"], e["recipient_id"], e["count"])
                          for e in store.event_network(limit=500)),
        "statements": store.statements(speaker="kanani", limit=500),
        "by country": store.statements(country="IRN", limit=500),
        "figures": store.figures(limit=500),
        "entities": sorted((e["actor_id"], e["articles"], e["mentions"])
                           for e in store.entities(limit=500)),
    }


def test_store_old_store_gets_derived_columns(tmp_path: Path,
                                             seed_record: dict[str, Any]) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write([seed_record])
        written = {table: store.con.execute(
            f"SELECT * FROM {table} ORDER BY article_id, id").fetchall()
            for table in DERIVED_COLUMNS}
        answers = _answers(store)
        # As written before these columns existed.
        for table, parts in DERIVED_COLUMNS.items():
            for part in parts:
                for name, _, _ in part.columns:
                    store.con.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    with Store(path, read_only=True) as store:  # cannot add them: works it out per query
        assert _answers(store) == answers
    with Store(path) as store:  # adds and fills them once
        assert {table: store.con.execute(
            f"SELECT * FROM {table} ORDER BY article_id, id").fetchall()
            for table in DERIVED_COLUMNS} == written
        assert _answers(store) == answers


NEEDLES = ["kanani", "KANANI", "ani", "nasser kanani", "asser kan", "us forces", "s, ",
           "8,306", "revolutionary guard", "iran's", "zzz", "police said", "wrong american",
           "'", "  ", "-"]


def _by_brute_force(records: list[dict[str, Any]], needle: str) -> set[str]:
    return {r["id"] for r in records
            if needle.lower() in f"{r.get('title') or ''}".lower()
            or needle.lower() in r["text"].lower()}


def test_store_text_search_finds_what_the_text_holds(example_store: Path,
                                                     tmp_path: Path) -> None:
    import shutil

    with Store(example_store, read_only=True) as store:
        records = list(store.records())
        for needle in NEEDLES:
            found = {a["id"] for a in store.articles(text=needle, limit=100)}
            assert found == _by_brute_force(records, needle), needle
    # A store written before articles' words were kept: read-only, it reads every text;
    # opened for writing, it keeps their words from then on.
    old = tmp_path / "old.duckdb"
    shutil.copy(example_store, old)
    with Store(old) as store:
        store.con.execute("DROP TABLE article_words")
    with Store(old, read_only=True) as store:
        assert "article_words" in store._lacking
        assert {a["id"] for a in store.articles(text="kanani")} == \
            _by_brute_force(records, "kanani")
    with Store(old) as store:
        assert store.con.execute("SELECT count(DISTINCT article_id) FROM article_words"
                                 ).fetchone()[0] == len(records)
        for needle in NEEDLES:
            assert {a["id"] for a in store.articles(text=needle, limit=100)} == \
                _by_brute_force(records, needle), needle
