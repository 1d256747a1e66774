"""Incidents: events from different articles that describe the same happening.

Two asserted events from different articles belong to one incident when they have the
same PLOVER type, their dates are within :data:`DATE_TOLERANCE` days, they are placed in
the same country, their participants' countries do not differ, and either both are placed
in one town or region (within :data:`MAX_KM`) with participants that do not contradict
(a shared head word such as "police" when both name some), or, placed no finer than a
country, both name a participant with the same head word. Events with no place are left
out.
An event without its own date is dated by its article's publication day, with
:data:`UNDATED_TOLERANCE` days of slack, because news reports what happened a day or two
before. Grouping is complete-linkage within blocks of type and country: every pair in an
incident passes the test, so an incident never drifts from day to day.

Articles that copy another article (see :mod:`wirecoder.duplicates`) stay in the incident
but do not count as sources and their figures are not repeated.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wirecoder.geo import distance_km

DATE_TOLERANCE = 1
UNDATED_TOLERANCE = 2
MAX_KM = 100.0


@dataclass
class IncidentEvent:
    """One stored event, with what grouping needs from its article."""

    article_id: str
    event_id: str
    type: str
    day: date
    dated: bool  # the event's own date, not its article's publication day
    country: str | None
    location: str | None
    lat: float | None
    lon: float | None
    fine: bool  # placed more precisely than a country
    names: frozenset[str]
    countries: frozenset[str]
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    publisher: str = ""
    published: date | None = None
    duplicate_of: str | None = None


@dataclass
class IncidentFigure:
    article_id: str
    event_id: str
    kind: str
    value: float
    source: str | None


def _km(a: IncidentEvent, b: IncidentEvent) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def same_happening(a: IncidentEvent, b: IncidentEvent) -> bool:
    """Whether two events of one type and country, from different articles, can be the
    same happening."""
    if a.article_id == b.article_id:
        return False  # the coder already merged one article's mentions of one event
    tolerance = DATE_TOLERANCE if a.dated and b.dated else UNDATED_TOLERANCE
    if abs((a.day - b.day).days) > tolerance:
        return False
    if a.countries and b.countries and not a.countries & b.countries:
        return False
    if a.fine and b.fine and a.lat is not None and b.lat is not None:
        if _km(a, b) > MAX_KM:
            return False
        # Placed in one town on one day: participants only have to not contradict.
        return not (a.names and b.names) or bool(a.names & b.names)
    # Placed no finer than a country: the same participants must be named on both sides.
    return bool(a.names & b.names)


def group(events: Iterable[IncidentEvent]) -> list[list[IncidentEvent]]:
    """Incidents as lists of events, ordered by first day; events alone are left out.

    Complete linkage: an event joins an incident only if it can be the same happening as
    every event already in it, so incidents cannot chain from day to day or town to town.
    """
    blocks: dict[tuple[str, str], list[IncidentEvent]] = defaultdict(list)
    for event in events:
        if event.country is not None:  # an incident needs a place
            blocks[(event.type, event.country)].append(event)
    groups: list[list[IncidentEvent]] = []
    for members in blocks.values():
        members.sort(key=lambda e: (e.day, e.article_id, e.event_id))
        open_groups: list[list[IncidentEvent]] = []
        for event in members:
            # Incidents whose first day is out of reach are closed.
            still_open = []
            for g in open_groups:
                if (event.day - g[0].day).days > UNDATED_TOLERANCE:
                    groups.append(g)
                else:
                    still_open.append(g)
            open_groups = still_open
            home = next((g for g in open_groups
                         if all(same_happening(other, event) for other in g)), None)
            if home is None:
                open_groups.append([event])
            else:
                home.append(event)
        groups.extend(open_groups)
    found = [g for g in groups if len({e.article_id for e in g}) > 1]
    found.sort(key=lambda g: (g[0].day, g[0].article_id, g[0].event_id))
    return found


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def summarise(members: list[IncidentEvent],
              figures: list[IncidentFigure]) -> dict[str, Any]:
    """The ``incidents`` row of one group: counts, first report and figures by kind.

    ``figures`` maps each kind to its distinct values, each with the sources that give it;
    ``figures_text`` reads ``killed: 5 (Kenya Medical Association), 7 (police)``.
    """
    first = min(members, key=lambda e: (e.published or e.day, e.article_id))
    originals = {e.article_id for e in members if e.duplicate_of is None}
    copies = {e.article_id for e in members} - originals
    key = min((e.article_id, e.event_id) for e in members)
    by_kind: dict[str, dict[float, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fig in figures:
        if fig.article_id in originals:
            by_kind[fig.kind][fig.value].add(fig.source or "no source")
    text = "; ".join(
        f"{kind}: " + ", ".join(f"{_number(value)} ({'; '.join(sorted(sources))})"
                                for value, sources in sorted(values.items()))
        for kind, values in sorted(by_kind.items()))
    figure_list = {kind: [{"value": value, "sources": sorted(sources)}
                          for value, sources in sorted(values.items())]
                   for kind, values in sorted(by_kind.items())}
    place = next((e for e in members if e.fine), next((e for e in members if e.location),
                                                      members[0]))
    return {
        "id": "inc-" + hashlib.sha1("/".join(key).encode()).hexdigest()[:12],
        "type": members[0].type,
        "date_start": min(e.day for e in members),
        "date_end": max(e.day for e in members),
        "country": members[0].country,
        "location": place.location, "lat": place.lat, "lon": place.lon,
        "actors": sorted({a for e in members for a in e.actors}),
        "recipients": sorted({r for e in members for r in e.recipients}),
        "countries": sorted({c for e in members for c in e.countries}),
        "n_events": len(members),
        "n_articles": len(originals),
        "n_sources": len({e.publisher for e in members if e.article_id in originals}),
        "n_duplicates": len(copies),
        "first_reported": first.published,
        "first_article": first.article_id,
        "figures": figure_list,
        "figures_text": text or None,
        "conflicting": any(len(values) > 1 for values in figure_list.values()),
    }
