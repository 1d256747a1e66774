"""Convert NGEC's synthetic stories into event-sense training sentences.

Source: ``../shared/data/ngec/gpt_synthetic_events_2023-10-19_19.csv.zip`` from the Next
Generation Event Coder (ahalterman/NGEC-2025, MIT licence): 4,500 news stories a language
model wrote from hand-written headlines, each labelled with the headline's PLOVER type and
mode. The facts in them are invented. We keep each story's lead sentence, the one that
reports the headline's event, with the story's labels, and the headline template as its
group so a story family never straddles the train/dev split.

Usage: python scripts/convert_ngec.py [NGEC_DIR]  -> src/wirecoder/sense/data/ngec.jsonl
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirecoder.sense.labels import MODE_CLASSES, PLOVER_TYPES  # noqa: E402

OUT = ROOT / "src/wirecoder/sense/data/ngec.jsonl"
# NGEC's spellings and modes that differ from the PLOVER codebook's.
MODE_NAMES = {"primative": "primitive", "sieze": "seize"}
# A sentence ends at . ! ? (optionally closed by a quote) before a capital or a quote;
# abbreviations common in wire copy do not end one.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bU\.S)(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)"
                          r"(?<!\bGen)(?<!\bCol)(?<!\bLt)(?<!\bSgt)(?<!\bNo)(?<!\bvs)"
                          r"[.!?][\"”']?\s+(?=[A-Z\"“])")


def lead_sentence(text: str) -> str | None:
    """The story's first sentence, when it is a plausible news sentence."""
    paragraph = text.strip().split("\n")[0].strip()
    paragraph = re.sub(r"^\(?[A-Z][A-Za-z. ]{1,30}\)?\s*[-—–]+\s*", "", paragraph)
    first = SENTENCE_END.split(paragraph, maxsplit=1)[0].strip()
    words = len(first.split())
    return first if 6 <= words <= 60 else None


def main() -> None:
    ngec = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/ngec"
    archive = zipfile.ZipFile(ngec / "gpt_synthetic_events_2023-10-19_19.csv.zip")
    with archive.open(archive.namelist()[0]) as f:
        rows = list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")))
    out, seen = [], set()
    for row in rows:
        event = row["label"].strip().upper()
        if event not in PLOVER_TYPES:
            continue
        sentence = lead_sentence(row["text"])
        if sentence is None or sentence.lower() in seen:
            continue
        seen.add(sentence.lower())
        mode = row["mode"].strip().lower()
        mode = MODE_NAMES.get(mode, mode)
        if f"{event}/{mode}" not in MODE_CLASSES:
            mode = ""  # "execute" and modes filed under another type have no place here
        out.append({"text": sentence, "event": event, "mode": mode, "category": None,
                    "domain": "ngec", "group": row["title"].strip()})
    with OUT.open("w", encoding="utf-8") as f:
        for item in out:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(rows)} stories -> {len(out)} lead sentences in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
