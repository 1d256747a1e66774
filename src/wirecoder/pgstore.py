"""The store on PostgreSQL, for a team: many coders write at once, many servers read.

``--db postgresql://user@host/dbname`` (or ``wirecoder.open_store(url)``) gives a
:class:`PgStore`: the DuckDB store's tables, columns and queries
(:class:`wirecoder.store.Store`), run by PostgreSQL through psycopg 3 (the ``postgres``
extra). The SQL is written once, as DuckDB reads it; :func:`translate` turns the few
DuckDB words it uses into PostgreSQL's (``?`` parameters, ``list_contains``,
``contains``, JSON paths, type names).

What differs:
- **Writers wait for each other.** Each write transaction first takes one advisory lock
  (``pg_advisory_xact_lock``), so coders writing at once store each article exactly once
  (a later write of an id replaces the earlier) and duplicate detection sees every
  earlier article. Readers never wait and never see half a batch.
- JSON is kept as ``TEXT`` (parsed by the reader, as with DuckDB), unsigned 64-bit hashes
  as signed ``BIGINT`` (the same bits).
- Readers (``Store.reader``) take a connection from a small pool; a query past its time
  is cancelled on the server.
- Exports copy the tables into an in-memory DuckDB database first, and write from there.
- Counts over the events (facets, places, the network, totals) read ``event_facts``: the
  events without their JSON (a row store reads whole rows, and the JSON is most of an
  event's), kept by triggers on the events (:func:`event_facts_sql`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb

from wirecoder.errors import Codes, StoreError
from wirecoder.queries import ACTOR_SUMMARY_COLUMNS, QueryWatchdog, actor_summary_select
from wirecoder.store import SCHEMA, TABLES, Store, as_python, explain

log = logging.getLogger("wirecoder.pgstore")
# The key of the lock every write transaction takes first ("wire" in ASCII).
WRITE_LOCK = 0x77697265
# PostgreSQL reads a row store: without these, every write would scan each table for the
# article ids it replaces, and every page of events or statements would sort them all.
INDEXES = "".join(
    f"CREATE INDEX IF NOT EXISTS {table}_article ON {table} (article_id);\n"
    for table in ("entities", "times", "places", "statements", "events", "figures",
                  "excluded", "errors", "fingerprints", "minhash_bands", "duplicates",
                  "incident_events", "article_words")) + """
CREATE INDEX IF NOT EXISTS article_words_word ON article_words (word);
CREATE INDEX IF NOT EXISTS events_order ON events (date, article_id, id);
CREATE INDEX IF NOT EXISTS statements_order ON statements (date, article_id, id);
CREATE INDEX IF NOT EXISTS minhash_bands_hash ON minhash_bands (band, hash);
CREATE INDEX IF NOT EXISTS fingerprints_hash ON fingerprints (text_hash);
CREATE INDEX IF NOT EXISTS duplicates_original ON duplicates (duplicate_of);
CREATE INDEX IF NOT EXISTS incident_events_incident ON incident_events (incident_id);
"""
# Idle reader connections kept for the next request.
POOL_SIZE = 8
INT64 = 1 << 63

_TYPES = [(re.compile(r"\bDOUBLE\b(?! PRECISION)"), "DOUBLE PRECISION"),
          (re.compile(r"\bUBIGINT\b"), "BIGINT"), (re.compile(r"\bUTINYINT\b"), "SMALLINT"),
          (re.compile(r"\bJSON\b"), "TEXT")]
_LIST_CONTAINS = re.compile(r"list_contains\(([\w.]+), %s\)")
_CONTAINS = re.compile(r"\bcontains\((lower\([\w.]+\)|[\w.]+), %s\)")
_JSON_PATH = re.compile(r"([\w.]+)->>'\$\.([\w.]+)'")


def is_postgres(db: str) -> bool:
    """Is ``db`` a PostgreSQL URL rather than a DuckDB file?"""
    return db.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


# A literal substring test PostgreSQL can answer from a trigram index: LIKE with the
# needle's own wildcards and escape character escaped (psycopg's % doubled).
_LIKE = (r"(\1 LIKE '%%' || replace(replace(replace(%s, '\\', '\\\\'), '%%', '\\%%'),"
         r" '_', '\\_') || '%%')")
# Trigram indexes for the columns the word filters read (pg_trgm: CREATE EXTENSION, which
# the database's owner may run); without them the same filters scan the table.
TRIGRAM_INDEXES = "".join(
    f"CREATE INDEX IF NOT EXISTS {name}_trgm ON {table} USING gin ({expression}"
    " gin_trgm_ops);\n" for name, table, expression in (
        ("events_participants", "events", "lower(participant_names)"),
        ("events_location", "events", "lower(location)"),
        ("event_facts_participants", "event_facts", "lower(participant_names)"),
        ("event_facts_location", "event_facts", "lower(location)"),
        ("statements_speaker", "statements", "lower(speaker)"),
        ("statements_speaker_name", "statements", "lower(speaker_name)"),
        ("statements_content", "statements", "lower(content)"),
        ("entities_name", "entities", "lower(name)"),
        ("article_words_word", "article_words", "word")))


def translate(sql: str, parameters: bool = True) -> str:
    """The SQL wirecoder writes for DuckDB, as PostgreSQL reads it. ``parameters``: the
    statement has ``?`` placeholders (they become ``%s``; a literal ``%`` is doubled)."""
    if parameters:
        sql = sql.replace("%", "%%").replace("?", "%s")
        sql = _LIST_CONTAINS.sub(r"(%s = ANY(\1))", sql)
        sql = _CONTAINS.sub(_LIKE, sql)
    sql = _JSON_PATH.sub(lambda m: f"(({m[1]})::json #>> '{{{m[2].replace('.', ',')}}}')",
                         sql)
    sql = sql.replace("BEGIN TRANSACTION", "BEGIN")
    for pattern, name in _TYPES:
        sql = pattern.sub(name, sql)
    return sql


class PgConnection:
    """A psycopg connection that takes wirecoder's DuckDB-flavoured SQL
    (:func:`translate`). :meth:`cursor` gives a connection of its own from a pool, for a
    reader in another thread; closing that one returns it to the pool."""

    def __init__(self, url: str, pool: list[PgConnection] | None = None,
                 lock: threading.Lock | None = None) -> None:
        import psycopg

        self.url = url
        self.conn = psycopg.connect(url, autocommit=True)
        self._pool = pool if pool is not None else []
        self._lock = lock or threading.Lock()
        self._pooled = pool is not None
        self._helpers: list[PgConnection] = []  # connections running this one's statements

    def execute(self, sql: str, args: Sequence[Any] | None = None) -> Any:
        """Run one statement; returns a cursor (``fetchall``, ``fetchone``,
        ``description``)."""
        cursor = self.conn.cursor()
        if args is None:
            return cursor.execute(translate(sql, parameters=False).encode())
        return cursor.execute(translate(sql).encode(), list(args))

    def cursor(self) -> PgConnection:
        with self._lock:
            if self._pool:
                return self._pool.pop()
        return PgConnection(self.url, self._pool, self._lock)

    def fetch_all(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of each statement, the statements run at once: the first on this
        connection, each other on one of its own from the pool (PostgreSQL runs each
        connection's query in a process of its own, so independent counts over the same
        rows take the time of the slowest, not of all together)."""
        if len(statements) < 2:
            return [self.execute(sql, args).fetchall() for sql, args in statements]
        helpers = [self.cursor() for _ in statements[1:]]
        self._helpers = helpers
        try:
            with ThreadPoolExecutor(len(helpers)) as pool:
                others = [pool.submit(PgConnection._fetch_serially, c, *q)
                          for c, q in zip(helpers, statements[1:], strict=True)]
                first = self._fetch_serially(*statements[0])
                return [first, *(f.result() for f in others)]
        finally:
            self._helpers = []
            for helper in helpers:
                helper.close()

    def _fetch_serially(self, sql: str, args: Sequence[Any]) -> list[Any]:
        """The rows of one of several statements run at once, with no parallel workers of
        its own: the statements already share the cores (with them, three facet counts
        took 100 ms on two cores; without, 85)."""
        with self.conn.transaction():
            self.conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            return list(self.execute(sql, args).fetchall())

    def interrupt(self) -> None:
        """Cancel the statement running on this connection, and on those it has lent
        statements to (from another thread)."""
        self.conn.cancel_safe()
        for helper in list(self._helpers):
            helper.conn.cancel_safe()

    def close(self) -> None:
        if self._pooled and not self.conn.closed and not self.conn.broken:
            with self._lock:
                if len(self._pool) < POOL_SIZE:
                    self._pool.append(self)
                    return
        self.conn.close()

    def close_pool(self) -> None:
        with self._lock:
            idle, self._pool[:] = list(self._pool), []
        for connection in idle:
            connection.conn.close()


class PgStore(Store):
    """A PostgreSQL database of coded articles: :class:`wirecoder.store.Store` on
    PostgreSQL (see the module's docstring). ``read_only`` opens it without creating the
    tables."""

    shared = True

    def __init__(self, url: str, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(Codes.E202, path=redacted(url), detail=(
                "a PostgreSQL store needs psycopg; install it with pip install "
                "'wirecoder[postgres]' (or pip install 'psycopg[binary]')")) from exc
        self.ERRORS = (psycopg.Error,)
        self.INTERRUPTED = (psycopg.errors.QueryCanceled,)
        self.path = redacted(url)
        self._cursors = threading.Lock()
        self._watchdog = QueryWatchdog()
        self._columns: dict[str, list[tuple[str, str]]] = dict(_duckdb_columns())
        self._lacking: frozenset[str] = frozenset()
        try:
            self.con = PgConnection(url)
            if not read_only:
                self._create()
            # A store written by an older version, opened read-only, counts the events.
            row = self.con.execute("SELECT to_regclass('event_facts') IS NOT NULL,"
                                   " to_regclass('actor_summary') IS NOT NULL").fetchone()
            self._event_facts = "event_facts" if row and row[0] else "events"
            self._actor_summary = bool(row and row[1])
        except psycopg.Error as exc:
            raise StoreError(Codes.E202, path=self.path, detail=explain(exc)) from exc

    def _create(self) -> None:
        """Create the tables and indexes, one creator at a time (PostgreSQL's ``IF NOT
        EXISTS`` is not safe against a concurrent creator)."""
        self.con.execute("BEGIN")
        try:
            self._writing()
            self.con.execute(SCHEMA)
            self.con.execute(INDEXES)
            if not self._event_facts_kept():
                self.con.execute(event_facts_sql())
            if not self._triggers_on("entities", "actor_summary"):
                self.con.execute(actor_summary_sql())
            self.con.execute("COMMIT")
        except self.ERRORS:
            self._rollback()
            raise
        self.con.execute("BEGIN")
        try:
            self._writing()
            self.con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            self.con.execute(TRIGRAM_INDEXES)
            self.con.execute("COMMIT")
        except self.ERRORS as exc:  # not installed, or not ours to create: scans instead
            self._rollback()
            log.info("no trigram indexes in %s (%s): word filters scan the tables",
                     self.path, str(exc).strip().splitlines()[0])

    def _event_facts_kept(self) -> bool:
        """Does ``event_facts`` exist, with the events' columns and the triggers that
        keep it?"""
        columns = [name for (name,) in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name ="
            " 'event_facts' AND table_schema = current_schema() ORDER BY ordinal_position"
            ).fetchall()]
        return columns == event_facts_columns() and self._triggers_on("events", "event_facts")

    def _triggers_on(self, table: str, kept: str) -> bool:
        """Are the four triggers that keep table ``kept`` in step with ``table`` there
        (and so ``kept`` itself)?"""
        row = self.con.execute(
            f"SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('{table}')"
            f" AND tgenabled <> 'D' AND tgname IN ('{kept}_insert', '{kept}_delete',"
            f" '{kept}_update', '{kept}_truncate')").fetchone()
        return row is not None and row[0] == 4 and self.con.execute(
            f"SELECT to_regclass('{kept}') IS NOT NULL").fetchone()[0]

    def _tables_lacking(self) -> list[str]:
        return []  # the tables are created with every column

    def _writing(self) -> None:
        self.con.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])

    def tune_for_serving(self) -> None:
        """Nothing to set: PostgreSQL runs each query in a process of its own."""

    def _raw(self, query: str) -> Any:
        return self.con.conn.execute(query)  # the user's SQL, untranslated

    def close(self) -> None:
        self.con.close_pool()
        self.con.close()

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows (the table's leading columns, in order) with one COPY."""
        if not rows:
            return
        columns = self._columns[table][:len(rows[0])]
        names = ", ".join(name for name, _ in columns)
        cursor = self.con.conn.cursor()
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_signed(as_python(value, kind), kind)
                                for value, (_, kind) in zip(row, columns, strict=True)])

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``folder`` as Parquet or CSV (see
        :meth:`Store.export`), through an in-memory DuckDB copy of the tables."""
        from wirecoder.store import DERIVED_TABLES

        with Store(":memory:") as local:
            for table in (*TABLES, *DERIVED_TABLES):
                local._insert(table, [tuple(row) for row in self.con.execute(
                    f"SELECT * FROM {table}").fetchall()])
            return local.export(folder, fmt)


def _signed(value: Any, kind: str) -> Any:
    """An unsigned 64-bit value as the signed BIGINT with the same bits."""
    if kind == "UBIGINT" and value is not None and value >= INT64:
        return value - (1 << 64)
    if kind == "UBIGINT[]" and value is not None:
        return [v - (1 << 64) if v >= INT64 else v for v in value]
    return value


@cache
def _duckdb_columns() -> dict[str, list[tuple[str, str]]]:
    """Every table's columns and DuckDB types, in order, as the schema creates them."""
    con = duckdb.connect()
    try:
        con.execute(SCHEMA)
        tables = [row[0] for row in con.execute("SHOW TABLES").fetchall()]
        return {table: [(name, kind) for name, kind, *_ in con.execute(
            f"DESCRIBE {table}").fetchall()] for table in tables}
    finally:
        con.close()


# The events without their JSON, for the queries that count events (facets, places, the
# network, totals): PostgreSQL reads whole rows, and the JSON is most of an event's, so
# those counts read four times the pages they need. Triggers keep it in the transaction
# of each change to the events, whatever makes the change: inserted rows are copied;
# after rows are deleted or updated, the facts of their articles are copied again from
# what the events then hold. PgStore._create makes it (and fills it from the events)
# when it is missing or its columns are not the events' own.
_EVENT_FACTS_TRIGGERS = """
CREATE OR REPLACE FUNCTION event_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_facts ({columns}) SELECT {columns} FROM new_events;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION event_facts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM event_facts WHERE article_id IN (SELECT article_id FROM old_events);
    INSERT INTO event_facts ({columns}) SELECT {columns} FROM events
        WHERE article_id IN (SELECT article_id FROM old_events);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION event_facts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM event_facts WHERE article_id IN (
        SELECT article_id FROM old_events UNION SELECT article_id FROM new_events);
    INSERT INTO event_facts ({columns}) SELECT {columns} FROM events WHERE article_id IN (
        SELECT article_id FROM old_events UNION SELECT article_id FROM new_events);
    RETURN NULL;
END $$;
"""


def _keeping(kept: str, table: str) -> str:
    """SQL making the four statement-level triggers that keep table ``kept`` in step with
    ``table``: after an insert, a delete and an update they call ``{kept}_inserted``,
    ``{kept}_deleted`` and ``{kept}_updated`` (which read the rows changed as
    ``new_{table}`` and ``old_{table}``); a truncate empties ``kept``."""
    return f"""
CREATE OR REPLACE FUNCTION {kept}_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {kept};
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {kept}_insert ON {table};
DROP TRIGGER IF EXISTS {kept}_delete ON {table};
DROP TRIGGER IF EXISTS {kept}_update ON {table};
DROP TRIGGER IF EXISTS {kept}_truncate ON {table};
CREATE TRIGGER {kept}_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_{table}
    FOR EACH STATEMENT EXECUTE FUNCTION {kept}_inserted();
CREATE TRIGGER {kept}_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_{table}
    FOR EACH STATEMENT EXECUTE FUNCTION {kept}_deleted();
CREATE TRIGGER {kept}_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_{table} NEW TABLE AS new_{table}
    FOR EACH STATEMENT EXECUTE FUNCTION {kept}_updated();
CREATE TRIGGER {kept}_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {kept}_cleared();
"""


def event_facts_columns() -> list[str]:
    """The columns of ``event_facts``: every column of the events but their JSON."""
    return [name for name, _ in _duckdb_columns()["events"] if name != "data"]


def event_facts_sql() -> str:
    """SQL (PostgreSQL's) making ``event_facts`` anew, filled from the events, with the
    indexes its queries use and the triggers that keep it."""
    kinds = dict(_duckdb_columns()["events"])
    columns = event_facts_columns()
    table = translate("CREATE TABLE event_facts ("
                      + ", ".join(f"{name} {kinds[name]}" for name in columns) + ")",
                      parameters=False)
    listed = ", ".join(columns)
    return (f"DROP TABLE IF EXISTS event_facts;\n{table};\n"
            f"INSERT INTO event_facts ({listed}) SELECT {listed} FROM events;\n"
            "CREATE INDEX event_facts_article ON event_facts (article_id);\n"
            "CREATE INDEX event_facts_order ON event_facts (date, article_id, id);\n"
            + _EVENT_FACTS_TRIGGERS.replace("{columns}", listed)
            + _keeping("event_facts", "events"))


# Every actor across articles, as the entity list shows it with no filter (the same SQL,
# wirecoder.queries.actor_summary_select): working it out reads every entity row and sorts
# them six times, a fifth of a second on 10,000 articles. Triggers keep it in the
# transaction of each change to the entities: the actors of the rows inserted, deleted or
# updated are worked out again from what the entities then hold.
_ACTOR_SUMMARY_TRIGGERS = """
CREATE OR REPLACE FUNCTION actor_summary_redo(keys VARCHAR[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM actor_summary WHERE key = ANY(keys);
    INSERT INTO actor_summary ({columns}) {select};
END $$;
CREATE OR REPLACE FUNCTION actor_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM actor_summary_redo(ARRAY(SELECT DISTINCT coalesce(actor_id, name)
                                     FROM new_entities));
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION actor_summary_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM actor_summary_redo(ARRAY(SELECT DISTINCT coalesce(actor_id, name)
                                     FROM old_entities));
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION actor_summary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM actor_summary_redo(ARRAY(
        SELECT coalesce(actor_id, name) FROM old_entities
        UNION SELECT coalesce(actor_id, name) FROM new_entities));
    RETURN NULL;
END $$;
"""


def actor_summary_sql() -> str:
    """SQL (PostgreSQL's) making ``actor_summary`` anew, filled from the entities, with
    the index its upkeep uses and the triggers that keep it."""
    columns = ", ".join(ACTOR_SUMMARY_COLUMNS)
    return (
        "DROP TABLE IF EXISTS actor_summary;\n"
        "CREATE TABLE actor_summary (name VARCHAR, type VARCHAR, country VARCHAR,"
        " sector VARCHAR, role VARCHAR, org VARCHAR, articles BIGINT, mentions BIGINT,"
        " key VARCHAR PRIMARY KEY);\n"
        f"INSERT INTO actor_summary ({columns}) {actor_summary_select('entities')};\n"
        "CREATE INDEX IF NOT EXISTS entities_actor_key"
        " ON entities ((coalesce(actor_id, name)));\n"
        "CREATE INDEX IF NOT EXISTS actor_summary_order ON actor_summary"
        " (mentions DESC, name);\n"
        + _ACTOR_SUMMARY_TRIGGERS.replace("{columns}", columns).replace(
            "{select}", actor_summary_select(
                "entities", " WHERE coalesce(actor_id, name) = ANY(keys)"))
        + _keeping("actor_summary", "entities"))
