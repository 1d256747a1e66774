"""Place mentions: which names in an article are used as places, and which place each is.

Names come from the gazetteer's tables (:mod:`wirecoder.gazetteer`), from NER and from
runs of proper nouns. A mention counts as a place only where the text uses it as one: "in
Iraq" is a place, "Iran said" and "US forces" are actors, and "Jordan" the person (tagged
PERSON by NER) is nothing of the kind.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from wirecoder.gazetteer import (
    BIG_CITY_POPULATION,
    QUALIFIER,
    TOWN_MAX_POPULATION,
    Gazetteer,
    PlaceHit,
)
from wirecoder.lexicon import read_table
from wirecoder.model import Place, Span
from wirecoder.nlp import doc_text
from wirecoder.participants import datelines
from wirecoder.spans import DisjointSpans
from wirecoder.unlisted import unlisted_places

# Prepositions after which a country name is a location rather than an actor.
LOCATIVE_PREPS = frozenset(
    "in at near across into inside throughout from to towards toward outside around within "
    "over on off along via through onto above below beyond behind beside between under "
    "outside".split())
# Dependencies by which a name modifies another noun ("US forces", "Gaza health ministry").
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent"})
# What a city does as a place: its weather and its disasters.
WEATHER_VERBS = frozenset(
    "record swelter bake shiver freeze flood sink shake tremble burn choke smoulder smolder "
    "drown endure brace erupt quake".split())
# What a capital does as the state it stands for ("Moscow said", "Kyiv signed a deal"),
# and a city's team does ("Liverpool beat Leeds").
ACTING_VERBS = frozenset(
    "say tell announce accuse warn deny demand urge reject condemn threaten agree sign ban "
    "order summon expel sanction impose recall call vow insist claim pledge refuse approve "
    "decide ask respond retaliate criticize criticise blame welcome protest offer propose "
    "seek want plan hope believe confirm declare suspend cut halt resume recognize recognise "
    "allow bar host send deploy launch strike attack invade back support oppose join "
    "leave negotiate sue arrest detain release vote veto beat win lose draw defeat thrash "
    "edge crush rout score trail knock eliminate face play".split())
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A capitalised word that NER did not tag is taken for a city only if the city is this big
# and the syntax makes it a place ("struck Kyiv"): small towns share names with everything.
UNTAGGED_CITY_MIN_POPULATION = 100_000
# ... or this many where the syntax leaves no doubt: what a part of a place belongs to ("the
# outskirts of X") or what a verb of places acts on ("ash blanketed X", "troops entered X").
SURE_CITY_MIN_POPULATION = 20_000
# Words that call a name a province: "the province of X", "X State", "X province".
PROVINCE_BEFORE = re.compile(r"\b(?:province|state|region|governorate|oblast|prefecture|"
                             r"department|county)"
                             r"\s+of\s+$")
PROVINCE_AFTER = re.compile(
    r"\s+([Pp]rovince|State|[Rr]egion|[Gg]overnorate|[Oo]blast|department)\b")
PROVINCE_NAME = re.compile(r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
                           + PROVINCE_AFTER.pattern)
# A country's name and "'s" right before a name, an adjective between allowed.
OWNED_BY = re.compile(r"(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})['’]s\s+(?:[a-z-]+\s+)?$")
# Words that call a name a settlement, and titles that make it a person's.
SETTLEMENTS = frozenset("town township city village hamlet settlement port capital".split())
HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov)\.\s*$")
# A capitalised word after a country's name that makes both a site's or a body's name.
NAMED_AFTER = re.compile(r"\s+(?:Stadium|Museum|Airport|Hotel|Arena|Tower|Bridge|Palace|"
                         r"Hospital|University|Airways|Airlines|Theatre|Theater)\b")
# A capitalised word joined by a hyphen before or after a name: one longer name ("Ida-Viru",
# "Tenzing-Hillary"), or two states as a modifier ("the Russia-Ukraine war"); not "al-".
HYPHEN_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w'’]*-$")
HYPHEN_AFTER = re.compile(r"-[A-Z]")
# A Romance name going on after a place's name: "Lagos de Moreno", "San Juan del Sur".
NAME_GOES_ON = re.compile(r"\s+(?:de|del|do|da|dos|das|di|della)\s+[A-Z]")
# Two places NER tagged as one: "Abuja to Kaduna", "Goma and Bukavu".
JOINED = re.compile(r"\s+(?:to|and|or)\s+(?=[A-Z])")
COMMA = re.compile(r",\s+(?=[A-Z])")
COMPASS = re.compile(r"(?:north|south)(?:[- ]?(?:east|west))?|east|west")
# What a landmark's name may stand before: the building or site it names.
BUILDINGS = frozenset(
    "cathedral church basilica mosque temple pagoda shrine synagogue palace prison jail "
    "plant station dam bridge square compound complex hospital stadium airport base "
    "embassy tower gate wall work works steelworks factory mill mine".split())
# How far around a name the city that tells its namesakes apart is looked for (characters).
NEARBY = 120
# "the Honduran capital", "the Malian capital's outskirts".
CAPITAL_OF = re.compile(r"\b[Tt]he\s+(?P<phrase>(?P<people>[A-Z][\w-]+)\s+capital)\b")
# Months and days, which towns are named after too.
CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name if m] + [d.lower() for d in calendar.day_name])
# Parts and features of a place: "the streets of", "the port of", "the outskirts of".
PLACE_PARTS = frozenset(
    "city town village port capital centre center heart outskirts suburb suburbs streets "
    "street square district province region state area north south east west part parts "
    "coast border airport harbour harbor camp district neighbourhood neighborhood "
    "countryside island islands mountains valley river bank edge siege capture fall "
    "frontier jungle forest desert delta plains highlands basin corridor peninsula "
    "base airbase station facility site complex compound plant fort castle "
    "battle bombing shelling liberation occupation blockade evacuation residents enclave "
    "inhabitants mayor governor most much all rest half swathes swaths areas control "
    "kilometres kilometers km miles territory governorate county municipality "
    "prefecture oblast quarter township".split())
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


# Lower-case articles that begin place names: "al-Shifa", "el-Arish", "ad-Dawr".
ARTICLE = re.compile(r"(?:a[dlnrstz]|ash|el|es|et)-")


class PlaceFinder:
    """Finds place mentions in a parsed article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        verbs = list(read_table("place_verbs.tsv"))
        self.place_verbs = frozenset(r["lemma"] for r in verbs)
        self.unnamed_doers = frozenset(r["lemma"] for r in verbs if r["subject"] == "common")

    def find(self, doc: Doc, skip: Callable[[int, int], bool],
             context: Iterable[str] = ()) -> list[Place]:
        """Return place mentions in text order, outside excluded regions."""
        text = doc_text(doc)
        context = set(context)
        # The regions the article names say where its cities are too ("the outskirts of
        # Hyderabad in Sindh": Pakistan's).
        table = list(self.gazetteer.named.finditer(text))
        context |= {hit.country for m in table
                    if (hit := self.gazetteer.lookup(m.group(0))) is not None
                    and hit.kind == "region" and hit.country}
        # ("the" is no word of a name: NER's "the Plaza de Mayo" is the table's name.)
        # (Nor a lower-case word the model ran on with: "the Lesser Antilles between".)
        # (Nor where the model ran on into where it is: "the Bardo Museum in Tunis".)
        blocked = [_trim_the(_trim_located(_trim_lower_end(e))) for e in doc.ents
                   if e.label_ in BLOCKING_LABELS]
        orgs = {_trim_the(e) for e in doc.ents if e.label_ == "ORG"}
        blocked_ends = [e for _, e in blocked]  # entities never overlap: both sorted
        blocked_starts = [s for s, _ in blocked]
        # NER sometimes tags a lone place name as a person ("Mali", "Tigray"): such a name is
        # a place only where the syntax clearly says so.
        found: list[Place] = []
        taken = DisjointSpans(len(text))
        ending: dict[int, list[tuple[int, Place]]] = {}  # places found, by where they end

        def free(start: int, end: int) -> bool:
            return not skip(start, end) and not taken.overlaps(start, end)

        def keep(place: Place) -> None:
            ending.setdefault(place.span[1], []).append((len(found), place))
            found.append(place)
            taken.add(*place.span)

        for m in self.gazetteer.directional.finditer(text):
            direction = m["dir"] or m["dir2"]
            name = m["name"] or m["name2"]
            start, end = m.span()
            if not free(start, end) or not (name[0].isupper()):
                continue
            if any(t.start() < start < t.end() for t in table):
                continue  # "New South Wales": inside a longer name
            whole = m.group(0)
            if self.gazetteer.lookup(whole) is not None and whole[0].isupper():
                continue  # "Northern Ireland", "North Macedonia": a name of its own
            longer = self.gazetteer.named.match(text, start)
            if longer is not None and longer.end() > end:
                continue  # "South China Sea", "Central African Republic": a longer name
            if whole[0].isupper() and QUALIFIER.match(text, end):
                base = self.gazetteer.lookup(name)
                qualified = self.gazetteer.qualifier(text, end, whole)
                if qualified is not None and (base is None or base.country != qualified):
                    continue  # "East Palestine, Ohio": a town of its own, elsewhere
            hit = self.gazetteer.directional_hit(
                direction, name, context, text[max(0, start - NEARBY):end + NEARBY])
            if hit:
                keep(_place(text, start, end, hit))

        for start, end in datelines(doc):
            # "BAMAKO, Mali (AP) —": where the story was filed, in capitals.
            name = text[start:end]
            qualifier = self.gazetteer.qualifier(text, end, name)
            if free(start, end) and (hit := self.gazetteer.lookup(
                    name.title(), context, qualifier)) is not None:
                keep(_place(text, start, end, hit))

        for m in CAPITAL_OF.finditer(text):
            # "the Honduran capital": the state's capital city.
            iso3 = self.gazetteer.lexicon.demonyms.get(m["people"])
            country = self.gazetteer.lexicon.countries.get(iso3) if iso3 else None
            start, end = m.span("phrase")
            if country is not None and country.capital and free(start, end) and (
                    hit := self.gazetteer.lookup(country.capital, (), iso3)) is not None:
                keep(_place(text, start, end, hit))

        candidates: list[tuple[int, int, str]] = []
        for m in table:
            candidates.append((m.start(), m.end(), "table"))
            if m.group(0).lower().startswith("the "):  # NER may tag "Sahel" without "the"
                candidates.append((m.start() + 4, m.end(), "table"))
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                start, end = _trim_the(ent)
                candidates.append((start, end, "ner"))
                # "from Abuja to Kaduna", "Florence, South Carolina" tagged as one place
                joint = JOINED.search(text, start, end) or COMMA.search(text, start, end)
                if joint is not None:
                    candidates.append((start, joint.start(), "ner"))
                    candidates.append((joint.end(), end, "ner"))
            elif ent.label_ in ("ORG", "PERSON", "PRODUCT"):
                # A city the model took for a name ("Santiago de Cuba", "El Fasher", "a
                # village in Sagaing"): a place only where the syntax clearly says so.
                start, end = _trim_the(ent)
                candidates.append((start, end, "propn"))
        for start, end in _proper_noun_runs(doc):
            candidates.append((start, end, "propn"))
        for ent in doc.ents:
            # "Niger State", "Niassa province" tagged whole, as whatever the model thought.
            start, end = _trim_the(ent)
            if ent.label_ in (*PLACE_LABELS, "ORG", "PERSON") and \
                    PROVINCE_NAME.fullmatch(text, start, end):
                candidates.append((start, end, "province"))
        # Longest first so "the Gaza Strip" wins over "Gaza".
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        for start, end, origin in candidates:
            if not free(start, end):
                continue
            # "Jordan" inside a PERSON, "Gaza" inside an ORG name: not a place mention (but
            # "the Kherson region" is, with "Kherson" tagged a person).
            overlapping = blocked[bisect.bisect_right(blocked_ends, start):
                                  bisect.bisect_left(blocked_starts, end)]
            if origin == "table" and any(s < start or e > end for s, e in overlapping):
                continue
            if origin == "propn" and any((s < start or e > end) and e - s > end - start + 2
                                         and (s, e) in orgs for s, e in overlapping):
                continue  # ("University" of "the University of Maiduguri")
            name = text[start:end]
            if HYPHEN_BEFORE.search(text, max(0, start - 30), start) \
                    or HYPHEN_AFTER.match(text, end):
                continue  # "Viru" of "Ida-Viru county", "Tenzing" of "Tenzing-Hillary Airport"
            if NAME_GOES_ON.match(text, end) and origin != "province":
                continue  # "Lagos" of "Lagos de Moreno", a longer name no table lists
            if origin != "table" and name.lower() in CALENDAR_WORDS:
                continue  # "in late March": a month, not March in Cambridgeshire
            if origin != "table" and name in self.gazetteer.lexicon.organisation_names:
                continue  # "between Hamas and Israel": a group, not Hamm (once "Hamas")
            if origin == "table" and NAMED_AFTER.match(text, end) and (
                    name in self.gazetteer.lexicon.country_names
                    or name in self.gazetteer.lexicon.demonyms):
                continue  # "the Emirates Stadium", "the Saudi Hospital": a site's name
            bare = name[4:] if name[:4].lower() == "the " else name
            if not bare[:1].isupper() and not ARTICLE.match(bare):
                continue  # "melting back into the bush" (NER: a person): no name at all
            if origin == "province":
                named = PROVINCE_NAME.fullmatch(text, start, end)
                assert named is not None
                hit = self.gazetteer.province(named["name"], context)
                span = doc.char_span(start, end, alignment_mode="expand")
                if hit is not None and span is not None and self._used_as_place(span, hit):
                    keep(_place(text, start, end, hit))
                continue
            # "Panama's Darien jungle", "Nigeria's Niger State": a place of the owner's.
            owner = OWNED_BY.search(text, max(0, start - 60), start)
            owned_by = self.gazetteer.lexicon.country_names.get(owner["name"]) \
                if owner is not None else None
            qualified = self.gazetteer.qualifier(text, end, name)
            nearby = text[max(0, start - NEARBY):end + NEARBY]
            span = doc.char_span(start, end, alignment_mode="expand")
            described = self.gazetteer.described(text, end, span.sent.end_char) \
                if span is not None and origin != "table" else None
            # "Kiryat Shmona ... in the northern Israeli town": Israel's, if it has one (but
            # "Rangers beat Motherwell ..., and fans in the Scottish city": what the name
            # does still decides whether it is a place).
            described_in = None
            if qualified is None and owned_by is None and described and described[1]:
                inside = self.gazetteer.lookup(name, context, described[1], nearby)
                if inside is not None and inside.kind == "city" and inside.country == described[1]:
                    described_in = described[1]
            hit = self.gazetteer.lookup(name, context, qualified or owned_by or described_in,
                                        nearby)
            after = PROVINCE_AFTER.match(text, end)
            province = None
            if PROVINCE_BEFORE.search(text, max(0, start - 40), start) or after:
                # "the southern Dutch province of Limburg", "Niger State", "Niassa
                # province": the province, not a German town or the state of Niger.
                province = self.gazetteer.province(name, context)
                if province is not None:
                    hit = province
                    if after is not None and after[1][:1].isupper() and free(start, after.end()):
                        end = after.end()  # "Niger State": the state's whole name
                        span = doc.char_span(start, end, alignment_mode="expand")
            before = next((p for _, p in sorted(ending.get(start - 2, []) +
                                                ending.get(start - 1, []))
                           if text[p.span[1]:start].strip() == ","), None)
            if before is not None and hit is not None and hit.country != before.country:
                # "Atlanta, Georgia": the name qualifies the city before it, so it is the
                # region of that city's country that goes by it.
                hit = self.gazetteer.region_in(name, before.country) or hit
            if hit is None:
                continue
            # "Pokhara in central Nepal" (the qualifier read once, before "Niger State" grew)
            in_qualifier = hit.country is not None and qualified == hit.country
            if origin == "propn" and province is None:
                sure = span is not None and (in_qualifier or described_in is not None
                                             or self._part_of(span) or self._clearly_place(span))
                # (A smaller town of the article's country only where it is called one or
                # placed: "Chasiv Yar, a strategic town in eastern Ukraine"; "in August",
                # "to Ms. Martin" name no town.)
                named_town = span is not None and (in_qualifier or described is not None
                                                   or _called_a_town(span))
                if hit.kind in ("region", "landmark") and hit.country and sure:
                    pass  # "floods in Tyrol", "fires in Madre de Dios": a province, tagged a name
                elif hit.kind != "city" or (hit.population < (
                        SURE_CITY_MIN_POPULATION if sure else UNTAGGED_CITY_MIN_POPULATION)
                        and not (hit.country in context and (named_town or (
                            sure and hit.population >= TOWN_MAX_POPULATION)))) or (
                        start >= 4 and HONORIFIC.search(text, 0, start)):
                    continue
            if span is not None:
                # (A landmark or a sea of the table named in several words is itself the
                # evidence, whatever NER took it for: "packed Tahrir Square" as a person.)
                # (So is a region of the table not acting: "absorb Crimea into Russia".)
                named_site = origin == "table" and (hit.kind == "sea" or (
                    hit.kind == "landmark" and " " in name.strip()) or (
                    hit.kind == "region" and (span.root.dep_ not in ("nsubj", "nsubjpass")
                                              or span.root.head.lemma_ in WEATHER_VERBS)))
                # (A city of millions is one, whatever the model took it for: "Karachi
                # buried hundreds of heatwave victims"; what it does decides below.)
                big_city = origin == "propn" and hit.kind == "city" \
                    and hit.population >= BIG_CITY_POPULATION
                if (overlapping or origin == "propn") and not named_site and not in_qualifier \
                        and not big_city and province is None and described_in is None \
                        and not self._clearly_place(span):
                    continue
                if not in_qualifier and province is None and not self._used_as_place(span, hit):
                    continue  # (but "approaching Pokhara in central Nepal" is a place)
            keep(_place(text, start, end, hit))
        found.sort(key=lambda p: p.span)
        found.extend(unlisted_places(self, doc, found, free))
        return sorted(found, key=lambda p: p.span)

    def _clearly_place(self, span: SpacySpan) -> bool:
        head = span.root
        governor = _governing_preposition(head)
        if governor is not None:
            return self._locative(governor)
        if head.dep_ in ("compound", "poss") and head.head.i >= span.end \
                and _place_part(head.head):
            return True  # "the Tigray regional capital", "Rakhine's border"
        if _named_a_place(head):
            return True  # "Socotra, an island off Yemen's coast"
        if _after_locative_particle(span):
            return True
        if head.dep_ == "nsubj" and head.head.pos_ == "VERB" \
                and head.head.lemma_.lower() in WEATHER_VERBS:
            return True  # "Chennai recorded its heaviest rain", "Multan sweltered"
        return self._object_of_place_verb(head)

    def _locative(self, preposition: Token) -> bool:
        """Does the preposition make its object a location? "in Kabul"; and "of" after a
        part or feature of a place ("the old city of Mosul", "the streets of Gdansk", "the
        port of Hodeidah") when that part is itself one ("pushed into the old city")."""
        if preposition.lower_ in LOCATIVE_PREPS:
            return True
        noun = preposition.head
        if preposition.lower_ == "of" and (COMPASS.fullmatch(noun.lower_)
                                           or noun.lower_ in ("out", "outside")):
            return True  # "towns south of Valencia", "flew out of Kabul"
        if preposition.lower_ != "of" or not _place_part(noun):
            return False
        governor = _governing_preposition(noun)
        return (governor is not None and governor.lower_ in LOCATIVE_PREPS) \
            or self._object_of_place_verb(noun) \
            or noun.dep_ in ("dobj", "nsubjpass", "nsubj", "ROOT")

    def _part_of(self, span: SpacySpan) -> bool:
        """Is the name what a part of a place belongs to ("districts of Daraa", "the main
        square of Kherson", "the outskirts of Solingen")?"""
        governor = _governing_preposition(span.root)
        return governor is not None and governor.lower_ == "of" \
            and _place_part(governor.head) and self._locative(governor)

    def _object_of_place_verb(self, token: Token) -> bool:
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head  # "stormed Congress, the Supreme Court and the Planalto"
        verb = token.head
        if token.dep_ not in ("dobj", "nsubjpass") or verb.lemma_ not in self.place_verbs:
            return False
        # "Arsenal battered Leeds": a team (a name, whatever the tagger made of it) beats
        # another; "floods swept Derna", "a cyclone battered Chittagong" hit places.
        return verb.lemma_ not in self.unnamed_doers or not any(
            c.dep_ == "nsubj" and (c.ent_type_ or (c.text[:1].isupper() and c.pos_ != "NOUN"))
            for c in verb.children)

    def _used_as_place(self, span: SpacySpan, hit: PlaceHit) -> bool:
        head = span.root
        if head.dep_ == "poss" and hit.kind in ("region", "sea") and hit.country is None:
            return True  # "Sub-Saharan Africa's economy": no state's, so the area's own
        if head.dep_ in MODIFIER_DEPS and head.head.i not in range(span.start, span.end):
            # "Gaza health ministry", "US forces": a modifier of another noun, unless that
            # noun is itself a place word ("Gaza City", "Tehran province") or the building a
            # landmark is ("Notre-Dame cathedral", "the Al-Aqsa mosque compound").
            return head.head.ent_type_ in PLACE_LABELS or (
                hit.kind == "landmark" and head.head.lemma_.lower() in BUILDINGS) or (
                head.dep_ in ("compound", "poss") and hit.kind != "country"
                and _place_part(head.head))
        if _after_locative_particle(span):
            return True
        if hit.kind in ("region", "sea", "landmark"):
            # (A seat of power, "the Kremlin", stands for those in it as often as not: the
            # syntax decides below.)
            return True
        governor = _governing_preposition(head)
        if governor is not None:
            # "the Baba Amr neighbourhood of Homs", "took control of Mekelle": of a city, as
            # a country's is ("the president of Iran") not.
            return self._locative(governor) or (hit.kind == "city" and governor.lower_ == "of")
        if self._object_of_place_verb(head):
            return True
        if _named_a_place(head):
            return True  # "Mostar, the southern Bosnian city, held its first election"
        if head.dep_ in ACTOR_DEPS and not (
                hit.kind == "city" and head.dep_ in ("nsubj", "nsubjpass")
                and hit.name not in self.gazetteer.lexicon.capitals
                and head.head.lemma_.lower() not in ACTING_VERBS):
            # "Iran said", "accused Tehran of": the state acting, not a location; but
            # "Chennai recorded its hottest day", "Antakya was flattened": a city that is
            # no capital standing for its state.
            return False
        if head.dep_ == "appos" or head.dep_ == "ROOT":
            return True
        return hit.kind == "city"


def _called_a_town(span: SpacySpan) -> bool:
    """Whether the text calls the name a settlement: "Chasiv Yar, a strategic town", "the
    Palestinian town of Huwara"."""
    head = span.root
    if any(c.dep_ == "appos" and c.lemma_.lower() in SETTLEMENTS for c in head.children):
        return True
    governor = _governing_preposition(head)
    return governor is not None and governor.lower_ == "of" \
        and governor.head.lemma_.lower() in SETTLEMENTS


def _named_a_place(head: Token) -> bool:
    """Whether an apposition calls the name a place: "Socotra, an island off Yemen"."""
    return any(c.dep_ == "appos" and _place_part(c) for c in head.children)


def _after_locative_particle(span: SpacySpan) -> bool:
    """"drifting off Cabo Verde": a preposition of place the parser took for a particle."""
    before = span.doc[span.start - 1] if span.start else None
    return before is not None and before.dep_ == "prt" and before.lower_ in LOCATIVE_PREPS


def _place_part(noun: Token) -> bool:
    """Does the noun name a part or feature of a place ("outskirts", whose lemma the
    model gives as "outskirt")?"""
    return noun.lemma_.lower() in PLACE_PARTS or noun.lower_ in PLACE_PARTS


def _governing_preposition(token: Token) -> Token | None:
    """The preposition a noun (or a conjunct of it) hangs from, if any."""
    t = token
    for _ in range(4):
        if t.dep_ == "pobj":
            return t.head
        if t.dep_ in ("conj", "appos"):
            t = t.head
            continue
        return None
    return None


def _proper_noun_runs(doc: Doc) -> list[Span]:
    """Character spans of runs of proper nouns outside place entities ("struck Kyiv")."""
    runs: list[Span] = []
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].ent_type_ not in PLACE_LABELS:
            j = i
            while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or (
                    # "Ida-Viru", "Tenzing-Hillary": one name, hyphen and all
                    doc[j + 1].text == "-" and j + 2 < len(doc) and not doc[j].whitespace_
                    and not doc[j + 1].whitespace_ and doc[j + 2].pos_ == "PROPN")):
                j += 1
            runs.append((doc[i].idx, doc[j].idx + len(doc[j].text)))
            i = j + 1
        else:
            i += 1
    return runs


def _trim_lower_end(ent: SpacySpan) -> SpacySpan:
    """``ent`` without lower-case words at its end ("Lesser Antilles between")."""
    end = ent.end
    while end - ent.start > 1 and ent.doc[end - 1].is_lower and ent.doc[end - 1].is_alpha:
        end -= 1
    return ent.doc[ent.start:end]


def _trim_located(ent: SpacySpan) -> SpacySpan:
    """``ent`` without "in Tunis" at its end ("the Bardo Museum in Tunis")."""
    for t in ent[1:-1]:
        if t.lower_ in ("in", "near") and t.nbor().text[:1].isupper():
            return ent.doc[ent.start:t.i]
    return ent


def _trim_the(ent: SpacySpan) -> Span:
    text = ent.text
    if text.lower().startswith("the "):
        return ent.start_char + 4, ent.end_char
    return ent.start_char, ent.end_char


def _place(text: str, start: int, end: int, hit: PlaceHit) -> Place:
    return Place(text=text[start:end], span=(start, end), name=hit.name, country=hit.country,
                 admin1=hit.admin1, lat=hit.lat, lon=hit.lon, precision=hit.precision)
