"""Coding into a store that ``wirecoder serve`` has open (:mod:`wirecoder.live`)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from checks import free_port, serving
from fastapi.testclient import TestClient

from wirecoder import Store
from wirecoder.api import create_app
from wirecoder.errors import StoreError
from wirecoder.live import RemoteStore, announce, find_server, handoff_path, parse_records

LOCAL = "http://localhost"
TOKEN = "a-token-for-tests"


def copy_store(example_store: Path, folder: Path) -> Path:
    """A store of its own for a test that writes (the example store is shared)."""
    path = folder / "live.duckdb"
    shutil.copy(example_store, path)
    return path


@pytest.fixture(scope="module")
def seed(example_store: Path) -> dict[str, Any]:
    with Store(example_store, read_only=True) as store:
        return next(r for r in store.records() if r["id"].startswith("iran"))


def renamed(record: dict[str, Any], new_id: str) -> dict[str, Any]:
    return {**record, "id": new_id}


def test_live_handoff_file_is_private_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with announce(db, "http://127.0.0.1:9", "tok") as path:
        assert path == handoff_path(db)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        found = find_server(db)
        assert found is not None and found.token == "tok" and found.pid == os.getpid()
    assert not path.exists() and find_server(db) is None


def test_live_handoff_of_a_dead_server_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    handoff_path(db).write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": dead.pid,
                                            "token": "x"}))
    assert find_server(db) is None
    handoff_path(db).write_text("not json")
    assert find_server(db) is None


def test_live_posted_records_need_the_token_and_valid_records(
        example_store: Path, tmp_path: Path, seed: dict[str, Any]) -> None:
    db = copy_store(example_store, tmp_path)
    body = (json.dumps(renamed(seed, "new-1")) + "\n").encode()
    with TestClient(create_app(db, ingest_token=TOKEN), base_url=LOCAL) as client:
        before = client.get("/api/status").json()
        assert before["accepts_coders"] is True
        assert client.post("/api/local/records", content=body).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert client.post("/api/local/records", content=body, headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        broken = renamed(seed, "new-2")
        del broken["events"]
        bad = body + (json.dumps(broken) + "\n").encode()
        answer = client.post("/api/local/records", content=bad, headers=auth)
        assert answer.status_code == 422 and "line 2" in answer.json()["message"]
        assert client.get("/api/status").json()["articles"] == before["articles"]
        assert client.post("/api/local/records", content=b"{oops\n",
                           headers=auth).status_code == 422
        assert client.get("/api/local/ids").status_code == 401
        assert client.post("/api/local/sql", json={"query": "SELECT 1"}).status_code == 401


def test_live_written_records_show_at_once_in_cached_answers(
        example_store: Path, tmp_path: Path, seed: dict[str, Any]) -> None:
    db = copy_store(example_store, tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    app = create_app(db, ingest_token=TOKEN)
    with TestClient(app, base_url=LOCAL) as client:
        before = client.get("/api/facets").json()["total"]
        assert client.get("/api/facets").json()["total"] == before
        assert app.state.answers.hits >= 1  # the second answer came from the cache
        body = "".join(json.dumps(renamed(seed, f"new-{i}")) + "\n" for i in range(2))
        answer = client.post("/api/local/records", content=body.encode(), headers=auth)
        assert answer.json() == {"written": 2}
        after = client.get("/api/facets").json()["total"]
        assert after == before + 2 * len(seed["events"])
        assert {"new-0", "new-1"} <= set(client.get("/api/local/ids", headers=auth)
                                          .json()["ids"])
        rows = client.post("/api/local/sql", headers=auth, json={
            "query": "SELECT count(*) AS n FROM articles WHERE id LIKE 'new-%'"}).json()
        assert rows == {"columns": ["n"], "rows": [[2]]}
        assert client.post("/api/local/sql", headers=auth,
                           json={"query": "SELEC nonsense"}).status_code == 400


def test_live_readers_never_see_half_an_article(
        example_store: Path, tmp_path: Path, seed: dict[str, Any]) -> None:
    db = copy_store(example_store, tmp_path)
    app = create_app(db, ingest_token=TOKEN, cache_bytes=0)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    per_article = len(seed["events"])
    with TestClient(app, base_url=LOCAL) as client:
        start = client.get("/api/status").json()
        seen: list[tuple[int, int]] = []
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                status = client.get("/api/status").json()
                seen.append((status["articles"], status["events"]))

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            for i in range(12):
                client.post("/api/local/records", headers=auth,
                            content=(json.dumps(renamed(seed, f"half-{i}")) + "\n").encode())
        finally:
            done.set()
            watcher.join()
    assert len(seen) > 3
    for articles, events in seen:
        added = articles - start["articles"]
        assert events - start["events"] == added * per_article, (articles, events)


@pytest.fixture()
def served(example_store: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``wirecoder serve`` on a copy of the example store, as users run it."""
    db = copy_store(example_store, tmp_path)
    with serving(db) as url:
        yield db, url
    assert not handoff_path(db).exists()  # removed on the way out
    with Store(db, read_only=True) as store:  # and the lock released
        assert store.count("articles") >= 4


def test_live_cli_codes_exports_and_queries_through_the_server(
        served: tuple[Path, str], tmp_path: Path) -> None:
    db, url = served
    articles = tmp_path / "more.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in [
        {"id": "live-1", "published": "2024-07-02",
         "text": "Police arrested ten protesters in Lagos on Tuesday, the state police said."},
        {"id": "live-2", "published": "2024-07-02",
         "text": "Rebels attacked an army convoy near Goma on Monday, killing four soldiers, "
                 "a provincial official said."}]))
    wirecoder = [sys.executable, "-m", "wirecoder"]
    coded = subprocess.run([*wirecoder, "code", str(articles), "--db", str(db), "--rules-only"],
                           capture_output=True, text=True, timeout=300)
    assert coded.returncode == 0, coded.stderr
    assert "the records go through it" in coded.stderr and url in coded.stderr
    remote = RemoteStore(db, find_server(db))  # type: ignore[arg-type]
    assert {"live-1", "live-2"} <= remote.ids()
    again = subprocess.run([*wirecoder, "code", str(articles), "--db", str(db)],
                           capture_output=True, text=True, timeout=300)
    assert "skipped 2 already stored" in again.stderr
    query = subprocess.run([*wirecoder, "sql", "--db", str(db), "--format", "jsonl",
                            "SELECT id FROM articles WHERE id LIKE 'live-%' ORDER BY id"],
                           capture_output=True, text=True, timeout=60)
    assert query.returncode == 0, query.stderr
    assert [json.loads(line)["id"] for line in query.stdout.splitlines()] == \
        ["live-1", "live-2"]
    out = tmp_path / "export"
    exported = subprocess.run([*wirecoder, "export", "--db", str(db), "--format", "plover",
                               str(out)], capture_output=True, text=True, timeout=60)
    assert exported.returncode == 0, exported.stderr
    assert any(json.loads(line)["storyId"] == "live-2"
               for line in (out / "events.plover.jsonl").read_text().splitlines())


def test_live_a_server_gone_silent_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    with announce(db, f"http://127.0.0.1:{free_port()}", "tok"):
        server = find_server(db)
        assert server is not None
        with pytest.raises(StoreError, match="E208"):
            RemoteStore(db, server, timeout=5)


def test_live_parse_records_names_the_bad_line(seed: dict[str, Any]) -> None:
    good = json.dumps(seed)
    assert [r["id"] for r in parse_records(f"{good}\n\n{good}\n".encode())] == [seed["id"]] * 2
    with pytest.raises(ValueError, match="line 2 is not JSON"):
        parse_records(f"{good}\n[1,\n".encode())
    with pytest.raises(ValueError, match="line 1 is not an article record"):
        parse_records(b'{"id": "x"}\n')
