"""REST API latency on a store: median and 95th percentile per list query.

Usage: python bench/api_latency.py STORE.duckdb [--repeat N] [--cache]

Serves the store with uvicorn on a loopback port (as ``wirecoder serve`` does) and times
real HTTP requests with httpx: each list endpoint with no filter and with typical filters,
N times each (default 30). The server keeps no answers unless ``--cache`` is given (with
it, every request after the first is answered from memory), so the figures are those of
the queries. The store is opened for writing once first, so one written by an older
version gets the columns the list queries read. ``bench/scale.py 10000 --keep DIR``
makes a 10,000-article store at DIR/store.duckdb; ``bench/api_load.py`` builds a
synthetic one.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from wirecoder import Store
from wirecoder.api import CACHE_BYTES, create_app

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
    args = parser.parse_args()
    # Opened for writing first, as `wirecoder code` would: a store written before the
    # columns the list queries read gets them (wirecoder.queries.DERIVED_COLUMNS).
    with Store(args.store) as store:
        print(f"store {args.store}: {store.count('articles'):,} articles, "
              f"{store.count('events'):,} events, {store.count('statements'):,} statements")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(args.store, cache_bytes=CACHE_BYTES if args.cache else 0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    medians = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for path, params in QUERIES:
            client.get(path, params=params).raise_for_status()  # warm up
            times = []
            for _ in range(args.repeat):
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


if __name__ == "__main__":
    main()
