"""Read queries over a store: what the REST API and the Python API ask of the data.

Every filter is a bound parameter, never pasted into SQL; ``limit`` and ``offset`` page.
Dates are ISO strings.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb


def _filters(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """SQL WHERE clause and bound parameters for the conditions whose value is given."""
    clauses: list[str] = []
    args: list[Any] = []
    for sql, value in conditions:
        if value is None:
            continue
        clauses.append(sql)
        if isinstance(value, tuple):
            args.extend(value)
        else:
            args.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")


def _incident(row: dict[str, Any]) -> dict[str, Any]:
    row["figures"] = json.loads(row["figures"]) if row["figures"] else {}
    for key in ("date_start", "date_end", "first_reported"):
        if row[key] is not None:
            row[key] = row[key].isoformat()
    return row



EVENT_FILTERS = ("type", "mode", "status", "country", "actor", "place", "incident",
                 "date_from", "date_to", "article_id")


def event_where(*, type: str | None = None, mode: str | None = None,
                status: str | None = None, country: str | None = None,
                actor: str | None = None, place: str | None = None,
                incident: str | None = None, date_from: str | None = None,
                date_to: str | None = None, article_id: str | None = None,
                alias: str = "") -> tuple[str, list[Any]]:
    """WHERE clause and parameters for event filters: ``country`` matches an actor,
    recipient or place country; ``actor`` is a case-insensitive substring of an actor or
    recipient, ``place`` of the location; ``incident`` is an incident id."""
    p = f"{alias}." if alias else ""
    return _filters(
        (f"{p}type = ?", type), (f"{p}mode = ?", mode), (f"{p}status = ?", status),
        (f"{p}article_id = ?", article_id),
        (f"lower({p}location) LIKE ?", f"%{place.lower()}%" if place else None),
        (f"({p}article_id, {p}id) IN (SELECT article_id, event_id FROM incident_events"
         " WHERE incident_id = ?)", incident),
        (f"(list_contains({p}actor_countries, ?) OR list_contains({p}recipient_countries, ?)"
         f" OR {p}location_country = ?)", (country,) * 3 if country else None),
        (f"(lower(CAST({p}data->'actor' AS VARCHAR)) LIKE ? OR "
         f"lower(CAST({p}data->'recipient' AS VARCHAR)) LIKE ?)",
         (f"%{actor.lower()}%",) * 2 if actor else None),
        (f"{p}date >= ?", date_from), (f"{p}date <= ?", date_to))


class StoreQueries:
    """Query methods of :class:`wirecoder.Store`, kept apart from writing."""

    con: duckdb.DuckDBPyConnection

    def events(self, *, limit: int = 100, offset: int = 0,
               **filters: Any) -> list[dict[str, Any]]:
        """Events filtered by :data:`EVENT_FILTERS` (see :func:`event_where`). Each result
        is the event as in the record, with its ``article_id``."""
        where, args = event_where(**filters)
        return self._rows("events", where, args, limit, offset, "date, article_id, id")

    def event_facets(self, **filters: Any) -> dict[str, Any]:
        """Counts of the filtered events: ``total``, by ``type``, ``status``, ``mode``,
        ``country`` (actor, recipient or place) and ``days`` (day, type, count)."""
        where, args = event_where(**filters)

        def counts(expr: str) -> dict[str, int]:
            rows = self.con.execute(
                f"SELECT {expr} AS k, count(*) AS n FROM events{where} GROUP BY k"
                " HAVING k IS NOT NULL ORDER BY n DESC, k", args).fetchall()
            return {str(k): int(n) for k, n in rows}

        total = self.con.execute(f"SELECT count(*) FROM events{where}", args).fetchone()
        country_rows = self.con.execute(
            "SELECT c, count(*) AS n FROM (SELECT DISTINCT article_id, id, unnest("
            "list_distinct(list_concat(actor_countries, recipient_countries,"
            " CASE WHEN location_country IS NULL THEN [] ELSE [location_country] END)))"
            f" AS c FROM events{where}) GROUP BY c ORDER BY n DESC, c", args).fetchall()
        days = self.con.execute(
            f"SELECT date, type, count(*) FROM events{where}"
            + (" AND" if where else " WHERE") + " date IS NOT NULL"
            " GROUP BY date, type ORDER BY date, type", args).fetchall()
        return {"total": int(total[0]) if total else 0, "type": counts("type"),
                "status": counts("status"), "mode": counts("mode"),
                "country": {str(c): int(n) for c, n in country_rows},
                "days": [{"day": d.isoformat(), "type": t, "count": int(n)}
                         for d, t, n in days]}

    def event_places(self, **filters: Any) -> list[dict[str, Any]]:
        """Placed events grouped by place: ``lat``, ``lon``, ``location``, ``country``,
        ``count`` and counts by ``types``."""
        where, args = event_where(**filters)
        rows = self.con.execute(
            "SELECT lat, lon, any_value(location), any_value(location_country), type,"
            f" count(*) FROM events{where}" + (" AND" if where else " WHERE")
            + " lat IS NOT NULL AND lon IS NOT NULL GROUP BY lat, lon, type", args).fetchall()
        places: dict[tuple[float, float], dict[str, Any]] = {}
        for lat, lon, location, country, etype, n in rows:
            place = places.setdefault((lat, lon), {"lat": lat, "lon": lon, "location": location,
                                                   "country": country, "count": 0,
                                                   "types": {}})
            place["count"] += int(n)
            place["types"][etype] = int(n)
        return sorted(places.values(), key=lambda p: -p["count"])

    def event_network(self, *, limit: int = 100, **filters: Any) -> list[dict[str, Any]]:
        """Who acts on whom: edges from the first actor to the first recipient of the
        filtered events, with ``count`` and the events' ``types``; heaviest first. One
        actor is one node across articles: its ``actor_id`` (else its words), shown by the
        name most often used for it."""
        where, args = event_where(**filters, alias="e")
        _check_page(limit, 0)
        rows = self.con.execute(
            "SELECT coalesce(mode(a.name), any_value(e.actor)), any_value(e.actor_country),"
            " coalesce(mode(r.name), any_value(e.recipient)), any_value(e.recipient_country),"
            " count(*) AS n, list(e.type), coalesce(a.actor_id, e.actor) AS src,"
            " coalesce(r.actor_id, e.recipient) AS dst FROM events e"
            " LEFT JOIN entities a ON a.article_id = e.article_id"
            "  AND a.id = e.data->>'$.actor[0].entity'"
            " LEFT JOIN entities r ON r.article_id = e.article_id"
            "  AND r.id = e.data->>'$.recipient[0].entity'"
            f"{where}" + (" AND" if where else " WHERE")
            + " e.actor IS NOT NULL AND e.recipient IS NOT NULL"
            " GROUP BY src, dst ORDER BY n DESC, src, dst LIMIT ?", [*args, limit]).fetchall()
        edges = []
        for src, src_country, dst, dst_country, n, types, src_id, dst_id in rows:
            by_type: dict[str, int] = {}
            for t in types:
                by_type[t] = by_type.get(t, 0) + 1
            edges.append({"actor": src, "actor_id": src_id, "actor_country": src_country,
                          "recipient": dst, "recipient_id": dst_id,
                          "recipient_country": dst_country, "count": int(n),
                          "types": by_type})
        return edges

    def articles(self, *, text: str | None = None, source: str | None = None,
                 date_from: str | None = None, date_to: str | None = None,
                 limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Articles without their text: id, title, url, source, published, counts and
        ``duplicate_of``; ``text`` is a case-insensitive substring of title or text."""
        where, args = _filters(
            ("(lower(a.title) LIKE ? OR lower(a.text) LIKE ?)",
             (f"%{text.lower()}%",) * 2 if text else None),
            ("a.source = ?", source), ("a.published >= ?", date_from),
            ("a.published <= ?", date_to))
        _check_page(limit, offset)
        cursor = self.con.execute(
            "SELECT a.id, a.title, a.url, a.source, a.published, a.n_entities,"
            " a.n_statements, a.n_events, a.n_figures, a.n_errors, d.duplicate_of"
            f" FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id{where}"
            " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
            [*args, limit, offset])
        names = [d[0] for d in cursor.description]
        out = []
        for row in cursor.fetchall():
            item = dict(zip(names, row, strict=True))
            if item["published"] is not None:
                item["published"] = item["published"].isoformat()
            out.append(item)
        return out

    def article_links(self, article_id: str) -> dict[str, Any]:
        """How an article relates to others: ``duplicate_of`` (or ``None``), its
        ``copies`` and the ``incidents`` of its events (event id to incident id)."""
        original = self.con.execute("SELECT duplicate_of FROM duplicates WHERE article_id = ?",
                                    [article_id]).fetchone()
        copies = [r[0] for r in self.con.execute(
            "SELECT article_id FROM duplicates WHERE duplicate_of = ? ORDER BY article_id",
            [article_id]).fetchall()]
        incidents = dict(self.con.execute(
            "SELECT event_id, incident_id FROM incident_events WHERE article_id = ?",
            [article_id]).fetchall())
        return {"duplicate_of": original[0] if original else None, "copies": copies,
                "incidents": incidents}

    def entities(self, *, name: str | None = None, type: str | None = None,
                 country: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Actors across articles, one row per ``actor_id`` (the same person or group
        however each article names it), most mentioned first: the name, type, country,
        sector and role most often given, ``articles`` and ``mentions`` counts."""
        where, args = _filters(
            ("lower(e.name) LIKE ?", f"%{name.lower()}%" if name else None),
            ("e.type = ?", type), ("e.country = ?", country))
        _check_page(limit, offset)
        rows = self.con.execute(
            "SELECT mode(e.name) AS n, mode(e.type), mode(e.country), mode(e.sector),"
            " mode(e.role), mode(o.name), count(DISTINCT e.article_id), sum(e.n_mentions) AS m,"
            " coalesce(e.actor_id, e.name) AS key FROM entities e"
            " LEFT JOIN entities o ON o.article_id = e.article_id AND o.id = e.org"
            f"{where} GROUP BY key ORDER BY m DESC, n LIMIT ? OFFSET ?",
            [*args, limit, offset]).fetchall()
        return [{"name": n, "actor_id": key, "type": t, "country": c, "sector": sec,
                 "role": role, "org": org, "articles": int(a), "mentions": int(m)}
                for n, t, c, sec, role, org, a, m, key in rows]

    def statements(self, *, speaker: str | None = None, country: str | None = None,
                   text: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, article_id: str | None = None,
                   limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Statements, filtered by speaker (the words at the cue or the resolved entity's
        name, so "Kanani" finds his "he said"), speaker country, content words, date or
        article. Each has ``article_id`` and ``speaker_name`` (the entity's name)."""
        where, args = _filters(
            ("(lower(s.speaker) LIKE ? OR lower(n.name) LIKE ?)",
             (f"%{speaker.lower()}%",) * 2 if speaker else None),
            ("s.data->>'$.speaker.country' = ?", country),
            ("lower(s.content) LIKE ?", f"%{text.lower()}%" if text else None),
            ("s.date >= ?", date_from), ("s.date <= ?", date_to),
            ("s.article_id = ?", article_id))
        _check_page(limit, offset)
        out = []
        for aid, data, name in self.con.execute(
                "SELECT s.article_id, s.data, n.name FROM statements s LEFT JOIN entities n"
                " ON n.article_id = s.article_id AND n.id = s.speaker_entity"
                f"{where} ORDER BY s.date, s.article_id, s.id LIMIT ? OFFSET ?",
                [*args, limit, offset]).fetchall():
            out.append(dict(json.loads(data), article_id=aid, speaker_name=name))
        return out

    def figures(self, *, kind: str | None = None, sourced: bool | None = None,
                date_from: str | None = None, date_to: str | None = None,
                article_id: str | None = None, copies: bool = True, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
        """Figures, filtered by kind, whether a source is given, date (the figure's own,
        else its article's publication day) or article; ``copies=False`` leaves out
        articles that copy another, so a wire story counts once. Each has ``article_id``,
        ``day`` (that date) and ``source_name`` (the speaker or entity the source points
        at)."""
        day = "coalesce(f.date, a.published)"
        where, args = _filters(
            ("f.kind = ?", kind), (f"{day} >= ?", date_from), (f"{day} <= ?", date_to),
            ("f.article_id = ?", article_id),
            ("f.article_id NOT IN (SELECT article_id FROM duplicates)",
             None if copies else ()),
            ("f.source IS NOT NULL" if sourced else "f.source IS NULL",
             () if sourced is not None else None))
        _check_page(limit, offset)
        out = []
        for aid, data, when, name in self.con.execute(
                f"SELECT f.article_id, f.data, {day}, coalesce(n.name, s.speaker, e.name)"
                " FROM figures f JOIN articles a ON a.id = f.article_id"
                " LEFT JOIN statements s ON s.article_id = f.article_id AND s.id = f.source"
                " LEFT JOIN entities n ON n.article_id = s.article_id"
                "  AND n.id = s.speaker_entity"
                " LEFT JOIN entities e ON e.article_id = f.article_id AND e.id = f.source"
                f"{where} ORDER BY {day}, f.article_id, f.id LIMIT ? OFFSET ?",
                [*args, limit, offset]).fetchall():
            out.append(dict(json.loads(data), article_id=aid,
                            day=when.isoformat() if when else None, source_name=name))
        return out

    def incidents(self, *, type: str | None = None, country: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  conflicting: bool | None = None, min_sources: int | None = None,
                  limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Incidents, filtered; ``country`` matches the place or a participant's country.
        Dates are ISO strings, ``figures`` is a dict of kind to values with sources."""
        where, args = _filters(
            ("type = ?", type),
            ("(country = ? OR list_contains(countries, ?))",
             (country, country) if country else None),
            ("date_end >= ?", date_from), ("date_start <= ?", date_to),
            ("conflicting = ?", conflicting), ("n_sources >= ?", min_sources))
        _check_page(limit, offset)
        cursor = self.con.execute(
            f"SELECT * FROM incidents{where} ORDER BY date_start, id LIMIT ? OFFSET ?",
            [*args, limit, offset])
        names = [d[0] for d in cursor.description]
        return [_incident(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident with its ``events`` (each with ``article_id``), or ``None``."""
        cursor = self.con.execute("SELECT * FROM incidents WHERE id = ?", [incident_id])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            return None
        found = _incident(dict(zip(names, row, strict=True)))
        found["events"] = []
        for article_id, data in self.con.execute(
                "SELECT e.article_id, e.data FROM incident_events i JOIN events e"
                " ON e.article_id = i.article_id AND e.id = i.event_id"
                " WHERE i.incident_id = ? ORDER BY e.date, e.article_id, e.id",
                [incident_id]).fetchall():
            found["events"].append(dict(json.loads(data), article_id=article_id))
        return found

    def duplicates(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Articles that copy an earlier one: ``article_id``, ``duplicate_of``, ``kind``
        (``exact`` or ``near``) and the estimated ``similarity``."""
        _check_page(limit, offset)
        cursor = self.con.execute("SELECT * FROM duplicates ORDER BY duplicate_of, article_id"
                                  " LIMIT ? OFFSET ?", [limit, offset])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _rows(self, table: str, where: str, args: list[Any], limit: int, offset: int,
              order: str) -> list[dict[str, Any]]:
        _check_page(limit, offset)
        sql = (f"SELECT article_id, data FROM {table}{where} ORDER BY {order} "
               "LIMIT ? OFFSET ?")
        out = []
        for article_id, data in self.con.execute(sql, [*args, limit, offset]).fetchall():
            item = json.loads(data)
            item["article_id"] = article_id
            out.append(item)
        return out

