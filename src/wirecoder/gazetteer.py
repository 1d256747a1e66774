"""The gazetteer: place names looked up in the tables shipped with the package.

Countries (with their extent, for "eastern Syria"), named and first-level regions ("Gaza
Strip", "Darfur", "Ohio") and the GeoNames towns of 1,000 people or more. A name's namesakes
are told apart by the article's countries, the places named near it, the qualifier after it
("Paris, Texas", "Palma in northern Mozambique") and their size. Which names in a text are
used as places is :mod:`wirecoder.places`' business.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from wirecoder.geo import distance_km
from wirecoder.lexicon import (
    City,
    Country,
    Lexicon,
    Region,
    city_base_name,
    fold,
    names_pattern,
    takes_a_side,
    without_article,
)

# A town smaller than this is a place only in an article about its country ("Menaka" in a
# story on Mali): the gazetteer lists places of 5,000 people, and small towns share their
# names with towns everywhere.
TOWN_MAX_POPULATION = 15_000

# A town known by another spelling beyond its own country only if this big (smaller
# towns keep only spellings of their name, which collide with other places').
FAMOUS_CITY_POPULATION = 100_000

# ... unless it lies this near a country the article is about (kilometres, to its centre).
NEIGHBOURHOOD_KM = 1_500

# A city of millions: a place whatever NER took it for ("Karachi buried its dead"), and
# what a direction divides ("western Lagos"), not a province that shares its name.
BIG_CITY_POPULATION = 1_000_000

# A capitalised word that may be a demonym ("Spanish").
DEMONYM_WORD = re.compile(r"\b[A-Z][a-z]+\b")

# The last word of a named feature, which news writes in lower case as often as not.
GENERIC_FEATURES = frozenset(
    "reservoir river lake dam hospital palace square prison tower mall camp bridge airport "
    "base mosque church cathedral stadium plant market".split())

# ", Texas", ", Ontario", ", Lebanon" after a city name.
QUALIFIER = re.compile(r",\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")

# ", the Dominican Republic's second city", ", the Chilean capital": an apposition that says
# whose city it is.
SETTLEMENT = (r"(?:[\w-]+\s+){0,2}(?:capital|city|town|township|port|village|suburb|"
              r"region|province|state)\b")

QUALIFIER_OWNER = re.compile(
    r",\s+(?:the\s+)?(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})(?:'s|’s)\s+" + SETTLEMENT)

# A part of a country or region by its direction: "northern", "south-eastern", "southwestern",
# "far-western", "central".
DIRECTION = (r"(?:far[- ])?(?:(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?"
             r"|(?:east|west)(?:ern)?|central)")

# "Palma in northern Mozambique": the country a town lies in, named after it.
QUALIFIER_IN = re.compile(rf"\s+in\s+(?:the\s+)?(?:{DIRECTION}\s+)?"
                          r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")

QUALIFIER_OF = re.compile(r",\s+(?:the|a)\s+(?:[\w-]+\s+){0,3}(?P<kind>capital|city|town|port|"
                          r"district|quarter|neighbou?rhood|suburb)\s+of"
                          r"\s+(?:the\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")

QUALIFIER_DEMONYM = re.compile(r",\s+(?:the|a)\s+(?P<name>[A-Z][\w-]+)\s+" + SETTLEMENT)

# ", a town on New Zealand's South Island", ", a farming town in the province of X".
QUALIFIER_TOWN_IN = re.compile(
    r",\s+(?:the|a|an)\s+" + SETTLEMENT
    + r"\s+(?:just\s+|about\s+|some\s+|[\d,.]+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?P<prep>in|on|near|outside|(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s+of)"
    r"\s+(?:the\s+)?"
    rf"(?:{DIRECTION}\s+)?"
    r"(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})")

# A settlement the sentence goes on to call by its kind, after the name: "hit Kiryat Shmona
# ..., damaging buildings in the northern Israeli town", "Bethlehem ... the West Bank town".
# (Not "the town of X", which names another.)
DESCRIBED = re.compile(r"\b[Tt]he\s+(?P<words>(?:[\w'’-]+\s+){0,4}?)"
                       r"(?P<kind>town|city|village|port|resort|hamlet|township)\b(?!['’]s|\s+of\b)")
# Adjectives of a part of one country, which the demonym table leaves out as languages or
# regions' people: "the eastern English city", "the Bavarian town".
PART_ADJECTIVES = {"English": "GBR", "Texan": "USA", "Californian": "USA", "Floridian": "USA",
                   "Bavarian": "DEU", "Saxon": "DEU", "Catalan": "ESP", "Andalusian": "ESP",
                   "Basque": "ESP", "Sicilian": "ITA", "Tuscan": "ITA", "Sardinian": "ITA",
                   "Siberian": "RUS", "Chechen": "RUS", "Dagestani": "RUS"}
# "St. James", "St Kitts": a saint's name abbreviated.
SAINT = re.compile(r"^St\.?\s+")
# A capitalised run among a description's words: "West Bank", "New South Wales".
NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")

# ", west of Brisbane", ", 30 km north of Kabul", ", near Athens": a town placed by a
# city or region near it.
QUALIFIER_NEAR = re.compile(
    r",\s+(?:just\s+|about\s+|some\s+)?(?:[\d,.]+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west)\s+of\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
# ", on England's Dorset coast", ", in Pakistan's Sindh province": the owner's.
QUALIFIER_OWNED = re.compile(
    r",\s+(?:in|on|off)\s+(?:the\s+)?(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})['’]s\s")

# The word that calls a name a province, after it: "Amazonas state".
PROVINCE_WORD = re.compile(r"\s+(?:state|province|region|department|governorate)$",
                           re.IGNORECASE)


@dataclass
class PlaceHit:
    """A gazetteer entry for a name."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # point, region or country
    kind: str  # country, region, city
    population: int = 0


class Gazetteer:
    """Name lookup over countries, regions and cities."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        names = set(lexicon.country_names) | {r.name for r in lexicon.regions}
        # "Martyrs' Square" of "Martyrs' Square (Beirut)": the lookup tells namesakes apart.
        names |= {r.name.partition(" (")[0] for r in lexicon.regions}
        names |= {a for r in lexicon.regions for a in r.aliases}
        # "the Kakhovka reservoir", "al-Shifa hospital": the kind of place in lower case,
        # or capitalised ("Kamal Adwan Hospital").
        names |= {f"{head} {form}" for n in list(names)
                  for head, _, last in [n.rpartition(" ")]
                  if head and last.lower() in GENERIC_FEATURES
                  for form in (last.lower(), last.capitalize())}
        alternation = names_pattern(names)
        directions = "|".join(sorted(lexicon.directions, key=len, reverse=True))
        # "eastern Syria", "the south of Lebanon", "South Lebanon" (direction capitalised).
        self.directional = re.compile(
            rf"\b(?:(?P<dir>{directions})[\s-]+(?P<name>{alternation})"
            rf"|the\s+(?P<dir2>{directions})\s+of\s+(?P<name2>{alternation}))\b",
            re.IGNORECASE)
        self.named = re.compile(rf"\b(?:{alternation})\b")

    def country_of_place(self, name: str) -> str | None:
        """ISO3 of the country a place name lies in, if the gazetteer knows it."""
        hit = self.lookup(name)
        return hit.country if hit else None

    def country(self, iso3: str) -> PlaceHit | None:
        c = self.lexicon.countries.get(iso3)
        return _country_hit(c) if c else None

    def lookup(self, name: str, context: Iterable[str] = (),
               within: str | None = None, nearby: str = "") -> PlaceHit | None:
        """Return the best entry for ``name``, preferring places in ``context`` countries,
        only a city in ``within`` when one is ("Alexandria, Virginia"), and a place whose
        city ``nearby`` (the text around the name) names."""
        # ("the Atlantic", "the Dnipro": the water, where the bare name is a town's.)
        written = " ".join(name.lower().split())
        name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        context = set(context)
        if SAINT.match(name):
            # "St. James" in a story on Jamaica: the parish of Saint James.
            full = self.lookup(SAINT.sub("Saint ", name), context, within, nearby)
            if full is not None and full.country and (full.country in context
                                                      or full.country == within):
                return full
        region = (self.lexicon.region_names.get(written) if written.startswith("the ")
                  else None) or self.lexicon.region_names.get(name.lower())
        variants = self.lexicon.qualified_regions.get(name.lower(), [])
        # "Tahrir Square in Baghdad": of the places so called, the one whose city (in
        # brackets in the table) the nearby text names; else the one in an article's
        # country, when no place goes by the bare name.
        named = next((r for r in variants if _bracketed(r.name) in nearby), None)
        if named is None and region is None:
            placed = [r for r in variants if r.country in context]
            named = placed[0] if len(placed) == 1 else None
        if named is not None:
            return _region_hit(named)
        iso3 = (self.lexicon.country_named(name, context)
                or self.lexicon.country_named(name.title(), context))
        if iso3 and within and iso3 != within:
            # "Lebanon, Pennsylvania": the town the qualifier places, not the country.
            towns = [c for c in self.lexicon.cities.get(name.lower(), ()) if c.country == within]
            if towns:
                return _city_hit(max(towns, key=lambda c: c.population))
        if iso3 and iso3 in self.lexicon.countries:
            return _country_hit(self.lexicon.countries[iso3])
        if region and region.country and nearby:
            # "Amazonas state" in a story on Venezuela: its province, not Brazil's; of
            # several states named beside it, the first named ("Venezuela's armed forces
            # ... in Amazonas state, near the border with Colombia").
            beside = self._named_in_order(nearby)
            provinces = [r for r in self.lexicon.admin1.get(
                fold(PROVINCE_WORD.sub("", name)).lower(), []) if r.country in beside]
            if region.country not in beside and provinces:
                return _region_hit(min(provinces, key=lambda r: beside.index(r.country or "")))
        if region:
            return _region_hit(region)
        cities = self.lexicon.cities.get(name.lower()) or self.lexicon.cities.get(
            fold(name).lower().replace("'", ""), [])
        # (A second-level region only where no town of the name is listed anywhere, or
        # where it lies in the article's state: "El Alto" above La Paz is no Argentine
        # department, though the tables lack the Bolivian city.)
        towns_listed = bool(cities)
        if name.lower() in self.lexicon.directions:
            cities = []  # "operations in the West": no town of West, Texas
        if any(c.population < TOWN_MAX_POPULATION for c in cities):
            about = context | (self._named_in(nearby) if nearby else set())
            cities = [c for c in cities if c.population >= TOWN_MAX_POPULATION
                      or c.country in about or c.country == within]
        if context and any(c.population < FAMOUS_CITY_POPULATION for c in cities):
            # Another name of a foreign city, in an article about other states, is not it:
            # "Mina" outside Mecca is no Japanese Mino; "Matsu" off Taiwan no Matsue.
            about = context | (self._named_in(nearby) if nearby else set())
            cities = [c for c in cities if c.population >= FAMOUS_CITY_POPULATION
                      or c.country in about or c.country == within
                      or _own_name(c, name) or self._near_any(c, about)]
        if cities and within:
            # A town the text places in another country is not this one: "Palma in
            # northern Mozambique" is no Spanish city (the unlisted-place reader may place it).
            cities = [c for c in cities if c.country == within]
        if cities and not within and not any(c.country in context for c in cities):
            # "towns in eastern Victoria as blazes spread across south-eastern Australia":
            # the article's province, not a foreign city of its name.
            about = context | (self._named_in(nearby) if nearby else set())
            key = fold(name).lower()
            province = next((r for r in (*self.lexicon.admin1.get(key, []),
                                         *self.lexicon.admin2.get(key, []))
                             if r.country in about), None)
            if province is not None and not any(c.country in about for c in cities):
                return _region_hit(province)
        if cities:
            near = self._named_in(nearby) if len(cities) > 1 and nearby else set()
            return _city_hit(_best_city(cities, name, context, self.lexicon, near))
        provinces = self.lexicon.admin1.get(fold(name).lower(), []) or [
            r for r in self.lexicon.admin2.get(fold(name).lower(), [])
            if not towns_listed or r.country in context or r.country == within]
        if provinces and within and not any(r.country == within for r in provinces):
            return None  # "Solhan in northern Burkina Faso": no Turkish district
        if provinces:
            # "Rakhine", "Syunik": a province no table above lists, of an article's country
            # where several share the name.
            return _region_hit(next((r for r in provinces if r.country == within or
                                     r.country in context), provinces[0]))
        return None

    def shared_name(self, name: str) -> bool:
        """Whether towns of 15,000 people or more in several states go by ``name`` ("San
        Pedro", "Valencia"), a capital's excepted: the name alone tells no state."""
        if name in self.lexicon.capitals:
            return False
        states = {c.country for c in self.lexicon.cities.get(name.lower(), ())
                  if c.population >= TOWN_MAX_POPULATION}
        return len(states) > 1

    def _near_any(self, city: City, countries: Iterable[str]) -> bool:
        """Whether ``city`` lies within reach of one of ``countries`` ("Jenin" in a story
        on Israel), so another name of it may be meant."""
        return any(distance_km(city.lat, city.lon, c.lat, c.lon) < NEIGHBOURHOOD_KM
                   for iso3 in countries if (c := self.lexicon.countries.get(iso3)))

    def _named_in_order(self, text: str) -> list[str]:
        """The countries ``text`` names by a country's name or a demonym, first named first."""
        found = sorted([(m.start(), hit.country) for m in self.named.finditer(text)
                        if (hit := self.lookup(m.group(0))) is not None
                        and hit.kind == "country" and hit.country]
                       + [(m.start(), iso3) for m in DEMONYM_WORD.finditer(text)
                          if (iso3 := self.lexicon.demonyms.get(m.group(0)))
                          and not takes_a_side(text, m.start())])
        return list(dict.fromkeys(c for _, c in found))

    def _named_in(self, text: str) -> set[str]:
        """The countries ``text`` names, by a country's or a region's name or a demonym
        ("Cordoba, in the southern Spanish region of Andalusia": Spain; not "pro-Russian")."""
        found = {hit.country for m in self.named.finditer(text)
                 if (hit := self.lookup(m.group(0))) is not None
                 and hit.kind in ("country", "region") and hit.country}
        return found | {iso3 for m in DEMONYM_WORD.finditer(text)
                        if (iso3 := self.lexicon.demonyms.get(m.group(0)))
                        and not takes_a_side(text, m.start())}

    def region_in(self, name: str, country: str | None) -> PlaceHit | None:
        """The region of ``country`` called ``name`` ("Georgia (US state)")."""
        key = name.lower()
        for region in self.lexicon.regions:
            if region.country == country and (region.name.lower() == key or region.name
                                               .lower().startswith(key + " (")):
                return _region_hit(region)
        return None

    def province(self, name: str, context: Iterable[str] = ()) -> PlaceHit | None:
        """The province, state or region called ``name`` that the text calls one ("the
        Dutch province of Limburg", "Nigeria's Niger State"), of an article's country
        where several share the name; not a town or a country so called."""
        key = fold(name).lower()
        context = set(context)
        regions = [r for r in self.lexicon.regions if r.kind == "region" and (
            fold(r.name).lower() == key or key in (fold(a).lower() for a in r.aliases))]
        regions += self.lexicon.admin1.get(key, []) or self.lexicon.admin2.get(key, [])
        if not regions:
            return None
        return _region_hit(next((r for r in regions if r.country in context), regions[0]))

    def qualifier(self, text: str, end: int, name: str = "") -> str | None:
        """The country a name's qualifier gives: "Paris, Texas", "London, Ontario",
        "Tripoli, Lebanon", "Santiago, the Chilean capital"; for a qualifier a country and a
        region share, the one where a city called ``name`` lies ("Athens, Georgia")."""
        owner = QUALIFIER_OWNER.match(text, end)
        if owner is not None and (hit := self.lookup(owner["name"])) is not None \
                and hit.kind == "country":
            return hit.country
        capital = QUALIFIER_OF.match(text, end)
        if capital is not None and (hit := self.lookup(re.split(r"['’]s\b", capital["name"])[0])) \
                is not None and hit.country and (hit.kind in ("country", "region") or (
                    hit.kind == "city" and capital["kind"] not in ("capital", "city", "town"))):
            # "Victoria, the tiny capital of the Seychelles"; "Bentiu, the capital of South
            # Sudan's Unity state"; "Sur, the historic district of Diyarbakir".
            return hit.country
        adjective = QUALIFIER_DEMONYM.match(text, end)
        if adjective is not None and adjective["name"] in self.lexicon.demonyms:
            return self.lexicon.demonyms[adjective["name"]]
        owned = QUALIFIER_OWNED.match(text, end)
        if owned is not None and (hit := self.lookup(owned["name"])) is not None \
                and hit.kind in ("country", "region") and hit.country:
            return hit.country
        near = QUALIFIER_NEAR.match(text, end)
        if near is not None and (hit := self.lookup(near["name"].rstrip("."))) is not None \
                and hit.country and hit.kind in ("country", "region", "city"):
            return hit.country  # ("Ipswich, west of Brisbane": Brisbane's)
        town = QUALIFIER_TOWN_IN.match(text, end)
        if town is not None and (hit := self.lookup(
                town["name"].rstrip(".").removesuffix("'s").removesuffix("’s"))) is not None \
                and hit.country and (hit.kind in ("country", "region") or (
                    hit.kind == "city" and town["prep"] not in ("in", "on"))):
            return hit.country  # (and "a township north of Durban": Durban's)
        match = QUALIFIER.match(text, end) or QUALIFIER_IN.match(text, end)
        if match is None:
            return None
        qualifier = match["name"].rstrip(".")  # ("Sydney, Nova Scotia." ends a sentence)
        for words in (qualifier, " ".join(qualifier.split()[:2]), qualifier.split()[0]):
            hit = self.lookup(words)
            if hit is not None and hit.kind == "country" and self.lexicon.country_named(name):
                return None  # "with Canada, Mexico should sue": a list of states
            if hit is not None and hit.kind in ("country", "region") and hit.country:
                cities = {c.country for c in self.lexicon.cities.get(name.lower(), ())}
                if hit.country not in cities:
                    region = next((r for r in self.lexicon.qualified_regions.get(
                        words.lower(), []) if r.country in cities), None)
                    if region is not None and region.country:
                        return region.country
                return hit.country
        return None

    def described(self, text: str, end: int, limit: int) -> tuple[bool, str | None] | None:
        """Whether the text after a name, up to ``limit``, goes on to call a place by its
        kind, and the country its words give: "in the northern Israeli town" (Israel), "the
        West Bank town" (the Palestinian territories), "the coastal city" (none)."""
        m = DESCRIBED.search(text, end, limit)
        if m is None:
            return None
        for run in NAME_RUN.findall(m["words"]):
            iso3 = self.lexicon.demonyms.get(run) or PART_ADJECTIVES.get(run)
            if iso3 is None and (hit := self.lookup(run)) is not None \
                    and hit.kind in ("country", "region"):
                iso3 = hit.country
            if iso3:
                return True, iso3
        return True, None

    def directional_hit(self, direction: str, name: str, context: Iterable[str] = (),
                        nearby: str = "") -> PlaceHit | None:
        """Return "eastern Syria" as the eastern part of Syria's extent ("eastern Victoria"
        by the article's countries and the words ``nearby``, as :meth:`lookup` does)."""
        base = self.lookup(name, context, nearby=nearby)
        if base is not None and base.kind == "city" and base.population < BIG_CITY_POPULATION:
            # "eastern Victoria": a part of a province more likely than of a town so called.
            provinces = self.lexicon.admin1.get(fold(name).lower(), [])
            province = next((r for r in provinces if r.country in set(context)),
                            provinces[0] if provinces else None)
            if province is not None:
                base = _region_hit(province)
        d = self.lexicon.directions.get(direction.lower())
        if base is None or d is None or base.lat is None or base.lon is None:
            return None
        lat, lon = base.lat, base.lon
        if base.kind == "country" and base.country in self.lexicon.countries:
            min_lat, max_lat, min_lon, max_lon = self.lexicon.countries[base.country].extent
            lat = (min_lat + max_lat) / 2 + d.dlat * (max_lat - min_lat) / 2
            lon = (min_lon + max_lon) / 2 + d.dlon * (max_lon - min_lon) / 2
        return PlaceHit(f"{base.name} ({d.label})", base.country, base.admin1,
                        round(lat, 3), round(lon, 3), "region", "region")


def _bracketed(name: str) -> str:
    """"Baghdad" of "Tahrir Square (Baghdad)"; a name with no brackets gives itself."""
    return name.partition(" (")[2].rstrip(")") or name


def _country_hit(c: Country) -> PlaceHit:
    return PlaceHit(c.name, c.iso3, None, c.lat, c.lon, "country", "country")


def _region_hit(r: Region) -> PlaceHit:
    return PlaceHit(r.name, r.country, r.admin1, r.lat, r.lon,
                    "point" if r.kind in ("landmark", "seat") else "region", r.kind)


def _city_hit(c: City) -> PlaceHit:
    return PlaceHit(c.name, c.country, None, c.lat, c.lon, "point", "city", c.population)


def _own_name(city: City, name: str) -> bool:
    """Whether ``name`` is the city's own name (without diacritics, an administrative
    suffix or an Arabic article), not one of its other names."""
    key = fold(name).lower()
    return key in (fold(city.name).lower(), fold(city_base_name(city.name, city.country)).lower(),
                   fold(without_article(city.name, city.country)).lower())


def _best_city(cities: list[City], name: str, context: set[str], lexicon: Lexicon,
               near: Collection[str] = ()) -> City:
    # A city called so today beats one that once was, or is in another tongue
    # ("Philadelphia" is in Pennsylvania, not Amman, whose ancient name it was).
    # ("Nara" is Nara-shi's name too; but a city the article's countries hold under another
    # name beats a foreign one of this name: "Medina" in a Saudi story is Al-Madinah.)
    own = [c for c in cities if _own_name(c, name)]
    about = set(context) | set(near)
    if own and not any(c.country in about for c in own):
        largest_own = max(c.population for c in own)
        own = [c for c in cities if c.country in about
               and c.population >= 10 * largest_own] or own
    if own and max(c.population for c in own) < FAMOUS_CITY_POPULATION and any(
            c.population >= 100 * max(o.population for o in own) for c in cities):
        own = []  # "the Queen City" is Cincinnati, not a Texan village of that name
    cities = own or cities
    capitals = {c.capital for c in lexicon.countries.values()}
    largest = max(c.population for c in cities)
    # A city in a country named beside it, then in one the article mentions (unless a
    # namesake is over twenty times larger: "American journalists arrested in Moscow" are
    # not in Idaho), then a capital over its namesakes ("Washington", DC over Washington,
    # England), then the most populous.
    return max(cities, key=lambda c: (
        c.country in near and c.population * 20 >= largest,
        c.country in context and c.population * 20 >= largest,
        c.name in capitals and lexicon.capitals.get(c.name) == c.country, c.population))
