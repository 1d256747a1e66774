"""Event exports that existing tools read: a GDELT 2.0 event table and PLOVER JSON.

``gdelt``: the 61 tab-separated columns of a GDELT 2.0 ``export.CSV`` file, no header, one
row per event (:data:`GDELT_COLUMNS` names them). What maps is filled: dates, actor codes
(country + sector, ``USAMIL``), names, CAMEO codes, QuadClass, a Goldstein-like score (the
CAMEO root's value, ``data/goldstein.tsv``), NumMentions (mentions in the article),
NumSources and NumArticles (of the event's incident, else 1), ActionGeo fields and
SOURCEURL (the article URL, else its id). AvgTone and the actors' own places are empty.
An event's date is the one its text gives, else the article's publication date; an event
with neither has empty date columns (``date: null`` in PLOVER), never the day it was coded.
Text a spreadsheet would run as a formula (a name or URL starting with ``=``, ``+``, ``-``,
``@``, tab or CR that is not a plain number) gets a leading ``'`` in the ``gdelt`` table
(:mod:`wirecoder.spreadsheet`); numbers such as ``-3.5`` are written as they are.

``plover``: JSON Lines in the layout of PLOVER's gold-standard records (``event``,
``mode``, ``context``, ``source`` and ``target`` actor lists with ``actorText``, ``code``
and ``sector``, ``eventText``, ``text``), plus location, status, codes and provenance.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from wirecoder import __version__
from wirecoder.lexicon import read_table
from wirecoder.spreadsheet import neutralise
from wirecoder.store import Store

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
        "FeatureID"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"])

_EVENTS = """
SELECT e.article_id, e.data, a.published, a.url, a.source, a.coded_at, a.text,
       i.n_sources, i.n_articles, i.incident_id
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN (SELECT ie.article_id, ie.event_id, ie.incident_id, inc.n_sources, inc.n_articles
           FROM incident_events ie JOIN incidents inc ON inc.id = ie.incident_id) i
  ON i.article_id = e.article_id AND i.event_id = e.id
ORDER BY e.article_id, e.id
"""


def _scale() -> dict[str, tuple[float, int]]:
    return {row["root"]: (float(row["goldstein"]), int(row["quad"]))
            for row in read_table("goldstein.tsv")}


def _day(event: dict[str, Any], published: date | None) -> tuple[date | None, str | None]:
    """The event's day and where it comes from: the date its text gives (``text``), else
    the article's publication date (``published``, GDELT's convention), else none. The day
    the article was coded is never an event's date."""
    value = (event.get("date") or {}).get("value")
    if value:
        return date.fromisoformat(value), "text"
    return (published, "published") if published else (None, None)


def _geo_type(place: dict[str, Any]) -> int:
    """GDELT's geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    us = place.get("country") == "USA"
    if place.get("precision") == "country":
        return 1
    if place.get("precision") == "point":
        return 3 if us else 4
    return 2 if us and place.get("admin1") else 5


def _actor(participants: list[dict[str, Any]]) -> list[Any]:
    if not participants:
        return [""] * len(_ACTOR)
    first = participants[0]
    country, sector = first.get("country") or "", first.get("sector") or ""
    name = " ".join(first["text"].split()).upper()  # no tabs or line breaks in a field
    return [country + sector, name, country, "", "", "", "", sector, "", ""]


def _gdelt_row(number: int, row: tuple[Any, ...], scale: dict[str, tuple[float, int]]
               ) -> list[Any]:
    article_id, data, published, url, _source, coded_at, _text, n_sources, n_articles, _ = row
    event = json.loads(data)
    day, _ = _day(event, published)
    cameo = event.get("cameo") or ""
    goldstein, quad = scale.get(cameo[:2], ("", ""))
    place = event.get("location") or {}
    geo = ([_geo_type(place), place.get("name") or place.get("text"), place.get("country"),
            place.get("country"), "", place.get("lat"), place.get("lon"), ""]
           if place else [""] * len(_GEO))
    when: list[Any] = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year,
                       round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)] \
        if day is not None else ["", "", "", ""]  # undated: empty, never the coding day
    return ([number, *when]
            + _actor(event["actor"]) + _actor(event["recipient"])
            + [int(event.get("sentence", 1) == 0), cameo, cameo[:3], cameo[:2], quad,
               goldstein, len(event.get("mentions") or [1]), n_sources or 1,
               n_articles or 1, ""]
            + [""] * len(_GEO) * 2 + geo
            + [coded_at.strftime("%Y%m%d%H%M%S"), url or article_id])


def _paragraph(text: str, span: list[int]) -> str:
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return text[start:end if end >= 0 else len(text)].strip()


def _plover_record(row: tuple[Any, ...]) -> dict[str, Any]:
    article_id, data, published, url, source, coded_at, text, _, _, incident = row
    event = json.loads(data)
    place = event.get("location")

    def actors(participants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"actorText": p["text"], "code": p.get("country"), "sector": p.get("sector"),
                 "role": p.get("role")} for p in participants]

    day, day_source = _day(event, published)
    return {
        "id": f"{article_id}-{event['id']}",
        "date": day.isoformat() if day is not None else None,
        "dateSource": day_source,
        "dateText": (event.get("date") or {}).get("text"),
        "event": event["type"], "mode": event.get("mode"),
        "context": "|".join(event.get("context") or []) or None,
        "source": actors(event["actor"]), "target": actors(event["recipient"]),
        "eventText": event["trigger"]["text"],
        "text": _paragraph(text, event["trigger"]["span"]),
        "location": ({"placename": place.get("name") or place["text"],
                      "country": place.get("country"), "admin1": place.get("admin1"),
                      "lat": place.get("lat"), "lon": place.get("lon"),
                      "precision": place.get("precision")} if place else None),
        "status": event["status"], "cameo": event.get("cameo"), "acled": event.get("acled"),
        "confidence": event.get("confidence"), "incident": incident,
        "storyId": article_id, "publication": source, "url": url,
        "publicationDate": published.isoformat() if published else None,
        "language": "en", "coder": f"wirecoder {__version__}",
        "dateCoded": coded_at.date().isoformat(),
    }


def export_events(store: Store, path: str | Path, fmt: str) -> int:
    """Write every stored event to ``path`` as ``gdelt`` or ``plover``; return the count.
    In ``gdelt``, text cells that a spreadsheet would run as formulas get a leading ``'``."""
    if fmt not in ("gdelt", "plover"):
        raise ValueError(f"unknown event export format {fmt!r}; expected gdelt or plover")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    scale = _scale()
    count = 0
    cursor = store.con.execute(_EVENTS)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        while rows := cursor.fetchmany(1000):
            for row in rows:
                count += 1
                if fmt == "gdelt":
                    writer.writerow([neutralise(cell) for cell in _gdelt_row(count, row, scale)])
                else:
                    out.write(json.dumps(_plover_record(row), ensure_ascii=False) + "\n")
    return count


# The columns of an event list exported as CSV ("export this view" in the UI).
VIEW_COLUMNS = ("article_id", "event_id", "date", "type", "mode", "cameo", "acled_event_type",
                "acled_sub_event_type", "actor", "actor_country", "trigger", "recipient",
                "recipient_country", "location", "location_country", "lat", "lon", "status",
                "confidence", "attributed_to")


def events_csv(events: list[dict[str, Any]]) -> str:
    """Events as the API gives them (each with ``article_id``) as a CSV table with a
    header (:data:`VIEW_COLUMNS`): several actors or recipients joined by ``; ``, text a
    spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(VIEW_COLUMNS)
    for e in events:
        location = e.get("location") or {}
        acled = e.get("acled") or {}

        def joined(parts: list[dict[str, Any]], key: str) -> str:
            return "; ".join(str(p[key]) for p in parts if p.get(key))

        writer.writerow([neutralise(v) for v in (
            e["article_id"], e["id"], (e.get("date") or {}).get("value"), e["type"],
            e.get("mode"), e.get("cameo"), acled.get("event_type"),
            acled.get("sub_event_type"), joined(e["actor"], "text"),
            joined(e["actor"], "country"), e["trigger"]["text"],
            joined(e["recipient"], "text"), joined(e["recipient"], "country"),
            location.get("text"), location.get("country"), location.get("lat"),
            location.get("lon"), e["status"], e.get("confidence"), e.get("attributed_to"))])
    return out.getvalue()
