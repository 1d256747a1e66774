"""Scale run: N generated articles through ``wirecoder code`` into DuckDB.

Usage: python bench/scale.py [N] [--workers W] [--keep DIR]

Articles are built by recombining paragraphs of the PolNeAR train texts (../shared): each
takes 3 to 8 paragraphs from random articles, a publication day in a 90-day window and a
source from a list. 4% are exact copies of an earlier article and 4% near copies (a
sentence dropped, a byline added), so duplicate detection has something to find. The run
is the real CLI (``wirecoder code in.jsonl.gz --db store.duckdb --workers W``) in a
subprocess. Prints wall time, articles/s, the peak memory of the largest process, the
store's size on disk and its duplicate and incident counts. ``--keep DIR`` leaves the
input and store there (``bench/api_latency.py`` reads such a store).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["Wire A", "Wire B", "Daily Herald", "The Courier", "Metro News", "Evening Post",
           "National Observer", "City Times", "Gazette", "Chronicle"]


def generate(n: int, seed: int = 7) -> list[dict[str, str]]:
    """``n`` article dicts (id, text, published, source, url), 8% of them copies."""
    rng = random.Random(seed)
    folder = ROOT.parent / "shared/data/polnear/train/text"
    paragraphs = [[p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")
                   if len(p.split()) >= 12]
                  for path in sorted(folder.glob("*.txt"))]
    paragraphs = [ps for ps in paragraphs if ps]
    start = date(2016, 9, 1)
    out: list[dict[str, str]] = []
    for i in range(n):
        source = rng.choice(SOURCES)
        day = (start + timedelta(days=rng.randrange(90))).isoformat()
        roll = rng.random()
        if out and roll < 0.04:
            text = rng.choice(out)["text"]
        elif out and roll < 0.08:
            sentences = rng.choice(out)["text"].split(". ")
            if len(sentences) > 3:
                del sentences[rng.randrange(1, len(sentences) - 1)]
            text = f"By a {source} reporter\n\n" + ". ".join(sentences)
        else:
            chosen = [rng.choice(rng.choice(paragraphs)) for _ in range(rng.randint(3, 8))]
            text = "\n\n".join(chosen)
        out.append({"id": f"s{i:06d}", "text": text, "published": day, "source": source,
                    "url": f"https://example.org/{source.lower().replace(' ', '-')}/{i}"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="folder for the input and the store")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wirecoder-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, db = folder / "in.jsonl.gz", folder / "store.duckdb"
    articles = generate(args.n)
    words = sum(len(a["text"].split()) for a in articles)
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article) + "\n")
    db.unlink(missing_ok=True)
    print(f"{args.n:,} articles, {words:,} words ({words / args.n:,.0f} per article), "
          f"workers {args.workers}")
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wirecoder", "code", str(source), "--db", str(db),
                    "--workers", str(args.workers), "-o", str(folder / "out.jsonl")],
                   check=True)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"time {seconds:,.0f} s, {args.n / seconds:.2f} articles/s, "
          f"{words / seconds:,.0f} words/s")
    print(f"peak memory of the largest process: {peak:,.0f} MiB")
    print(f"store {db.stat().st_size / 2**20:,.1f} MiB, records "
          f"{(folder / 'out.jsonl').stat().st_size / 2**20:,.1f} MiB")
    from wirecoder import Store

    with Store(db, read_only=True) as store:
        counts = store.counts()
        multi = store.con.execute(
            "SELECT count(*), max(n_sources), sum(conflicting::INT) FROM incidents"
            " WHERE n_sources > 1").fetchone()
        kinds = store.con.execute(
            "SELECT kind, count(*) FROM duplicates GROUP BY kind ORDER BY kind").fetchall()
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"duplicates: {dict(kinds)} (generated: about {int(args.n * 0.04)} exact, "
          f"{int(args.n * 0.04)} near)")
    assert multi is not None
    print(f"incidents: {counts['incidents']:,}; with 2+ independent sources {multi[0]:,} "
          f"(max {multi[1]}), with conflicting figures {multi[2]}")


if __name__ == "__main__":
    main()
