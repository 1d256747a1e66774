"""Throughput: bare spaCy parse vs the full coder, and 1 vs 2 worker processes.

Usage: python bench/throughput.py [N_ARTICLES]   (PolNeAR train texts from ../shared)
Prints articles/s and words/s for each, their ratio, and the peak resident memory of the
process (the parent; each worker loads its own model, so add one model per extra worker).
Run on an idle machine: the figures are wall-clock.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from wirecoder import Article, Pipeline

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
    start = time.perf_counter()
    first, first_count = 0.0, 0
    for count, _ in enumerate(pipeline.pipe(articles, n_process=2), start=1):
        if not first_count:
            first, first_count = time.perf_counter(), count
    end = time.perf_counter()
    two = _rate("full coder, 2 processes", end - start, n, words)
    print(f"2 processes / 1 process: {two / full:.2f} (includes starting 2 workers: "
          f"{first - start:.1f} s to the first record)")
    # Steady state: from the first record on, when both workers have loaded the model. The
    # one-process run above is already warm, so this is the like-for-like comparison.
    steady = (n - first_count) / (end - first)
    print(f"2 processes / 1 process, steady state: {steady / full:.2f}")
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
    print(f"peak memory of this process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
