"""Read queries over a store: what the REST API and the Python API ask of the data.

Every filter is a bound parameter, never pasted into SQL; ``limit`` and ``offset`` page.
Dates are ISO strings. Word filters match a case-insensitive substring, taken literally:
``%`` and ``_`` are not wildcards (see :func:`needle`). List queries read columns the
store fills when it writes a record (:data:`DERIVED_COLUMNS`) rather than parsing JSON or
joining tables on every request.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any, NamedTuple

import duckdb

from wirecoder.errors import Codes, StoreError

# A word, as article_words keeps them (wirecoder.store.words_of).
WORD = re.compile(r"\w+")
# Between the words of different participants in events.participant_names (chr(10) below).
NAME_SEPARATOR = "\n"


class DerivedPart(NamedTuple):
    """Derived columns of one table worked out together: each is (name, DuckDB type, SQL
    over the table's row ``t`` and the rows ``join`` brings)."""

    columns: tuple[tuple[str, str, str], ...]
    join: str = ""


# Columns holding, on each row, what a list query would otherwise parse out of JSON or join
# from another table on every request (those joins and that JSON took most of the list
# queries' time). The store writes them with each row (wirecoder.store._rows gives the
# same values as the SQL here) and fills them in a store written before they existed; in
# such a store opened read-only, a query works out the ones it reads (derived_select).
DERIVED_COLUMNS: dict[str, tuple[DerivedPart, ...]] = {
    "events": (
        # Every country of the event: its actors', recipients' and place's (the facet).
        DerivedPart((("countries", "VARCHAR[]",
                      "list_sort(list_distinct(list_concat(t.actor_countries,"
                      " t.recipient_countries, CASE WHEN t.location_country IS NULL THEN []"
                      " ELSE [t.location_country] END)))"),)),
        # The entity of the first actor and recipient: its actor_id and name (the network).
        DerivedPart((("actor_id", "VARCHAR", "a.actor_id"), ("actor_name", "VARCHAR", "a.name")),
                    "LEFT JOIN entities a ON a.article_id = t.article_id"
                    " AND a.id = t.data->>'$.actor[0].entity'"),
        DerivedPart((("recipient_id", "VARCHAR", "r.actor_id"),
                     ("recipient_name", "VARCHAR", "r.name")),
                    "LEFT JOIN entities r ON r.article_id = t.article_id"
                    " AND r.id = t.data->>'$.recipient[0].entity'"),
        # Each actor's and recipient's words, then its entity's name if it has one, one per
        # line (the actor filter).
        DerivedPart((("participant_names", "VARCHAR", "p.names"),),
                    "LEFT JOIN (SELECT q.article_id, q.id, string_agg(replace(q.part->>'text',"
                    " chr(10), ' ') || coalesce(chr(10) || replace(n.name, chr(10), ' '), ''),"
                    " chr(10) ORDER BY q.k) AS names FROM (SELECT article_id, id,"
                    " generate_subscripts(parts, 1) AS k, unnest(parts) AS part"
                    " FROM (SELECT article_id, id, list_concat(CAST(data->'actor' AS JSON[]),"
                    " CAST(data->'recipient' AS JSON[])) AS parts FROM events)) q"
                    " LEFT JOIN entities n ON n.article_id = q.article_id"
                    " AND n.id = q.part->>'entity' GROUP BY q.article_id, q.id) p"
                    " ON p.article_id = t.article_id AND p.id = t.id"),
    ),
    "statements": (
        DerivedPart((("speaker_name", "VARCHAR", "n.name"),),
                    "LEFT JOIN entities n ON n.article_id = t.article_id"
                    " AND n.id = t.speaker_entity"),
        DerivedPart((("speaker_country", "VARCHAR", "t.data->>'$.speaker.country'"),)),
    ),
    "entities": (
        DerivedPart((("org_name", "VARCHAR", "o.name"),),
                    "LEFT JOIN entities o ON o.article_id = t.article_id AND o.id = t.org"),
    ),
    "figures": (
        # Who the source is: the speaker (by entity name, else the words) of the statement
        # it points at, else the entity it points at.
        DerivedPart((("source_name", "VARCHAR", "coalesce(n.name, s.speaker, e.name)"),),
                    "LEFT JOIN statements s ON s.article_id = t.article_id AND s.id = t.source"
                    " LEFT JOIN entities n ON n.article_id = s.article_id"
                    " AND n.id = s.speaker_entity"
                    " LEFT JOIN entities e ON e.article_id = t.article_id AND e.id = t.source"),
    ),
}


def derived_select(table: str, columns: Iterable[str] | None = None,
                   keep: str = "t.article_id, t.id") -> str:
    """SELECT of ``keep`` and the derived ``columns`` (default: all) of ``table`` (as
    ``t``), worked out from its other columns and the other tables."""
    wanted = None if columns is None else set(columns)
    parts = [part for part in DERIVED_COLUMNS[table]
             if wanted is None or any(name in wanted for name, _, _ in part.columns)]
    values = ", ".join(f"{sql} AS {name}" for part in parts for name, _, sql in part.columns)
    joins = "".join(f" {part.join}" for part in parts if part.join)
    return f"SELECT {keep}, {values} FROM {table} t{joins}"


def contains(column: str, lowered: bool = True) -> str:
    """SQL true when ``column`` holds the bound :func:`needle`, whatever the case (or, not
    ``lowered``, as it is: a column stored lower-cased).

    DuckDB's ``contains`` looks for a literal substring; ``LIKE ... ESCAPE``, the other
    way to take ``%`` and ``_`` literally, runs DuckDB's general pattern matcher, several
    times slower."""
    return f"contains(lower({column}), ?)" if lowered else f"contains({column}, ?)"


def needle(words: str | None) -> str | None:
    """What :func:`contains` looks for: ``words`` lower-cased; ``None`` for no filter."""
    return words.lower() if words else None


def _participant_filter(column: str, actor: str | None) -> tuple[str, Any]:
    """The actor filter on ``column`` (participant names, one per line)."""
    words = needle(actor)
    if words is not None and NAME_SEPARATOR in words:
        return "false", ()  # each line is one participant: words over two are no one's
    return contains(column), words


def _mode(column: str) -> str:
    """The most common value of ``column`` in a group, ties to the smallest."""
    return f"mode() WITHIN GROUP (ORDER BY {column})"


# One row per actor across articles (its ``key``: actor_id, else the name as written).
ACTOR_SUMMARY_COLUMNS = ("name", "type", "country", "sector", "role", "org", "articles",
                         "mentions", "key")


def actor_summary_select(source: str, where: str = "") -> str:
    """SELECT of :data:`ACTOR_SUMMARY_COLUMNS` from entity rows (``source``, with the
    derived ``org_name``): the name, type, country, sector, role and organisation most
    often given, in how many articles, how many mentions."""
    return (f"SELECT {_mode('name')} AS name, {_mode('type')} AS type,"
            f" {_mode('country')} AS country, {_mode('sector')} AS sector,"
            f" {_mode('role')} AS role, {_mode('org_name')} AS org,"
            " count(DISTINCT article_id) AS articles, sum(n_mentions) AS mentions,"
            f" coalesce(actor_id, name) AS key FROM {source}{where}"
            " GROUP BY coalesce(actor_id, name)")


def _weighted_mode(values: Iterable[tuple[str | None, int]]) -> str | None:
    """The value given most often (each ``(value, times)``), ties to the smallest, as
    :func:`_mode` gives it; ``None`` when no value is given."""
    times: dict[str, int] = {}
    for value, n in values:
        if value is not None:
            times[value] = times.get(value, 0) + int(n)
    return min(times, key=lambda v: (-times[v], v)) if times else None


def _least(values: Iterable[str | None]) -> str | None:
    """The smallest of ``values`` that is not ``None``, as SQL's ``min()``."""
    return min((v for v in values if v is not None), default=None)


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
                 "date_from", "date_to", "article_id", "min_confidence")
# The orders a list of events can be sorted in ("-" first: descending); ties go by date,
# article and id. Undated events and missing values come last either way.
EVENT_ORDERS = {"date": "date", "type": "type", "actor": "lower(actor)",
                "recipient": "lower(recipient)", "trigger": "lower(trigger)",
                "place": "lower(location)", "status": "status", "confidence": "confidence",
                "article": "article_id"}


def event_order(order: str | None) -> str:
    """The ORDER BY of a list of events sorted by ``order`` (a key of
    :data:`EVENT_ORDERS`, ``-`` first for descending; ``None``: by date)."""
    key = (order or "date").removeprefix("-")
    if key not in EVENT_ORDERS:
        raise ValueError(f"unknown order {order!r}; expected one of "
                         f"{', '.join(EVENT_ORDERS)} (with - for descending)")
    way = " DESC" if (order or "").startswith("-") else ""
    return f"{EVENT_ORDERS[key]}{way} NULLS LAST, date NULLS LAST, article_id, id"


def event_where(*, type: str | None = None, mode: str | None = None,
                status: str | None = None, country: str | None = None,
                actor: str | None = None, place: str | None = None,
                incident: str | None = None, date_from: str | None = None,
                date_to: str | None = None, article_id: str | None = None,
                min_confidence: float | None = None,
                alias: str = "", countries: bool = True) -> tuple[str, list[Any]]:
    """WHERE clause and parameters for event filters: ``country`` matches an actor,
    recipient or place country; ``actor`` is a case-insensitive substring of the words of
    an actor or recipient or of the name of its entity, ``place`` of the location;
    ``incident`` is an incident id; ``min_confidence`` keeps events at least that
    confident. Without ``countries`` (the column), the country filter looks at the three
    country columns."""
    p = f"{alias}." if alias else ""
    in_countries = (
        (f"list_contains({p}countries, ?)", country) if countries else
        (f"(list_contains({p}actor_countries, ?) OR list_contains({p}recipient_countries, ?)"
         f" OR {p}location_country = ?)", (country,) * 3 if country else None))
    return _filters(
        (f"{p}type = ?", type), (f"{p}mode = ?", mode), (f"{p}status = ?", status),
        (f"{p}article_id = ?", article_id),
        (contains(f"{p}location"), needle(place)),
        (f"({p}article_id, {p}id) IN (SELECT article_id, event_id FROM incident_events"
         " WHERE incident_id = ?)", incident),
        in_countries,
        _participant_filter(f"{p}participant_names", actor),
        (f"{p}date >= ?", date_from), (f"{p}date <= ?", date_to),
        (f"{p}confidence >= ?", min_confidence))


# Speaker words that name no one when the coder could not resolve them.
UNINFORMATIVE_SPEAKERS = frozenset({"he", "she", "they", "we", "it", "i", "you", "him", "her",
                                    "them", "us"})


class Page(list[dict[str, Any]]):
    """One page of a list query's results (a list), with ``total``: how many results the
    whole filtered set holds (``None`` unless asked for with ``total=True``)."""

    total: int | None = None


def _page(items: list[dict[str, Any]], total: int | None) -> Page:
    page = Page(items)
    page.total = total
    return page


class StoreQueries:
    """Query methods of :class:`wirecoder.Store`, kept apart from writing."""

    con: Any  # a DuckDB connection, or wirecoder.pgstore.PgConnection
    # Tables of a store written before their derived columns and opened read-only (so they
    # could not be added): a query works out the derived columns it reads.
    _lacking: frozenset[str]
    # What counts of events read: the events, or a copy of them without their JSON
    # (PostgreSQL's event_facts, see wirecoder.pgstore).
    _event_facts: str = "events"
    # Whether the store keeps actor_summary (PostgreSQL, see wirecoder.pgstore).
    _actor_summary: bool = False

    def _table(self, name: str, *derived: str) -> str:
        """What a query reading the ``derived`` columns of table ``name`` reads from."""
        if name not in self._lacking or not derived:
            return name
        return f"({derived_select(name, derived, keep='t.*')})"

    def _events(self, filters: dict[str, Any], *derived: str,
                counting: bool = False) -> tuple[str, str, list[Any]]:
        """What a query reading the ``derived`` columns of the events reads from, with the
        WHERE clause and parameters of ``filters``. ``counting``: the query reads no
        event's JSON (``data``), so it may read :attr:`_event_facts`."""
        lacking = "events" in self._lacking
        where, args = event_where(**filters, countries=not lacking)
        if counting and not lacking:
            return self._event_facts, where, args
        names = ("participant_names",) if filters.get("actor") else ()
        return self._table("events", *derived, *names), where, args

    def events(self, *, limit: int = 100, offset: int = 0, total: bool = False,
               order: str | None = None, **filters: Any) -> Page:
        """Events filtered by :data:`EVENT_FILTERS` (see :func:`event_where`), sorted by
        ``order`` (see :func:`event_order`; by date by default). Each result is the event
        as in the record, with its ``article_id``. With ``total``, the page's ``total``
        counts every filtered event."""
        sort = event_order(order)
        events, where, args = self._events(filters)
        counted = self._events(filters, counting=True)[0]
        return _page(self._rows(events, where, args, limit, offset, sort),
                     self._count(f"{counted}{where}", args) if total else None)

    def _count(self, source: str, args: list[Any], what: str = "*") -> int:
        """``count(what)`` of the rows of ``source`` (a FROM clause with its WHERE)."""
        row = self.con.execute(f"SELECT count({what}) FROM {source}", args).fetchone()
        return int(row[0]) if row else 0

    def _fetch_all(self, statements: list[tuple[str, list[Any]]]) -> list[list[Any]]:
        """The rows of each independent statement: all at once on a store that can run
        them so (PostgreSQL), else in turn."""
        fetch_all = getattr(self.con, "fetch_all", None)
        if fetch_all is not None:
            return list(fetch_all(statements))
        return [self.con.execute(sql, args).fetchall() for sql, args in statements]

    def event_facets(self, **filters: Any) -> dict[str, Any]:
        """Counts of the filtered events: ``total``, ``incidents`` (the events once each
        incident and with copies of articles left out: what happened, not how often it was
        reported), by ``type``, ``status``, ``mode``, ``country`` (actor, recipient or
        place) and ``days`` (day, type, count)."""
        events, where, args = self._events(filters, "countries", counting=True)
        # Two independent counts, run at once where the store can:
        # - one scan for the total and every other count: by type, status, mode, day and
        #   countries (the events' lists of countries: an event counts for each), added up
        #   into each facet (grouping() tells the sets apart: a bit for each column left
        #   out; grouping the events directly by the six sets costs twice as much);
        # - the incidents: reports of one incident by several articles count once, copies
        #   of an article (exact or near duplicates) not at all. Grouped by incident rather
        #   than count(DISTINCT ...), which PostgreSQL answers by sorting every event.
        grouped_rows, incidents = self._fetch_all([
            ("WITH fine AS (SELECT type, status, mode, date, countries, count(*) AS n"
             f" FROM {events}{where} GROUP BY type, status, mode, date, countries)"
             " SELECT grouping(type, status, mode, date, countries),"
             " type, status, mode, date, countries, sum(n) FROM fine GROUP BY GROUPING SETS"
             " ((), (type), (status), (mode), (date, type), (countries))", args),
            ("SELECT sum(CASE WHEN incident_id IS NULL THEN n ELSE 1 END) FROM"
             " (SELECT i.incident_id, count(*) AS n"
             f" FROM (SELECT article_id, id FROM {events}{where}) e"
             " LEFT JOIN incident_events i ON i.article_id = e.article_id"
             " AND i.event_id = e.id"
             " WHERE e.article_id NOT IN (SELECT article_id FROM duplicates)"
             " GROUP BY i.incident_id) g", args)])
        total = 0
        by: dict[str, list[tuple[str, int]]] = {"type": [], "status": [], "mode": []}
        days: list[tuple[Any, str | None, int]] = []
        per_country: dict[str | None, int] = {}
        for grouped, etype, status, mode, day, countries, n in grouped_rows:
            if grouped == 0b11111:
                total = int(n or 0)  # sum() over no events is NULL
            elif grouped == 0b01101 and day is not None:
                days.append((day, etype, int(n)))
            elif grouped == 0b01111 and etype is not None:
                by["type"].append((str(etype), int(n)))
            elif grouped == 0b10111 and status is not None:
                by["status"].append((str(status), int(n)))
            elif grouped == 0b11011 and mode is not None:
                by["mode"].append((str(mode), int(n)))
            elif grouped == 0b11110:
                for country in countries or ():
                    per_country[country] = per_country.get(country, 0) + int(n)
        days.sort(key=lambda row: (row[0], row[1] is None, row[1] or ""))
        countries = sorted(per_country.items(),
                           key=lambda cn: (-cn[1], cn[0] is None, cn[0] or ""))
        row = incidents[0] if incidents else None
        return {"total": total, "incidents": int(row[0] or 0) if row else 0,
                **{name: dict(sorted(counts, key=lambda kn: (-kn[1], kn[0])))
                   for name, counts in by.items()},
                "country": {str(c): int(n) for c, n in countries},
                "days": [{"day": d.isoformat(), "type": t, "count": n} for d, t, n in days]}

    def event_places(self, **filters: Any) -> list[dict[str, Any]]:
        """Placed events grouped by place: ``lat``, ``lon``, ``location``, ``country``,
        ``count`` and counts by ``types``."""
        events, where, args = self._events(filters, counting=True)
        # min() and ORDER BY, not any_value(): the same request gets the same answer.
        rows = self.con.execute(
            "SELECT lat, lon, min(location), min(location_country), type,"
            f" count(*) FROM {events}{where}" + (" AND" if where else " WHERE")
            + " lat IS NOT NULL AND lon IS NOT NULL GROUP BY lat, lon, type"
            " ORDER BY lat, lon, type", args).fetchall()
        places: dict[tuple[float, float], dict[str, Any]] = {}
        for lat, lon, location, country, etype, n in rows:
            place = places.setdefault((lat, lon), {"lat": lat, "lon": lon, "location": location,
                                                   "country": country, "count": 0,
                                                   "types": {}})
            place["count"] += int(n)
            place["types"][etype] = int(n)
        return sorted(places.values(), key=lambda p: (-p["count"], p["lat"], p["lon"]))

    def event_network(self, *, limit: int = 100, **filters: Any) -> list[dict[str, Any]]:
        """Who acts on whom: edges from the first actor to the first recipient of the
        filtered events, with ``count`` and the events' ``types``; heaviest first. One
        actor is one node across articles: its ``actor_id`` (else its words), shown by the
        name most often used for it."""
        events, where, args = self._events(
            filters, "actor_id", "actor_name", "recipient_id", "recipient_name",
            counting=True)
        _check_page(limit, 0)
        # One pass groups the events finely (edge, type, names); the heaviest edges are
        # summed from those groups, and each edge's names and counts by type worked out
        # here from its groups. Modes in SQL sort each edge's events, twice; PostgreSQL
        # took most of the request doing so.
        edges = ("SELECT type, actor, actor_name, actor_country, recipient, recipient_name,"
                 " recipient_country, coalesce(actor_id, actor) AS src,"
                 f" coalesce(recipient_id, recipient) AS dst FROM {events}{where}"
                 + (" AND" if where else " WHERE")
                 + " actor IS NOT NULL AND recipient IS NOT NULL")
        rows = self.con.execute(
            "WITH fine AS (SELECT src, dst, type, actor_name, recipient_name, count(*) AS k,"
            " min(actor) AS actor, min(actor_country) AS actor_country,"
            " min(recipient) AS recipient, min(recipient_country) AS recipient_country"
            f" FROM ({edges}) e GROUP BY src, dst, type, actor_name, recipient_name),"
            " top AS (SELECT src, dst, sum(k) AS n FROM fine GROUP BY src, dst"
            " ORDER BY n DESC, src, dst LIMIT ?)"
            " SELECT top.src, top.dst, top.n, f.type, f.actor_name, f.recipient_name, f.k,"
            " f.actor, f.actor_country, f.recipient, f.recipient_country"
            " FROM top JOIN fine f ON f.src = top.src AND f.dst = top.dst"
            " ORDER BY top.n DESC, top.src, top.dst", [*args, limit]).fetchall()
        groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for src_id, dst_id, *group in rows:
            groups.setdefault((src_id, dst_id), []).append(tuple(group))
        out = []
        for (src_id, dst_id), found in groups.items():
            (n, types, actor_names, recipient_names, k, actors, actor_countries, recipients,
             recipient_countries) = zip(*found, strict=True)
            by_type: dict[str, int] = {}
            for etype, times in zip(types, k, strict=True):
                by_type[str(etype)] = by_type.get(str(etype), 0) + int(times)
            src = _weighted_mode(zip(actor_names, k, strict=True))
            dst = _weighted_mode(zip(recipient_names, k, strict=True))
            out.append({
                "actor": _least(actors) if src is None else src, "actor_id": src_id,
                "actor_country": _least(actor_countries),
                "recipient": _least(recipients) if dst is None else dst, "recipient_id": dst_id,
                "recipient_country": _least(recipient_countries), "count": int(n[0]),
                "types": dict(sorted(by_type.items()))})
        return out

    def status(self) -> dict[str, Any]:
        """How many articles and events the store holds, and when the last article was
        coded (ISO 8601, ``None`` for an empty store)."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT max(coded_at) FROM articles),"
            " (SELECT count(*) FROM events)").fetchone()
        articles, last, events = row if row else (0, None, 0)
        return {"articles": int(articles), "events": int(events),
                "last_coded": last.isoformat() if last is not None else None}

    def articles(self, *, text: str | None = None, source: str | None = None,
                 date_from: str | None = None, date_to: str | None = None,
                 limit: int = 100, offset: int = 0, total: bool = False) -> Page:
        """Articles without their text: id, title, url, source, published, counts and
        ``duplicate_of``; ``text`` is a case-insensitive substring of title or text."""
        where, args = _filters(
            self._text_filter(text), ("a.source = ?", source),
            ("a.published >= ?", date_from), ("a.published <= ?", date_to))
        _check_page(limit, offset)
        # The total in the same scan (a window count): a word searched for in every text
        # is read once, not twice.
        cursor = self.con.execute(
            "SELECT a.id, a.title, a.url, a.source, a.published, a.n_entities,"
            " a.n_statements, a.n_events, a.n_figures, a.n_errors, d.duplicate_of,"
            " count(*) OVER () AS total"
            f" FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id{where}"
            " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
            [*args, limit, offset])
        names = [d[0] for d in cursor.description]
        out = []
        found: int | None = None
        for row in cursor.fetchall():
            item = dict(zip(names, row, strict=True))
            found = int(item.pop("total"))
            if item["published"] is not None:
                item["published"] = item["published"].isoformat()
            out.append(item)
        if total and found is None:  # a page past the end: count apart
            found = self._count(f"articles a{where}", args)
        return _page(out, found if total else None)

    def _text_filter(self, text: str | None) -> tuple[str, Any]:
        """The condition on articles ``a`` that their title or text holds ``text`` (any
        case, literally), read from each article's words where the store has them.

        A needle of word characters only lies within one word of the text, so the words
        answer exactly. Any other needle must hold its longest token within a word (whole,
        at a word's start or end, or anywhere, as the needle's own boundaries say), and
        only the articles with such a word have their text read."""
        words = needle(text)
        if words is None:
            return "", None
        scan = f"({contains('a.title')} OR {contains('a.text')})", (words, words)
        if "article_words" in self._lacking:
            return scan
        tokens = list(WORD.finditer(words))
        if not tokens:
            return scan
        if len(tokens) == 1 and tokens[0].group() == words:
            return ("a.id IN (SELECT article_id FROM article_words WHERE"
                    f" {contains('word', lowered=False)})"), words
        token = max(tokens, key=lambda m: len(m.group()))
        whole_start, whole_end = token.start() > 0, token.end() < len(words)
        word_test = ("word = ?" if whole_start and whole_end
                     else "strpos(word, ?) = 1" if whole_start
                     else "strpos(reverse(word), reverse(?)) = 1" if whole_end
                     else contains("word", lowered=False))
        # The needle comes with the candidates: a test naming both is made after the
        # join, not on every article's text first.
        return (f"a.id IN (SELECT c.article_id FROM (SELECT DISTINCT article_id, ? AS needle"
                f" FROM article_words WHERE {word_test}) c JOIN articles t ON t.id ="
                " c.article_id WHERE strpos(lower(t.title), c.needle) > 0"
                " OR strpos(lower(t.text), c.needle) > 0)"), (words, token.group())

    def record(self, article_id: str) -> dict[str, Any] | None:
        """The full stored record of one article, or ``None``."""
        row = self.con.execute("SELECT record FROM articles WHERE id = ?",
                               [article_id]).fetchone()
        return json.loads(row[0]) if row else None

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
                 offset: int = 0, total: bool = False) -> Page:
        """Actors across articles, one row per ``actor_id`` (the same person or group
        however each article names it), most mentioned first: the name, type, country,
        sector and role most often given, ``articles`` and ``mentions`` counts."""
        where, args = _filters(
            (contains("name"), needle(name)), ("type = ?", type), ("country = ?", country))
        _check_page(limit, offset)
        if not where and self._actor_summary:
            # Every actor: kept up to date as the entities change (PostgreSQL, where
            # working it out takes a fifth of a second on 10,000 articles).
            source, counted = "actor_summary", "count(key) FROM actor_summary"
        else:
            source = f"({actor_summary_select(self._table('entities', 'org_name'), where)})"
            counted = f"count(DISTINCT coalesce(actor_id, name)) FROM entities{where}"
        rows = self.con.execute(
            f"SELECT {', '.join(ACTOR_SUMMARY_COLUMNS)} FROM {source} a"
            " ORDER BY mentions DESC, name LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        out = []
        for n, t, c, sec, role, org, a, m, key in rows:
            out.append({"name": n, "actor_id": key, "type": t, "country": c, "sector": sec,
                        "role": role, "org": org, "articles": int(a), "mentions": int(m)})
        if not total:
            return _page(out, None)
        row = self.con.execute(f"SELECT {counted}", args).fetchone()
        return _page(out, int(row[0]) if row else 0)

    def _statements(self, speaker: str | None = None, country: str | None = None,
                    text: str | None = None, date_from: str | None = None,
                    date_to: str | None = None,
                    article_id: str | None = None) -> tuple[str, str, list[Any]]:
        """The filtered statements: what to read from, the WHERE clause, its parameters."""
        where, args = _filters(
            (f"({contains('speaker')} OR {contains('speaker_name')})",
             (needle(speaker),) * 2 if speaker else None),
            ("speaker_country = ?", country), (contains("content"), needle(text)),
            ("date >= ?", date_from), ("date <= ?", date_to), ("article_id = ?", article_id))
        return self._table("statements", "speaker_name", "speaker_country"), where, args

    def statements(self, *, limit: int = 100, offset: int = 0, total: bool = False,
                   **filters: Any) -> Page:
        """Statements, filtered by ``speaker`` (the words at the cue or the resolved
        entity's name, so "Kanani" finds his "he said"), speaker ``country``, content
        words (``text``), ``date_from``, ``date_to`` or ``article_id``. Each has
        ``article_id`` and ``speaker_name`` (the entity's name)."""
        table, where, args = self._statements(**filters)
        source = f"{table}{where}"
        _check_page(limit, offset)
        out = []
        for aid, data, name in self.con.execute(
                f"SELECT article_id, data, speaker_name FROM {source}"
                " ORDER BY date, article_id, id LIMIT ? OFFSET ?",
                [*args, limit, offset]).fetchall():
            out.append(dict(json.loads(data), article_id=aid, speaker_name=name))
        return _page(out, self._count(source, args) if total else None)

    def statement_facets(self, *, top: int = 10, **filters: Any) -> dict[str, Any]:
        """Counts over every filtered statement (the filters of :meth:`statements`):
        ``total``, by ``kind``, and the ``top`` speakers (``speakers``: name and count),
        a speaker being the resolved entity's name, else the words at the cue; a bare
        pronoun the coder could not resolve names no one and is left out."""
        table, where, args = self._statements(**filters)
        source = f"{table}{where}"
        kinds = self.con.execute(f"SELECT kind, count(*) AS n FROM {source}"
                                 " GROUP BY kind ORDER BY n DESC, kind", args).fetchall()
        pronouns = ", ".join(f"'{p}'" for p in sorted(UNINFORMATIVE_SPEAKERS))
        speakers = self.con.execute(
            f"SELECT coalesce(speaker_name, speaker) AS who, count(*) AS n FROM {source}"
            + (" AND" if where else " WHERE")
            + f" NOT (speaker_name IS NULL AND lower(trim(speaker)) IN ({pronouns}))"
            " GROUP BY who ORDER BY n DESC, who LIMIT ?", [*args, top]).fetchall()
        return {"total": sum(int(n) for _, n in kinds),
                "kind": {str(k): int(n) for k, n in kinds},
                "speakers": [{"name": str(w), "count": int(n)} for w, n in speakers]}

    def figures(self, *, kind: str | None = None, sourced: bool | None = None,
                date_from: str | None = None, date_to: str | None = None,
                article_id: str | None = None, copies: bool = True, limit: int = 100,
                offset: int = 0, total: bool = False) -> Page:
        """Figures, filtered by kind, whether a source is given, date (the figure's own,
        else its article's publication day) or article; ``copies=False`` leaves out
        articles that copy another, so a wire story counts once. Each has ``article_id``,
        ``day`` (that date), ``source_name`` (the speaker or entity the source points at)
        and ``incident`` (the incident of its event, if any: reports of one incident
        share it)."""
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
        source = (f"{self._table('figures', 'source_name')} f"
                  f" JOIN articles a ON a.id = f.article_id{where}")
        for aid, data, when, name, incident in self.con.execute(
                f"SELECT f.article_id, f.data, {day}, f.source_name, (SELECT"
                " min(i.incident_id) FROM incident_events i WHERE i.article_id ="
                f" f.article_id AND i.event_id = f.event) FROM {source}"
                f" ORDER BY {day}, f.article_id, f.id LIMIT ? OFFSET ?",
                [*args, limit, offset]).fetchall():
            out.append(dict(json.loads(data), article_id=aid,
                            day=when.isoformat() if when else None, source_name=name,
                            incident=incident))
        return _page(out, self._count(source, args) if total else None)

    def incidents(self, *, type: str | None = None, country: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  conflicting: bool | None = None, min_sources: int | None = None,
                  limit: int = 100, offset: int = 0, total: bool = False) -> Page:
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
        return _page([_incident(dict(zip(names, row, strict=True)))
                      for row in cursor.fetchall()],
                     self._count(f"incidents{where}", args) if total else None)

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

    def _rows(self, source: str, where: str, args: list[Any], limit: int, offset: int,
              order: str) -> list[dict[str, Any]]:
        _check_page(limit, offset)
        sql = (f"SELECT article_id, data FROM {source}{where} ORDER BY {order} "
               "LIMIT ? OFFSET ?")
        out = []
        for article_id, data in self.con.execute(sql, [*args, limit, offset]).fetchall():
            item = json.loads(data)
            item["article_id"] = article_id
            out.append(item)
        return out


class QueryWatchdog:
    """One thread that interrupts each watched reader's query once its deadline passes
    (a timer thread per query cost up to a millisecond a request)."""

    def __init__(self) -> None:
        self._due: dict[StoreReader, float] = {}
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, reader: StoreReader, seconds: float) -> None:
        """Interrupt ``reader`` in ``seconds`` unless :meth:`forget` is called first."""
        with self._changed:
            self._due[reader] = time.monotonic() + seconds
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="wirecoder-query-watchdog")
                self._thread.start()
            self._changed.notify()

    def forget(self, reader: StoreReader) -> None:
        with self._changed:
            self._due.pop(reader, None)

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for reader, deadline in list(self._due.items()):
                    if deadline <= now:
                        del self._due[reader]
                        reader.interrupt()
                self._changed.wait(min(self._due.values()) - now if self._due else None)


class StoreReader(StoreQueries):
    """The store's queries on a DuckDB cursor of their own (``Store.reader()``).

    A DuckDB connection must not be used by two threads at once; its cursors may, each by
    one thread, so a server gives every request its own reader. With ``timeout`` (seconds)
    and a ``watchdog``, a query still running then is interrupted. Use as a context
    manager: on leaving, the cursor is closed and a DuckDB failure inside becomes a
    :class:`StoreError` (E209 for the timeout, E210 for anything else, such as a damaged
    file or a missing table).
    """

    def __init__(self, con: Any, path: str, lock: threading.Lock,
                 timeout: float | None = None, watchdog: QueryWatchdog | None = None,
                 lacking: frozenset[str] = frozenset(),
                 errors: tuple[type[Exception], ...] = (duckdb.Error,),
                 interrupted: tuple[type[Exception], ...] = (duckdb.InterruptException,),
                 event_facts: str = "events", actor_summary: bool = False) -> None:
        self.con = con
        self.path = path
        self._lacking = lacking
        self._event_facts = event_facts
        self._actor_summary = actor_summary
        self.timeout = timeout
        self._lock = lock  # the store's: cursors are made, closed and interrupted under it
        self._watchdog = watchdog if timeout is not None else None
        self._open = True
        self._timed_out = False
        self._errors = errors
        self._interrupted = interrupted

    def __enter__(self) -> StoreReader:
        if self._watchdog is not None and self.timeout is not None:
            self._watchdog.watch(self, self.timeout)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._watchdog is not None:
            self._watchdog.forget(self)
        self.close()
        if isinstance(value, self._interrupted) and self._timed_out:
            raise StoreError(Codes.E209, seconds=self.timeout) from value
        if isinstance(value, self._errors):
            detail = (str(value).strip().splitlines() or [type(value).__name__])[0][:300]
            raise StoreError(Codes.E210, path=self.path, detail=detail) from value

    def interrupt(self) -> None:
        """Stop the query running on this reader, if any (from another thread)."""
        with self._lock:
            if self._open:
                self._timed_out = True
                self.con.interrupt()

    def close(self) -> None:
        """Close the cursor (the store stays open)."""
        with self._lock:
            if self._open:
                self._open = False
                self.con.close()
