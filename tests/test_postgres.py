"""The team store on PostgreSQL (:mod:`wirecoder.pgstore`), against a real server.

A private server is started for the session (tests/pg.py); each test gets a database of
its own. Skipped when PostgreSQL or psycopg is missing, except under ``CI=true``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from checks import serving
from fastapi.testclient import TestClient

from wirecoder import Store
from wirecoder.api import create_app
from wirecoder.errors import StoreError
from wirecoder.pgstore import PgStore, event_facts_columns, redacted, translate
from wirecoder.store import open_store

LOCAL = "http://localhost"
WIRECODER = [sys.executable, "-m", "wirecoder"]


def stored_records(example_store: Path) -> list[dict[str, Any]]:
    with Store(example_store, read_only=True) as store:
        return list(store.records())


def test_pg_translate_reads_duckdb_sql_as_postgresql() -> None:
    assert translate("SELECT x FROM t WHERE a = ? AND b LIKE 'x%'") == \
        "SELECT x FROM t WHERE a = %s AND b LIKE 'x%%'"
    assert translate("list_contains(e.countries, ?)") == "(%s = ANY(e.countries))"
    # A literal substring, wildcards escaped, that a trigram index can answer.
    assert translate("contains(lower(a.title), ?)") == (
        "(lower(a.title) LIKE '%%' || replace(replace(replace(%s, '\\', '\\\\'), '%%',"
        " '\\%%'), '_', '\\_') || '%%')")
    assert translate("e.data->>'$.location.precision'", parameters=False) == \
        "((e.data)::json #>> '{location,precision}')"
    assert translate("x DOUBLE, y UBIGINT[], z JSON, w UTINYINT", parameters=False) == \
        "x DOUBLE PRECISION, y BIGINT[], z TEXT, w SMALLINT"


def test_pg_passwords_stay_out_of_messages() -> None:
    url = "postgresql://coder:s3cret@127.0.0.1:1/wire"
    assert redacted(url) == "postgresql://coder:***@127.0.0.1:1/wire"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value) and "E202" in str(caught.value)
    assert "no PostgreSQL server answers" in str(caught.value)


QUESTIONS = [
    ("/api/articles", {}), ("/api/articles", {"text": "Kanani"}),
    ("/api/articles", {"text": "us forces"}), ("/api/articles", {"text": "8,306"}),
    ("/api/articles", {"text": "%"}), ("/api/articles", {"text": "_"}),
    ("/api/events", {"actor": "%"}), ("/api/statements", {"text": "a_b\\%"}),
    ("/api/statements", {"text": "'"}), ("/api/entities", {"name": "_"}),
    ("/api/articles/iran-us-forces-2023-10-30", {}), ("/api/articles/k3", {}),
    ("/api/events", {"limit": 500}), ("/api/events", {"type": "ASSAULT", "order": "-confidence"}),
    ("/api/events", {"country": "KEN", "actor": "police"}),
    ("/api/events", {"place": "nairobi", "min_confidence": 0.5}),
    ("/api/events", {"date_from": "2023-10-27", "date_to": "2023-10-31", "order": "actor"}),
    ("/api/facets", {}), ("/api/facets", {"country": "IRN"}), ("/api/places", {}),
    ("/api/network", {}), ("/api/statements", {"limit": 500}),
    ("/api/statements", {"speaker": "Kanani"}), ("/api/statement-facets", {}),
    ("/api/figures", {"limit": 500}), ("/api/figures", {"sourced": False, "copies": False}),
    ("/api/incidents", {}), ("/api/incidents", {"conflicting": True}),
    ("/api/entities", {"limit": 500}), ("/api/entities", {"country": "USA"}),
    ("/api/events/export", {"format": "json"}), ("/api/ontology", {}),
]


def test_pg_answers_every_question_as_duckdb_does(example_store: Path, pg_db: str) -> None:
    with PgStore(pg_db) as store:
        store.write(stored_records(example_store))
        assert store.build_incidents() > 0
    with TestClient(create_app(example_store), base_url=LOCAL) as duck, \
            TestClient(create_app(pg_db), base_url=LOCAL) as pg:
        for path, params in QUESTIONS:
            ours, theirs = duck.get(path, params=params), pg.get(path, params=params)
            assert theirs.status_code == ours.status_code == 200, (path, theirs.text)
            assert theirs.json() == ours.json(), (path, params)
        incident = duck.get("/api/incidents").json()["items"][0]["id"]
        assert pg.get(f"/api/incidents/{incident}").json() == \
            duck.get(f"/api/incidents/{incident}").json()
        assert pg.get("/api/status").json()["accepts_coders"] is True
        assert pg.get("/api/events", params={"type": "NOPE"}).status_code == 400


def test_pg_rewriting_an_article_replaces_it_and_finds_copies(example_store: Path,
                                                              pg_db: str) -> None:
    records = stored_records(example_store)
    with PgStore(pg_db) as store:
        store.write(records)
        store.write(records[:2])  # coded again: replaced, not added
        assert store.count("articles") == len(records)
        assert store.count("events") == sum(len(r["events"]) for r in records)
        with Store(example_store, read_only=True) as duck:
            assert store.count("duplicates") == duck.count("duplicates") > 0


def _facts_are_the_events(store: PgStore) -> None:
    columns = ", ".join(event_facts_columns())
    order = f" ORDER BY {columns}"
    _, facts = store.run_sql(f"SELECT {columns} FROM event_facts{order}")
    _, events = store.run_sql(f"SELECT {columns} FROM events{order}")
    assert facts == events and events


def test_pg_event_facts_follow_every_change_to_the_events(example_store: Path,
                                                          pg_db: str) -> None:
    records = stored_records(example_store)
    recoded = next(r for r in records if len(r["events"]) > 1)
    with PgStore(pg_db) as store:
        store.write(records)
        _facts_are_the_events(store)
        store.write([dict(recoded, events=recoded["events"][:1])])  # coded again: fewer
        _facts_are_the_events(store)
        assert store.count("events") == sum(len(r["events"]) for r in records) - (
            len(recoded["events"]) - 1)
        store.run_sql(f"UPDATE events SET type = 'PROTEST', article_id = 'moved'"
                      f" WHERE article_id = '{recoded['id']}'")
        _facts_are_the_events(store)
        store.run_sql("DELETE FROM events WHERE article_id = 'moved'")
        _facts_are_the_events(store)
        store.run_sql("DROP TABLE event_facts")  # as a store written before it existed
    with PgStore(pg_db, read_only=True) as store, store.reader() as reader:
        assert reader.event_facets()["total"] == store.count("events")
    with PgStore(pg_db) as store:  # opened for writing: made again, from the events
        _facts_are_the_events(store)
        store.run_sql("TRUNCATE events")
        assert store.run_sql("SELECT count(*) FROM event_facts")[1] == [[0]]


def _summary_is_worked_out(store: PgStore) -> None:
    with store.reader() as reader:
        kept = reader.entities(limit=1000, total=True)
        reader._actor_summary = False
        worked_out = reader.entities(limit=1000, total=True)
    assert kept == worked_out and kept.total == worked_out.total and len(kept) > 0


def test_pg_actor_summary_follows_every_change_to_the_entities(example_store: Path,
                                                               pg_db: str) -> None:
    records = stored_records(example_store)
    recoded = next(r for r in records if len(r["entities"]) > 1)
    with PgStore(pg_db) as store:
        assert store._actor_summary
        store.write(records)
        _summary_is_worked_out(store)
        store.write([dict(recoded, entities=recoded["entities"][:1])])  # coded again: fewer
        _summary_is_worked_out(store)
        store.run_sql("UPDATE entities SET actor_id = 'someone-else'"
                      f" WHERE article_id = '{recoded['id']}'")
        _summary_is_worked_out(store)
        assert store.run_sql("SELECT count(*) FROM actor_summary"
                             " WHERE key = 'someone-else'")[1] == [[1]]
        store.run_sql("DELETE FROM entities WHERE actor_id = 'someone-else'")
        _summary_is_worked_out(store)
        store.run_sql("DROP TABLE actor_summary")  # as a store written before it existed
    with PgStore(pg_db, read_only=True) as store:
        assert not store._actor_summary
        with store.reader() as reader:
            assert reader.entities(total=True).total == store.run_sql(
                "SELECT count(DISTINCT coalesce(actor_id, name)) FROM entities")[1][0][0]
    with PgStore(pg_db) as store:  # opened for writing: made again, from the entities
        _summary_is_worked_out(store)
        store.run_sql("TRUNCATE entities")
        assert store.run_sql("SELECT count(*) FROM actor_summary")[1] == [[0]]


def test_pg_statements_run_at_once_are_all_cancelled_at_the_timeout(pg_db: str) -> None:
    # The facets' counts run on several connections; a timeout must stop every one.
    with PgStore(pg_db) as store:
        began = time.monotonic()
        with pytest.raises(StoreError) as caught, store.reader(timeout=0.5) as reader:
            reader.con.fetch_all([("SELECT pg_sleep(20)", []), ("SELECT pg_sleep(20)", [])])
        assert caught.value.code == "E209"
        assert time.monotonic() - began < 10
        assert store.run_sql("SELECT count(*) FROM pg_stat_activity"
                             " WHERE query LIKE 'SELECT pg_sleep%'")[1] == [[0]]


def test_pg_two_coders_at_once_store_every_article_once(pg_db: str, tmp_path: Path) -> None:
    texts = [f"Police arrested {n} protesters in Lagos on Tuesday, the state police said."
             for n in range(10, 22)]
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    # Articles 4-7 are in both inputs.
    first.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n"
                             for i, t in enumerate(texts[:8])))
    second.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n"
                              for i, t in enumerate(texts) if i >= 4))
    coders = [subprocess.Popen([*WIRECODER, "code", str(path), "--db", pg_db, "--rules-only",
                                "--commit-every", "1"], stderr=subprocess.PIPE, text=True)
              for path in (first, second)]
    for coder in coders:
        assert coder.wait(timeout=300) == 0, coder.communicate()[1]
    with PgStore(pg_db, read_only=True) as store:
        assert store.ids() == {f"a{i}" for i in range(12)}
        _, rows = store.run_sql("SELECT count(*), count(DISTINCT (article_id, id))"
                                    " FROM events")
        assert rows[0][0] == rows[0][1] == sum(r["n_events"] for r in
                                               _articles(store))


def _articles(store: PgStore) -> list[dict[str, Any]]:
    names, rows = store.run_sql("SELECT id, n_events FROM articles")
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_pg_cli_serves_from_two_processes_and_exports(example_store: Path, pg_db: str,
                                                      tmp_path: Path) -> None:
    with PgStore(pg_db) as store:
        store.write(stored_records(example_store))
    with serving(pg_db) as one, serving(pg_db) as two:
        answers = [json.load(urllib.request.urlopen(f"{url}/api/status")) for url in (one, two)]
        assert answers[0]["articles"] == answers[1]["articles"] == 4
        more = tmp_path / "more.jsonl"
        more.write_text(json.dumps({"id": "live-1", "text": "Rebels attacked an army convoy "
                                    "near Goma on Monday, a provincial official said."}) + "\n")
        coded = subprocess.run([*WIRECODER, "code", str(more), "--db", pg_db, "--rules-only"],
                               capture_output=True, text=True, timeout=300)
        assert coded.returncode == 0, coded.stderr
        # No answer is kept for a store others write to: both servers see it at once.
        for url in (one, two):
            assert json.load(urllib.request.urlopen(f"{url}/api/status"))["articles"] == 5
    query = subprocess.run([*WIRECODER, "sql", "--db", pg_db, "--format", "jsonl",
                            "SELECT id FROM articles WHERE id LIKE 'live%'"],
                           capture_output=True, text=True, timeout=60)
    assert query.returncode == 0 and json.loads(query.stdout) == {"id": "live-1"}, query.stderr
    bad = subprocess.run([*WIRECODER, "sql", "--db", pg_db, "SELEC 1"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode != 0 and "the query failed" in bad.stderr
    for fmt, name in (("csv", "events.csv"), ("parquet", "events.parquet"),
                      ("gdelt", "events.gdelt.csv")):
        out = tmp_path / fmt
        done = subprocess.run([*WIRECODER, "export", "--db", pg_db, "--format", fmt, str(out)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert (out / name).stat().st_size > 0


def test_pg_without_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    with pytest.raises(StoreError, match=r"wirecoder\[postgres\]"):
        PgStore("postgresql://someone@/nowhere")
