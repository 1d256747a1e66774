"""The REST API and the analyst web UI over a store (``wirecoder serve``).

Every route calls one :class:`wirecoder.Store` query; parameters are validated here
(types, patterns, page sizes capped at :data:`MAX_LIMIT`) and bound, never pasted, into
SQL by the store. Routes are plain functions run in a thread pool, each request reading
through a cursor of its own (``Store.reader``), so requests are answered side by side; a
query running longer than the timeout is stopped (503). Answers to recent questions are
kept (:class:`AnswerCache`), so one asked again does not query the store. Every error,
whatever its status, is JSON ``{"error": <status>, "message": <text>}``. Host names, URL
length, security headers and unexpected errors are handled at the door
(:mod:`wirecoder.guards`). The UI and the API documentation (``/docs``) are static HTML,
CSS and small scripts shipped in the package (``web/``), so they work offline.

Given an ingest token, the app also takes the records of ``wirecoder code`` runs on the
same store (``/api/local/...``, token required; see :mod:`wirecoder.live`), and forgets its
kept answers after each write. ``/api/status`` tells the UI when the store has changed.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wirecoder import __version__
from wirecoder.errors import StoreError
from wirecoder.exports import events_csv
from wirecoder.guards import ServerGuard, error_response
from wirecoder.lexicon import plover_types
from wirecoder.live import LOCAL, Ingest, add_local_routes
from wirecoder.queries import EVENT_ORDERS, Page, StoreQueries
from wirecoder.store import Store, open_store

T = TypeVar("T")
MAX_LIMIT = 500
QUERY_TIMEOUT = 10.0
# Requests query side by side, each on one core (DuckDB's own threads are set to 1): of the
# settings tried on bench/api_load.py this cost the least CPU per request (a tenth more
# than answering one request at a time), and a slow query no longer holds up the others.
# More at once than the cores only stretches each query and adds its working memory.
MAX_QUERIES = max(2, os.cpu_count() or 1)
# JSON kept by AnswerCache: a page of 50 events is about 80 kB, of 500 about 800 kB.
CACHE_BYTES = 32 * 1024 * 1024
TYPES = tuple(plover_types())
STATUSES = ("asserted", "negated", "hypothetical", "future", "historical")
# Answers never kept: the store's state, and the coders' routes.
UNCACHED = (LOCAL + "/", "/api/status")
FIGURE_KINDS = ("killed", "injured", "arrested", "detained", "missing", "displaced",
                "troops", "protesters", "casualties", "money", "other")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Country = Annotated[str | None, Query(pattern="^[A-Z]{3}$",
                                      description="ISO 3166 alpha-3 code, e.g. IRN.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
Confidence = Annotated[float | None, Query(ge=0, le=1, description="Events at least this "
                                                                   "confident (0-1).")]
ORDERS = tuple(k for key in EVENT_ORDERS for k in (key, f"-{key}"))
Order = Annotated[str | None, Query(description="Sort by date, type, actor, recipient, "
                                                "trigger, place, status, confidence or "
                                                "article; -date for descending.")]
# Rows an export of a view may hold.
MAX_EXPORT = 100_000


def _type_param(value: str | None) -> str | None:
    if value is not None and value not in TYPES:
        raise HTTPException(400, f"unknown event type {value!r}; expected one of "
                                 f"{', '.join(TYPES)}")
    return value


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise HTTPException(400, f"unknown {name} {value!r}; expected one of "
                                 f"{', '.join(allowed)}")
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _page(items: Page, limit: int, offset: int) -> dict[str, Any]:
    """A page of a list: its ``items``, the ``total`` of the whole filtered set, and the
    ``next_offset`` (``None`` on the last page)."""
    return {"items": items, "total": items.total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + len(items) < (items.total or 0)
            else None}


@dataclass
class EventFilters:
    """The event filters every event endpoint takes, as query parameters."""

    type: Text = None
    mode: Text = None
    status: Text = None
    country: Country = None
    actor: Text = None
    place: Text = None
    incident: Text = None
    date_from: Day = None
    date_to: Day = None
    article_id: Text = None
    min_confidence: Confidence = None

    def as_dict(self) -> dict[str, Any]:
        """Checked keyword arguments for the store's event queries."""
        return {"type": _type_param(self.type), "mode": self.mode,
                "status": _choice("status", self.status, STATUSES), "country": self.country,
                "actor": self.actor, "place": self.place, "incident": self.incident,
                "date_from": _iso(self.date_from), "date_to": _iso(self.date_to),
                "article_id": self.article_id, "min_confidence": self.min_confidence}


EventQuery = Annotated[EventFilters, Depends()]


class AnswerCache:
    """The JSON answers to recent ``GET /api/...`` requests, up to ``max_bytes`` of them,
    the least recently asked dropped first (``0``: none kept).

    Only the server itself writes to its store (DuckDB's lock keeps other writers out;
    coders send their records to it), and it calls :meth:`clear` after each write, so a
    kept answer is right until then. Only 200 answers are kept. ``hits`` and ``misses``
    count the requests; ``generation`` counts the clearings.
    """

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.generation = 0
        self._answers: OrderedDict[tuple[str, bytes], tuple[list[Any], bytes]] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size(self) -> int:
        """Bytes of JSON kept."""
        return self._size

    def clear(self) -> None:
        """Forget every answer (the store has changed); answers being computed when this
        is called are not kept either (see :attr:`generation`)."""
        self.generation += 1
        self._answers.clear()
        self._size = 0

    def get(self, key: tuple[str, bytes]) -> tuple[list[Any], bytes] | None:
        """The headers and body kept for ``key`` (path, query string), else ``None``."""
        found = self._answers.get(key)
        if found is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: tuple[str, bytes], headers: list[Any], body: bytes,
            generation: int | None = None) -> None:
        """Keep an answer, unless the store changed since ``generation`` (when it was
        asked) or it is too large."""
        if generation is not None and generation != self.generation:
            return
        if len(body) > self.max_bytes // 4:
            return  # one answer must not push out most of the others
        old = self._answers.pop(key, None)
        if old is not None:
            self._size -= len(old[1])
        self._answers[key] = (headers, body)
        self._size += len(body)
        while self._size > self.max_bytes:
            _, (_, dropped) = self._answers.popitem(last=False)
            self._size -= len(dropped)


class CachedAnswers:
    """ASGI middleware answering ``GET /api/...`` from an :class:`AnswerCache` when it can,
    and keeping the 200 answers of the app behind it there. It runs on the event loop
    alone, so the cache needs no lock."""

    def __init__(self, app: ASGIApp, answers: AnswerCache) -> None:
        self.app = app
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET" or self.answers.max_bytes <= 0
                or not scope["path"].startswith("/api/")
                or scope["path"].startswith(UNCACHED)):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        found = self.answers.get(key)
        if found is not None:
            await send({"type": "http.response.start", "status": 200, "headers": found[0]})
            await send({"type": "http.response.body", "body": found[1]})
            return
        status = 0
        headers: list[Any] = []
        parts: list[bytes] = []
        generation = self.answers.generation

        async def keep(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        if status == 200:
            self.answers.put(key, headers, b"".join(parts), generation)


def _http_message(request: Request, exc: StarletteHTTPException) -> str:
    """The message of an HTTP error: ours as given, the framework's bare phrases spelt out."""
    if exc.status_code == 404 and exc.detail == "Not Found":
        return f"nothing at {request.url.path}"
    if exc.status_code == 405 and exc.detail == "Method Not Allowed":
        allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow")
        return (f"method {request.method} is not allowed on {request.url.path}"
                + (f"; use {allowed}" if allowed else ""))
    return str(exc.detail)


def create_app(db: str | Path, allowed_hosts: Iterable[str] = (),
               query_timeout: float | None = QUERY_TIMEOUT,
               max_queries: int = MAX_QUERIES, cache_bytes: int = CACHE_BYTES,
               ingest_token: str | None = None) -> FastAPI:
    """The FastAPI app serving the store at ``db``: opened read-only, or, given an
    ``ingest_token``, for writing, taking the records coders send with that token
    (:mod:`wirecoder.live`).

    It answers requests whose ``Host`` is a loopback name (``localhost``, ``127.0.0.1``,
    ``::1``) or one of ``allowed_hosts`` (wildcard addresses such as ``0.0.0.0`` are left
    out). At most ``max_queries`` requests query the store at once, the others wait their
    turn; a query running longer than ``query_timeout`` seconds is stopped, and a request
    that waited that long for its turn is turned away, both with a 503 (``None``: no
    limit). Up to ``cache_bytes`` of recent answers are kept (``app.state.answers``, an
    :class:`AnswerCache`; ``0``: none). Raises :class:`StoreError` when the store cannot
    be opened.
    """
    store = open_store(db, read_only=ingest_token is None)
    store.tune_for_serving()
    if store.shared:
        cache_bytes = 0  # other processes write to it: a kept answer could be stale
    app = FastAPI(title="wirecoder", version=__version__, docs_url=None, redoc_url=None,
                  description="Coded news events, statements, figures and incidents.")
    answers = AnswerCache(cache_bytes)
    # Added first, so it runs inside the guard: kept answers get the same checks and headers.
    app.add_middleware(CachedAnswers, answers=answers)
    app.add_middleware(ServerGuard, allowed_hosts=tuple(allowed_hosts))

    turns = threading.BoundedSemaphore(max_queries)

    def read(ask: Callable[[StoreQueries], T]) -> T:
        """``ask`` the store through a reader of this request's own, in its turn."""
        if not turns.acquire(timeout=query_timeout):
            raise HTTPException(503, f"the server is busy: no query could start within "
                                     f"{query_timeout:g} s; try again", {"Retry-After": "1"})
        try:
            with store.reader(timeout=query_timeout) as reader:
                return ask(reader)
        finally:
            turns.release()

    @app.get("/api/status", tags=["meta"])
    def status() -> dict[str, Any]:
        """How many articles the store holds and when the last was coded: the UI asks
        every few seconds and redraws when this changes. ``accepts_coders``: whether
        ``wirecoder code`` can add articles while this server runs."""
        return {**read(lambda q: q.status()),
                "accepts_coders": ingest_token is not None or store.shared}

    if ingest_token is not None:
        app.state.ingest = Ingest(Store(db), ingest_token, answers.clear)
        add_local_routes(app, app.state.ingest)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, _http_message(request, exc), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                    for e in exc.errors()]
        return error_response(422, "; ".join(problems))

    @app.exception_handler(StoreError)
    async def unreadable(request: Request, exc: StoreError) -> JSONResponse:
        # A timeout or a store that fails under the query: the server is fine, the data
        # cannot be served now.
        return error_response(503, str(exc))

    @app.get("/api/articles", tags=["articles"])
    def articles(text: Text = None, source: Text = None, date_from: Day = None,
                 date_to: Day = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Articles (without text), newest first; ``text`` searches title and text."""
        return _page(read(lambda q: q.articles(total=True,
            text=text, source=source, date_from=_iso(date_from), date_to=_iso(date_to),
            limit=limit, offset=offset)), limit, offset)

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """One article's full record, with ``duplicate_of`` and its events' incidents."""
        record, links = read(lambda q: (q.record(article_id), q.article_links(article_id)))
        if record is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return {"record": record, **links}

    @app.get("/api/events", tags=["events"])
    def events(filters: EventQuery, limit: Limit = 50, offset: Offset = 0,
               order: Order = None) -> dict[str, Any]:
        """Events, filtered by type, mode, status, country (actor, recipient or place),
        actor or recipient words, place words, incident, date range, article or least
        confidence, sorted by ``order``."""
        checked = filters.as_dict()
        sort = _choice("order", order, ORDERS)
        return _page(read(lambda q: q.events(limit=limit, offset=offset, total=True,
                                             order=sort, **checked)), limit, offset)

    @app.get("/api/events/export", tags=["events"])
    def export_events(filters: EventQuery, order: Order = None,
                      format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
                      ) -> Response:
        """Every filtered event (up to 100,000), sorted as the list is, as a CSV table (one
        row per event, the columns an analyst reads, formulas neutralised) or as JSON (the
        events as in the records): "export this view"."""
        checked = filters.as_dict()
        sort = _choice("order", order, ORDERS)
        found = read(lambda q: q.events(limit=MAX_EXPORT, order=sort, **checked))
        name = "wirecoder-events"
        if format == "json":
            return Response(json.dumps(found, ensure_ascii=False), media_type="application/json",
                            headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
        return Response(events_csv(found), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

    @app.get("/api/facets", tags=["events"])
    def facets(filters: EventQuery) -> dict[str, Any]:
        """Counts of the filtered events by type, status, mode, country and day."""
        checked = filters.as_dict()
        return read(lambda q: q.event_facets(**checked))

    @app.get("/api/places", tags=["events"])
    def places(filters: EventQuery) -> dict[str, Any]:
        """Filtered events grouped by place (for the map)."""
        checked = filters.as_dict()
        return {"items": read(lambda q: q.event_places(**checked))}

    @app.get("/api/network", tags=["events"])
    def network(filters: EventQuery, limit: Limit = 100) -> dict[str, Any]:
        """Who acts on whom: actor → recipient edges with event counts by type."""
        checked = filters.as_dict()
        return {"items": read(lambda q: q.event_network(limit=limit, **checked))}

    @app.get("/api/statements", tags=["statements"])
    def statements(speaker: Text = None, country: Country = None, text: Text = None,
                   date_from: Day = None, date_to: Day = None, article_id: Text = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Statements by speaker words, speaker country, content words, date or article."""
        return _page(read(lambda q: q.statements(total=True,
            speaker=speaker, country=country, text=text, date_from=_iso(date_from),
            date_to=_iso(date_to), article_id=article_id, limit=limit, offset=offset)),
            limit, offset)

    @app.get("/api/statement-facets", tags=["statements"])
    def statement_facets(speaker: Text = None, country: Country = None, text: Text = None,
                         date_from: Day = None, date_to: Day = None,
                         article_id: Text = None) -> dict[str, Any]:
        """Counts over every filtered statement: ``total``, by ``kind``, and the ten
        ``speakers`` quoted most (unresolved pronouns left out)."""
        return read(lambda q: q.statement_facets(
            speaker=speaker, country=country, text=text, date_from=_iso(date_from),
            date_to=_iso(date_to), article_id=article_id))

    @app.get("/api/figures", tags=["figures"])
    def figures(kind: Text = None, sourced: bool | None = None, date_from: Day = None,
                date_to: Day = None, article_id: Text = None, copies: bool = True,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Figures by kind, whether the article gives a source, date or article;
        ``copies=false`` leaves out articles that copy another."""
        checked = _choice("kind", kind, FIGURE_KINDS)
        return _page(read(lambda q: q.figures(total=True,
            kind=checked, sourced=sourced, date_from=_iso(date_from), date_to=_iso(date_to),
            article_id=article_id, copies=copies, limit=limit, offset=offset)),
            limit, offset)

    @app.get("/api/incidents", tags=["incidents"])
    def incidents(type: Text = None, country: Country = None, date_from: Day = None,
                  date_to: Day = None, conflicting: bool | None = None,
                  min_sources: Annotated[int | None, Query(ge=1)] = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Incidents (events reported by several articles) with figures side by side."""
        checked = _type_param(type)
        return _page(read(lambda q: q.incidents(total=True,
            type=checked, country=country, date_from=_iso(date_from),
            date_to=_iso(date_to), conflicting=conflicting, min_sources=min_sources,
            limit=limit, offset=offset)), limit, offset)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"])
    def incident(incident_id: str) -> dict[str, Any]:
        """One incident with its events."""
        found = read(lambda q: q.incident(incident_id))
        if found is None:
            raise HTTPException(404, f"no incident with id {incident_id!r}")
        return found

    @app.get("/api/entities", tags=["entities"])
    def entities(name: Text = None, type: Text = None, country: Country = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Entities across articles by name words, type (PERSON, ORG, GPE, ...), country."""
        return _page(read(lambda q: q.entities(total=True, name=name, type=type, country=country,
                                               limit=limit, offset=offset)), limit, offset)

    @app.get("/api/ontology", tags=["meta"])
    def ontology() -> dict[str, Any]:
        """Event types (with quad class), statuses and figure kinds the filters accept."""
        return {"types": plover_types(), "statuses": STATUSES, "figure_kinds": FIGURE_KINDS}

    web = resources.files("wirecoder").joinpath("web")
    docs_page = web.joinpath("docs.html").read_text(encoding="utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # The API documentation, drawn by web/docs.js from /openapi.json: no CDN.
        return HTMLResponse(docs_page)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser's console

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/ui/events.html")

    app.mount("/ui", StaticFiles(directory=str(web), html=True), name="ui")
    app.state.store = store
    app.state.answers = answers
    return app
