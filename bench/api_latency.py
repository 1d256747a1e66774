"""REST API latency on a store: median and 95th percentile per list query.

Usage: python bench/api_latency.py STORE.duckdb [--repeat N] [--cache] [--postgres]

Serves the store with uvicorn on a loopback port (as ``wirecoder serve`` does) and times
real HTTP requests with httpx: each list endpoint with no filter and with typical filters,
N times each (default 30). The server keeps no answers unless ``--cache`` is given (with
it, every request after the first is answered from memory), so the figures are those of
the queries. The store is opened for writing once first, so one written by an older
version gets the columns the list queries read. ``bench/scale.py 10000 --keep DIR``
makes a 10,000-article store at DIR/store.duckdb; ``bench/api_load.py`` builds a
synthetic one. With ``--postgres``, the same store is then copied into a private
PostgreSQL server (started from Debian's binaries as the tests do, ``tests/pg.py``) and
the same queries are timed there.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from wirecoder import Store
from wirecoder.api import CACHE_BYTES, create_app
from wirecoder.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

QUERIES = [
    ("/api/articles", {}),
    ("/api/articles", {"text": "senate", "limit": 50}),
    ("/api/events", {}),
    ("/api/events", {"type": "ASSAULT", "status": "asserted"}),
    ("/api/events", {"country": "USA", "date_from": "2016-10-01", "date_to": "2016-10-31"}),
    ("/api/events", {"actor": "clinton"}),
    ("/api/events", {"place": "washington"}),
    ("/api/events", {"offset": 2000}),
    ("/api/facets", {}),
    ("/api/facets", {"country": "USA"}),
    ("/api/facets", {"actor": "clinton"}),
    ("/api/places", {}),
    ("/api/network", {}),
    ("/api/network", {"date_from": "2016-10-01"}),
    ("/api/statements", {}),
    ("/api/statements", {"speaker": "trump"}),
    ("/api/statements", {"text": "email"}),
    ("/api/statements", {"country": "USA"}),
    ("/api/statement-facets", {}),
    ("/api/events", {"order": "-confidence", "min_confidence": 0.8}),
    ("/api/figures", {}),
    ("/api/figures", {"kind": "killed"}),
    ("/api/figures", {"sourced": "false"}),
    ("/api/incidents", {}),
    ("/api/incidents", {"min_sources": 2, "type": "ACCUSE"}),
    ("/api/entities", {}),
    ("/api/entities", {"name": "clinton"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cache", action="store_true",
                        help="keep answers, as wirecoder serve does")
    parser.add_argument("--postgres", action="store_true",
                        help="also time a copy of the store in a private PostgreSQL server")
    args = parser.parse_args()
    # Opened for writing first, as `wirecoder code` would: a store written before the
    # columns the list queries read gets them (wirecoder.queries.DERIVED_COLUMNS).
    with Store(args.store) as store:
        print(f"store {args.store}: {store.count('articles'):,} articles, "
              f"{store.count('events'):,} events, {store.count('statements'):,} statements")
    print("== DuckDB")
    time_queries(str(args.store), args.repeat, args.cache)
    if args.postgres:
        from pg import cluster, new_database

        with cluster() as server:
            url = new_database(server, "latency")
            began = time.perf_counter()
            with Store(args.store, read_only=True) as source, open_store(url) as target:
                batch = []
                for record in source.records():
                    batch.append(record)
                    if len(batch) == 256:
                        target.write(batch)
                        batch = []
                target.write(batch)
                target.build_incidents()
                target.run_sql("ANALYZE")
            print(f"== PostgreSQL (copied in {time.perf_counter() - began:.0f} s)")
            time_queries(url, args.repeat, args.cache)


def time_queries(db: str, repeat: int, cache: bool) -> None:
    """Serve ``db`` on a loopback port and print each query's median and p95."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(db, cache_bytes=CACHE_BYTES if cache else 0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    medians = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for path, params in QUERIES:
            client.get(path, params=params).raise_for_status()  # warm up
            times = []
            for _ in range(repeat):
                began = time.perf_counter()
                response = client.get(path, params=params)
                times.append((time.perf_counter() - began) * 1000)
                response.raise_for_status()
            times.sort()
            median = statistics.median(times)
            medians.append(median)
            label = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items())
                            if params else "")
            print(f"{label:<62} median {median:6.1f} ms  p95 "
                  f"{times[int(len(times) * 0.95) - 1]:6.1f} ms")
    print(f"median of the medians {statistics.median(medians):.1f} ms; "
          f"slowest median {max(medians):.1f} ms")
    server.should_exit = True
    thread.join(timeout=10)
    app.state.store.close()


if __name__ == "__main__":
    main()
