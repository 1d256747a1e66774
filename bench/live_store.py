"""Coding into a served store: what each way of sharing a DuckDB file costs.

Usage: python bench/live_store.py [--db STORE.duckdb] [--batches N]

DuckDB lets one process write a file, and none while another holds it. Two designs were
weighed for ``wirecoder code`` into a store ``wirecoder serve`` has open:

A. the coder takes the write lock for each batch, and the server opens a connection per
   request (it must not hold the lock between requests);
B. the server keeps the store open for writing and the coder sends it the records
   (:mod:`wirecoder.live`, what ships).

Prints, on the store given (work on a copy: B writes to it) or on a copy of the bundled
example written 2,000 times: for A, the median and 95th percentile of opening the store
read-only, asking one page of events and closing it, against the same page on a
connection kept open; for B, the time ``RemoteStore.write`` takes to send a batch of 256
records (the example's, each with a text of random words, so that they are not
near-duplicates of one another) to a running ``wirecoder serve``, and the time until
``/api/status`` shows them.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

WORDS = [f"{a}{b}" for a in ("ri", "ma", "co", "ha", "wi", "le", "or", "si", "qu", "la")
         for b in ("ver", "rket", "unc", "rbour", "nter", "dger", "chard", "gnal", "arry")]
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def noise(length: int) -> str:
    """Random words, ``length`` characters."""
    text = " ".join(random.choices(WORDS, k=length // 5))
    return (text + " " * length)[:length]


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    return (f"median {statistics.median(ordered):6.1f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:6.1f} ms")


def per_request_connections(db: Path, n: int = 40) -> None:
    from wirecoder import Store

    opened, kept = [], []
    for _ in range(n):
        began = time.perf_counter()
        with Store(db, read_only=True) as store, store.reader() as reader:
            reader.events(limit=50)
        opened.append((time.perf_counter() - began) * 1000)
    with Store(db, read_only=True) as store:
        for _ in range(n):
            began = time.perf_counter()
            with store.reader() as reader:
                reader.events(limit=50)
            kept.append((time.perf_counter() - began) * 1000)
    print(f"A. open, one page of events, close:  {percentiles(opened)}")
    print(f"   the same page, connection kept:   {percentiles(kept)}")


def through_the_server(db: Path, batches: int) -> None:
    from checks import serving

    from wirecoder import Pipeline, read_inputs
    from wirecoder.live import RemoteStore, find_server

    seed = next(Pipeline(sense=False).pipe(read_inputs([str(ROOT / "examples" /
                                                            "iran-us-forces.jsonl")])))
    with serving(db) as url:
        server = find_server(db)
        assert server is not None
        remote = RemoteStore(db, server)
        sent, seen = [], []
        for b in range(batches):
            # Each copy's text made of random words (same length): copies of one text are
            # near-duplicates of each other, and comparing them all would dominate.
            records = [{**seed, "id": f"live-bench-{b}-{i}", "text": noise(len(seed["text"]))}
                       for i in range(256)]
            want = remote.count("articles") + len(records)
            began = time.perf_counter()
            remote.write(records)
            sent.append((time.perf_counter() - began) * 1000)
            while json.load(urllib.request.urlopen(f"{url}/api/status"))["articles"] < want:
                time.sleep(0.01)
            seen.append((time.perf_counter() - began) * 1000)
        size = sum(len(json.dumps(r)) for r in records) / 1e6
    print(f"B. send 256 records ({size:.1f} MB) to the server: {percentiles(sent)} "
          f"({statistics.median(sent) / 256:.2f} ms a record)")
    print(f"   until /api/status shows them:     {percentiles(seen)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to measure on (copied first)")
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "live.duckdb"
        if args.db is not None:
            shutil.copy(args.db, db)
        else:
            from api_load import build_store

            build_store(db, 2000)
        subprocess.run([sys.executable, "-m", "wirecoder", "sql", "--db", str(db),
                        "SELECT count(*) AS articles FROM articles"], check=True)
        per_request_connections(db)
        through_the_server(db, args.batches)


if __name__ == "__main__":
    main()
