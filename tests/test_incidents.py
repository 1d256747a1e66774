"""Incidents: the same happening reported by several articles, with conflicting figures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from wirecoder import Pipeline, Store, read_inputs
from wirecoder.batch import code_batch
from wirecoder.incidents import IncidentEvent, IncidentFigure, group, summarise


def _event(aid: str, day: int, *, type: str = "ASSAULT", country: str | None = "KEN",
           names: tuple[str, ...] = ("police",), countries: tuple[str, ...] = (),
           lat: float | None = None, lon: float | None = None, dated: bool = True,
           copy_of: str | None = None) -> IncidentEvent:
    return IncidentEvent(
        article_id=aid, event_id="ev1", type=type, day=date(2024, 6, day), dated=dated,
        country=country, location="somewhere", lat=lat, lon=lon, fine=lat is not None,
        names=frozenset(names), countries=frozenset(countries), publisher=aid,
        published=date(2024, 6, day), duplicate_of=copy_of)


def test_incidents_group_by_type_day_place_and_participants() -> None:
    events = [
        _event("a", 25), _event("b", 26),  # same: a day apart
        _event("c", 28),  # three days later: another incident (alone)
        _event("d", 25, type="PROTEST"),  # another type
        _event("e", 25, country="UGA"),  # another country
        _event("f", 25, names=("army",)),  # other participants
    ]
    groups = group(events)
    assert [[e.article_id for e in g] for g in groups] == [["a", "b"]]


def test_incidents_distance_and_countries_split_and_undated_slack() -> None:
    nairobi = {"lat": -1.28, "lon": 36.82}
    mombasa = {"lat": -4.04, "lon": 39.67}
    assert not group([_event("a", 25, **nairobi), _event("b", 25, **mombasa)])
    assert len(group([_event("a", 25, **nairobi), _event("b", 25, lat=-1.3, lon=36.9)])) == 1
    assert not group([_event("a", 25, countries=("KEN",)), _event("b", 25, countries=("UGA",))])
    assert len(group([_event("a", 25), _event("b", 27, dated=False)])) == 1
    assert not group([_event("a", 25), _event("b", 27)])


def test_incidents_summary_sources_copies_and_conflicting_figures() -> None:
    members = [_event("a", 25), _event("b", 25), _event("c", 26, copy_of="a")]
    figures = [IncidentFigure("a", "ev1", "killed", 5, "Kenya Medical Association"),
               IncidentFigure("b", "ev1", "killed", 7, "police"),
               IncidentFigure("c", "ev1", "killed", 6, "copy"),
               IncidentFigure("b", "ev1", "injured", 20, None)]
    row = summarise(members, figures)
    assert row["n_articles"] == 2 and row["n_sources"] == 2 and row["n_duplicates"] == 1
    assert row["figures_text"] == ("injured: 20 (no source); "
                                   "killed: 5 (Kenya Medical Association), 7 (police)")
    assert row["conflicting"] is True
    assert row["first_article"] == "a" and row["n_events"] == 3


def test_incidents_from_coded_articles(tmp_path: Path, pipeline: Pipeline) -> None:
    lines = [
        {"id": "k1", "source": "Nation", "published": "2024-06-26",
         "text": "Police shot dead five protesters in Nairobi on Tuesday, the Kenya Medical "
                 "Association said."},
        {"id": "k2", "source": "Standard", "published": "2024-06-26",
         "text": "Kenyan police killed seven demonstrators in Nairobi on Tuesday, police "
                 "said."},
        {"id": "k3", "source": "Copy", "published": "2024-06-27",
         "text": "Police shot dead five protesters in Nairobi on Tuesday, the Kenya Medical "
                 "Association said!"},
    ]
    path = tmp_path / "k.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with Store(tmp_path / "k.duckdb") as store:
        result = code_batch(read_inputs([str(path)]), pipeline, store=store)
        assert result.duplicates == 1 and result.incidents == 1
        (incident,) = store.incidents(type="ASSAULT", country="KEN")
        assert incident["n_sources"] == 2 and incident["n_duplicates"] == 1
        assert incident["conflicting"]
        assert incident["figures_text"] == ("killed: 5 (Kenya Medical Association), "
                                            "7 (police)")
        assert {e["article_id"] for e in store.incident(incident["id"])["events"]} == {
            "k1", "k2", "k3"}
        assert len(store.events(incident=incident["id"])) == 3
        assert store.incidents(date_from="2024-07-01") == []
        assert store.incidents(conflicting=False) == []
        assert store.incident("nope") is None


def test_incidents_do_not_chain_from_day_to_day_and_need_a_place() -> None:
    # Each is a day from the next, but the first and last are two days apart.
    groups = group([_event("a", 25), _event("b", 26), _event("c", 27)])
    assert [[e.article_id for e in g] for g in groups] == [["a", "b"]]
    assert not group([_event("a", 25, country=None), _event("b", 25, country=None)])
    # Placed only at the country level, both sides must name the same participant.
    assert not group([_event("a", 25, names=()), _event("b", 25, names=("police",))])
