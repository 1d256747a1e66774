"""The DuckDB store: one table per record part, keyed by article id.

``articles`` holds one row per article with the full record as JSON; ``entities``,
``times``, ``places``, ``statements``, ``events``, ``figures``, ``excluded`` and ``errors``
hold the parts as columns for querying. Writing an article again replaces its rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from wirecoder.errors import Codes, StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, source VARCHAR, published DATE,
    language VARCHAR, text VARCHAR, n_entities INTEGER, n_statements INTEGER,
    n_events INTEGER, n_figures INTEGER, n_errors INTEGER, schema_version INTEGER,
    record JSON, coded_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR, id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
    sector VARCHAR, role VARCHAR, org VARCHAR, n_mentions INTEGER, mentions JSON);
CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR, idx INTEGER, text VARCHAR, span_start INTEGER, span_end INTEGER,
    value DATE, end_value DATE, precision VARCHAR);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR, idx INTEGER, text VARCHAR, span_start INTEGER, span_end INTEGER,
    name VARCHAR, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, precision VARCHAR);
CREATE TABLE IF NOT EXISTS statements (
    article_id VARCHAR, id VARCHAR, kind VARCHAR, speaker VARCHAR, speaker_entity VARCHAR,
    cue VARCHAR, content VARCHAR, content_start INTEGER, content_end INTEGER, date DATE,
    data JSON);
CREATE TABLE IF NOT EXISTS events (
    article_id VARCHAR, id VARCHAR, type VARCHAR, mode VARCHAR, cameo VARCHAR,
    acled_event_type VARCHAR, acled_sub_event_type VARCHAR, actor VARCHAR,
    actor_country VARCHAR, recipient VARCHAR, recipient_country VARCHAR, trigger VARCHAR,
    location VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, date DATE,
    status VARCHAR, attributed_to VARCHAR, confidence DOUBLE, actor_countries VARCHAR[],
    recipient_countries VARCHAR[], data JSON);
CREATE TABLE IF NOT EXISTS figures (
    article_id VARCHAR, id VARCHAR, kind VARCHAR, value DOUBLE, low DOUBLE, high DOUBLE,
    approximate BOOLEAN, subject VARCHAR, text VARCHAR, location VARCHAR, date DATE,
    event VARCHAR, source VARCHAR, data JSON);
CREATE TABLE IF NOT EXISTS excluded (
    article_id VARCHAR, idx INTEGER, kind VARCHAR, span_start INTEGER, span_end INTEGER,
    meta JSON);
CREATE TABLE IF NOT EXISTS errors (
    article_id VARCHAR, idx INTEGER, code VARCHAR, message VARCHAR);
"""
PART_TABLES = ("entities", "times", "places", "statements", "events", "figures", "excluded",
               "errors")
TABLES = ("articles", *PART_TABLES)


def _j(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _first(parts: list[dict[str, Any]] | None, key: str) -> Any:
    return parts[0].get(key) if parts else None


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


def _rows(record: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Flatten one record into rows for each table."""
    aid = record["id"]
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    rows["articles"].append((
        aid, record.get("title"), record.get("url"), record.get("source"),
        record.get("published"), record.get("language"), record["text"],
        len(record["entities"]), len(record["statements"]), len(record["events"]),
        len(record["figures"]), len(record["errors"]), record["schema_version"],
        _j(record)))
    for e in record["entities"]:
        rows["entities"].append((aid, e["id"], e["name"], e["type"], e.get("country"),
                                 e.get("sector"), e.get("role"), e.get("org"),
                                 len(e["mentions"]), _j(e["mentions"])))
    for i, t in enumerate(record["times"]):
        rows["times"].append((aid, i, t["text"], t["span"][0], t["span"][1], t["value"],
                              t.get("end"), t.get("precision")))
    for i, p in enumerate(record["places"]):
        rows["places"].append((aid, i, p["text"], p["span"][0], p["span"][1], p.get("name"),
                               p.get("country"), p.get("admin1"), p.get("lat"), p.get("lon"),
                               p.get("precision")))
    for s in record["statements"]:
        rows["statements"].append((
            aid, s["id"], s["kind"], s["speaker"]["text"], s["speaker"].get("entity"),
            s["cue"]["text"], s["content"]["text"], s["content"]["span"][0],
            s["content"]["span"][1], s.get("date"), _j(s)))
    for ev in record["events"]:
        loc = ev.get("location") or {}
        acled = ev.get("acled") or {}
        rows["events"].append((
            aid, ev["id"], ev["type"], ev.get("mode"), ev.get("cameo"),
            acled.get("event_type"), acled.get("sub_event_type"),
            _first(ev["actor"], "text"), _first(ev["actor"], "country"),
            _first(ev["recipient"], "text"), _first(ev["recipient"], "country"),
            ev["trigger"]["text"], loc.get("text"), loc.get("country"), loc.get("lat"),
            loc.get("lon"), (ev.get("date") or {}).get("value"), ev["status"],
            ev.get("attributed_to"), ev.get("confidence"),
            sorted({p["country"] for p in ev["actor"] if p.get("country")}),
            sorted({p["country"] for p in ev["recipient"] if p.get("country")}), _j(ev)))
    for f in record["figures"]:
        rows["figures"].append((
            aid, f["id"], f["kind"], f["value"], f.get("low"), f.get("high"),
            f.get("approximate"), f.get("subject"), f["text"], f.get("location"),
            f.get("date"), f.get("event"), f.get("source"), _j(f)))
    for i, x in enumerate(record["excluded"]):
        rows["excluded"].append((aid, i, x["kind"], x["span"][0], x["span"][1],
                                 _j(x.get("meta"))))
    for i, err in enumerate(record["errors"]):
        rows["errors"].append((aid, i, err["code"], err["message"]))
    return rows


class Store:
    """A DuckDB database of coded articles. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            if not read_only:
                self.con.execute(SCHEMA)
        except duckdb.Error as exc:
            raise StoreError(Codes.E202, path=self.path, detail=str(exc)) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def write(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert records, replacing any earlier rows of the same article ids.

        Returns the number of records written. One transaction per call.
        """
        batch: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        ids: list[str] = []
        seen: dict[str, int] = {}
        for record in records:
            if record["id"] in seen:
                # The same id twice in one batch: the later record wins, as on re-coding.
                self.write_batch(ids, batch)
                batch = {t: [] for t in TABLES}
                ids, seen = [], {}
            seen[record["id"]] = 1
            ids.append(record["id"])
            for table, rows in _rows(record).items():
                batch[table].extend(rows)
        self.write_batch(ids, batch)
        return len(ids)

    def write_batch(self, ids: list[str], batch: dict[str, list[tuple[Any, ...]]]) -> None:
        if not ids:
            return
        try:
            self.con.execute("BEGIN TRANSACTION")
            placeholders = ",".join("?" * len(ids))
            for table in PART_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN ({placeholders})",
                                 ids)
            self.con.execute(f"DELETE FROM articles WHERE id IN ({placeholders})", ids)
            for table, rows in batch.items():
                if not rows:
                    continue
                cols = len(rows[0])
                sql = (f"INSERT INTO {table} VALUES ({','.join('?' * cols)}"
                       + (", current_timestamp)" if table == "articles" else ")"))
                self.con.executemany(sql, rows)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(Codes.E202, path=self.path, detail=str(exc)) from exc

    def count(self, table: str) -> int:
        """Number of rows in one of :data:`TABLES`."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Row counts of every table."""
        return {t: self.count(t) for t in TABLES}

    def ids(self) -> set[str]:
        """Ids of all stored articles."""
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def record(self, article_id: str) -> dict[str, Any] | None:
        """The full stored record of one article, or ``None``."""
        row = self.con.execute("SELECT record FROM articles WHERE id = ?",
                               [article_id]).fetchone()
        return json.loads(row[0]) if row else None

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``folder`` as Parquet or CSV; return the files written."""
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown export format {fmt!r}; expected parquet or csv")
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            path = out / f"{table}.{fmt}"
            # Table names come from TABLES, never from the caller; the path is quoted.
            target = str(path).replace("'", "''")
            options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
            self.con.execute(f"COPY {table} TO '{target}' {options}")
            written.append(path)
        return written

    # --- queries ------------------------------------------------------------------------

    def events(self, *, type: str | None = None, status: str | None = None,
               country: str | None = None, actor: str | None = None,
               date_from: str | None = None, date_to: str | None = None,
               article_id: str | None = None, limit: int = 100,
               offset: int = 0) -> list[dict[str, Any]]:
        """Events, filtered; ``country`` matches actor, recipient or location country,
        ``actor`` is a case-insensitive substring of an actor or recipient. Each result is
        the event as in the record, with its ``article_id``."""
        where, args = _filters(
            ("type = ?", type), ("status = ?", status), ("article_id = ?", article_id),
            ("(list_contains(actor_countries, ?) OR list_contains(recipient_countries, ?)"
             " OR location_country = ?)", (country, country, country) if country else None),
            ("(lower(CAST(data->'actor' AS VARCHAR)) LIKE ? OR "
             "lower(CAST(data->'recipient' AS VARCHAR)) LIKE ?)",
             (f"%{actor.lower()}%",) * 2 if actor else None),
            ("date >= ?", date_from), ("date <= ?", date_to))
        return self._rows("events", where, args, limit, offset, "date, article_id, id")

    def statements(self, *, speaker: str | None = None, country: str | None = None,
                   text: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, article_id: str | None = None,
                   limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Statements, filtered by speaker words, speaker country, content words, date."""
        where, args = _filters(
            ("lower(speaker) LIKE ?", f"%{speaker.lower()}%" if speaker else None),
            ("data->>'$.speaker.country' = ?", country),
            ("lower(content) LIKE ?", f"%{text.lower()}%" if text else None),
            ("date >= ?", date_from), ("date <= ?", date_to), ("article_id = ?", article_id))
        return self._rows("statements", where, args, limit, offset, "date, article_id, id")

    def figures(self, *, kind: str | None = None, sourced: bool | None = None,
                date_from: str | None = None, date_to: str | None = None,
                article_id: str | None = None, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
        """Figures, filtered by kind, whether a source is given, date."""
        where, args = _filters(
            ("kind = ?", kind), ("date >= ?", date_from), ("date <= ?", date_to),
            ("article_id = ?", article_id),
            ("source IS NOT NULL" if sourced else "source IS NULL",
             () if sourced is not None else None))
        return self._rows("figures", where, args, limit, offset, "date, article_id, id")

    def _rows(self, table: str, where: str, args: list[Any], limit: int, offset: int,
              order: str) -> list[dict[str, Any]]:
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        sql = (f"SELECT article_id, data FROM {table}{where} ORDER BY {order} "
               "LIMIT ? OFFSET ?")
        out = []
        for article_id, data in self.con.execute(sql, [*args, limit, offset]).fetchall():
            item = json.loads(data)
            item["article_id"] = article_id
            out.append(item)
        return out

    def records(self) -> Iterator[dict[str, Any]]:
        """All stored records, ordered by id."""
        for (raw,) in self.con.execute("SELECT record FROM articles ORDER BY id").fetchall():
            yield json.loads(raw)
