"""Build ``src/wirecoder/data/actors.tsv.gz``: the actor knowledge base.

Usage: python scripts/build_actors.py PATH/TO/phoenix/

The input is PETRARCH2's actor dictionaries (openeventdata/petrarch2,
``petrarch2/data/dictionaries/``, MIT, Open Event Data Alliance; from the Computational Event
Data System Project): ``Phoenix.Countries.actors.txt`` (heads of state, ministers and other
office holders, state bodies and forces, with date-ranged roles such as
``[RUSGOV 991231-080507]``), ``Phoenix.International.actors.txt`` (international bodies,
NGOs, their officials) and ``Phoenix.MilNonState.actors.txt`` (armed and militant groups).
Their format is documented in that repository's ``dictionaries.rst``.

One row per actor: ``id`` (its primary phrase, lower case, hyphenated: ``vladimir-putin``,
the ``actor_id`` records carry), ``name``, ``aliases`` (its synonyms, ``|``-separated),
``roles`` (``;``-separated ``COUNTRY:SECTOR:START:END``: the record contract's country and
sector of the CAMEO code, ISO dates, empty for an open end; a role with neither date is the
default when no dated role fits) and ``source`` (which file). Entries that code only a
country (a state's name, its cities) are left out: the country tables cover them. The
dictionaries end around 2015; the project's own ``people.tsv`` and ``organisations.tsv``
(consulted first) hold the office holders and armed groups that came after.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/wirecoder/data/actors.tsv.gz"
sys.path.insert(0, str(ROOT / "scripts"))
from build_agents import sector  # noqa: E402  (the same sector renaming as the agents)

ISO3 = {line.split("\t", 1)[0] for line in (ROOT / "src/wirecoder/data/countries.tsv")
        .read_text(encoding="utf-8").splitlines()[1:] if line}
# CAMEO's codes for actors of no one country, as the record contract spells them.
NON_STATE = {"IGOUNO": "UNO", "IGOEUR": "EUR", "IGO": "IGO", "NGO": "NGO", "IMG": "IMG",
             "MNC": "MNC", "ISM": "ISM", "UNO": "UNO", "EUR": "EUR"}
ARMED = {"REB", "UAF", "MIL", "CRM", "SPY"}
# CAMEO's codes for states that changed name or ended, as their successors.
SUCCESSORS = {"USR": "RUS", "SUN": "RUS", "YUG": "SRB", "SCG": "SRB", "TMP": "TLS",
              "DDR": "DEU", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD"}
FILES = {"countries": "Phoenix.Countries.actors.txt",
         "international": "Phoenix.International.actors.txt",
         "nonstate": "Phoenix.MilNonState.actors.txt"}
CODE = re.compile(r"\[([^\]]*)\]")
RESTRICTION = re.compile(r"^(?P<code>[A-Z-]+)\s*(?:(?P<op>[<>])\s*(?P<date>\d+)"
                         r"|(?P<start>\d+)\s*-\s*(?P<end>\d+))?$")


def iso_date(value: str) -> str | None:
    """``YYYYMMDD`` or ``YYMMDD`` (years up to 30 are this century) as an ISO date."""
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year <= 30 else 1900 + year}{value[2:]}"
    if len(value) != 8:
        return None
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def role(text: str) -> tuple[str, str, str] | None:
    """``CODE START END`` of one ``[...]`` restriction, or None when it is unreadable."""
    match = RESTRICTION.match(" ".join(text.split()))
    if match is None or not match["code"].strip("-"):
        return None
    code = match["code"]
    if match["op"]:
        day = iso_date(match["date"])
        if day is None:
            return None
        return (code, "", day) if match["op"] == "<" else (code, day, "")
    if match["start"]:
        start, end = iso_date(match["start"]), iso_date(match["end"])
        if start is None or end is None:
            return None
        return code, start, end
    return code, "", ""


def country_sector(code: str) -> tuple[str, str]:
    """The contract's country (ISO3 or a non-state code) and sector of a CAMEO actor code:
    ``RUSGOV`` RUS GOV, ``IGOUNOREFHCR`` UNO REF, ``IMGMUSALQ`` IMG REL."""
    for prefix in ("IGOUNO", "IGOEUR", *NON_STATE):
        if code.startswith(prefix):
            return NON_STATE[prefix], sector(code[len(prefix):]) or ""
    country = SUCCESSORS.get(code[:3], code[:3])
    if country in ISO3:
        return country, sector(code[3:]) or ""
    return "", sector(code) or ""


def phrase(raw: str) -> str:
    words = raw.replace("_", " ").split()
    return " ".join(w.capitalize() if not any(c.isdigit() for c in w) else w for w in words)


def parse(text: str) -> list[dict[str, object]]:
    """The entries of one actor dictionary: name, synonyms, roles."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = CODE.findall(line)
        head = CODE.sub("", line).strip()
        if raw.startswith(("\t", " ")) and not head:
            if current is not None:
                current["roles"] += [r for c in codes if (r := role(c))]  # type: ignore[operator]
            continue
        if head.startswith("+"):
            if current is not None and head[1:].strip():
                current["aliases"].append(phrase(head[1:]))  # type: ignore[attr-defined]
            if current is not None:
                current["roles"] += [r for c in codes if (r := role(c))]  # type: ignore[operator]
            continue
        current = {"name": phrase(head), "aliases": [], "roles": [r for c in codes
                                                                  if (r := role(c))]}
        entries.append(current)
    return entries


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def rows(folder: Path) -> list[tuple[str, str, str, str, str]]:
    out: dict[str, tuple[str, str, str, str, str]] = {}
    for source, file in FILES.items():
        for entry in parse((folder / file).read_text(encoding="utf-8", errors="replace")):
            roles = entry["roles"]
            assert isinstance(roles, list)
            if not roles or (source == "countries"
                             and all(len(code) <= 3 for code, _, _ in roles)):
                continue  # a country and its cities: the country tables have them
            name = re.sub(r"^The ", "", str(entry["name"]))
            key = slug(name)
            if not key or key in out:
                continue
            aliases = [a for a in dict.fromkeys([str(entry["name"]), *entry[  # type: ignore[misc]
                "aliases"]]) if a != name and "\t" not in a]
            coded = [(*country_sector(code), start, end) for code, start, end in roles]
            if source == "nonstate":
                # Armed and militant groups: "IMGMUSALQ" names the creed, not the sector.
                coded = [(c, s if s in ARMED else "REB", a, b) for c, s, a, b in coded]
            out[key] = (key, name, "|".join(aliases), ";".join(":".join(r) for r in coded),
                        source)
    return list(out.values())


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = rows(Path(sys.argv[1]))
    header = "\n".join([
        "# Actor knowledge base converted by scripts/build_actors.py from PETRARCH2's Phoenix",
        "# actor dictionaries (openeventdata/petrarch2, MIT, Open Event Data Alliance;",
        "# Computational Event Data System Project). roles: COUNTRY:SECTOR:START:END.",
        "id\tname\taliases\troles\tsource"])
    body = "\n".join("\t".join(r) for r in found)
    data = (header + "\n" + body + "\n").encode("utf-8")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                              mtime=0) as out:  # the same bytes every run
        out.write(data)
    print(f"{len(found)} actors -> {OUT}")


if __name__ == "__main__":
    main()
