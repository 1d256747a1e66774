"""A read-only REST API and the analyst web UI over a store (``wirecoder serve``).

Every route calls one :class:`wirecoder.Store` query; parameters are validated here
(types, patterns, page sizes capped at :data:`MAX_LIMIT`) and bound, never pasted, into
SQL by the store. Errors are JSON ``{"error", "message"}`` with a 4xx status. The UI is
static HTML, CSS and small scripts shipped in the package (``web/``), so it works offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from wirecoder import __version__
from wirecoder.lexicon import plover_types
from wirecoder.store import Store

MAX_LIMIT = 500
TYPES = tuple(plover_types())
STATUSES = ("asserted", "negated", "hypothetical", "future", "historical")
FIGURE_KINDS = ("killed", "injured", "arrested", "detained", "missing", "displaced",
                "troops", "protesters", "casualties", "money", "other")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Country = Annotated[str | None, Query(pattern="^[A-Z]{3}$",
                                      description="ISO 3166 alpha-3 code, e.g. IRN.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]


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


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) == limit else None}


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

    def as_dict(self) -> dict[str, Any]:
        """Checked keyword arguments for the store's event queries."""
        return {"type": _type_param(self.type), "mode": self.mode,
                "status": _choice("status", self.status, STATUSES), "country": self.country,
                "actor": self.actor, "place": self.place, "incident": self.incident,
                "date_from": _iso(self.date_from), "date_to": _iso(self.date_to),
                "article_id": self.article_id}


EventQuery = Annotated[EventFilters, Depends()]


def create_app(db: str | Path) -> FastAPI:
    """The FastAPI app serving the store at ``db`` (opened read-only)."""
    store = Store(db, read_only=True)
    app = FastAPI(title="wirecoder", version=__version__,
                  description="Coded news events, statements, figures and incidents.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.status_code, "message": exc.detail},
                            status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                    for e in exc.errors()]
        return JSONResponse({"error": 422, "message": "; ".join(problems)}, status_code=422)

    @app.get("/api/articles", tags=["articles"])
    async def articles(text: Text = None, source: Text = None, date_from: Day = None,
                       date_to: Day = None, limit: Limit = 50,
                       offset: Offset = 0) -> dict[str, Any]:
        """Articles (without text), newest first; ``text`` searches title and text."""
        return _page(store.articles(text=text, source=source, date_from=_iso(date_from),
                                    date_to=_iso(date_to), limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    async def article(article_id: str) -> dict[str, Any]:
        """One article's full record, with ``duplicate_of`` and its events' incidents."""
        record = store.record(article_id)
        if record is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return {"record": record, **store.article_links(article_id)}

    @app.get("/api/events", tags=["events"])
    async def events(filters: EventQuery, limit: Limit = 50,
                     offset: Offset = 0) -> dict[str, Any]:
        """Events, filtered by type, mode, status, country (actor, recipient or place),
        actor or recipient words, place words, incident, date range or article."""
        return _page(store.events(limit=limit, offset=offset, **filters.as_dict()),
                     limit, offset)

    @app.get("/api/facets", tags=["events"])
    async def facets(filters: EventQuery) -> dict[str, Any]:
        """Counts of the filtered events by type, status, mode, country and day."""
        return store.event_facets(**filters.as_dict())

    @app.get("/api/places", tags=["events"])
    async def places(filters: EventQuery) -> dict[str, Any]:
        """Filtered events grouped by place (for the map)."""
        return {"items": store.event_places(**filters.as_dict())}

    @app.get("/api/network", tags=["events"])
    async def network(filters: EventQuery, limit: Limit = 100) -> dict[str, Any]:
        """Who acts on whom: actor → recipient edges with event counts by type."""
        return {"items": store.event_network(limit=limit, **filters.as_dict())}

    @app.get("/api/statements", tags=["statements"])
    async def statements(speaker: Text = None, country: Country = None, text: Text = None,
                         date_from: Day = None, date_to: Day = None,
                         article_id: Text = None, limit: Limit = 50,
                         offset: Offset = 0) -> dict[str, Any]:
        """Statements by speaker words, speaker country, content words, date or article."""
        return _page(store.statements(speaker=speaker, country=country, text=text,
                                      date_from=_iso(date_from), date_to=_iso(date_to),
                                      article_id=article_id, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/figures", tags=["figures"])
    async def figures(kind: Text = None, sourced: bool | None = None, date_from: Day = None,
                      date_to: Day = None, article_id: Text = None, copies: bool = True,
                      limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Figures by kind, whether the article gives a source, date or article;
        ``copies=false`` leaves out articles that copy another."""
        return _page(store.figures(kind=_choice("kind", kind, FIGURE_KINDS),
                                   sourced=sourced, date_from=_iso(date_from),
                                   date_to=_iso(date_to), article_id=article_id,
                                   copies=copies, limit=limit, offset=offset), limit, offset)

    @app.get("/api/incidents", tags=["incidents"])
    async def incidents(type: Text = None, country: Country = None, date_from: Day = None,
                        date_to: Day = None, conflicting: bool | None = None,
                        min_sources: Annotated[int | None, Query(ge=1)] = None,
                        limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Incidents (events reported by several articles) with figures side by side."""
        return _page(store.incidents(type=_type_param(type), country=country,
                                     date_from=_iso(date_from), date_to=_iso(date_to),
                                     conflicting=conflicting, min_sources=min_sources,
                                     limit=limit, offset=offset), limit, offset)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"])
    async def incident(incident_id: str) -> dict[str, Any]:
        """One incident with its events."""
        found = store.incident(incident_id)
        if found is None:
            raise HTTPException(404, f"no incident with id {incident_id!r}")
        return found

    @app.get("/api/entities", tags=["entities"])
    async def entities(name: Text = None, type: Text = None, country: Country = None,
                       limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Entities across articles by name words, type (PERSON, ORG, GPE, ...), country."""
        return _page(store.entities(name=name, type=type, country=country, limit=limit,
                                    offset=offset), limit, offset)

    @app.get("/api/ontology", tags=["meta"])
    async def ontology() -> dict[str, Any]:
        """Event types (with quad class), statuses and figure kinds the filters accept."""
        return {"types": plover_types(), "statuses": STATUSES, "figure_kinds": FIGURE_KINDS}

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/ui/events.html")

    web = resources.files("wirecoder").joinpath("web")
    app.mount("/ui", StaticFiles(directory=str(web), html=True), name="ui")
    app.state.store = store
    return app
