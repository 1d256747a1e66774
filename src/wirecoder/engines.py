"""Running the pipeline on a Dask cluster.

Articles are sent in coarse partitions; each worker process builds one pipeline (the model
and tables) the first time it codes, and keeps it. Records come back in input order and
equal the local engine's. With no scheduler address a ``LocalCluster`` is started;
``scheduler="tcp://host:8786"`` uses a running cluster whose workers have wirecoder
installed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from wirecoder.model import Article
from wirecoder.pipeline import Config, Pipeline, chunks

PARTITION = 16
# Partitions in flight at once per worker: enough to keep workers busy, few enough to
# bound memory on a long stream.
IN_FLIGHT_PER_WORKER = 4

_PIPELINES: dict[Config, Pipeline] = {}


def _worker_pipeline(config: Config) -> Pipeline:
    """This worker's pipeline, built on first use (one per process and config)."""
    if config not in _PIPELINES:
        _PIPELINES[config] = Pipeline(config)
    return _PIPELINES[config]


def code_partition(articles: list[Article], config: Config) -> list[dict[str, Any]]:
    """Code one partition on a worker."""
    return list(_worker_pipeline(config).pipe(articles))


def dask_pipe(articles: Iterable[Article], config: Config, scheduler: str | None = None,
              workers: int = 2, partition: int = PARTITION) -> Iterator[dict[str, Any]]:
    """Yield records for ``articles`` in input order, coded on a Dask cluster."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        window: deque[Any] = deque()
        for part in chunks(articles, partition):
            window.append(client.submit(code_partition, part, config, pure=False))
            while len(window) >= n_workers * IN_FLIGHT_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
