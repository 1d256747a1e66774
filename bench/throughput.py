"""Throughput: bare spaCy parse vs the full coder, and 1 vs 2 worker processes.

Usage: python bench/throughput.py [N_ARTICLES]   (PolNeAR train texts from ../shared)
Prints articles/s and words/s for each, their ratio, the peak resident memory of a worker
process and of this process.
Run on an idle machine: the figures are wall-clock.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from pathlib import Path

from wirecoder import Article, Pipeline
from wirecoder.pipeline import _pipe_parallel

ROOT = Path(__file__).resolve().parents[1]


def _articles(n: int) -> list[Article]:
    paths = sorted((ROOT.parent / "shared/data/polnear/train/text").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    # Recombine to reach n articles when the corpus is smaller.
    out: list[Article] = []
    i = 0
    while len(out) < n:
        out.append(Article(id=f"a{i}", text=texts[i % len(texts)], published="2016-10-01"))
        i += 1
    return out


def _children_peak_mib() -> float:
    """The largest peak resident size (VmHWM) among this process's live children."""
    peak = 0.0
    for child in multiprocessing.active_children():
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return peak


def _rate(label: str, seconds: float, n: int, words: int) -> float:
    print(f"{label:<28} {seconds:7.1f} s  {n / seconds:6.2f} articles/s  "
          f"{words / seconds:8,.0f} words/s")
    return n / seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    articles = _articles(n)
    words = sum(len(a.text.split()) for a in articles)
    pipeline = Pipeline()
    list(pipeline.nlp.pipe([a.text for a in articles[:5]]))  # warm up
    print(f"{n} articles, {words:,} words")
    start = time.perf_counter()
    for _ in pipeline.nlp.pipe([a.text for a in articles], batch_size=32):
        pass
    parse = _rate("bare spaCy parse", time.perf_counter() - start, n, words)
    start = time.perf_counter()
    for _ in pipeline.pipe(articles):
        pass
    full = _rate("full coder, 1 process", time.perf_counter() - start, n, words)
    print(f"full coder / bare parse: {full / parse:.2f}")
    # Worker processes: 1 and 2, both started from cold (spawn, load the model), so the
    # ratio compares like with like; the warm in-process run above has no start-up.
    pool_rates = []
    worker_peak = 0.0
    for workers in (1, 2):
        start = time.perf_counter()
        first, first_count = 0.0, 0
        for count, _ in enumerate(_pipe_parallel(pipeline.config, articles, workers),
                                  start=1):
            if not first_count:
                first, first_count = time.perf_counter(), count
            worker_peak = max(worker_peak, _children_peak_mib())
        end = time.perf_counter()
        pool_rates.append(_rate(f"full coder, {workers} worker process(es)", end - start, n,
                                words))
        print(f"  {first - start:.1f} s to the first record; from then on "
              f"{(n - first_count) / (end - first):.2f} articles/s")
    print(f"2 worker processes / 1: {pool_rates[1] / pool_rates[0]:.2f}")
    print(f"peak memory per worker process: {worker_peak:,.0f} MiB")
    try:
        from wirecoder.engines import dask_pipe
    except ImportError:
        print("dask engine: not installed (pip install 'wirecoder[dask]')")
    else:
        rates = []
        for workers in (1, 2):
            start = time.perf_counter()
            for _ in dask_pipe(articles, pipeline.config, workers=workers):
                pass
            rates.append(_rate(f"dask LocalCluster, {workers} worker(s)",
                               time.perf_counter() - start, n, words))
        print(f"dask 2 workers / 1 worker: {rates[1] / rates[0]:.2f} (includes cluster start)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (model, 300 parsed articles, the 1-process run): "
          f"{peak:,.0f} MiB")


if __name__ == "__main__":
    main()
