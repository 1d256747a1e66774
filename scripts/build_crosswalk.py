"""Build ``src/wirecoder/data/cameo_plover.tsv`` from PLOVER's CAMEO->PLOVER table.

Usage: python scripts/build_crosswalk.py [PATH/TO/CAMEO2PLOVER-2021.txt]
(default: ../shared/data/plover-gsr/CAMEO2PLOVER-2021.txt). The table is PLOVER's
(Open Event Data Alliance, CC BY-SA 4.0); the derived file keeps that licence.
Where CAMEO 08 codes appear under both CONCEDE and RETREAT, the row as written wins.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "plover-gsr" / "CAMEO2PLOVER-2021.txt"
ROW = re.compile(r"^(?P<code>\d{3,4}):\s*(?P<body>[^#]*?)\s*(?:#\s*(?P<gloss>.*))?$")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = ["# CAMEO code -> PLOVER type, mode and context; derived by scripts/build_crosswalk.py",
            "# from PLOVER's CAMEO2PLOVER-2021 table (Open Event Data Alliance, CC BY-SA 4.0).",
            "cameo\ttype\tmode\tcontext\tgloss"]
    for line in source.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line.strip())
        if not m:
            continue
        parts = [p.strip() for p in m["body"].split(",")]
        kind = parts[0].upper()
        mode = parts[1].strip() if len(parts) > 1 else ""
        context = ";".join(c.strip() for c in ",".join(parts[2:]).replace(";", ",").split(",")
                           if c.strip()) if len(parts) > 2 else ""
        rows.append("\t".join([m["code"], kind, mode, context, (m["gloss"] or "").strip()]))
    out = ROOT / "src" / "wirecoder" / "data" / "cameo_plover.tsv"
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows) - 3} CAMEO codes -> {out}")


if __name__ == "__main__":
    main()
