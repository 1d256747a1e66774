"""REST API under load: many requests at once against ``wirecoder serve``.

Usage: python bench/api_load.py [--db STORE.duckdb] [--articles N] [--requests N]
                                [--concurrency C]

Starts ``wirecoder serve`` (uvicorn, as users run it) in a subprocess on a free loopback
port and fires requests (default 2,400) from C clients at once (default 20) with httpx's
async client, across the list endpoints with varied filters, article pages and a UI page.
Prints p50, p95 and max latency per endpoint and overall, requests per second, the error
count, the CPU time per request of the server and of the clients (this process: on a
small machine the two share the cores, so the clients' share bounds what the server can
do) and the server's resident memory (VmRSS) before and after.

A store given with ``--db`` is opened for writing once before it is served, so one written
by an older version gets the columns the list queries read. Without ``--db`` a synthetic
store is built first: the bundled example article is coded
once and written N times (default 10,000) with new ids, sources and days spread over 90
days, then grouped into incidents. Each copy's text gets a tail of filler words of its own
so the copies are not taken for duplicates of one another (all copies of one text would
make writing quadratic).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "iran-us-forces.jsonl"
SOURCES = ["Wire A", "Wire B", "Daily Herald", "The Courier", "Metro News", "Gazette"]
ACTORS = ["iran", "israel", "white house", "hamas", "pentagon", "kanani", "us forces"]
COUNTRIES = ["IRN", "USA", "SYR", "ISR", "IRQ", "PSE"]
TYPES = ["ASSAULT", "ACCUSE", "THREATEN", "AGREE", "MOBILIZE", "COERCE"]
WORDS = ["attack", "drone", "base", "minister", "said", "forces", "policy", "zzz"]
_DAY = re.compile(r'"(\d{4}-\d{2}-\d{2})"')


def build_store(path: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` copies of the coded example article into a new store at ``path``."""
    from wirecoder import Pipeline, Store, read_inputs
    from wirecoder.duplicates import normalise

    began = time.perf_counter()
    record = next(Pipeline().pipe(read_inputs([str(EXAMPLE)])))
    raw = json.dumps(record, ensure_ascii=False)
    vocabulary = sorted(set(normalise(record["text"])))
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    with Store(path) as store:
        batch: list[dict[str, Any]] = []
        for i in range(n):
            shift = timedelta(days=rng.randrange(-60, 30))
            copy = json.loads(_DAY.sub(
                lambda m, shift=shift: f'"{(date.fromisoformat(m[1]) + shift).isoformat()}"',
                raw))
            copy["id"] = f"bench-{i:06d}"
            copy["source"] = rng.choice(SOURCES)
            copy["text"] += "\n\n" + " ".join(rng.choices(vocabulary, k=400))
            batch.append(copy)
            if len(batch) == 500:
                store.write(batch)
                batch = []
        store.write(batch)
        incidents = store.build_incidents()
        articles, events = store.count("articles"), store.count("events")
    print(f"built {path}: {articles:,} articles, {events:,} events, {incidents:,} incidents "
          f"in {time.perf_counter() - began:.0f} s")


def requests(n: int, ids: list[str], seed: int = 11) -> list[tuple[str, str, dict[str, Any]]]:
    """``n`` (label, path, params) requests across the endpoints, filters varied, article
    pages among ``ids``."""
    rng = random.Random(seed)

    def day() -> str:
        return (date(2023, 9, 1) + timedelta(days=rng.randrange(120))).isoformat()

    makers = [
        ("/api/articles", lambda: {"offset": rng.randrange(0, 2000, 50)}),
        ("/api/articles", lambda: {"text": rng.choice(WORDS), "source": rng.choice(SOURCES)}),
        ("/api/articles/{id}", lambda: {"id": rng.choice(ids)}),
        ("/api/events", lambda: {"type": rng.choice(TYPES), "status": "asserted"}),
        ("/api/events", lambda: {"country": rng.choice(COUNTRIES), "date_from": day()}),
        ("/api/events", lambda: {"actor": rng.choice(ACTORS),
                                 "offset": rng.randrange(0, 1000, 50)}),
        ("/api/facets", lambda: {"country": rng.choice(COUNTRIES)}),
        ("/api/places", lambda: {"type": rng.choice(TYPES)}),
        ("/api/network", lambda: {"date_from": day()}),
        ("/api/statements", lambda: {"speaker": rng.choice(ACTORS)}),
        ("/api/statements", lambda: {"text": rng.choice(WORDS), "date_to": day()}),
        ("/api/figures", lambda: {"kind": "killed", "sourced": rng.choice(["true", "false"])}),
        ("/api/incidents", lambda: {"country": rng.choice(COUNTRIES)}),
        ("/api/entities", lambda: {"name": rng.choice(ACTORS)}),
        ("/ui/events.html", lambda: {}),
    ]
    out = []
    for _ in range(n):
        label, make = rng.choice(makers)
        params = make()
        path = label.replace("{id}", params.pop("id")) if "{id}" in label else label
        out.append((label, path, params))
    return out


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time process ``pid`` has used, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """User and system CPU time this process has used, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def fire(base: str, todo: list[tuple[str, str, dict[str, Any]]], concurrency: int
               ) -> tuple[dict[str, list[float]], list[str], float]:
    """Send ``todo`` from ``concurrency`` clients at once: latencies (ms) by endpoint,
    errors, wall time (s)."""
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    queue = iter(todo)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            for label, path, params in queue:
                began = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {path} {params}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path} {params}")
                latencies.setdefault(label, []).append((time.perf_counter() - began) * 1000)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def load(db: Path, n: int, concurrency: int) -> None:
    """Serve ``db`` with ``wirecoder serve`` in a subprocess, send ``n`` requests and print
    the figures."""
    from wirecoder import Store

    # Opened for writing first, as `wirecoder code` would: a store written before the
    # columns the list queries read gets them (wirecoder.queries.DERIVED_COLUMNS).
    with Store(db) as store:
        todo = requests(n, sorted(store.ids()))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "wirecoder", "serve", "--db", str(db),
                               "--port", str(port)])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/ontology").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        started = rss_mib(server.pid)
        asyncio.run(fire(base, todo[:50], concurrency))  # warm up
        warm, cpu = rss_mib(server.pid), cpu_seconds(server.pid)
        client_cpu = own_cpu_seconds()
        latencies, errors, seconds = asyncio.run(fire(base, todo, concurrency))
        after, cpu = rss_mib(server.pid), cpu_seconds(server.pid) - cpu
        client_cpu = own_cpu_seconds() - client_cpu
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    every = [ms for values in latencies.values() for ms in values]
    print(f"{len(every):,} requests at concurrency {concurrency} in {seconds:.1f} s "
          f"({len(every) / seconds:.0f}/s), {len(errors)} errors; CPU per request: server "
          f"{cpu * 1000 / len(every):.1f} ms, clients {client_cpu * 1000 / len(every):.1f} ms")
    print(f"{'endpoint':<22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, values in sorted(latencies.items()):
        print(f"{label:<22} {len(values):>5} {statistics.median(values):>8.1f} "
              f"{percentile(values, 0.95):>8.1f} {max(values):>8.1f}")
    print(f"{'all':<22} {len(every):>5} {statistics.median(every):>8.1f} "
          f"{percentile(every, 0.95):>8.1f} {max(every):>8.1f}")
    print(f"server RSS: {started:.0f} MiB at start, {warm:.0f} MiB after warm-up, "
          f"{after:.0f} MiB after the run")
    for line in errors[:10]:
        print("error:", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to serve (default: build one)")
    parser.add_argument("--articles", type=int, default=10_000,
                        help="articles in the synthetic store")
    parser.add_argument("--requests", type=int, default=2_400)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    if args.db is not None:
        load(args.db, args.requests, args.concurrency)
        return
    with tempfile.TemporaryDirectory(prefix="wirecoder-load-") as folder:
        db = Path(folder) / "store.duckdb"
        build_store(db, args.articles)
        load(db, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
