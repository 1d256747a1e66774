"""Build ``src/wirecoder/data/agents.tsv``: common nouns that name who acts, with a sector.

Usage: python scripts/build_agents.py PATH/TO/Phoenix.agents.txt

The input is PETRARCH2's agents dictionary (openeventdata/petrarch2,
``petrarch2/data/dictionaries/Phoenix.agents.txt``, MIT, Open Event Data Alliance; from
the Computational Event Data System Project): about 2,200 phrases ("riot police",
"gunman", "opposition leader", "congresswoman") with CAMEO agent codes. The format is
documented in that repository's ``dictionaries.rst``.

Each phrase becomes one row: lower case, words separated by single spaces, substitution
sets (``!PERSON!``) expanded, and an irregular plural given in braces as a row of its own
(regular plurals are left to the lemmatiser). Its sector is the first of its three-letter
codes that the record contract's sector list holds, after renaming CAMEO's: ``MED``
(media) is ``JRN``, ``HLH`` (health) is ``MED``, religions are ``REL``, ``PPL`` is ``CVL``,
NGOs, human rights and environmental groups are ``SOC``. Bare words for a person ("man",
"woman") are left out: "masked men" are not civilians; so is "spokesman" (CAMEO's media):
a spokesperson is of the body they speak for; "deputy" is a legislator (LEG), as world news
uses it, not a sheriff's deputy.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/wirecoder/data/agents.tsv"

SECTORS = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB "
              "MED REF OPP PRE REL SOC".split())
RENAMED = {"MED": "JRN", "HLH": "MED", "PPL": "CVL", "NGO": "SOC", "HRI": "SOC",
           "ENV": "SOC", "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL",
           "BUD": "REL", "CTH": "REL", "SIK": "REL", "ORT": "REL", "PRO": "REL"}
PERSON_WORDS = {"man", "men", "woman", "women", "person"}
# A spokesperson speaks for a body, whose sector is theirs (CAMEO files them under media).
SPOKESPEOPLE = {"spokesman", "spokesmen", "spokesperson", "spokespersons", "spokeswoman",
                "spokeswomen", "spokespeople"}
# Words world news uses otherwise than the dictionary's American sense: "deputies" are
# members of a parliament far more often than sheriff's deputies.
OVERRIDES = {"deputy": ("LEG", "LEG"),
             # Who they are, not what they do this week: a striking nurse is a nurse.
             "striking nurse": ("MED", "HLHOPP"),
             # Jihadist armed groups are rebels (REB), as the tables code them by name; so
             # are the militants and fighters news names (armed men of a state are its
             # troops or soldiers; of no one, gunmen).
             "jihadist": ("REB", "REBMUS"), "jihadists": ("REB", "REBMUS"),
             "militant": ("REB", "UAF"), "fighter": ("REB", "UAF"),
             # Gunmen no one names are unidentified armed men, not rebels.
             "unidentified gunman": ("UAF", "UAF"), "unidentified gunmen": ("UAF", "UAF")}
# Phrases the dictionary lacks, as world news writes them.
ADDITIONS = {"aid worker": ("SOC", "NGO"), "relief worker": ("SOC", "NGO"),
             "humanitarian worker": ("SOC", "NGO"), "people smuggler": ("CRM", "CRM"),
             "islamist militant": ("REB", "REBMUS"), "islamist fighter": ("REB", "REBMUS"),
             "islamist insurgent": ("REB", "REBMUS"), "islamist rebel": ("REB", "REBMUS"),
             "jihadist fighter": ("REB", "REBMUS"), "jihadist militant": ("REB", "REBMUS"),
             "oligarch": ("BUS", "BUS"), "tycoon": ("BUS", "BUS"),
             "asylum seeker": ("REF", "REF"), "dockworker": ("LAB", "LAB"),
             "inmate": ("CRM", "CRM"), "paratrooper": ("MIL", "MIL"),
             "drone operator": ("MIL", "MIL"), "marine": ("MIL", "MIL"),
             # Trades that strike and march: workers, growers and savers.
             "truck driver": ("LAB", "LAB"), "trucker": ("LAB", "LAB"),
             "train driver": ("LAB", "LAB"), "bus driver": ("LAB", "LAB"),
             "miner": ("LAB", "LAB"), "mineworker": ("LAB", "LAB"),
             "coca grower": ("AGR", "AGR"), "grower": ("AGR", "AGR"),
             "herder": ("AGR", "AGR"), "depositor": ("CVL", "CVL"),
             "banker": ("BUS", "BUS"), "peacekeeper": ("MIL", "MIL"),
             "conscript": ("MIL", "MIL"), "unidentified attacker": ("UAF", "UAF"),
             "taxi driver": ("LAB", "LAB"), "delivery driver": ("LAB", "LAB"),
             "bank": ("BUS", "BUS"), "lender": ("BUS", "BUS"), "carmaker": ("BUS", "BUS"),
             "automaker": ("BUS", "BUS"), "airline": ("BUS", "BUS"),
             "ride-hailing driver": ("LAB", "LAB"), "health worker": ("MED", "MED"),
             "illegal miner": ("CRM", "CRM"), "air defence": ("MIL", "MIL"),
             "air defense": ("MIL", "MIL"), "gendarme": ("COP", "COP"),
             "hostage": ("CVL", "CVL"), "earthquake survivor": ("CVL", "CVL"),
             "evacuee": ("REF", "REF"), "displaced person": ("REF", "REF"),
             "coastguard": ("MIL", "MIL"), "gang member": ("CRM", "CRM"),
             "federal agent": ("COP", "COP"), "peshmerga": ("MIL", "MIL"),
             "seafarer": ("LAB", "LAB")}
LINE = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\}\s*)?\[(?P<code>[^\]}]+)[\]}]")


def sector(code: str) -> str | None:
    """The contract sector of a CAMEO agent code such as ``~GOVMED`` or ``IGO~``."""
    letters = code.replace("~", "").strip()
    for i in range(0, len(letters) - 2, 3):
        chunk = RENAMED.get(letters[i:i + 3], letters[i:i + 3])
        if chunk in SECTORS:
            return chunk
    return None


def phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").lower().split())


def convert(text: str) -> list[tuple[str, str, str]]:
    """(phrase, sector, code) rows of an agents file, in its order, first entry winning."""
    subs: dict[str, list[str]] = {}
    rows: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, values = line.split("=", 1)
            subs[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        match = LINE.match(line)
        if match is None:
            continue
        code = match["code"].strip()
        found = sector(code)
        if found is None:
            continue
        forms = [match["phrase"]] + ([match["plural"]] if match["plural"] else [])
        for form in forms:
            expanded = [form]
            for name, values in subs.items():
                expanded = [e.replace(name, v) for e in expanded for v in values] \
                    if any(name in e for e in expanded) else expanded
            for e in expanded:
                key = phrase(e)
                if key and key not in PERSON_WORDS | SPOKESPEOPLE and "!" not in key \
                        and key not in rows:
                    rows[key] = (found, code.replace("~", ""))
    rows.update({k: v for k, v in OVERRIDES.items() if k in rows})
    return [(k, s, c) for k, (s, c) in rows.items()]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = convert(Path(sys.argv[1]).read_text(encoding="utf-8"))
    known = {p for p, _, _ in rows}
    rows += [(p, s, c) for p, (s, c) in ADDITIONS.items() if p not in known]
    lines = [
        "# Common nouns that name who acts, and their PLOVER sector. Converted by",
        "# scripts/build_agents.py from PETRARCH2's Phoenix.agents.txt (openeventdata/petrarch2,",
        "# MIT, Open Event Data Alliance; Computational Event Data System Project).",
        "# code: the CAMEO agent code it came from.",
        "phrase\tsector\tcode",
        *(f"{p}\t{s}\t{c}" for p, s, c in sorted(rows)),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} phrases -> {OUT}")


if __name__ == "__main__":
    main()
