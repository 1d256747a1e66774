"""Running the pipeline on a Dask cluster.

Articles are sent in coarse partitions; each worker process builds one pipeline (the model
and tables) the first time it codes, and keeps it. Records come back in input order and
equal the local engine's. With no scheduler address a ``LocalCluster`` is started;
``scheduler="tcp://host:8786"`` uses a running cluster whose workers have wirecoder
installed.

With a time budget or a memory limit, each Dask worker codes through one supervised child
process (:mod:`wirecoder.supervise`), so an article that hangs or blows up gets an error
record there instead of taking the Dask worker down. (Workers of a cluster you start
yourself need ``distributed.worker.daemon: false`` in their Dask config to have children.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from wirecoder.model import Article
from wirecoder.pipeline import Config, Pipeline, chunks
from wirecoder.supervise import Supervisor

PARTITION = 16
# Partitions in flight at once per worker: enough to keep workers busy, few enough to
# bound memory on a long stream.
IN_FLIGHT_PER_WORKER = 4

_PIPELINES: dict[Config, Pipeline] = {}
_SUPERVISORS: dict[tuple[Config, float | None, int | None], Supervisor] = {}


def _worker_pipeline(config: Config) -> Pipeline:
    """This worker's pipeline, built on first use (one per process and config)."""
    if config not in _PIPELINES:
        _PIPELINES[config] = Pipeline(config)
    return _PIPELINES[config]


def code_partition(articles: list[Article], config: Config, time_budget: float | None = None,
                   memory_limit: int | None = None) -> list[dict[str, Any]]:
    """Code one partition on a worker (through its supervised child, given a budget)."""
    if not (time_budget or memory_limit):
        return list(_worker_pipeline(config).pipe(articles))
    key = (config, time_budget, memory_limit)
    if key not in _SUPERVISORS:
        _SUPERVISORS[key] = Supervisor(config, 1, time_budget, memory_limit)
    return list(_SUPERVISORS[key].pipe(articles))


def dask_pipe(articles: Iterable[Article], config: Config, scheduler: str | None = None,
              workers: int = 2, partition: int = PARTITION,
              time_budget: float | None = None,
              memory_limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield records for ``articles`` in input order, coded on a Dask cluster."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        # Workers that may start a supervised child process of their own.
        with dask.config.set({"distributed.worker.daemon": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        window: deque[Any] = deque()
        for part in chunks(articles, partition):
            window.append(client.submit(code_partition, part, config, time_budget,
                                        memory_limit, pure=False))
            while len(window) >= n_workers * IN_FLIGHT_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
