"""Coding a batch of inputs into JSON Lines and a store, resumably.

With a store, an article whose id is already stored is skipped (``force`` codes it again):
running the same command after an interruption codes only what is missing, and the store
ends with every article once. Records are written in batches, one transaction each, of
``commit_every`` records or what was coded in ``commit_seconds``, whichever comes first: an
interruption loses at most the batch in flight, and a server showing the store sees new
articles within that time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from wirecoder.errors import Codes, is_fatal, message
from wirecoder.model import Article
from wirecoder.pipeline import Config, Pipeline

WRITE_BATCH = 256
WRITE_SECONDS = 10.0


class RecordStore(Protocol):
    """What coding needs of a store: :class:`wirecoder.Store`, or
    :class:`wirecoder.live.RemoteStore` when a server has the store open."""

    def ids(self) -> set[str]: ...

    def write(self, records: Iterable[dict[str, Any]]) -> int: ...

    def build_incidents(self) -> int: ...

    def count(self, table: str) -> int: ...


@dataclass
class BatchResult:
    coded: int = 0
    skipped: int = 0
    with_errors: int = 0  # records of articles left uncoded
    with_warnings: int = 0  # coded, with a warning (a bad publication date ignored, say)
    repeated_ids: int = 0  # articles whose id an earlier article of the input has
    duplicates: int = 0  # stored articles that copy another (after this batch)
    incidents: int = 0  # incidents in the store (after this batch)


def code_batch(articles: Iterable[Article], pipeline: Pipeline | None = None, *,
               config: Config | None = None, out: IO[str] | None = None,
               store: RecordStore | None = None, workers: int = 1, force: bool = False,
               on_record: Any = None, commit_every: int = WRITE_BATCH,
               commit_seconds: float = WRITE_SECONDS,
               engine: str = "local", scheduler: str | None = None,
               time_budget: float | None = None,
               memory_limit: int | None = None) -> BatchResult:
    """Code ``articles`` (in order) into ``out`` (JSON Lines) and ``store``.

    Locally, with one worker and no ``time_budget``, ``pipeline`` codes in this process
    (built from ``config`` when not given). With several workers or a time budget (seconds
    per article) or a memory limit (MiB per worker), supervised worker processes code
    (:mod:`wirecoder.supervise`): an article over its budget gets an error record and the
    batch goes on. An id an earlier article of the input already has gets an error record
    (``E010``) instead of being coded over it. ``on_record(record)`` is called for each
    record (a summary printer, say).
    """
    result = BatchResult()
    done = store.ids() if store is not None and not force else set()
    seen: dict[str, int] = {}

    def todo() -> Iterator[Article]:
        for n, article in enumerate(articles, start=1):
            if article.id in done and article.id not in seen:
                result.skipped += 1
                continue
            if article.id in seen and not article.errors:
                article.errors.append(message(Codes.E010, id=article.id,
                                              first=seen[article.id]))
                result.repeated_ids += 1
            seen.setdefault(article.id, n)
            yield article

    config = pipeline.config if pipeline is not None else config or Config()
    records: Iterator[dict[str, Any]]
    if engine == "dask":
        from wirecoder.engines import dask_pipe

        records = dask_pipe(todo(), config, scheduler=scheduler, workers=max(workers, 1),
                            time_budget=time_budget, memory_limit=memory_limit)
    elif workers > 1 or time_budget or memory_limit:
        from wirecoder.supervise import supervised_pipe

        records = supervised_pipe(todo(), config, workers, time_budget, memory_limit)
    else:
        records = (pipeline or Pipeline(config)).pipe(todo())
    batch: list[dict[str, Any]] = []
    began = time.monotonic()
    for record in records:
        if out is not None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if on_record is not None:
            on_record(record)
        result.coded += 1
        fatal = any(is_fatal(e) for e in record["errors"])
        result.with_errors += fatal
        result.with_warnings += bool(record["errors"]) and not fatal
        if any(e["code"] == Codes.E010[0] for e in record["errors"]):
            continue  # the store keeps the article coded under this id first
        batch.append(record)
        if len(batch) >= commit_every or time.monotonic() - began >= commit_seconds:
            _flush(batch, store, out)
            batch, began = [], time.monotonic()
    _flush(batch, store, out)
    if store is not None:
        result.incidents = store.build_incidents()
        result.duplicates = store.count("duplicates")
    return result


def _flush(batch: list[dict[str, Any]], store: RecordStore | None, out: IO[str] | None) -> None:
    if store is not None and batch:
        store.write(batch)
    if out is not None:
        out.flush()
