"""The server against a hostile user: host names, one error shape, literal word filters,
bound parameters, security headers, offline docs, query timeouts, reads side by side and
CSV cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import logging
import re
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import duckdb
import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from wirecoder.api import create_app
from wirecoder.cli import main
from wirecoder.errors import StoreError
from wirecoder.guards import MAX_URL_BYTES, SECURITY_HEADERS, host_name
from wirecoder.queries import StoreQueries, contains, needle
from wirecoder.store import Store

LOCAL = "http://localhost"
SEED_ID = "iran-us-forces-2023-10-30"
HOSTILE = ["'; DROP TABLE events; --", "%", "_", "\\", "' OR 1=1 --", "%' OR '1'='1",
           "é中文🙂 ‮", "\x00", "a" * 200]
# Every list endpoint and its free-text filters (choice filters answer 400 to these).
STRING_FILTERS = {
    "/api/articles": ["text", "source"],
    "/api/events": ["type", "mode", "status", "actor", "place", "incident", "article_id"],
    "/api/facets": ["mode", "actor", "place", "incident", "article_id"],
    "/api/places": ["mode", "actor", "place", "incident", "article_id"],
    "/api/network": ["mode", "actor", "place", "incident", "article_id"],
    "/api/statements": ["speaker", "text", "article_id"],
    "/api/figures": ["kind", "article_id"],
    "/api/incidents": ["type"],
    "/api/entities": ["name", "type"],
}


@pytest.fixture(scope="module")
def app(example_store: Path) -> FastAPI:
    # No answers kept: every request here must reach the store's queries.
    return create_app(example_store, cache_bytes=0)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client


def assert_error(response: Any, status: int) -> str:
    """Assert the API's one error shape and return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] == status, body
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in body["message"]
    return str(body["message"])


def test_server_foreign_host_is_refused(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example",
                 "127.0.0.1.evil.example", "0.0.0.0"):
        message = assert_error(client.get("/api/events", headers={"host": host}), 400)
        assert "host" in message
        assert_error(client.get("/ui/events.html", headers={"host": host}), 400)
    for host in ("localhost", "localhost:8000", "LOCALHOST", "127.0.0.1:8000", "[::1]:8000"):
        assert client.get("/api/ontology", headers={"host": host}).status_code == 200


def test_server_host_names_parsed() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("Localhost:80") == "localhost"
    assert host_name("wire.lan") == "wire.lan"


def test_server_cli_serve_allows_its_host_and_named_hosts(example_store: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(
        app=app, **options))
    # Read-only: the shared store is open read-only elsewhere in this process.
    result = CliRunner().invoke(main, ["serve", "--db", str(example_store), "--host",
                                       "192.0.2.7", "--allow-host", "wire.lan",
                                       "--query-timeout", "3", "--read-only"])
    assert result.exit_code == 0, result.output
    assert started["h11_max_incomplete_event_size"] and started["http"] == "h11"
    with TestClient(started["app"], base_url=LOCAL) as served:
        for host, status in (("192.0.2.7:8000", 200), ("wire.lan", 200), ("localhost", 200),
                             ("evil.example", 400)):
            assert served.get("/api/ontology", headers={"host": host}).status_code == status
    result = CliRunner().invoke(main, ["serve", "--db", str(example_store), "--host",
                                       "0.0.0.0", "--read-only"])
    assert result.exit_code == 0, result.output
    with TestClient(started["app"], base_url=LOCAL) as served:
        assert served.get("/api/ontology", headers={"host": "0.0.0.0"}).status_code == 400


def test_server_errors_share_one_shape(client: TestClient) -> None:
    assert "/nope" in assert_error(client.get("/nope"), 404)
    assert_error(client.get("/api/nope"), 404)
    assert_error(client.get("/redoc"), 404)
    assert_error(client.get("/ui/nope.html"), 404)
    assert_error(client.get(f"/api/articles/{SEED_ID}-nope"), 404)
    response = client.post("/api/events")
    assert "GET" in assert_error(response, 405) and response.headers["allow"] == "GET"
    assert_error(client.delete("/ui/events.html"), 405)
    assert_error(client.get("/api/events", params={"limit": 0}), 422)
    assert_error(client.get("/api/events", params={"type": "BOMB"}), 400)
    long_url = "/api/events?actor=" + "a" * MAX_URL_BYTES
    assert "limit" in assert_error(client.get(long_url), 414)


def test_server_unexpected_error_is_500_json_and_logged(
        client: TestClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(self: StoreQueries, **_: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(StoreQueries, "entities", broken)
    with caplog.at_level(logging.ERROR, logger="wirecoder.api"):
        response = client.get("/api/entities")
    assert "secret" not in assert_error(response, 500)
    assert all(response.headers[k] == v for k, v in SECURITY_HEADERS.items())
    (logged,) = [r for r in caplog.records if r.name == "wirecoder.api"]
    assert "/api/entities" in logged.getMessage() and logged.exc_info is not None


def test_server_unreadable_store_is_503_naming_the_cause(tmp_path: Path) -> None:
    partial = tmp_path / "partial.duckdb"
    with duckdb.connect(str(partial)) as con:
        con.execute("CREATE TABLE articles (id VARCHAR)")
    with TestClient(create_app(partial), base_url=LOCAL) as served:
        message = assert_error(served.get("/api/incidents"), 503)
        assert "incidents" in message and str(partial) in message
        assert served.get("/api/articles/x").status_code == 503
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database at all\n" * 100)
    with pytest.raises(StoreError, match="E202"):
        create_app(garbage)


def test_server_slow_query_is_stopped_with_503(example_store: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(self: StoreQueries, **_: Any) -> Any:
        return self.con.execute("SELECT sum(hash(i)) FROM range(100000000000) t(i)").fetchall()

    monkeypatch.setattr(StoreQueries, "entities", slow)
    with TestClient(create_app(example_store, query_timeout=0.3), base_url=LOCAL) as served:
        began = time.monotonic()
        message = assert_error(served.get("/api/entities"), 503)
        assert "took longer than 0.3 s" in message
        assert time.monotonic() - began < 10
        assert served.get("/api/events").status_code == 200  # the store still answers


def test_server_reads_run_side_by_side(client: TestClient,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plain = StoreQueries.entities

    def slow(self: StoreQueries, **filters: Any) -> Any:
        time.sleep(1.5)
        return plain(self, **filters)

    monkeypatch.setattr(StoreQueries, "entities", slow)
    waiting = threading.Thread(target=client.get, args=("/api/entities",))
    waiting.start()
    time.sleep(0.1)
    began = time.monotonic()
    assert client.get("/api/events").status_code == 200
    assert time.monotonic() - began < 1.0  # not queued behind the slow request
    waiting.join()


def test_server_busy_store_turns_requests_away_with_503(
        example_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(self: StoreQueries, **_: Any) -> Any:
        time.sleep(1.0)
        return []

    monkeypatch.setattr(StoreQueries, "entities", slow)
    with TestClient(create_app(example_store, query_timeout=0.2, max_queries=1),
                    base_url=LOCAL) as served:
        waiting = threading.Thread(target=served.get, args=("/api/entities",))
        waiting.start()
        time.sleep(0.1)
        response = served.get("/api/events")
        assert "busy" in assert_error(response, 503) and response.headers["retry-after"]
        waiting.join()
        assert served.get("/api/events").status_code == 200


def test_server_concurrent_reads_give_serial_answers(client: TestClient) -> None:
    paths = ["/api/events?limit=500", "/api/facets", "/api/places", "/api/network",
             "/api/statements", "/api/figures", "/api/incidents", "/api/entities",
             f"/api/articles/{SEED_ID}", "/api/articles?text=police"]
    expected = {p: client.get(p).json() for p in paths}
    failures: list[str] = []

    def ask(offset: int) -> None:
        for i in range(20):
            path = paths[(offset + i) % len(paths)]
            response = client.get(path)
            if response.status_code != 200 or response.json() != expected[path]:
                failures.append(f"{path}: {response.status_code}")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_server_like_wildcards_are_literal() -> None:
    assert needle("50%_A\\") == "50%_a\\"
    assert needle("") is None and needle(None) is None
    with duckdb.connect() as con:
        def matches(text: str, words: str) -> bool:
            row = con.execute(f"SELECT {contains('?')}", [text, needle(words)]).fetchone()
            return bool(row and row[0])

        assert matches("Up 5% on_the day \\o/", "5% ON_THE")
        assert matches("a\\b", "\\")
        assert not matches("up 5 percent", "%")
        assert not matches("upXonXthe", "up_on_the")


def test_server_wildcards_match_nothing(client: TestClient) -> None:
    assert client.get("/api/events", params={"limit": 500}).json()["items"]
    for path, name in (("/api/events", "actor"), ("/api/events", "place"),
                       ("/api/articles", "text"), ("/api/statements", "speaker"),
                       ("/api/statements", "text"), ("/api/entities", "name")):
        for wildcard in ("%", "%%", "%_%", "_%_"):
            response = client.get(path, params={name: wildcard})
            assert response.status_code == 200 and response.json()["items"] == [], \
                (path, name, wildcard)
    assert client.get("/api/facets", params={"actor": "%"}).json()["total"] == 0
    # "_" is an underscore, not any character: the title says "Iran says".
    assert client.get("/api/articles", params={"text": "iran says"}).json()["items"]
    assert client.get("/api/articles", params={"text": "iran_says"}).json()["items"] == []
    assert client.get("/api/articles", params={"text": "@The_NewArab"}).json()["items"]


def test_server_hostile_filter_values(app: FastAPI, client: TestClient) -> None:
    before = app.state.store.counts()
    for path, names in STRING_FILTERS.items():
        for name in names:
            for value in HOSTILE:
                response = client.get(path, params={name: value})
                assert response.status_code in (200, 400), (path, name, value, response.text)
                if response.status_code == 400:
                    assert_error(response, 400)
            assert_error(client.get(path, params={name: "a" * 201}), 422)
    for value in HOSTILE:
        for path in ("/api/articles/", "/api/incidents/"):
            assert_error(client.get(path + value.replace("\x00", "%00")), 404)
    assert client.get("/api/events", params={"actor": "' OR 1=1 --"}).json()["items"] == []
    assert app.state.store.counts() == before


@pytest.mark.parametrize("path", [
    "/ui/%2e%2e/api.py", "/ui/%2e%2e/%2e%2e/pyproject.toml", "/ui/..%2fapi.py",
    "/ui/%2e%2e%2f%2e%2e%2fpyproject.toml", "/ui/..%5capi.py", "/ui/..\\api.py",
    "/ui//etc/passwd", "/ui/%2fetc%2fpasswd", "/ui/....//....//pyproject.toml",
    "/ui/%252e%252e/api.py", "/ui/../pyproject.toml",
])
def test_server_ui_traversal_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert_error(response, 404)
    assert "import" not in response.text and "root:" not in response.text


def test_server_security_headers_on_every_response(client: TestClient) -> None:
    responses = [client.get(p) for p in ("/api/events", "/ui/events.html", "/ui/app.js",
                                          "/docs", "/openapi.json", "/nope")]
    responses += [client.post("/api/events"),
                  client.get("/api/events", headers={"host": "evil.example"}),
                  client.get("/api/events?actor=" + "a" * MAX_URL_BYTES),
                  client.get("/", follow_redirects=False)]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    assert "unsafe" not in policy and "default-src 'none'" in policy


class _Assets(HTMLParser):
    """The URLs a page loads (scripts, styles, images) and whether it has inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            if found.get("src"):
                self.urls.append(str(found["src"]))
            else:
                self.inline.append("script")
        elif tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))
        elif tag in ("img", "iframe", "source") and found.get("src"):
            self.urls.append(str(found["src"]))
        if tag == "style":
            self.inline.append("style")
        self.inline.extend(f"{tag} {name}" for name in found
                           if name == "style" or name.startswith("on"))


def test_server_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = _Assets()
    assets.feed(page.text)
    assert assets.urls and not assets.inline
    for ref in assets.urls:
        url = urljoin(f"{LOCAL}/docs", ref)
        assert urlsplit(url).netloc == "localhost", ref
        response = client.get(url)
        assert response.status_code == 200, ref
        for absolute in re.findall(r"https?://[^\s\"'`)]+", response.text):
            assert absolute == "http://www.w3.org/2000/svg", (ref, absolute)  # a namespace
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"]
    assert client.get("/ui/docs.js").status_code == 200


def test_server_ui_pages_have_no_inline_code() -> None:
    web = resources.files("wirecoder").joinpath("web")
    pages = [p for p in web.iterdir() if p.name.endswith(".html")]
    assert len(pages) >= 5
    for page in pages:
        assets = _Assets()
        assets.feed(page.read_text(encoding="utf-8"))
        assert not assets.inline, page.name
        assert all(not urlsplit(u).netloc for u in assets.urls), page.name


def _hostile_record(example_store: Path) -> dict[str, Any]:
    with Store(example_store, read_only=True) as store:
        record = store.record(SEED_ID)
    assert record is not None
    record["id"] = "hostile"
    record["title"] = '=HYPERLINK("http://evil.example","click")'
    record["url"] = "@SUM(1+1)"
    record["source"] = "-12.5"
    event = next(e for e in record["events"] if e["actor"] and e.get("location"))
    event["actor"][0]["text"] = '=HYPERLINK("x")'
    event["location"].update(lat=-3.5, lon=-60.25)
    return record


def test_server_csv_exports_neutralise_formulas(example_store: Path, tmp_path: Path) -> None:
    from wirecoder.exports import GDELT_COLUMNS, export_events

    with Store(tmp_path / "hostile.duckdb") as store:
        store.write([_hostile_record(example_store)])
        export_events(store, tmp_path / "events.gdelt.csv", "gdelt")
        store.export(tmp_path / "csv", "csv")
    with (tmp_path / "events.gdelt.csv").open(encoding="utf-8", newline="") as handle:
        rows = [dict(zip(GDELT_COLUMNS, row, strict=True))
                for row in csv.reader(handle, delimiter="\t")]
    (row,) = [r for r in rows if r["Actor1Name"].startswith("'=")]
    assert row["Actor1Name"] == "'=HYPERLINK(\"X\")"
    assert row["SOURCEURL"] == "'@SUM(1+1)"
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == ("-3.5", "-60.25")
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8", newline="") as handle:
        (article,) = list(csv.DictReader(handle))
    assert article["title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert article["url"] == "'@SUM(1+1)" and article["source"] == "-12.5"
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    assert "'=HYPERLINK(\"x\")" in {e["actor"] for e in events}
    assert ("-3.5", "-60.25") in {(e["lat"], e["lon"]) for e in events}
