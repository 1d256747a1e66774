"""Places the gazetteer does not list, read from how the text names them.

"the village of Kafr Aqab", "the Bajaur district", "the Francis Scott Key Bridge in
Baltimore", "Lake Turkana": a capitalised name with a word that says what kind of place
it is. Where it lies comes from the text, never from a guess: the listed place written
beside it ("in Baltimore", "Kenya's"), else the one country its sentence's places (or
cities named as actors) are in, else the one country all the article's places are in;
with none of those, or several, the name is left out. Its point is that place's
(precision ``point`` for a city, as the landmark stands in it) or that country's
(precision ``country``: the name is known, its point not).
A name the gazetteer knows, or one the syntax does not use as a place ("Crystal Palace
won"), is not read here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from wirecoder.gazetteer import NAME_RUN
from wirecoder.model import Place
from wirecoder.nlp import doc_text

if TYPE_CHECKING:
    from wirecoder.gazetteer import Gazetteer
    from wirecoder.lexicon import Lexicon
    from wirecoder.places import PlaceFinder

_WORD = r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’-]*"
# Up to four capitalised words, "al-" or "el-" and "de", "of" inside ("Bab al-Hawa").
_NAME = rf"(?:St\.\s+)?{_WORD}(?:\s+(?:(?:al|el|ad|ash|de|of)[\s-]+)?{_WORD}){{0,3}}"
# Words after a name that make it a place of a kind: region, water or site.
# ("district" only in lower case: "the Eastern District" is a court's; no "department":
# "the State Department".)
REGION_WORDS = ("province region governorate county prefecture oblast municipality valley "
                "desert mountains").split()
WATER_WORDS = "river lake reservoir canal".split()
SITE_WORDS = ("dam bridge hospital prison jail airport airbase camp stadium palace mosque "
              "church cathedral basilica temple shrine hotel refinery crossing mine arena "
              "oilfield volcano museum port terminal market square cave corridor fort castle "
              "tavern nightclub landfill shipyard garrison steelworks mall checkpoint depot "
              "factory barracks monastery").split()
# What a site holds or is for, between its name and its kind: "the Letpadaung copper mine",
# "the Cobasna ammunition depot", "the Upper Lars border checkpoint".
SITE_PURPOSES = ("copper gold coal iron oil gas nickel lithium uranium diamond cobalt bauxite "
                 "ruby emerald sapphire jade silver platinum zinc potash salt "
                 "border army military naval police nuclear hydroelectric hydropower refugee "
                 "detention ammunition arms weapons cement steel chemical fertiliser fertilizer "
                 "container fishing").split()
# (Not a school, college or university: "a professor at Princeton University", "the
# Electoral College" are no places.)
_MULTI_SITES = ("air base", "military base", "naval base", "nuclear plant",
                "nuclear power plant", "power plant", "power station", "refugee camp",
                "displacement camp", "border crossing", "refugee settlement", "oil field",
                "gas field", "steel works", "steel plant", "industrial complex",
                "shopping centre", "shopping center", "shopping mall")


def _words_pattern(words: Collection[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words),
                           key=len, reverse=True))


KIND_AFTER = re.compile(
    rf"(?<![\w'’-])(?P<name>{_NAME})(?:\s+(?:{'|'.join(SITE_PURPOSES)})){{0,2}}\s+(?P<kind>(?i:"
    + _words_pattern([*REGION_WORDS, *WATER_WORDS, *SITE_WORDS, *_MULTI_SITES])
    + r")|district)(?![\w-])")
# "the village of X", "the town of X", "Lake X", "the Gulf of X".
KIND_BEFORE = re.compile(
    rf"\b(?P<kind>(?:[Tt]he\s+)?(?:village|town|city|hamlet|settlement|camp|neighbou?rhood|"
    rf"suburb|port|district|region|province)\s+of|Lake|Mount|Gulf\s+of|Sea\s+of|"
    rf"Strait\s+of|Bay\s+of|(?:Church|Cathedral|Basilica|Mosque|Temple|Shrine|Tomb)\s+of"
    rf"(?:\s+the)?)\s+(?P<name>{_NAME})")
# Last words of bodies, not places: "a professor at Seton Hall University in New Jersey".
INSTITUTION_WORDS = frozenset("university college school institute academy foundation company "
                              "corporation bank party council committee commission ministry "
                              "department agency association union league".split())
# "X in southwestern Somalia": a state or province after the name.
AREA_AFTER = re.compile(r"\s+in\s+(?:the\s+)?")
# A listed place written right after the name locates it: "X in Y", "X, Y", "X near Y".
LOCATOR = re.compile(r"(?:\s*,\s*|\s+(?:in|of|near|outside|at)\s+(?:the\s+)?)")
SETTLEMENT_WORDS = frozenset("village town township city hamlet settlement camp neighbourhood "
                             "neighborhood suburb port outpost oasis hometown archipelago "
                             "island".split())
# A country's name as an owner inside an apposition: "on Myanmar's border with China".
OWNED = re.compile(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s\s")
# "Riyadh's" before a site's name: its owner.
OWNER_BEFORE = re.compile(r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s\s+(?:the\s+)?$")
# A city this big locates a site named right beside it, whatever NER made of the city.
WELL_KNOWN_POPULATION = 100_000
# A name tagged as a place, read here: capitalised words, no abbreviation ("Mich.").
TAGGED_NAME = re.compile(r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-|(?:Al|El|La|Le|Los|Las) )?"
                         r"[A-Z][\w'’-]{2,}"
                         r"(?:[ -](?:(?:al|el|de|del)[ -])?[A-Z][\w'’-]+){0,2}")
# What NER tags places with: states and towns, other areas, and sites ("Fort Leavenworth,
# Kansas", "Juukan Gorge in Western Australia").
PLACE_TAGS = ("GPE", "LOC", "FAC")
# Last words of waters between states, which no state's place beside them locates.
OPEN_WATERS = frozenset("passage strait straits channel sea gulf bay ocean sound".split())
# Prepositions that put what follows at a place.
AT_PLACE = frozenset("in at near outside from into inside around".split())
NOT_NAMES = frozenset("the this that these those a an its his her their our new old federal "
                      "national state public private international regional local central "
                      "main former".split())


def unlisted_places(finder: PlaceFinder, doc: Doc, found: list[Place],
                    free: Callable[[int, int], bool]) -> list[Place]:
    """The places named as in the module's docstring, outside spans already ``free``-d
    off, in text order."""
    gazetteer = finder.gazetteer
    text = doc_text(doc)
    out: list[Place] = []
    starts = [p.span[0] for p in found]
    for m in [*KIND_AFTER.finditer(text), *KIND_BEFORE.finditer(text)]:
        # (Not the owner: "Sierra Leone's Kono district" is Kono's.)
        name = re.sub(r"^(?:The|A|An)\s+|^.*?['’]s\s+(?!.*['’]s\s)(?=[A-Z])", "",
                      m["name"]) if not m["name"].startswith(("St.", "Saint")) else m["name"]
        if not name or name.split()[0].lower() in NOT_NAMES or (
                name.endswith(("'s", "’s")) and not name.startswith(("St.", "Saint"))):
            continue  # ("Scott's district": whose, not where; but "St. Sebastian's Church")
        kind_word = " ".join(m["kind"].lower().split())
        before = m.re is KIND_BEFORE
        if not before and not re.match(r"(?:\w+-)?[A-Z]", m["name"]):
            continue
        start = m.start("name") + (len(m["name"]) - len(name))
        end = m.end("name") if before else m.end()
        if before and m["kind"][:1].isupper():
            start = m.start("kind")  # "Lake Turkana", "the Gulf of Aden": the whole name
        if not free(start, end) or _known(gazetteer, name, "" if before else text[start:end]):
            continue  # (the town "of X" is one, whatever namesake the gazetteer knows)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        words = kind_word.split()
        site = kind_word in SITE_WORDS or kind_word in _MULTI_SITES or words[0] in SITE_WORDS
        settlement = before and any(w in SETTLEMENT_WORDS for w in words)
        if not before and not (finder._clearly_place(span) or finder._part_of(span) or (
                site and span.root.dep_ in ("dobj", "pobj", "nsubjpass"))):
            continue  # "Crystal Palace won": a team, not the place
        located = _locate(gazetteer, text, found, starts, start, end, span.sent.start_char,
                          span.sent.end_char, doc.ents)
        if located is None:
            continue
        country, lat, lon, precision = located
        if precision == "point" and not (site or settlement):
            precision = "region"  # a district or a river is not at its town's point
        out.append(Place(text=text[start:end], span=(start, end), name=text[start:end],
                         country=country, lat=lat, lon=lon, precision=precision))
    out.extend(_tagged_places(finder, doc, found, starts, free))
    out.sort(key=lambda p: p.span)
    kept: list[Place] = []
    for place in out:  # "the village of X" and "X district" may overlap: the first stays
        if not kept or place.span[0] >= kept[-1].span[1]:
            kept.append(place)
    return kept


def _tagged_places(finder: PlaceFinder, doc: Doc, found: list[Place], starts: list[int],
                   free: Callable[[int, int], bool]) -> list[Place]:
    """Names no table lists that the model tags as places and the syntax uses as places
    ("abducted in Kuriga", "the outskirts of X"), located by the places their sentence
    names; and names of any tag that an apposition calls a town ("Renk, a South Sudanese
    border town", "Sarmada, a town in rebel-held northwest Syria"), located by it."""
    gazetteer = finder.gazetteer
    lexicon = gazetteer.lexicon
    text = doc_text(doc)
    out: list[Place] = []
    for ent in doc.ents:
        if ent.label_ not in (*PLACE_TAGS, "PERSON", "ORG"):
            continue
        span = ent[1:] if ent[0].lower_ == "the" else ent
        if not len(span):
            continue
        start, end = span.start_char, span.end_char
        name = span.text
        town = _apposed_town(span.root)
        located = _located_by_apposition(lexicon, town, found) if town is not None else None
        listed = gazetteer.lookup(name)
        # ("Solhan in northern Burkina Faso" is no namesake of the tables either.)
        area = _in_area(text, found, starts, end) if ent.label_ in PLACE_TAGS else None
        if located is None and listed is not None and area is not None \
                and listed.country != area[0]:
            located = area
        # ("Westport, a town on New Zealand's South Island" is no namesake of the tables.)
        elsewhere = listed is not None and located is not None and listed.country != located[0]
        # (Not "Mich." nor "the South", nor a person's name the model took for a place.)
        if not free(start, end) or not TAGGED_NAME.fullmatch(name) \
                or (listed is not None and not elsewhere) \
                or name in lexicon.organisation_names \
                or _known(gazetteer, name, "" if elsewhere else name) \
                or any(w.lower() in lexicon.directions for w in name.split()) \
                or lexicon.people_terms(name) or lexicon.misspelt_country(name) or any(
                    c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < span.start
                    for c in span.root.children) or (
                    span.start > 0 and doc[span.start - 1].pos_ in ("NOUN", "PROPN")
                    and doc[span.start - 1].text.islower()):
            continue  # (nor "his wife Ivana")
        if town is None and not elsewhere:
            governor = span.root.head if span.root.dep_ == "pobj" else None
            at_place = governor is not None and governor.lower_ in AT_PLACE
            if ent.label_ not in PLACE_TAGS:
                # A name of another tag only placed in a state or province right after it:
                # "a base at El Adde in southwestern Somalia".
                body = span[-1].lower_ in INSTITUTION_WORDS
                located = _in_area(text, found, starts, end) if at_place and not body else None
                if located is None:
                    continue
            elif area is not None:
                located = area  # "near Erbil and Sulaimaniyah in northern Iraq"
            # (Only where the syntax is sure: "in Kuriga", "the streets of X".)
            elif any(e.label_ == "PERSON" and e.text == name for e in doc.ents) or not (
                    at_place or finder._part_of(span)):
                continue
            else:
                located = _locate(gazetteer, text, found, starts, start, end,
                                  span.sent.start_char, span.sent.end_char, doc.ents,
                                  places_only=True,
                                  beside_only=name.split()[-1].lower() in OPEN_WATERS)
        if located is None:
            continue
        country, lat, lon, precision = located
        out.append(Place(text=name, span=(start, end), name=name, country=country, lat=lat,
                         lon=lon, precision="country" if precision == "country" else "region"))
    return out


def _in_area(text: str, found: list[Place], starts: list[int], end: int
             ) -> tuple[str, float | None, float | None, str] | None:
    """Where "in" a state or province found right after ``end`` puts a name."""
    after = AREA_AFTER.match(text, end)
    place = _place_at(found, starts, after.end()) if after is not None else None
    return _from(place) if place is not None and place.precision in ("country", "region") \
        else None


def _place_at(found: list[Place], starts: list[int], offset: int) -> Place | None:
    """The found place with a country that begins at ``offset``, if any."""
    i = bisect.bisect_left(starts, offset)
    return found[i] if i < len(found) and found[i].span[0] == offset and found[i].country \
        else None


def _apposed_town(head: Token) -> Token | None:
    """The head of an apposition calling the name a settlement: "Tinzaouaten, a town near
    the Algerian border"."""
    return next((c for c in head.children if c.dep_ == "appos" and (
        c.lemma_.lower() in SETTLEMENT_WORDS
        # ("a township north of Durban", parsed with "north" at the head)
        or (c.lower_ in ("north", "south", "east", "west") and any(
            g.dep_ == "compound" and g.lemma_.lower() in SETTLEMENT_WORDS
            for g in c.children)))), None)


def _located_by_apposition(lexicon: Lexicon, town: Token, found: list[Place]
                           ) -> tuple[str, float | None, float | None, str] | None:
    """Where an apposition puts its town: a demonym or country modifying the town word ("a
    South Sudanese border town", "Syria's"), else the one country of the places named
    inside it ("a town in rebel-held northwest Syria"); not a border it is near ("close
    to the Algerian border")."""
    for child in town.children:
        # (Not who lives there: "a mostly Indian township north of Durban".)
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < town.i \
                and not any(g.dep_ == "advmod" for g in child.children):
            words = town.doc[child.left_edge.i:child.i + 1].text.removesuffix("'s")
            iso3 = lexicon.demonyms.get(words) or lexicon.country_names.get(words) or \
                lexicon.demonyms.get(child.text) or lexicon.country_names.get(child.text)
            if iso3 is not None:
                country = lexicon.countries.get(iso3)
                return iso3, country.lat if country else None, \
                    country.lon if country else None, "country"
    lo, hi = town.left_edge.idx, town.right_edge.idx + len(town.right_edge.text)
    inside = {p.country for p in found if lo <= p.span[0] and p.span[1] <= hi and p.country
              and p.country in lexicon.countries}
    if not inside:
        # ("a Sunni border town in Lebanon's northeast": a country no place was found at.)
        inside = {iso3 for run in NAME_RUN.findall(town.doc.text[lo:hi])
                  if (iso3 := lexicon.country_names.get(re.sub(r"['’]s$", "", run)))
                  and iso3 in lexicon.countries}
    if len(inside) > 1:
        # ("a trading town on Myanmar's border with China": the owner's.)
        owners = {iso3 for run in OWNED.findall(town.doc.text[lo:hi])
                  if (iso3 := lexicon.country_names.get(run)) in inside}
        inside = owners if len(owners) == 1 else inside
    if len(inside) == 1:
        iso3 = inside.pop()
        country = lexicon.countries[iso3]
        return iso3, country.lat, country.lon, "country"
    return None


def _known(gazetteer: Gazetteer, name: str, whole: str) -> bool:
    """A place the gazetteer lists by the whole phrase, or a name that is a country's or
    its people's ("Israeli prison", "Syria region": not a place of its own)."""
    lexicon = gazetteer.lexicon
    first = name.split()[0]
    return ((bool(whole) and gazetteer.lookup(whole) is not None)
            or name in lexicon.country_names
            or first in lexicon.demonyms or first in lexicon.country_names)


def _locate(gazetteer: Gazetteer, text: str, found: list[Place], starts: list[int],
            start: int, end: int, lo: int, hi: int, ents: Collection[SpacySpan],
            places_only: bool = False, beside_only: bool = False
            ) -> tuple[str, float | None, float | None, str] | None:
    """(country, lat, lon, precision) of an unlisted place, as the module's docstring
    says, or None; with ``beside_only``, only by a place written beside it."""
    after = LOCATOR.match(text, end)
    if after is not None and (place := _place_at(found, starts, after.end())) is not None:
        return _from(place)
    if after is not None and (named := _well_known(gazetteer, text, after.end())) is not None:
        return named  # "the Bardo Museum in Tunis", one name to NER
    owner = OWNER_BEFORE.search(text, max(0, start - 40), start)
    if owner is not None and (named := _well_known(gazetteer, text, owner.start("name"))):
        return named  # "Riyadh's Ritz-Carlton hotel"
    for place in found:
        # "Kenya's Lake Turkana", "Baltimore's Key Bridge"; "in Hwaseong, in Gyeonggi
        # province": the town is in it.
        if place.span[1] <= start and place.country and re.fullmatch(
                r"['’]s\s+(?:the\s+)?|\s*,\s*(?:in\s+)?(?:the\s+)?",
                text[place.span[1]:start]):
            return _from(place)
    if beside_only:
        return None  # "the Mona Passage ... from Puerto Rico": waters between states
    # The sentence's places, and the states and cities it names as actors: "Bethlehem
    # cancelled its festivities, leaving Manger Square empty outside the Church of the
    # Nativity"; not "passengers at Suvarnabhumi airport from Wuhan after Thailand ...".
    in_sentence = {p.country for p in found if lo <= p.span[0] < hi and p.country
                   and p.country in gazetteer.lexicon.countries}
    # (Not a capital standing for its state: "a rampage condemned by Washington"; but
    # "Djibouti seized the terminal" is the state.)
    if not places_only:
        in_sentence |= {hit.country for ent in ents if lo <= ent.start_char < hi
                        and ent.label_ == "GPE" and (ent.text not in gazetteer.lexicon.capitals
                                                     or ent.text in gazetteer.lexicon.country_names)
                        and (hit := gazetteer.lookup(ent.text)) is not None
                        and hit.country in gazetteer.lexicon.countries}
    if len(in_sentence) == 1:
        return _country(gazetteer, in_sentence.pop())
    # (The article's places, not its people: "Rohingya" in a story on a camp in Bangladesh.)
    states = {p.country for p in found if p.country in gazetteer.lexicon.countries}
    if not places_only and not in_sentence and len(states) == 1:
        return _country(gazetteer, states.pop())
    return None


def _well_known(gazetteer: Gazetteer, text: str, start: int
                ) -> tuple[str, float | None, float | None, str] | None:
    """Where a name written at ``start`` is, if it is a country, a region or a city of
    100,000 people or more, whatever NER made of it ("in Tunis" inside an organisation's
    name)."""
    m = NAME_RUN.match(text, start)
    if m is None:
        return None
    words = re.split(r"['’]s\b", m.group(0))[0].split()
    for n in range(len(words), 0, -1):  # "Sydney Harbour": Sydney
        hit = gazetteer.lookup(" ".join(words[:n]))
        if hit is not None and hit.country and (hit.kind != "city"
                                                or hit.population >= WELL_KNOWN_POPULATION):
            return hit.country, hit.lat, hit.lon, \
                "point" if hit.kind == "city" else hit.precision
    return None


def _from(place: Place) -> tuple[str, float | None, float | None, str]:
    assert place.country is not None
    return place.country, place.lat, place.lon, place.precision or "country"


def _country(gazetteer: Gazetteer, iso3: str) -> tuple[str, float | None, float | None, str]:
    hit = gazetteer.country(iso3)
    return iso3, hit.lat if hit else None, hit.lon if hit else None, "country"
