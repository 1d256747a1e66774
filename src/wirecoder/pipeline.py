"""The coding pipeline: text -> cleaning -> spaCy Doc -> extractors -> article record.

:class:`Pipeline` loads the model and the data tables once; :meth:`Pipeline.pipe` streams
records for many articles (optionally over worker processes), in input order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from wirecoder.actors import ActorResolver, EntityIndex
from wirecoder.cleaning import Cleaner, ExcludedIndex
from wirecoder.errors import Codes, ConfigError, is_fatal, message
from wirecoder.events import EventExtractor
from wirecoder.figures import FigureExtractor
from wirecoder.gazetteer import Gazetteer
from wirecoder.groups import add_groups
from wirecoder.inputs import DEFAULT_MAX_BYTES, content_id, normalise_date
from wirecoder.lexicon import Lexicon, fold, takes_a_side
from wirecoder.model import Article, ArticleRecord, Span
from wirecoder.nlp import load_model
from wirecoder.places import PlaceFinder
from wirecoder.sense import EventSense
from wirecoder.sense.combine import SenseJudge
from wirecoder.statements import StatementExtractor
from wirecoder.times import TimeFinder

# Characters no text can hold (spaCy cannot even hash them): lone surrogates and NUL.
UNHOLDABLE = re.compile("[\x00\ud800-\udfff]")
# Longer texts are parsed in pieces of at most this many characters, cut between
# paragraphs where possible, and joined into one Doc (spaCy refuses texts over
# ``nlp.max_length``, a million characters, and its memory grows with a text's length).
PIECE_CHARS = 100_000
# Articles longer than this are parsed one by one rather than in the batch.
BATCH_CHARS = 20_000


@dataclass(frozen=True)
class Config:
    """Pipeline settings. ``model``: a spaCy model name or path (default: the small
    English model); ``max_bytes``: articles larger than this get an error record;
    ``sense``: check and complete the rule events with the event-sense layer
    (:mod:`wirecoder.sense`); ``sense_threads``: CPU threads its encoder may use."""

    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 32
    sense: bool = True
    sense_threads: int = 1

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(Codes.E204, name="max_bytes", value=self.max_bytes,
                              detail="must be positive")
        if self.batch_size <= 0:
            raise ConfigError(Codes.E204, name="batch_size", value=self.batch_size,
                              detail="must be positive")
        if self.sense_threads <= 0:
            raise ConfigError(Codes.E204, name="sense_threads", value=self.sense_threads,
                              detail="must be positive")


@dataclass
class Analysis:
    """One article on its way through the pipeline: what each stage reads and adds."""

    article: Article
    doc: Any
    excluded: ExcludedIndex
    record: ArticleRecord
    entities: EntityIndex
    sentence_starts: list[int]

    def sentence_of(self, offset: int) -> Span:
        """The ``(start, end)`` of the sentence holding character ``offset``."""
        i = max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)
        start = self.sentence_starts[i] if self.sentence_starts else 0
        end = (self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts)
               else len(self.doc.text))
        return start, end


class Pipeline:
    """Codes articles into article records. Build once; reuse for every article."""

    def __init__(self, config: Config | None = None, **settings: Any) -> None:
        self.config = config or Config(**settings)
        self.nlp = load_model(self.config.model)
        self.lexicon = Lexicon()
        self.cleaner = Cleaner()
        self.gazetteer = Gazetteer(self.lexicon)
        self.actors = ActorResolver(self.lexicon, self.gazetteer.country_of_place)
        self.places = PlaceFinder(self.gazetteer)
        self.times = TimeFinder()
        self.statements = StatementExtractor()
        self.figures = FigureExtractor()
        self.events = EventExtractor(self.lexicon)
        self.judge = SenseJudge(EventSense(threads=self.config.sense_threads)) \
            if self.config.sense else None

    def __call__(self, article: Article) -> dict[str, Any]:
        """Code one article and return its record as a dict."""
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[dict[str, Any]]:
        """Yield one record per article, in input order.

        With ``n_process > 1`` the work is spread over worker processes, each of which
        builds its own pipeline once.
        """
        if n_process > 1:
            yield from _pipe_parallel(self.config, articles, n_process)
            return
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.config.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Article]) -> Iterator[dict[str, Any]]:
        # Short articles are parsed together (faster); a long one only when its turn comes,
        # so that no more than one long Doc is held at a time.
        short = [a for a in batch if not self._reject(a) and self._short(a.text)]
        docs = iter(self._parse([a.text for a in short]))
        for article in batch:
            if any(is_fatal(e) for e in article.errors):
                yield ArticleRecord(article).to_dict()
                continue
            doc = next(docs) if self._short(article.text) else self._parse_one(article.text)
            if isinstance(doc, Exception):
                failed = ArticleRecord(article)
                failed.errors.append(message(Codes.E100, stage="parsing", detail=repr(doc)))
                yield failed.to_dict()
                continue
            yield self._code_doc(article, doc)

    def _reject(self, article: Article) -> bool:
        """Add an error and return True when an article cannot be coded. Characters no
        text can hold are replaced first, and a publication date that is no plausible
        date dropped, each with a warning."""
        make_holdable(article)
        if any(is_fatal(e) for e in article.errors):
            return True
        if article.published is not None:
            article.published = normalise_date(article.published, article.errors)
        if not article.text.strip():
            article.errors.append(message(Codes.E001))
            return True
        size = len(article.text.encode("utf-8"))
        if size > self.config.max_bytes:
            article.errors.append(message(Codes.E004, size=size, limit=self.config.max_bytes))
            return True
        return False

    @staticmethod
    def _short(text: str) -> bool:
        """Is ``text`` parsed in the batch, in one piece?"""
        return len(text) <= min(BATCH_CHARS, PIECE_CHARS)

    def _parse(self, texts: list[str]) -> list[Any]:
        """A Doc for each short text, in order, or the exception that parsing it raised:
        when the batch fails, each text is parsed alone, so one text that breaks the
        parser does not take the others with it."""
        try:
            return list(self.nlp.pipe(texts))
        except Exception:
            return [self._parse_one(text) for text in texts]

    def _parse_one(self, text: str) -> Any:
        from spacy.tokens import Doc

        try:
            if len(text) <= PIECE_CHARS:
                return self.nlp(text)
            # One piece at a time: a batch of pieces would hold all their parser states.
            return Doc.from_docs(list(self.nlp.pipe(pieces(text, PIECE_CHARS), batch_size=1)),
                                 ensure_whitespace=False)
        except Exception as exc:
            return exc

    def _code_doc(self, article: Article, doc: Any) -> dict[str, Any]:
        record = ArticleRecord(article)
        stage = "cleaning"
        try:
            record.excluded = self.cleaner.find(article.text)
            excluded = ExcludedIndex(record.excluded)
            analysis = Analysis(article, doc, excluded, record, EntityIndex(),
                                [s.start_char for s in doc.sents])
            stage = "entities"
            analysis.entities = self.actors.resolve(doc, excluded.covers, article.published)
            record.entities = analysis.entities.entities
            stage = "times"
            record.times = self.times.find(article.text, article.published, excluded.covers,
                                           analysis.sentence_of)
            stage = "places"
            # (Not the country of a small town's best-known namesake, which the entity
            # carries until the place finder reads it in context: "Medina" is Ohio's only
            # so; but "Atlanta" is Georgia's.)
            # (Nor of a city's other name, "St. James" of Vung Tau in a story on Jamaica, nor
            # of a name towns of several states share, "San Pedro" in a story on Paraguay.)
            # (Nor a side taken: "pro-Russian separatists in Donetsk" are in Ukraine.)
            context = {e.country for e in record.entities if e.country and not all(
                takes_a_side(article.text, s) for s, _ in e.mentions) and not (
                e.type == "GPE" and (hit := self.gazetteer.lookup(e.name)) is not None
                and hit.kind == "city" and (hit.population < 100_000
                                            or fold(hit.name) != fold(e.name)
                                            or self.gazetteer.shared_name(e.name)))}
            record.places = self.places.find(doc, excluded.covers, context)
            self.actors.settle_with_places(analysis.entities, record.places)
            stage = "statements"
            record.statements = self.statements.extract(doc, analysis.entities, record.times,
                                                        excluded.covers, record.places)
            stage = "figures"
            record.figures = self.figures.extract(doc, excluded.covers, record.times,
                                                  record.places, record.statements)
            stage = "events"
            record.events = self.events.extract(doc, excluded.covers, article.published,
                                                analysis.entities, record.times,
                                                record.places, record.statements,
                                                record.figures, self.judge)
            stage = "groups"
            coded = [p.span for e in record.events for p in (*e.actor, *e.recipient) if p.span]
            coded += [st.speaker.span for st in record.statements if st.speaker.span]
            add_groups(doc, analysis.entities, self.lexicon, coded, excluded.covers)
        except Exception as exc:
            failed = ArticleRecord(article)
            failed.excluded = record.excluded
            failed.errors.append(message(Codes.E100, stage=stage, detail=repr(exc)))
            return failed.to_dict()
        return record.to_dict()


def make_holdable(article: Article) -> None:
    """Replace the characters no text can hold in the article's text and metadata, once,
    with a warning (``W001``) that says how many."""
    if any(e["code"] == Codes.W001[0] for e in article.errors):
        return
    unholdable = 0
    for name in ("text", "id", "title", "url", "source"):
        value = getattr(article, name)
        if isinstance(value, str) and UNHOLDABLE.search(value):
            unholdable += len(UNHOLDABLE.findall(value))
            setattr(article, name, UNHOLDABLE.sub("\ufffd", value))
    if unholdable:
        article.errors.append(message(Codes.W001, count=unholdable))


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters that join back
    into it: after a blank line where one falls in the second half of a piece, else after
    a line break, a sentence's end or a space, else at ``size``."""
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at >= size // 2:
                cut = at + len(mark)
                break
        cut = cut or size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


# --- worker processes ---------------------------------------------------------------------


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lists of up to ``size`` articles, in order."""
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pipe_parallel(config: Config, articles: Iterable[Article],
                   n_process: int) -> Iterator[dict[str, Any]]:
    from wirecoder.supervise import supervised_pipe

    # Worker processes that crash are replaced, and their articles get error records.
    yield from supervised_pipe(articles, config, n_process, time_budget=None,
                               memory_limit=None)


# --- convenience API ----------------------------------------------------------------------

_DEFAULT: dict[Config, Pipeline] = {}


def default_pipeline(config: Config | None = None) -> Pipeline:
    """A shared pipeline per config, built on first use (see :func:`reset_default_pipeline`)."""
    config = config or Config()
    if config not in _DEFAULT:
        _DEFAULT[config] = Pipeline(config)
    return _DEFAULT[config]


def reset_default_pipeline() -> None:
    """Forget the shared pipelines (frees the model; the next call loads it again)."""
    _DEFAULT.clear()


def code_article(text: str, published: str | None = None, id: str | None = None,
                 title: str | None = None, url: str | None = None, source: str | None = None,
                 pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Code one article text and return its record (contract v1) as a dict."""
    article = Article(id=id or content_id(text), text=text, title=title, published=published,
                      url=url, source=source)
    return (pipeline or default_pipeline())(article)
