"""The REST API: every endpoint and filter, and bad parameters as 4xx with a message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from wirecoder.api import MAX_LIMIT, create_app
from wirecoder.guards import SECURITY_HEADERS

SEED_ID = "iran-us-forces-2023-10-30"


@pytest.fixture(scope="module")
def client(example_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(example_store), base_url="http://localhost") as test_client:
        yield test_client


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_rest_articles_list_search_and_one(client: TestClient) -> None:
    page = get(client, "/api/articles")
    assert {a["id"] for a in page["items"]} == {SEED_ID, "k1", "k2", "k3"}
    assert "text" not in page["items"][0] and page["next_offset"] is None
    assert [a["id"] for a in get(client, "/api/articles", text="Kanani")["items"]] == [SEED_ID]
    assert [a["id"] for a in get(client, "/api/articles", source="Standard")["items"]] == ["k2"]
    assert {a["id"] for a in get(client, "/api/articles", date_from="2024-06-27")["items"]} \
        == {"k3"}
    assert [a["id"] for a in get(client, "/api/articles", date_to="2023-12-31")["items"]] \
        == [SEED_ID]
    assert get(client, "/api/articles", limit=1, offset=1)["next_offset"] == 2
    one = get(client, f"/api/articles/{SEED_ID}")
    assert one["record"]["id"] == SEED_ID and one["duplicate_of"] is None
    copy = get(client, "/api/articles/k3")
    assert copy["duplicate_of"] == "k1" and copy["incidents"]


def test_rest_events_filters(client: TestClient) -> None:
    assert len(get(client, "/api/events", limit=MAX_LIMIT)["items"]) > 10
    assaults = get(client, "/api/events", type="ASSAULT")["items"]
    assert assaults and {e["type"] for e in assaults} == {"ASSAULT"}
    assert {e["status"] for e in get(client, "/api/events", status="asserted")["items"]} \
        == {"asserted"}
    syria = get(client, "/api/events", country="SYR")["items"]
    assert syria and all("SYR" in str(e) for e in syria)
    assert get(client, "/api/events", actor="white house")["items"][0]["type"] == "ACCUSE"
    assert get(client, "/api/events", place="nairobi")["items"]
    assert get(client, "/api/events", date_from="2023-10-26", date_to="2023-10-26")["items"]
    assert get(client, "/api/events", article_id="k2")["items"][0]["article_id"] == "k2"
    firearms = get(client, "/api/events", mode="firearms")["items"]
    assert all(e["mode"] == "firearms" for e in firearms)
    incident = get(client, "/api/incidents")["items"][0]["id"]
    assert len(get(client, "/api/events", incident=incident)["items"]) == 3
    # Participants' words and entity names, not the keys of their JSON.
    assert get(client, "/api/events", actor="text")["items"] == []
    assert get(client, "/api/facets", actor="entity")["total"] == 0
    assert {p["text"] for e in get(client, "/api/events", actor="kanani")["items"]
            for p in e["actor"]} == {"he"}


def test_rest_facets_places_network(client: TestClient) -> None:
    facets = get(client, "/api/facets")
    assert facets["total"] == sum(facets["type"].values())
    assert facets["days"] and {"day", "type", "count"} <= set(facets["days"][0])
    assert get(client, "/api/facets", type="ASSAULT")["type"].keys() == {"ASSAULT"}
    places = get(client, "/api/places")["items"]
    assert any(p["location"] == "Nairobi" for p in places)
    assert all(p["lat"] is not None for p in places)
    edges = get(client, "/api/network")["items"]
    assert edges and all(e["count"] >= 1 and e["types"] for e in edges)
    assert len(get(client, "/api/network", limit=1)["items"]) == 1


def test_rest_statements_figures_incidents_entities(client: TestClient) -> None:
    kanani = get(client, "/api/statements", speaker="Kanani")["items"]
    assert kanani and {s["speaker_name"] for s in kanani} == {"Nasser Kanani"}
    assert get(client, "/api/statements", country="IRN")["items"]
    assert get(client, "/api/statements", text="reap what you sow")["items"]
    assert get(client, "/api/statements", date_from="2030-01-01")["items"] == []
    assert get(client, "/api/statements", date_to="2000-01-01")["items"] == []
    assert {s["article_id"] for s in get(client, "/api/statements", article_id="k2")["items"]} \
        == {"k2"}
    killed = get(client, "/api/figures", kind="killed")["items"]
    assert {f["value"] for f in killed} >= {8306, 5, 7}
    unsourced = get(client, "/api/figures", sourced="false")["items"]
    assert unsourced and all(f["source"] is None for f in unsourced)
    assert all(f["source"] for f in get(client, "/api/figures", sourced="true")["items"])
    assert {f["value"] for f in get(client, "/api/figures", article_id="k1")["items"]} == {5}
    # k3 copies k1: left out on request, so a wire story's figure counts once.
    assert "k3" in {f["article_id"] for f in get(client, "/api/figures")["items"]}
    assert "k3" not in {f["article_id"]
                        for f in get(client, "/api/figures", copies="false")["items"]}
    in_2024 = get(client, "/api/figures", date_from="2024-01-01", date_to="2024-12-31")
    assert in_2024["items"] and all(f["day"].startswith("2024") for f in in_2024["items"])
    (incident,) = get(client, "/api/incidents", conflicting="true", country="KEN")["items"]
    assert incident["figures_text"] == "killed: 5 (Kenya Medical Association), 7 (police)"
    assert get(client, "/api/incidents", min_sources=3)["items"] == []
    assert get(client, "/api/incidents", type="ASSAULT", date_from="2024-06-25",
               date_to="2024-06-25")["items"]
    assert get(client, "/api/incidents", type="PROTEST")["items"] == []
    assert len(get(client, f"/api/incidents/{incident['id']}")["events"]) == 3
    people = get(client, "/api/entities", name="kanani")["items"]
    assert people[0]["name"] == "Nasser Kanani" and people[0]["country"] == "IRN"
    assert get(client, "/api/entities", type="GPE", country="IRN")["items"]
    assert set(get(client, "/api/ontology")["types"]) >= {"ASSAULT", "AGREE"}


@pytest.mark.parametrize(("path", "params", "status", "words"), [
    ("/api/events", {"limit": MAX_LIMIT + 1}, 422, "limit"),
    ("/api/events", {"limit": 0}, 422, "limit"),
    ("/api/events", {"offset": -1}, 422, "offset"),
    ("/api/events", {"type": "BOMB"}, 400, "unknown event type"),
    ("/api/events", {"status": "maybe"}, 400, "unknown status"),
    ("/api/events", {"country": "usa"}, 422, "country"),
    ("/api/events", {"date_from": "last week"}, 422, "date_from"),
    ("/api/facets", {"date_to": "2023-13-01"}, 422, "date_to"),
    ("/api/figures", {"kind": "bodies"}, 400, "unknown kind"),
    ("/api/figures", {"sourced": "perhaps"}, 422, "sourced"),
    ("/api/incidents", {"min_sources": 0}, 422, "min_sources"),
    ("/api/statements", {"speaker": ""}, 422, "speaker"),
    ("/api/articles/nope", {}, 404, "no article"),
    ("/api/incidents/nope", {}, 404, "no incident"),
    ("/api/events", {"actor": "x' OR 1=1 --"}, 200, ""),
])
def test_rest_bad_parameters_are_4xx_with_a_message(client: TestClient, path: str,
                                                    params: dict[str, Any], status: int,
                                                    words: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    if status >= 400:
        assert words in response.json()["message"]
    else:
        assert response.json()["items"] == []  # bound, not pasted into SQL


def test_rest_read_only_and_documented(client: TestClient) -> None:
    assert client.post("/api/events").status_code == 405
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/statements", "/api/figures", "/api/incidents",
            "/api/entities", "/api/facets", "/api/articles"} <= set(spec["paths"])
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/events.html"
    assert client.get("/ui/world.json").json()["countries"]


def test_rest_answers_kept_and_bounded(example_store: Path) -> None:
    with TestClient(create_app(example_store), base_url="http://localhost") as client:
        answers = client.app.state.answers  # type: ignore[attr-defined]
        first = client.get("/api/events", params={"type": "ASSAULT"})
        again = client.get("/api/events", params={"type": "ASSAULT"})
        assert (answers.hits, answers.misses, len(answers)) == (1, 1, 1)
        assert again.content == first.content
        assert all(again.headers[k] == v for k, v in SECURITY_HEADERS.items())
        assert client.get("/api/events", params={"type": "ACCUSE"}).json()["items"]
        assert (answers.misses, len(answers)) == (2, 2)
        # Errors are not kept; a kept answer is still refused to a foreign host.
        for _ in range(2):
            assert client.get("/api/events", params={"type": "BOMB"}).status_code == 400
            assert client.get("/api/articles/nope").status_code == 404
        assert len(answers) == 2
        refused = client.get("/api/events", params={"type": "ASSAULT"},
                             headers={"host": "evil.example"})
        assert refused.status_code == 400 and answers.hits == 1
        answers.clear()
        assert len(answers) == 0 and answers.size == 0
    with TestClient(create_app(example_store, cache_bytes=40_000),
                    base_url="http://localhost") as client:
        answers = client.app.state.answers  # type: ignore[attr-defined]
        for offset in range(10):
            client.get("/api/statements", params={"offset": offset})
        assert 0 < answers.size <= 40_000 and len(answers) < 10
        client.get("/api/events", params={"limit": MAX_LIMIT})  # over a quarter: not kept
        assert client.get("/api/events", params={"limit": MAX_LIMIT}).status_code == 200
        assert answers.hits == 0
    with TestClient(create_app(example_store, cache_bytes=0),
                    base_url="http://localhost") as client:
        client.get("/api/events")
        client.get("/api/events")
        assert len(client.app.state.answers) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/api/articles", "/api/events", "/api/statements",
                                  "/api/figures", "/api/incidents", "/api/entities"])
def test_rest_every_list_gives_the_total_of_the_filtered_set(client: TestClient,
                                                             path: str) -> None:
    whole = get(client, path, limit=MAX_LIMIT)
    assert whole["total"] == len(whole["items"]) > 0
    first = get(client, path, limit=1)
    assert first["total"] == whole["total"] and len(first["items"]) == 1
    assert first["next_offset"] == (1 if whole["total"] > 1 else None)
    last = get(client, path, limit=1, offset=whole["total"] - 1)
    assert last["next_offset"] is None and len(last["items"]) == 1


def test_rest_totals_follow_the_filters(client: TestClient) -> None:
    facets = get(client, "/api/facets", type="ASSAULT")
    assert get(client, "/api/events", type="ASSAULT", limit=2)["total"] == facets["total"]
    assert get(client, "/api/articles", text="Kanani")["total"] == 1
    assert get(client, "/api/statements", speaker="zzz-nobody")["total"] == 0


def test_rest_statement_facets_count_every_filtered_statement(client: TestClient) -> None:
    every = get(client, "/api/statements", limit=MAX_LIMIT)
    facets = get(client, "/api/statement-facets")
    assert facets["total"] == every["total"] == sum(facets["kind"].values())
    kinds: dict[str, int] = {}
    for s in every["items"]:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    assert facets["kind"] == kinds
    names = [s["name"] for s in facets["speakers"]]
    assert "Nasser Kanani" in names and not {"he", "she", "they"} & {n.lower() for n in names}
    assert get(client, "/api/statement-facets", speaker="Kanani")["total"] \
        == get(client, "/api/statements", speaker="Kanani")["total"] > 0


def test_rest_events_sorted_and_filtered_by_confidence(client: TestClient) -> None:
    every = get(client, "/api/events", limit=MAX_LIMIT)["items"]
    down = get(client, "/api/events", order="-confidence", limit=MAX_LIMIT)["items"]
    assert [e["confidence"] for e in down] == sorted((e["confidence"] for e in every),
                                                     reverse=True)
    by_type = [e["type"] for e in get(client, "/api/events", order="type",
                                      limit=MAX_LIMIT)["items"]]
    assert by_type == sorted(by_type)
    sure = get(client, "/api/events", min_confidence=0.9, limit=MAX_LIMIT)
    assert sure["total"] == sum(e["confidence"] >= 0.9 for e in every) < len(every)
    assert get(client, "/api/facets", min_confidence=0.9)["total"] == sure["total"]
    assert client.get("/api/events", params={"order": "id; DROP"}).status_code == 400
    assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422


def test_rest_export_this_view_as_csv_and_json(client: TestClient) -> None:
    import csv
    import io
    import json

    view = get(client, "/api/events", type="ASSAULT", order="-confidence", limit=MAX_LIMIT)
    answer = client.get("/api/events/export", params={"type": "ASSAULT",
                                                      "order": "-confidence"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["article_id"], r["event_id"]) for r in rows] == \
        [(e["article_id"], e["id"]) for e in view["items"]]
    assert {r["type"] for r in rows} == {"ASSAULT"}
    as_json = client.get("/api/events/export", params={"type": "ASSAULT", "format": "json",
                                                       "order": "-confidence"})
    assert json.loads(as_json.text) == view["items"]
    assert client.get("/api/events/export", params={"format": "xls"}).status_code == 422


def test_rest_facets_count_an_incident_once(client: TestClient) -> None:
    kenya = get(client, "/api/facets", country="KEN")
    # Three reports of one shooting (one article a copy of another): one incident.
    assert kenya["total"] == 3 and kenya["incidents"] == 1
    every = get(client, "/api/facets")
    assert every["incidents"] < every["total"]


def test_rest_favicon_is_no_content(client: TestClient) -> None:
    assert client.get("/favicon.ico").status_code == 204
