"""Coding a batch of inputs into JSON Lines and a store, resumably.

With a store, an article whose id is already stored is skipped (``force`` codes it again):
running the same command after an interruption codes only what is missing, and the store
ends with every article once. Records are written in batches, one transaction each, so an
interruption loses at most the batch in flight.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from wirecoder.model import Article
from wirecoder.pipeline import Pipeline
from wirecoder.store import Store

WRITE_BATCH = 256


@dataclass
class BatchResult:
    coded: int = 0
    skipped: int = 0
    with_errors: int = 0
    duplicates: int = 0  # stored articles that copy another (after this batch)
    incidents: int = 0  # incidents in the store (after this batch)


def code_batch(articles: Iterable[Article], pipeline: Pipeline, *, out: IO[str] | None = None,
               store: Store | None = None, workers: int = 1, force: bool = False,
               on_record: Any = None, commit_every: int = WRITE_BATCH,
               engine: str = "local", scheduler: str | None = None) -> BatchResult:
    """Code ``articles`` (in order) into ``out`` (JSON Lines) and ``store``.

    ``on_record(record)`` is called for each coded record (a summary printer, say).
    """
    result = BatchResult()
    done = store.ids() if store is not None and not force else set()

    def todo() -> Iterator[Article]:
        for article in articles:
            if article.id in done:
                result.skipped += 1
                continue
            yield article

    if engine == "dask":
        from wirecoder.engines import dask_pipe

        records = dask_pipe(todo(), pipeline.config, scheduler=scheduler,
                            workers=max(workers, 1))
    else:
        records = pipeline.pipe(todo(), n_process=workers)
    batch: list[dict[str, Any]] = []
    for record in records:
        if out is not None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if on_record is not None:
            on_record(record)
        result.coded += 1
        result.with_errors += bool(record["errors"])
        batch.append(record)
        if len(batch) >= commit_every:
            _flush(batch, store, out)
            batch = []
    _flush(batch, store, out)
    if store is not None:
        result.incidents = store.build_incidents()
        result.duplicates = store.count("duplicates")
    return result


def _flush(batch: list[dict[str, Any]], store: Store | None, out: IO[str] | None) -> None:
    if store is not None and batch:
        store.write(batch)
    if out is not None:
        out.flush()
