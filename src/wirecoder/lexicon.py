"""Loaders for the data tables in ``wirecoder/data`` (actors, places, titles).

Rules and word lists live in versioned TSV files; this module turns them into lookup
structures once per process. Nothing is loaded at import time: build a :class:`Lexicon`
(the :class:`~wirecoder.pipeline.Pipeline` does) and pass it to the extractors.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DATA_VERSION = "2026.12"


# Words a state's formal name begins with, before "of" and its name.
FORMAL_NAMES = ("Republic", "Islamic Republic", "Federal Republic", "Democratic Republic",
                "Federal Democratic Republic", "Kingdom", "State", "Sultanate", "Emirate",
                "Principality", "Grand Duchy", "Commonwealth", "Union")


def read_table(name: str, data_dir: Path | None = None) -> Iterator[dict[str, str]]:
    """Yield the rows of a TSV data file as dicts, skipping ``#`` comment lines."""
    if data_dir is not None:
        path = data_dir / name
        raw = path.read_bytes()
    else:
        raw = resources.files("wirecoder").joinpath("data").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    lines = (line for line in raw.decode("utf-8").splitlines() if not line.startswith("#"))
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def takes_a_side(text: str, start: int) -> bool:
    """Is the name at ``start`` a side taken, "pro-Russian", "anti-American",
    "Russian-backed", not a people or a state named?"""
    return text[max(0, start - 5):start].lower().endswith(("pro-", "anti-")) \
        or BACKED.match(text, start) is not None


# "Russian-backed separatists", "Iran-aligned militias": whose side, not whose people.
BACKED = re.compile(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-(?:backed|allied|aligned|funded|sponsored|"
                    r"supported|trained|armed|installed|leaning)\b")


def word_lists(name: str, data_dir: Path | None = None) -> dict[str, frozenset[str]]:
    """Named word lists of a TSV data file with ``name`` and space-separated ``words``."""
    return {row["name"]: frozenset(row["words"].split())
            for row in read_table(name, data_dir)}


def plover_types() -> dict[str, dict[str, str | int]]:
    """PLOVER event types in the specification's order: ``quad`` (1-4) and ``gloss``."""
    return {row["type"]: {"quad": int(row["quad"]), "gloss": row["gloss"]}
            for row in read_table("plover_types.tsv")}


def names_pattern(names: Iterable[str]) -> str:
    """A regular expression that matches any of ``names``, the longest first, built as a
    trie ("Sudan|South Sudan|South Africa" as "S(?:udan|outh (?:Sudan|Africa))"): one
    pass over the text instead of one try per name at every position."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer name is tried first, the shorter if the longer does not fit.
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# The administrative words GeoNames writes into some towns' names and news copy leaves
# out: "Nara-shi", "Hualien City", "Goyang-si", "Hanau am Main", "Frankfurt (Oder)".
# Countries whose towns' English "City" names are not a name and a suffix.
ENGLISH_NAMED = frozenset({"USA", "GBR", "CAN", "AUS", "NZL", "IRL", "ZAF", "JAM"})
CITY_NAME_SUFFIX = re.compile(r"(?:-shi|-si|-gun|-ku| Shi| City| Municipality| am Main"
                              r"| an der [A-Z]\w+| \([A-Z][\w ]+\))$")


def city_base_name(name: str, country: str | None = None) -> str:
    """``name`` without an administrative suffix; a name that is nothing else is itself
    ("Ho Chi Minh City" keeps it: only a one-word rest is a base), and so is an English
    "City" name, whose rest is a word of its own ("Union City", "Kansas City")."""
    if name.endswith(" City") and country in ENGLISH_NAMED:
        return name
    base = CITY_NAME_SUFFIX.sub("", name)
    return base if base != name and " " not in base and len(base) >= 3 else name


# States whose place names GeoNames writes with the Arabic article ("Al Mukallā"), which
# news copy drops as often as not ("Mukalla").
ARABIC_NAMED = frozenset(
    "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE "
    "YEM TCD ESH".split())
ARABIC_ARTICLE = re.compile(r"^(?:Al|Ad|Ar|As|Ash|At|Az|An|El)[ -](?=\w{4})")


def without_article(name: str, country: str | None) -> str:
    """``name`` without a leading Arabic article, in a state that writes one ("Al
    Mukalla": "Mukalla"); otherwise ``name``."""
    return ARABIC_ARTICLE.sub("", name) if country in ARABIC_NAMED else name


def _same_name(name: str, other: str) -> bool:
    """Whether ``name`` is ``other`` written with other spaces, hyphens, case or
    diacritics ("Bogotá" and "Bogota", "Naypyitaw" and "Nay Pyi Taw")."""
    a, b = (fold(n).lower().replace(" ", "").replace("-", "") for n in (name, other))
    return a == b


def fold(name: str) -> str:
    """``name`` without diacritics or ʿayn marks: "Tillabéri" "Tillaberi", "Dar‘ā" "Dar'a"."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c))
    return re.sub("[‘’ʿʾ`]", "'", plain)


# Country names two states share: the table gives the first, the article's other names may
# give the second.
SHARED_COUNTRY_NAMES = {"Congo": ("COG",), "Congolese": ("COG",)}


def name_key(name: str) -> str:
    """A person's name as a lookup key that spelling variants share: folded, lower case,
    hyphens as spaces ("Yoon Suk-yeol", "Yoon Suk Yeol": ``yoon suk yeol``)."""
    return " ".join(fold(name).lower().replace("-", " ").split())


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _float(value: str) -> float | None:
    return float(value) if value else None


@dataclass
class Country:
    """A country with the names, demonyms and capital a text may use for it."""

    iso3: str
    name: str
    capital: str | None
    capital_lat: float | None
    capital_lon: float | None
    lat: float
    lon: float
    extent: tuple[float, float, float, float]  # min_lat, max_lat, min_lon, max_lon
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)


@dataclass
class Organisation:
    """A well-known organisation or government metonym ("White House")."""

    name: str
    aliases: list[str]
    country: str | None
    sector: str | None
    # (sector, start, end): what it was instead between two dates (ISO; None: open).
    roles: tuple[tuple[str, str | None, str | None], ...] = ()
    # (start, end): the periods a party was out of national government.
    opposition: tuple[tuple[str | None, str | None], ...] = ()

    def in_opposition(self, on: str | None) -> bool:
        """Whether a party was out of national government on day ``on`` (with no day, now)."""
        return any((on is None and end is None) or (
            on is not None and (start is None or start <= on) and (end is None or on < end))
            for start, end in self.opposition)

    def sector_on(self, on: str | None) -> str | None:
        """Its sector on day ``on``: the Taliban are rebels until August 2021, then the
        government; with no day, the latest role still open."""
        for sector, start, end in self.roles:
            if on is not None and (start is None or start <= on) and (end is None or on <= end):
                return sector
            if on is None and end is None:
                return sector
        return self.sector


@dataclass
class Person:
    """A public office holder, used to give a named person a country and sector."""

    name: str
    aliases: list[str]
    country: str | None
    sector: str | None
    role: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Actor:
    """An entry of the actor knowledge base (``actors.tsv.gz``): a person, body or group
    with the roles it held, each a country and sector between two dates."""

    id: str
    name: str
    roles: tuple[tuple[str | None, str | None, str | None, str | None], ...]

    def role_on(self, on: str | None) -> tuple[str | None, str | None]:
        """Country and sector on day ``on`` (ISO): the dated role that covers it, else the
        default role; with no day, the role still open, else the default."""
        dated = [r for r in self.roles if r[2] or r[3]]
        default = [r for r in self.roles if not (r[2] or r[3])]
        if on:
            fits = [r for r in dated if (not r[2] or r[2] <= on) and (not r[3] or on <= r[3])]
        else:
            fits = [r for r in dated if r[2] and not r[3]]
        if fits or default:
            chosen = fits[-1] if fits else default[0]
            # (A multinational the tables give no sector is a business: "Credit Suisse".)
            return chosen[0], chosen[1] or ("BUS" if chosen[0] == "MNC" else None)
        # Before or after every role it is listed with: still of its country ("Vice
        # President Xi Jinping" in 2010), its sector unknown.
        return (self.roles[-1][0] if self.roles else None), None


def slug(name: str) -> str:
    """A name as an ``actor_id``: lower case, words joined by hyphens, titles of address and
    middle initials dropped ("Donald J. Trump", "Mr. Donald Trump": ``donald-trump``)."""
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", fold(name).lower())
    while len(words) > 1 and words[0] in ("mr", "mrs", "ms", "dr", "the"):
        words = words[1:]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return "-".join(w.replace("'", "").replace("’", "") for w in words)


@dataclass
class Region:
    """A named region ("Gaza Strip", "Darfur") with a representative centre."""

    name: str
    aliases: list[str]
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    # region (an area within a country or across several), sea (a body of water), or
    # landmark (a building or site that stands for its city: "the White House").
    kind: str = "region"


@dataclass
class City:
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int


@dataclass
class Title:
    term: str
    sector: str | None
    kind: str  # head, org or neutral


@dataclass
class Direction:
    word: str
    label: str
    dlat: float
    dlon: float


class Lexicon:
    """All data tables, indexed for lookup. Build once per process."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.version = DATA_VERSION
        self.countries: dict[str, Country] = {}
        extra = {r["iso3"]: r for r in read_table("country_names.tsv", data_dir)}
        for row in read_table("countries.tsv", data_dir):
            names = extra.get(row["iso3"], {})
            self.countries[row["iso3"]] = Country(
                iso3=row["iso3"],
                name=row["name"],
                capital=row["capital"] or None,
                capital_lat=_float(row["capital_lat"]),
                capital_lon=_float(row["capital_lon"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                extent=(float(row["min_lat"]), float(row["max_lat"]),
                        float(row["min_lon"]), float(row["max_lon"])),
                aliases=_split(names.get("aliases", "")),
                demonyms=_split(names.get("demonyms", "")),
            )
        self.organisations = [
            Organisation(r["name"], _split(r["aliases"]), r["country"] or None, r["sector"] or None,
                         tuple((sector, start or None, end or None) for role in
                               (r.get("roles") or "").split(";") if role
                               for sector, start, end in [role.split(":")]),
                         tuple((start or None, end or None) for period in
                               (r.get("opposition") or "").split(";") if period
                               for start, end in [period.split(":")]))
            for r in read_table("organisations.tsv", data_dir)
        ]
        self.people = [
            Person(r["name"], _split(r["aliases"]), r["country"] or None, r["sector"] or None,
                   r["role"], r["start"] or None, r["end"] or None)
            for r in read_table("people.tsv", data_dir)
        ]
        self.regions = [
            Region(r["name"], _split(r["aliases"]), r["country"] or None, r["admin1"] or None,
                   float(r["lat"]), float(r["lon"]), r.get("kind") or "region")
            for r in read_table("regions.tsv", data_dir)
        ]
        self.titles = {
            r["term"]: Title(r["term"], r["sector"] or None, r["kind"])
            for r in read_table("titles.tsv", data_dir)
        }
        # The world's provinces and states (scripts/build_admin1.py), the one with the most
        # places first where several share a name.
        self.admin1: dict[str, list[Region]] = {}
        for r in sorted(read_table("admin1.tsv.gz", data_dir), key=lambda r: -int(r["places"])):
            region = Region(r["name"], _split(r["aliases"]), r["country"], r["name"],
                            float(r["lat"]), float(r["lon"]))
            for name in {r["name"], *region.aliases}:
                self.admin1.setdefault(fold(name).lower(), []).append(region)
        # ... and the second-level ones of the states where news names them ("Dorset",
        # "Batanes", "Jefferson Parish"), read only where no place above has the name.
        self.admin2: dict[str, list[Region]] = {}
        for r in sorted(read_table("admin2.tsv.gz", data_dir), key=lambda r: -int(r["places"])):
            region = Region(r["name"], _split(r["aliases"]), r["country"], r["admin1"] or None,
                            float(r["lat"]), float(r["lon"]))
            for name in {r["name"], *region.aliases}:
                self.admin2.setdefault(fold(name).lower(), []).append(region)
        self.directions = {
            r["word"]: Direction(r["word"], r["label"], float(r["dlat"]), float(r["dlon"]))
            for r in read_table("directions.tsv", data_dir)
        }
        self.actors: dict[str, list[Actor]] = {}
        surnames: dict[str, set[Actor]] = {}
        for r in read_table("actors.tsv.gz", data_dir):
            actor = Actor(r["id"], r["name"], tuple(
                tuple(v or None for v in role.split(":"))  # type: ignore[misc]
                for role in r["roles"].split(";") if role))
            for name in {r["name"], *_split(r["aliases"])}:
                self.actors.setdefault(name.lower(), []).append(actor)
            words = r["name"].split()
            if 2 <= len(words) <= 4 and any(role[2] or role[3] for role in actor.roles):
                # A person with dated roles, by surname: "Mandela", "Mugabe".
                surnames.setdefault(words[-1].lower(), set()).add(actor)
        self.actor_surnames = {name: next(iter(found)) for name, found in surnames.items()
                               if len(found) == 1 and len(name) >= 4 and name.isalpha()}
        self.cities: dict[str, list[City]] = {}
        self.capital_spellings: dict[str, str] = {}
        capital_of = {c.capital: c.iso3 for c in self.countries.values() if c.capital}
        aliases: dict[tuple[str, str], list[str]] = {}
        for r in read_table("place_names.tsv", data_dir):
            aliases.setdefault((r["name"], r["country"]), []).append(r["alias"])
        for r in read_table("cities.tsv.gz", data_dir):
            city = City(r["name"], r["country"], r["admin1"] or None,
                        float(r["lat"]), float(r["lon"]), int(r["population"]))
            # Its name, the same without diacritics ("Tikrīt": "Tikrit") or apostrophes
            # ("Ts'khinvali": "Tskhinvali"), its alternates and the spellings news copy
            # uses ("Hodeidah").
            keys = {r["name"].lower(), fold(r["name"]).lower(),
                    city_base_name(r["name"], r["country"]).lower(),
                    fold(city_base_name(r["name"], r["country"])).lower(),
                    fold(r["name"]).lower().replace("'", ""),
                    fold(without_article(r["name"], r["country"])).lower(),
                    *(a.lower() for a in _split(r["alternates"])),
                    *(a.lower() for a in aliases.get((r["name"], r["country"]), ()))}
            for name in keys:
                self.cities.setdefault(name, []).append(city)
            if capital_of.get(fold(r["name"])) == r["country"] or any(
                    capital_of.get(a) == r["country"] for a in _split(r["alternates"])):
                # The capital as news writes it too: "Bogotá", "Naypyitaw" (for "Nay Pyi Taw").
                capital = self.countries[r["country"]].capital or ""
                for name in {r["name"], *_split(r["alternates"]),
                             *aliases.get((r["name"], r["country"]), ())}:
                    if name != capital and _same_name(name, capital):
                        self.capital_spellings[name] = r["country"]
        self.seats = {r["name"]: r["country"] for r in read_table("seats.tsv", data_dir)}
        self._build_indexes()

    def _build_indexes(self) -> None:
        # Country names, aliases and demonyms -> ISO3; matched case-sensitively because
        # "US" the country and "us" the pronoun differ only in case.
        self.country_names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        for c in self.countries.values():
            for name in [c.name, *c.aliases]:
                self.country_names[name] = c.iso3
                if name.startswith("Saint "):  # "St. Vincent and the Grenadines"
                    self.country_names.setdefault("St. " + name[6:], c.iso3)
                    self.country_names.setdefault("St " + name[6:], c.iso3)
            for d in c.demonyms:
                self.demonyms[d] = c.iso3
            if c.capital:
                self.capitals[c.capital] = c.iso3
        for c in self.countries.values():
            # "the Kingdom of Morocco", "the Islamic Republic of Afghanistan": a state by its
            # formal name, unless that is another's ("the Republic of China").
            for form in FORMAL_NAMES:
                self.country_names.setdefault(f"{form} of {c.name}", c.iso3)
        for name, iso3 in self.capital_spellings.items():
            self.capitals.setdefault(name, iso3)
        for name, iso3 in self.seats.items():
            self.capitals.setdefault(name, iso3)
        self._spellings: dict[str, list[tuple[str, str]]] = {}
        for name, iso3 in self.country_names.items():
            if len(name) >= 5:
                self._spellings.setdefault(name[0], []).append((name, iso3))
        self.organisation_names: dict[str, Organisation] = {}
        # Names several organisations go by ("RSF": the Rapid Support Forces in a Sudan
        # story, Reporters Without Borders in a press-freedom one).
        self.organisation_homonyms: dict[str, list[Organisation]] = {}
        for org in self.organisations:
            for name in [org.name, *org.aliases]:
                if name in self.organisation_names:
                    self.organisation_homonyms.setdefault(
                        name, [self.organisation_names[name]]).append(org)
                self.organisation_names[name] = org
        self.region_names: dict[str, Region] = {}
        # Places of one name told apart by a city in brackets: "Tahrir Square (Baghdad)"
        # beside Cairo's, under "tahrir square".
        self.qualified_regions: dict[str, list[Region]] = {}
        for region in self.regions:
            for name in [region.name, *region.aliases]:
                # "the Capitol" is looked up as "Capitol" too; not "the Dnipro" (the river)
                # as "Dnipro", a city.
                bare = re.sub(r"^the ", "", name.lower())
                if bare == name.lower() or region.kind != "sea" or bare not in self.cities:
                    self.region_names.setdefault(bare, region)
                self.region_names[name.lower()] = region
            base, bracket, _ = region.name.partition(" (")
            if bracket:
                self.qualified_regions.setdefault(base.lower(), []).append(region)
        self.people_names: dict[str, list[Person]] = {}
        # Names by their first names, for a surname misspelt by a letter (found in one step,
        # not by a scan of every name).
        self._people_by_first: dict[tuple[str, ...], list[tuple[str, Person]]] = {}
        # ... and by a spelling key, for "Yoon Suk-yeol" beside "Yoon Suk Yeol", or
        # "Andres Manuel Lopez Obrador" written without accents.
        self._people_folded: dict[str, list[Person]] = {}
        for person in self.people:
            for name in [person.name, *person.aliases]:
                self.people_names.setdefault(name, []).append(person)
                folded = self._people_folded.setdefault(name_key(name), [])
                if person not in folded:
                    folded.append(person)
                words = name.split()
                if len(words) > 1:
                    self._people_by_first.setdefault(tuple(words[:-1]), []).append(
                        (words[-1], person))

    def country_named(self, name: str, context: Collection[str] = ()) -> str | None:
        """ISO3 of the country called ``name``; a name two countries share ("Congo") is
        the one of them the article names otherwise ("Brazzaville"), else the first."""
        iso3 = self.country_names.get(name)
        others = SHARED_COUNTRY_NAMES.get(name, ())
        if iso3 is not None and iso3 not in context:
            iso3 = next((o for o in others if o in context), iso3)
        return iso3

    def misspelt_country(self, name: str) -> str | None:
        """ISO3 of the one country whose name or demonym ``name`` misspells by a single
        letter ("Afganistan", "Ethopia", "Phillippines", "Quatar"); ``None`` when no
        name or more than one is that close. Only for words the tables do not know."""
        if len(name) < 5 or not name[:1].isupper() or name in self.country_names \
                or name in self.demonyms or name.lower() in self.cities \
                or name.lower() in self.region_names or name in self.organisation_names:
            return None
        # The slip must be inside the word: "Hollande", "Brazile" and "Frances" are names.
        found = {iso3 for known, iso3 in self._spellings.get(name[0], [])
                 if abs(len(known) - len(name)) <= 1 and _one_edit(known, name) and (
                     known[-2:] == name[-2:] or sorted(known) == sorted(name))}
        return found.pop() if len(found) == 1 else None

    def people_terms(self, name: str) -> list[Person]:
        """Every office term of the one person called ``name`` (by full name or alias), in
        order; empty when the name is unknown or several people's."""
        terms = self.people_names.get(name) or self._people_folded.get(name_key(name), [])
        if not terms and " " in name:
            terms = [p for p in self.people_names.get(name.split()[-1], [])
                     if _same_first_name(name, p)]
        if len({(t.name, t.country) for t in terms}) != 1:
            return []
        return sorted(terms, key=lambda t: t.start or "")

    def surname_country(self, name: str) -> str | None:
        """The country of everyone the tables know by ``name``'s surname, when they share
        one ("Sara Duterte": the Philippines, with Rodrigo Duterte); no office is implied."""
        if " " not in name:
            return None
        countries = {p.country for p in self.people_names.get(name.split()[-1], [])}
        return countries.pop() if len(countries) == 1 else None

    def person(self, name: str, on: str | None) -> Person | None:
        """Return the office holder called ``name`` in office on date ``on`` (ISO), if any."""
        candidates = self.people_names.get(name) or self._people_folded.get(name_key(name), [])
        if not candidates and " " in name:
            # "Abdelaziz Bouteflicka": a spelling the table lists only as a surname alias;
            # not "Listyo Sigit Prabowo", whose first names are another man's.
            candidates = [p for p in self.people_names.get(name.split()[-1], [])
                          if _same_first_name(name, p)]
        if not candidates and " " in name:
            # "Laurent Gbago": the first names agree and the surname is one letter off.
            words = name.split()
            candidates = [p for surname, p in self._people_by_first.get(tuple(words[:-1]), [])
                          if len(words[-1]) >= 5 and surname[-1] == words[-1][-1]
                          and _one_edit(surname, words[-1])]
        if on:
            candidates = [p for p in candidates
                          if (p.start is None or p.start <= on) and (p.end is None or on < p.end)]
        return candidates[-1] if candidates else None

    def actor(self, name: str, person: bool = False, on: str | None = None) -> Actor | None:
        """The knowledge-base actor called ``name`` (any listed spelling), when the name
        is one actor's alone; for a ``person`` named by surname alone, the one person of
        the knowledge base with that surname ("Mandela") if one of their roles was held
        on day ``on`` (no Cayman minister McCarthy for "Speaker McCarthy" in 2023)."""
        if not person and len(name) <= 3 and not name.isupper():
            return None  # "rains from Eta", a storm: the acronym is written "ETA"
        found = self.actors.get(name.lower().removeprefix("the "), [])
        if not found and person and " " not in name:
            by_surname = self.actor_surnames.get(name.lower())
            if by_surname is not None and on and not any(
                    (not r[2] or r[2] <= on) and (not r[3] or on <= r[3])
                    for r in by_surname.roles if r[2] or r[3]):
                return None
            return by_surname
        return found[0] if len({a.id for a in found}) == 1 else None


def _same_first_name(name: str, person: Person) -> bool:
    """Whether ``name``'s first word begins like a first word of the person's names
    ("Abdelaziz" and "Abdelaziz Bouteflika"; "Vlad" and "Vladimir")."""
    first = fold(name.split()[0]).lower()[:3]
    return any(fold(n.split()[0]).lower()[:3] == first
               for n in [person.name, *person.aliases] if " " in n)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted, replaced or swapped letter."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1:]
