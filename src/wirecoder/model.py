"""The data model: plain dataclasses with ``(start, end)`` character spans.

The article record (contract v1) is their serialisation (:meth:`ArticleRecord.to_dict`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 2

Span = tuple[int, int]


@dataclass
class Article:
    """One input article, as read from a file or given through the API."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = "en"
    # Problems found while reading (bad encoding, missing fields); coding still yields a record.
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Excluded:
    """A region that is not the article's own prose (embedded post, link line, caption...)."""

    kind: str
    span: Span
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Entity:
    """A named thing with all its mentions merged (a person, organisation, state)."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    org: str | None = None
    mentions: list[Span] = field(default_factory=list)
    # A key shared across articles: the knowledge-base or table entry, else the name.
    actor_id: str | None = None


@dataclass
class TimeExpr:
    """A time expression resolved to a calendar date (or a range) against ``published``."""

    text: str
    span: Span
    value: str | None
    end: str | None = None
    precision: str | None = None


@dataclass
class Place:
    """A place mention resolved against the gazetteer."""

    text: str
    span: Span
    name: str | None
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


@dataclass
class TextSpan:
    """Words of the text and where they are."""

    text: str
    span: Span


@dataclass
class Participant:
    """A speaker, actor or recipient: the words at the cue and the entity they refer to."""

    text: str
    span: Span | None
    entity: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None


@dataclass
class Statement:
    """Who said what: a direct, indirect or mixed attribution."""

    id: str
    kind: str
    speaker: Participant
    cue: TextSpan
    content: TextSpan
    date: str | None = None


@dataclass
class Event:
    """Who did what to whom, where and when (PLOVER, CAMEO, ACLED)."""

    id: str
    type: str
    mode: str | None
    context: list[str]
    cameo: str | None
    acled: dict[str, str] | None
    actor: list[Participant]
    recipient: list[Participant]
    trigger: TextSpan
    location: dict[str, Any] | None
    date: dict[str, Any] | None
    status: str
    attributed_to: str | None
    size: dict[str, float | None]
    sentence: int | None
    confidence: float
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Figure:
    """A count that matters (killed, injured, troops, money...) and who gives it."""

    id: str
    kind: str
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    subject: str | None
    text: str
    span: Span
    location: str | None = None
    date: str | None = None
    event: str | None = None
    source: str | None = None
    currency: str | None = None
    # A running total ("so far killing 8,306", "since 7 October"), not one day's count.
    cumulative: bool = False


@dataclass
class ArticleRecord:
    """Everything coded from one article; serialises to the contract's JSON record."""

    article: Article
    excluded: list[Excluded] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as contract-v1 JSON-ready data (spans as lists)."""
        a = self.article
        return {
            "schema_version": SCHEMA_VERSION,
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "published": a.published,
            "language": a.language,
            "text": a.text,
            "excluded": [_jsonable(asdict(x)) for x in self.excluded],
            "entities": [_jsonable(asdict(x)) for x in self.entities],
            "times": [_jsonable(asdict(x)) for x in self.times],
            "places": [_jsonable(asdict(x)) for x in self.places],
            "statements": [_jsonable(asdict(x)) for x in self.statements],
            "events": [_jsonable(_event(asdict(x))) for x in self.events],
            "figures": [_jsonable(_number(asdict(x))) for x in self.figures],
            "errors": list(a.errors) + list(self.errors),
        }


def _event(event: dict[str, Any]) -> dict[str, Any]:
    size = event.get("size") or {}
    event["size"] = {k: (int(v) if isinstance(v, float) and v.is_integer() else v)
                     for k, v in size.items()}
    return event


def _number(figure: dict[str, Any]) -> dict[str, Any]:
    """Whole counts as integers (8306, not 8306.0)."""
    for key in ("value", "low", "high"):
        v = figure.get(key)
        if isinstance(v, float) and v.is_integer():
            figure[key] = int(v)
    return figure


def _jsonable(value: Any) -> Any:
    """Turn tuples (spans) into lists, recursively, so records compare equal after JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
