"""One batch of the seed article among hostile and broken inputs, coded by the CLI.

Usage: python bench/hostile_batch.py [--keep DIR] [-- extra wirecoder code options]

Writes the inputs below into a folder, runs ``wirecoder code`` on all of them (with bad paths
among them) and prints: exit code, seconds, peak memory of the whole process tree (sampled),
every input's record with its error codes, whether any ``E100`` appeared, and whether the
seed article was coded exactly as when it is coded alone.

The inputs: lone surrogates and NUL in JSON text; a 1.2 MB article of real prose; 100,000
quotation marks; ``killed 5 people`` x 30,000; ``He said that`` x 60,000; ``— (@x)`` over
350 KB; ``a said:`` x 100,000; a garbage WARC and one cut at 75%; a CSV with an unclosed
quote; publication dates 9999-12-31, 0001-01-01 and 2023-02-30; ids of every JSON type and
one id twice; UTF-16 with a byte-order mark; HTML nested 10,000 deep; a gzip of 1 GiB of
zeros; a missing path and an unsupported one.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "iran-us-forces.jsonl"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
STORY = "Police arrested ten protesters in Lagos on Tuesday, the state police said."


def prose(size: int) -> str:
    """Real news prose of about ``size`` bytes: PolNeAR articles if present, else the seed."""
    texts = [p.read_text() for p in sorted(POLNEAR.glob("*.txt"))] if POLNEAR.exists() else []
    texts = texts or [json.loads(SEED.read_text().splitlines()[0])["text"]]
    out, i = [], 0
    while sum(len(t) + 2 for t in out) < size:
        out.append(texts[i % len(texts)])
        i += 1
    return "\n\n".join(out)[:size]


def write_inputs(folder: Path) -> list[str]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def put(name: str, data: str | bytes) -> str:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    paths = [str(SEED)]
    paths.append(put("surrogates.jsonl", '{"id": "surrogate", "text": "Rebels attacked a convoy '
                     '\\ud800 near Kidal.\\u0000 on Monday."}\n'))
    paths.append(put("long-article.txt", prose(1_200_000)))
    paths.append(put("quotes.txt", '"' * 100_000))
    paths.append(put("killed.txt", "killed 5 people " * 30_000))
    paths.append(put("said-that.txt", "He said that " * 60_000))
    paths.append(put("handles.txt", "— (@x) " * 50_000))
    paths.append(put("a-said.txt", "a said: " * 100_000))
    paths.append(put("garbage.warc", bytes(range(256)) * 40))
    page = (b"<html><body><article><p>" + (STORY.encode() + b" ") * 200
            + b"</p></article></body></html>")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://example.org/cut", "response", payload=io.BytesIO(page),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                      protocol="HTTP/1.1")))
    paths.append(put("cut.warc.gz", buf.getvalue()[:int(len(buf.getvalue()) * 0.75)]))
    paths.append(put("unclosed.csv", f'id,text\ncsv-a,"{STORY}\ncsv-b,{STORY}\ncsv-c,{STORY}\n'))
    rows = [{"id": f"date-{d}", "text": STORY, "published": d}
            for d in ("9999-12-31", "0001-01-01", "2023-02-30")]
    rows += [{"id": v, "text": STORY} for v in ({"a": 1}, True, 1.5, 7, None)]
    rows += [{"id": "twice", "text": STORY}, {"id": "twice", "text": STORY + " Again."}]
    paths.append(put("odd.jsonl", "".join(json.dumps(r) + "\n" for r in rows)))
    paths.append(put("utf16.txt", STORY.encode("utf-16")))
    paths.append(put("nested.html", "<html><body>" + "<div>" * 10_000 + f"<p>{STORY}</p>"
                     + "</div>" * 10_000 + "</body></html>"))
    with gzip.open(folder / "zeros.txt.gz", "wb", compresslevel=1) as f:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            f.write(block)
    paths.append(str(folder / "zeros.txt.gz"))
    paths.append(str(folder / "missing.txt"))
    paths.append(put("slides.pdf", b"%PDF-1.4"))
    paths.append(str(SEED))  # the seed again: its id twice across inputs
    return paths


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def main() -> None:
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    folder = Path(keep or tempfile.mkdtemp(prefix="wirecoder-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = write_inputs(folder)
    out = folder / "out.jsonl"
    cmd = [sys.executable, "-m", "wirecoder", "code", *paths, "-o", str(out), *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=sample)
    watcher.start()
    _, err = proc.communicate()
    watcher.join()
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    print(f"exit code {proc.returncode}, {seconds:.0f} s, peak memory {peak / 2**30:.2f} GiB, "
          f"{len(records)} records for {len(paths)} inputs")
    print(err.strip().splitlines()[-1] if err.strip() else "")
    for r in records:
        print(f"  {r['id'][:48]:<50} events {len(r['events']):>3}  "
              f"{' '.join(e['code'] for e in r['errors']) or '-'}")
    print("E100 anywhere:", any(e["code"] == "E100" for r in records for e in r["errors"]))
    alone = subprocess.run([sys.executable, "-m", "wirecoder", "code", str(SEED)],
                           capture_output=True, text=True, check=True).stdout.splitlines()[0]
    print("seed coded as when alone:", bool(records) and records[0] == json.loads(alone))


if __name__ == "__main__":
    main()
