"""The DuckDB store: one table per record part, keyed by article id.

``articles`` holds one row per article with the full record as JSON; ``entities``,
``times``, ``places``, ``statements``, ``events``, ``figures``, ``excluded`` and ``errors``
hold the parts as columns for querying, with a few values taken from elsewhere in the
record (see :data:`wirecoder.queries.DERIVED_COLUMNS`). Writing an article again replaces
its rows.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import duckdb
import numpy as np

from wirecoder.duplicates import THRESHOLD, fingerprint, similarity
from wirecoder.errors import Codes, StoreError
from wirecoder.incidents import IncidentEvent, IncidentFigure, group, summarise
from wirecoder.queries import (
    DERIVED_COLUMNS,
    NAME_SEPARATOR,
    WORD,
    QueryWatchdog,
    StoreQueries,
    StoreReader,
    derived_select,
)
from wirecoder.spreadsheet import neutralise_sql

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, source VARCHAR, published DATE,
    language VARCHAR, text VARCHAR, n_entities INTEGER, n_statements INTEGER,
    n_events INTEGER, n_figures INTEGER, n_errors INTEGER, schema_version INTEGER,
    record JSON, coded_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR, id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
    sector VARCHAR, role VARCHAR, org VARCHAR, n_mentions INTEGER, mentions JSON,
    actor_id VARCHAR);
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
CREATE TABLE IF NOT EXISTS fingerprints (
    article_id VARCHAR, text_hash VARCHAR, signature UBIGINT[]);
CREATE TABLE IF NOT EXISTS minhash_bands (article_id VARCHAR, band UTINYINT, hash UBIGINT);
CREATE TABLE IF NOT EXISTS duplicates (
    article_id VARCHAR, duplicate_of VARCHAR, kind VARCHAR, similarity DOUBLE);
CREATE TABLE IF NOT EXISTS incidents (
    id VARCHAR, type VARCHAR, date_start DATE, date_end DATE, country VARCHAR,
    location VARCHAR, lat DOUBLE, lon DOUBLE, actors VARCHAR[], recipients VARCHAR[],
    countries VARCHAR[], n_events INTEGER, n_articles INTEGER, n_sources INTEGER,
    n_duplicates INTEGER, first_reported DATE, first_article VARCHAR, figures JSON,
    figures_text VARCHAR, conflicting BOOLEAN);
CREATE TABLE IF NOT EXISTS incident_events (
    incident_id VARCHAR, article_id VARCHAR, event_id VARCHAR);
CREATE TABLE IF NOT EXISTS article_words (article_id VARCHAR, word VARCHAR);
-- Stores written before entities had an actor_id.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS actor_id VARCHAR;
"""
# Added after each table's own columns, in this order, as _rows() writes them.
SCHEMA += "".join(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {kind};\n"
                  for table, parts in DERIVED_COLUMNS.items()
                  for part in parts for name, kind, _ in part.columns)
PART_TABLES = ("entities", "times", "places", "statements", "events", "figures", "excluded",
               "errors")
TABLES = ("articles", *PART_TABLES)
# Kept up to date by the store itself: duplicates on every write, incidents on request.
DERIVED_TABLES = ("duplicates", "incidents", "incident_events")
UINT64 = (1 << 64) - 1
# Internal to duplicate detection, not exported.
FINGERPRINT_TABLES = ("fingerprints", "minhash_bands")
# Each article's distinct words, lower-cased, for finding articles by their words
# (wirecoder.queries.text_filter); internal, not exported.
SEARCH_TABLES = ("article_words",)


def words_of(title: str | None, text: str) -> set[str]:
    """The distinct words of an article's title and text, lower-cased."""
    return set(WORD.findall(f"{title or ''}\n{text}".lower()))


def as_python(value: Any, kind: str) -> Any:
    """``value`` as the one Python type used for a column of DuckDB type ``kind``."""
    if value is None:
        return None
    if kind == "DOUBLE":
        return float(value)
    if kind in ("INTEGER", "BIGINT", "UTINYINT", "UBIGINT"):
        return int(value)
    if kind == "BOOLEAN":
        return bool(value)
    if kind.endswith("[]"):
        return [as_python(v, kind[:-2]) for v in value]
    return str(value)


def _j(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _first(parts: list[dict[str, Any]] | None, key: str) -> Any:
    return parts[0].get(key) if parts else None


# Head words that say nothing about who took part: pronouns and bare collectives.
UNINFORMATIVE_NAMES = frozenset({
    "he", "she", "it", "they", "him", "her", "them", "its", "their", "his", "we", "us",
    "i", "you", "who", "people", "others", "one", "some", "all", "many", "both"})


def _name_key(text: str) -> str:
    """A participant's head word, lower-cased: "Kenyan police" and "Police" share it."""
    words = text.lower().replace("'s", "").split()
    return words[-1].strip(".,;:()\"'") if words else ""


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _one_line(text: str) -> str:
    return text.replace(NAME_SEPARATOR, " ")


def _participant_names(parts: list[dict[str, Any]],
                       entities: dict[str, dict[str, Any]]) -> str | None:
    """The words of each participant, then its entity's name if any, one per line."""
    lines = []
    for part in parts:
        lines.append(_one_line(part["text"]))
        entity = entities.get(part.get("entity") or "")
        if entity is not None:
            lines.append(_one_line(entity["name"]))
    return NAME_SEPARATOR.join(lines) if parts else None


def _first_entity(parts: list[dict[str, Any]],
                  entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The entity of the first participant, or an empty dict."""
    return entities.get((parts[0].get("entity") or "") if parts else "", {})


def _source_name(figure: dict[str, Any], statements: dict[str, dict[str, Any]],
                 entities: dict[str, dict[str, Any]]) -> str | None:
    """Who a figure's source is (see DERIVED_COLUMNS["figures"])."""
    source = figure.get("source") or ""
    statement = statements.get(source)
    if statement is not None:
        speaker = entities.get(statement["speaker"].get("entity") or "")
        if speaker is not None:
            return str(speaker["name"])
        if statement["speaker"]["text"] is not None:
            return str(statement["speaker"]["text"])
    entity = entities.get(source)
    return None if entity is None else str(entity["name"])


def _rows(record: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Flatten one record into rows for each table."""
    aid = record["id"]
    entities = {e["id"]: e for e in record["entities"]}
    statements = {s["id"]: s for s in record["statements"]}
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in (*TABLES, *SEARCH_TABLES)}
    rows["article_words"] = [(aid, word) for word in sorted(
        words_of(record.get("title"), record["text"]))]
    rows["articles"].append((
        aid, record.get("title"), record.get("url"), record.get("source"),
        record.get("published"), record.get("language"), record["text"],
        len(record["entities"]), len(record["statements"]), len(record["events"]),
        len(record["figures"]), len(record["errors"]), record["schema_version"],
        _j(record)))
    for e in record["entities"]:
        rows["entities"].append((aid, e["id"], e["name"], e["type"], e.get("country"),
                                 e.get("sector"), e.get("role"), e.get("org"),
                                 len(e["mentions"]), _j(e["mentions"]), e.get("actor_id"),
                                 entities.get(e.get("org") or "", {}).get("name")))
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
            s["content"]["span"][1], s.get("date"), _j(s),
            entities.get(s["speaker"].get("entity") or "", {}).get("name"),
            s["speaker"].get("country")))
    for ev in record["events"]:
        loc = ev.get("location") or {}
        acled = ev.get("acled") or {}
        actor_countries = {p["country"] for p in ev["actor"] if p.get("country")}
        recipient_countries = {p["country"] for p in ev["recipient"] if p.get("country")}
        place_country = {loc["country"]} if loc.get("country") is not None else set()
        actor = _first_entity(ev["actor"], entities)
        recipient = _first_entity(ev["recipient"], entities)
        rows["events"].append((
            aid, ev["id"], ev["type"], ev.get("mode"), ev.get("cameo"),
            acled.get("event_type"), acled.get("sub_event_type"),
            _first(ev["actor"], "text"), _first(ev["actor"], "country"),
            _first(ev["recipient"], "text"), _first(ev["recipient"], "country"),
            ev["trigger"]["text"], loc.get("text"), loc.get("country"), loc.get("lat"),
            loc.get("lon"), (ev.get("date") or {}).get("value"), ev["status"],
            ev.get("attributed_to"), ev.get("confidence"), sorted(actor_countries),
            sorted(recipient_countries), _j(ev),
            sorted(actor_countries | recipient_countries | place_country),
            actor.get("actor_id"), actor.get("name"), recipient.get("actor_id"),
            recipient.get("name"), _participant_names(ev["actor"] + ev["recipient"], entities)))
    for f in record["figures"]:
        rows["figures"].append((
            aid, f["id"], f["kind"], f["value"], f.get("low"), f.get("high"),
            f.get("approximate"), f.get("subject"), f["text"], f.get("location"),
            f.get("date"), f.get("event"), f.get("source"), _j(f),
            _source_name(f, statements, entities)))
    for i, x in enumerate(record["excluded"]):
        rows["excluded"].append((aid, i, x["kind"], x["span"][0], x["span"][1],
                                 _j(x.get("meta"))))
    for i, err in enumerate(record["errors"]):
        rows["errors"].append((aid, i, err["code"], err["message"]))
    return rows


def check_record(record: Any) -> None:
    """Raise ``ValueError`` unless ``record`` can be stored: an object with every field the
    tables read, of the right kind (a check of what storing needs, far cheaper than
    validating the whole schema)."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    for key, kind in (("id", str), ("text", str), ("schema_version", int)):
        if not isinstance(record.get(key), kind):
            raise ValueError(f"field {key!r} is missing or not a {kind.__name__}")
    try:
        _rows(record)
    except (KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"a part lacks a field or has one of the wrong kind "
                         f"({type(exc).__name__}: {exc})") from exc


def explain(exc: BaseException) -> str:
    """The database's message (DuckDB's or PostgreSQL's), with what it means and what to
    do for the usual causes."""
    text = str(exc)
    low = text.lower()
    if "could not set lock" in low or "conflicting lock" in low:
        hint = ("another process has the store open: a `wirecoder code` run writing it "
                "(wait for it to end, or start `wirecoder serve` before coding: coders "
                "started after it send their records through it), `wirecoder serve "
                "--read-only`, or a DuckDB client; stop it and run the command again")
    elif "connection refused" in low or "could not connect" in low or (
            "connection to server" in low and "failed" in low):
        hint = ("no PostgreSQL server answers at that address; start it, or check the host "
                "and port in the postgresql:// URL")
    elif "password authentication failed" in low or ("role" in low and "does not exist" in low):
        hint = "PostgreSQL refused the user or password in the URL"
    elif "database" in low and "does not exist" in low:
        hint = "create the database first (createdb NAME), then run the command again"
    elif "no space left" in low or "disk full" in low:
        hint = ("the disk is full; free some space and run the same command again (the "
                "articles already stored are skipped)")
    elif "permission denied" in low or "read-only file system" in low:
        hint = "no permission to write there; choose a --db path you can write to"
    elif any(w in low for w in ("not a valid duckdb", "corrupt", "checksum", "invalid block",
                                "failed to read", "not a duckdb")):
        hint = ("the file is damaged or is not a wirecoder store; code into a new file "
                "(--db other.duckdb), or delete this one to start again")
    else:
        return text
    return f"{hint} ({text.splitlines()[0][:300]})"


class Store(StoreQueries):
    """A DuckDB database of coded articles. Use as a context manager or call :meth:`close`.
    (:class:`wirecoder.pgstore.PgStore` is the same on PostgreSQL; :func:`open_store`
    opens either.)"""

    # What the database raises; a store shared with other processes (PostgreSQL) may
    # change under a server, which must then not keep its answers.
    ERRORS: tuple[type[Exception], ...] = (duckdb.Error,)
    INTERRUPTED: tuple[type[Exception], ...] = (duckdb.InterruptException,)
    shared = False

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        self._cursors = threading.Lock()
        self._watchdog = QueryWatchdog()
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            self._columns: dict[str, list[tuple[str, str]]] = {}
            self._lacking: frozenset[str] = frozenset()
            if read_only:
                self._lacking = frozenset(self._tables_lacking())
            else:
                self._create()
        except duckdb.Error as exc:
            raise StoreError(Codes.E202, path=self.path, detail=explain(exc)) from exc

    def _tables_lacking(self) -> list[str]:
        """The tables of :data:`DERIVED_COLUMNS` that exist without all their columns."""
        have: dict[str, set[str]] = {}
        for table, column in self.con.execute(
                "SELECT table_name, column_name FROM duckdb_columns()"
                " WHERE database_name = current_database() AND schema_name = 'main'").fetchall():
            have.setdefault(table, set()).add(column)
        lacking = [table for table, parts in DERIVED_COLUMNS.items() if table in have
                   and not {name for part in parts for name, _, _ in part.columns}
                   <= have[table]]
        if "articles" in have and ("article_words" not in have or self._unindexed(1)):
            lacking.append("article_words")
        return lacking

    def _unindexed(self, limit: int | None = None) -> list[tuple[str, str | None, str]]:
        """Id, title and text of (up to ``limit``) stored articles whose words are not in
        ``article_words``: those of a store written before it existed."""
        rows = self.con.execute(
            "SELECT id, title, text FROM articles WHERE id NOT IN"
            " (SELECT article_id FROM article_words) AND regexp_matches(text, '\\w')"
            + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [(str(aid), title, str(text)) for aid, title, text in rows]

    def _create(self) -> None:
        """Create the tables, and fill the derived columns of a store written before they
        existed (once: in the transaction that adds them)."""
        lacking = self._tables_lacking()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(SCHEMA)
            if "article_words" in lacking:
                self._insert("article_words", [
                    (aid, word) for aid, title, text in self._unindexed()
                    for word in sorted(words_of(title, text))])
            for table in lacking:
                if table not in DERIVED_COLUMNS:
                    continue
                assignments = ", ".join(f"{name} = d.{name}" for part in DERIVED_COLUMNS[table]
                                        for name, _, _ in part.columns)
                self.con.execute(f"UPDATE {table} SET {assignments}"
                                 f" FROM ({derived_select(table)}) d"
                                 f" WHERE {table}.article_id = d.article_id"
                                 f" AND {table}.id = d.id")
            self.con.execute("COMMIT")
        except self.ERRORS:
            self._rollback()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def reader(self, timeout: float | None = None) -> StoreReader:
        """The store's queries on a cursor of their own, safe to run beside other readers
        in other threads; queries running longer than ``timeout`` seconds are stopped.
        Use as a context manager (see :class:`wirecoder.queries.StoreReader`)."""
        with self._cursors:
            cursor = self.con.cursor()
        return StoreReader(cursor, self.path, self._cursors, timeout, self._watchdog,
                           self._lacking, self.ERRORS, self.INTERRUPTED, self._event_facts,
                           self._actor_summary)

    def write(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert records, replacing any earlier rows of the same article ids.

        Returns the number of records written. One transaction per call.
        """
        batch: dict[str, list[tuple[Any, ...]]] = {t: [] for t in (*TABLES, *SEARCH_TABLES)}
        ids: list[str] = []
        seen: dict[str, int] = {}
        for record in records:
            if record["id"] in seen:
                # The same id twice in one batch: the later record wins, as on re-coding.
                self.write_batch(ids, batch)
                batch = {t: [] for t in (*TABLES, *SEARCH_TABLES)}
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
        texts = {row[0]: row[6] for row in batch["articles"]}
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._writing()
            placeholders = ",".join("?" * len(ids))
            for table in (*PART_TABLES, *FINGERPRINT_TABLES, *SEARCH_TABLES, "duplicates"):
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN ({placeholders})",
                                 ids)
            self.con.execute(f"DELETE FROM articles WHERE id IN ({placeholders})", ids)
            for table, rows in batch.items():
                self._insert(table, rows)
            self._mark_duplicates(ids, texts)
            self.con.execute("COMMIT")
        except self.ERRORS as exc:
            self._rollback()
            raise StoreError(Codes.E207, path=self.path, detail=explain(exc)) from exc

    def _writing(self) -> None:
        """Called first in each write transaction: DuckDB lets one process write, so
        there is nothing to wait for (PostgreSQL waits for other writers here)."""

    def tune_for_serving(self) -> None:
        """Settings for a server answering many small queries side by side: one thread
        per query (see ``wirecoder.api.MAX_QUERIES``), and a page of rows read whole
        rather than by row id after ordering ("late materialization": on a 10,000-article
        store that cost a millisecond more per page)."""
        self.con.execute("SET threads = 1")
        self.con.execute("SET GLOBAL late_materialization_max_rows = 0")

    def _rollback(self) -> None:
        """Undo the open transaction, if any: a failed COMMIT (a full disk) has already
        ended it, and the error worth reporting is the one that made it fail."""
        with contextlib.suppress(*self.ERRORS):
            self.con.execute("ROLLBACK")

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows (the table's leading columns, in order) in one statement.

        DuckDB's ``executemany`` costs milliseconds a row; scanning the rows as a dict of
        NumPy arrays costs microseconds. Values are first made one Python type per column
        so the scan's type detection cannot guess wrong, then cast to the column's type.
        """
        if not rows:
            return
        if table not in self._columns:
            self._columns[table] = [(name, kind) for name, kind, *_ in self.con.execute(
                f"DESCRIBE {table}").fetchall()]
        columns = self._columns[table][:len(rows[0])]
        data = {}
        for i, ((_, kind), values) in enumerate(zip(columns, zip(*rows, strict=True),
                                                    strict=True)):
            array = np.empty(len(values), dtype=object)
            for j, value in enumerate(values):  # item by item: lists must stay objects
                array[j] = as_python(value, kind)
            data[f"c{i}"] = array
        view = f"_insert_{table}"
        self.con.register(view, data)
        try:
            names = ", ".join(name for name, _ in columns)
            select = ", ".join(f"CAST(c{i} AS {kind})" for i, (_, kind) in enumerate(columns))
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {select} FROM {view}")
        finally:
            self.con.unregister(view)

    def _mark_duplicates(self, ids: list[str], texts: dict[str, str]) -> None:
        """Fingerprint the new articles and record each one that copies an earlier one.

        An article is compared with every stored article and with those before it in the
        batch; its ``duplicate_of`` is always an original, never another copy.
        """
        prints = {aid: fingerprint(texts[aid]) for aid in ids}
        self._insert("fingerprints", [(aid, fp.text_hash if fp.words else None, fp.signature)
                                      for aid, fp in prints.items()])
        self._insert("minhash_bands", [(aid, band, value) for aid, fp in prints.items()
                                       for band, value in enumerate(fp.bands or ())])
        placeholders = ",".join("?" * len(ids))
        candidates: dict[str, set[str]] = {}
        for new, old in self.con.execute(
                "SELECT n.article_id, o.article_id FROM fingerprints n JOIN fingerprints o"
                " ON n.text_hash = o.text_hash AND n.article_id <> o.article_id"
                f" WHERE n.article_id IN ({placeholders})"
                " UNION SELECT n.article_id, o.article_id FROM minhash_bands n"
                " JOIN minhash_bands o ON n.band = o.band AND n.hash = o.hash"
                f" AND n.article_id <> o.article_id WHERE n.article_id IN ({placeholders})",
                ids * 2).fetchall():
            candidates.setdefault(new, set()).add(old)
        if not candidates:
            return
        others = sorted(set().union(*candidates.values()) - set(ids))
        known: dict[str, tuple[str | None, list[int] | None]] = {
            aid: (fp.text_hash, fp.signature) for aid, fp in prints.items()}
        originals: dict[str, str] = {}  # copy -> its original
        if others:
            marks = ",".join("?" * len(others))
            for aid, text_hash, signature in self.con.execute(
                    "SELECT article_id, text_hash, signature FROM fingerprints"
                    f" WHERE article_id IN ({marks})", others).fetchall():
                # Unsigned 64-bit values (PostgreSQL keeps them as signed BIGINT).
                known[aid] = (text_hash, [v & UINT64 for v in signature]
                              if signature is not None else None)
            originals.update(self.con.execute(
                f"SELECT article_id, duplicate_of FROM duplicates WHERE article_id IN ({marks})",
                others).fetchall())
        order = {aid: i for i, aid in enumerate(ids)}
        rows = []
        for aid in ids:
            text_hash, signature = known[aid]
            best: tuple[float, str, str] | None = None
            for other in sorted(candidates.get(aid, ())):
                if order.get(other, -1) > order[aid]:
                    continue  # later in this batch: it will be compared with this one
                if originals.get(other, other) == aid:
                    continue  # its own copy, stored before it was coded again
                other_hash, other_signature = known[other]
                if text_hash is not None and text_hash == other_hash:
                    score, kind = 1.0, "exact"
                elif signature and other_signature:
                    score, kind = similarity(signature, other_signature), "near"
                else:
                    continue
                if score >= THRESHOLD and (best is None or score > best[0]):
                    best = (score, kind, originals.get(other, other))
            if best is not None:
                originals[aid] = best[2]
                rows.append((aid, best[2], best[1], round(best[0], 3)))
        if rows:
            self._insert("duplicates", rows)

    def count(self, table: str) -> int:
        """Number of rows in one of :data:`TABLES` or :data:`DERIVED_TABLES`."""
        if table not in (*TABLES, *DERIVED_TABLES):
            raise ValueError(f"unknown table {table!r}; expected one of "
                             f"{', '.join((*TABLES, *DERIVED_TABLES))}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """Row counts of every table."""
        return {t: self.count(t) for t in (*TABLES, *DERIVED_TABLES)}

    def run_sql(self, query: str) -> tuple[list[str], list[list[Any]]]:
        """Column names and rows of a SQL ``query`` as the user wrote it (the database's
        own dialect). Raises ``ValueError`` with the database's message if it fails."""
        try:
            cursor = self._raw(query)
            if not cursor.description:
                return [], []  # a statement that returns no rows (ANALYZE, CREATE ...)
            names = [d[0] for d in cursor.description]
            return names, [list(row) for row in cursor.fetchall()]
        except self.ERRORS as exc:
            self._rollback()
            raise ValueError(f"the query failed: {str(exc).strip()}") from exc

    def _raw(self, query: str) -> Any:
        return self.con.execute(query)

    def ids(self) -> set[str]:
        """Ids of all stored articles."""
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``folder`` as Parquet or CSV; return the files written.

        In CSV, text a spreadsheet would run as a formula (``=HYPERLINK(...)``, anything
        starting with ``=``, ``+``, ``-``, ``@``, tab or CR that is not a plain number) gets
        a leading ``'`` (see :mod:`wirecoder.spreadsheet`); Parquet keeps every value."""
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown export format {fmt!r}; expected parquet or csv")
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in (*TABLES, *DERIVED_TABLES):
            path = out / f"{table}.{fmt}"
            # Table names come from TABLES, never from the caller; the path is quoted.
            target = str(path).replace("'", "''")
            if fmt == "parquet":
                self.con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")
            else:
                self.con.execute(f"COPY ({self._csv_select(table)}) TO '{target}'"
                                 " (FORMAT csv, HEADER true)")
            written.append(path)
        return written

    def _csv_select(self, table: str) -> str:
        """SELECT of every column of ``table`` with its text cells neutralised."""
        columns = []
        for name, kind, *_ in self.con.execute(f"DESCRIBE {table}").fetchall():
            quoted = '"' + name.replace('"', '""') + '"'
            columns.append(f"{neutralise_sql(quoted)} AS {quoted}" if kind == "VARCHAR"
                           else quoted)
        return f"SELECT {', '.join(columns)} FROM {table}"

    # --- incidents ----------------------------------------------------------------------

    def build_incidents(self) -> int:
        """Group the stored events into ``incidents`` (replacing any earlier grouping);
        return the number of incidents. See :mod:`wirecoder.incidents` for the rules."""
        events = []
        for (aid, eid, etype, day, published, country, location, lat, lon, precision,
             actor_countries, recipient_countries, data, source, url,
             copy_of) in self.con.execute(
                "SELECT e.article_id, e.id, e.type, e.date, a.published, e.location_country,"
                " e.location, e.lat, e.lon, e.data->>'$.location.precision',"
                " e.actor_countries, e.recipient_countries, e.data, a.source, a.url,"
                " d.duplicate_of FROM events e JOIN articles a ON a.id = e.article_id"
                " LEFT JOIN duplicates d ON d.article_id = e.article_id"
                " WHERE e.status = 'asserted' AND coalesce(e.date, a.published) IS NOT NULL"
                ).fetchall():
            record = json.loads(data)
            actors = [p["text"] for p in record["actor"]]
            recipients = [p["text"] for p in record["recipient"]]
            if not (country or actors or recipients):
                continue  # nothing but a type and a day: too little to match on
            events.append(IncidentEvent(
                article_id=aid, event_id=eid, type=etype, day=day or published,
                dated=day is not None, country=country, location=location, lat=lat, lon=lon,
                fine=precision not in (None, "country"),
                names=frozenset(k for t in actors + recipients
                                if (k := _name_key(t)) and k not in UNINFORMATIVE_NAMES),
                countries=frozenset(actor_countries) | frozenset(recipient_countries),
                actors=actors, recipients=recipients,
                publisher=source or _host(url) or aid, published=published,
                duplicate_of=copy_of))
        groups = group(events)
        figures: dict[tuple[str, str], list[IncidentFigure]] = {}
        for aid, eid, kind, value, source in self.con.execute(
                "SELECT f.article_id, f.event, f.kind, f.value,"
                " coalesce(n.name, s.speaker, direct.name, f.source)"
                " FROM figures f LEFT JOIN statements s"
                " ON s.article_id = f.article_id AND s.id = f.source"
                " LEFT JOIN entities n"
                " ON n.article_id = s.article_id AND n.id = s.speaker_entity"
                " LEFT JOIN entities direct"
                " ON direct.article_id = f.article_id AND direct.id = f.source"
                " WHERE f.event IS NOT NULL AND f.value IS NOT NULL").fetchall():
            figures.setdefault((aid, eid), []).append(
                IncidentFigure(aid, eid, kind, value, source))
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[str, str, str]] = []
        for members in groups:
            found = [f for e in members for f in figures.get((e.article_id, e.event_id), ())]
            row = summarise(members, found)
            row["figures"] = _j(row["figures"])
            rows.append(tuple(row.values()))
            links.extend((row["id"], e.article_id, e.event_id) for e in members)
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._writing()
            self.con.execute("DELETE FROM incidents")
            self.con.execute("DELETE FROM incident_events")
            self._insert("incidents", rows)
            self._insert("incident_events", links)
            self.con.execute("COMMIT")
        except self.ERRORS as exc:
            self._rollback()
            raise StoreError(Codes.E207, path=self.path, detail=explain(exc)) from exc
        return len(rows)

    def records(self) -> Iterator[dict[str, Any]]:
        """All stored records, ordered by id."""
        for (raw,) in self.con.execute("SELECT record FROM articles ORDER BY id").fetchall():
            yield json.loads(raw)


def open_store(db: str | Path, read_only: bool = False) -> Store:
    """The store at ``db``: a DuckDB file, or a PostgreSQL database given as a
    ``postgresql://`` URL (:class:`wirecoder.pgstore.PgStore`, with the ``postgres``
    extra installed)."""
    from wirecoder.pgstore import PgStore, is_postgres

    if is_postgres(str(db)):
        return PgStore(str(db), read_only=read_only)
    return Store(db, read_only=read_only)
