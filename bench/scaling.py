"""Scaling: does coding cost grow linearly with an article's length, on any text?

Usage: python bench/scaling.py [--max CHARS] [--families a,b,...] [--timeout S]

Codes texts of 10 KB, 30 KB, 100 KB, 300 KB and 1 MB (990,000 characters: spaCy refuses
texts over a million) of each family below with ``Pipeline`` from ``wirecoder``, each case
in a fresh process, so that its peak memory is its own. Prints, per case, the seconds the
coding took (the model's loading left out), the process's peak resident memory, and seconds
per 100 KB; then flags a family as superlinear when its seconds per KB at the largest size
are more than three times those at 30 KB. ``--max`` caps the sizes (``--max 100000``),
``--families`` picks families (``--families prose,quotes``).

Families: ``prose`` is real news (the seed article and the PolNeAR texts from ../shared,
concatenated; the seed repeated if they are missing); the others repeat one unit, the
shapes a hostile or broken input takes: a run of quotation marks, a sentence that never
ends, a chain of reporting clauses, embedded-post attributions, lines of digits, ...
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "iran-us-forces.txt"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
SIZES = (10_000, 30_000, 100_000, 300_000, 990_000)
# Seconds per KB at the largest size over those at 30 KB above which a family is flagged.
SUPERLINEAR = 3.0

# One unit each, repeated to the size wanted.
UNITS = {
    "quotes": '"',                                    # no spaces: spaCy's tokenizer
    "killed": "killed 5 people ",                     # a sentence that never ends
    "said_that": "He said that ",                     # reporting clauses nested to the end
    "post_handle": "— (@x) ",                         # embedded-post attributions
    "a_said": "a said: ",
    "digits": "0123456789",                           # one line of digits
    "parens": "(",
    "no_stop": "the man went to the market and ",     # words, no punctuation
    "word": "a",                                      # a single 1 MB word
    "short_lines": "Hi.\n",                           # many paragraphs
    "urls": "https://example.com/a/b?c=d ",
    "emails": "john.doe@example.com ",
    "quoted": '"We will respond," the minister said. ',
    "said_quote": 'said "a" ',
    "open_quote": '"a ',
    "dates": "On Monday, 7 October 2023, ",
    "places": "in Baghdad, Iraq and Damascus, Syria ",
    "names": "President Joe Biden and Donald Trump ",
    "headlines": "Iran: US policies to blame for attacks on forces\n",
    "signed": '"I helped write that bill." - Sanders.\n',
    "pronouns": "Joe Biden spoke on Monday. He attacked Hamas in Gaza. ",
}
FAMILIES = ("prose", *UNITS, "distinct_names")


def prose(size: int) -> str:
    """Real news, articles joined by blank lines, cut to ``size`` characters."""
    texts = [SEED.read_text(encoding="utf-8")]
    for split in ("dev", "train"):
        texts += [p.read_text(encoding="utf-8")
                  for p in sorted((POLNEAR / split / "text").glob("*.txt"))]
    out, total, i = [], 0, 0
    while total < size:
        out.append(texts[i % len(texts)])
        total += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:size]


def distinct_names(size: int) -> str:
    """Sentences naming people and organisations never named before: entity tables grow
    with the text."""
    syllables = ["ka", "lo", "mi", "su", "ter", "van", "bor", "del", "fin", "gra"]

    def name(k: int) -> str:
        out, k = "", k + 11
        while k:
            out, k = out + syllables[k % 10], k // 10
        return out.capitalize()

    parts, total, k = [], 0, 0
    while total < size:
        parts.append(f"{name(k)} {name(k + 7)} of {name(k + 3)} attacked "
                     f"{name(k + 5)} Corp. ")
        total += len(parts[-1])
        k += 1
    return "".join(parts)[:size]


def make_text(family: str, size: int) -> str:
    if family == "prose":
        return prose(size)
    if family == "distinct_names":
        return distinct_names(size)
    unit = UNITS[family]
    return (unit * (size // len(unit) + 1))[:size]


def run_case(family: str, size: int) -> None:
    """In the child process: code one text and print seconds and peak memory as JSON."""
    from wirecoder import Article, Pipeline

    text = make_text(family, size)
    pipeline = Pipeline()
    start = time.perf_counter()
    record = pipeline(Article(id=f"{family}-{size}", text=text, published="2023-10-30"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "errors": [
        e["code"] for e in record["errors"]]}))


def measure(family: str, size: int, timeout: float) -> dict[str, object]:
    """Run one case in a fresh process; ``seconds`` is None when it timed out or failed."""
    command = [sys.executable, __file__, "--case", family, str(size)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mb": None, "note": f"timeout {timeout:.0f} s"}
    if done.returncode != 0:
        return {"seconds": None, "peak_mb": None,
                "note": f"exit {done.returncode}: {done.stderr.strip()[-200:]}"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest size, characters")
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per case")
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case[0], int(args.case[1]))
        return
    families = [f for f in args.families.split(",") if f]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families {unknown}; known: {', '.join(FAMILIES)}")
    sizes = [s for s in SIZES if s <= args.max]
    print(f"{'family':<15} {'chars':>9} {'seconds':>9} {'peak MB':>8} {'s/100KB':>8}")
    flagged = []
    for family in families:
        per_kb: dict[int, float] = {}
        for size in sizes:
            result = measure(family, size, args.timeout)
            seconds = result["seconds"]
            if not isinstance(seconds, float):
                print(f"{family:<15} {size:>9,} {'-':>9} {'-':>8} {'-':>8}  {result['note']}")
                per_kb[size] = float("inf")
                break  # larger sizes would take longer still
            per_kb[size] = seconds / (size / 1000)
            errors = result.get("errors") or ""
            print(f"{family:<15} {size:>9,} {seconds:>9.2f} {result['peak_mb']:>8,.0f} "
                  f"{100 * per_kb[size]:>8.2f}  {' '.join(errors)}".rstrip(), flush=True)
        largest = max(per_kb) if per_kb else None
        if largest is not None and 30_000 in per_kb and largest > 30_000 \
                and per_kb[largest] > SUPERLINEAR * per_kb[30_000]:
            flagged.append(family)
    print("superlinear (s/KB at the largest size > "
          f"{SUPERLINEAR:g}x s/KB at 30 KB): {', '.join(flagged) or 'none'}")


if __name__ == "__main__":
    main()
