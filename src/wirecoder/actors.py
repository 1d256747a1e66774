"""Entities: spaCy NER plus our own layer of actor tables.

Mentions of one entity are merged ("Nasser Kanani" ... "Kanani"; "the United States",
"US", "American", "Washington"), and each entity gets a country (ISO3 or a PLOVER code),
a PLOVER sector and a role where the text supports it: titles before a name ("Iran's
foreign ministry spokesperson Nasser Kanani"), appositions ("Kanani, the ministry's
spokesman"), organisations from the table (IRGC, White House, Hamas), demonyms and
capitals that stand for governments ("Tehran accused ...").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from wirecoder.descriptors import describe_body, name_sector
from wirecoder.lexicon import (
    SHARED_COUNTRY_NAMES,
    Lexicon,
    Organisation,
    fold,
    names_pattern,
    slug,
)
from wirecoder.model import Entity, Place, Span
from wirecoder.nlp import doc_text
from wirecoder.roles import (
    ARMED_NON_STATE,
    LINKING_WORDS,
    NON_STATE,
    RANKS,
    SHARED_INSTITUTIONS,
    STATE_SECTORS,
    Mention,
    RoleReader,
    apposition_after,
    title_tokens_before,
)
from wirecoder.spans import DisjointSpans

# Prepositions after which a capital is the city, not its government ("a synagogue in Tehran").
LOCATIVE = frozenset(
    ["in", "at", "near", "into", "inside", "outside", "from", "to", "around", "across", "through"])
# "the Nigerian Union of Teachers (NUT)", "Forces for Defence of Democracy (FDD)": a
# capitalised name (small linking words allowed) defined by the acronym after it.
ACRONYM_DEFINITION = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+(?:of|for|the|and|de|du|des|la|le|al|[A-Z][\w'’.-]*))+)"
    r"[ \t]*\((?P<acronym>[A-Z][A-Z0-9/&.-]{1,9})\)")
# The words such a name is made of, and those that may follow its first word.
# A town smaller than this is known abroad by its name only where the text says whose it
# is: a place name NER tagged that no place was found for keeps no country of its own.
SMALL_TOWN_POPULATION = 100_000
# A lone name tagged as a body that a town this big also bears is not read as a surname.
SURNAME_TOWN_POPULATION = 50_000
NAME_WORD = re.compile(r"[\w'’.-]+")
NAME_GOES_ON = re.compile(r"[ \t]+(?=(?:of|for|the|and|de|du|des|la|le|al)(?![\w'’.-])|[A-Z])")
CAPITAL = re.compile(r"[A-Z]")




@dataclass
class EntityIndex:
    """Entities of an article and which entity each mention span belongs to."""

    entities: list[Entity] = field(default_factory=list)
    by_span: dict[Span, str] = field(default_factory=dict)
    # Lookups built on first use, as the extractors ask once per statement or participant.
    _by_id: tuple[int, dict[str | None, Entity], dict[int, int]] = field(
        default_factory=lambda: (-1, {}, {}), init=False, repr=False, compare=False)
    _spans: list[tuple[int, int, Span]] = field(default_factory=list, init=False, repr=False,
                                                compare=False)  # (start, order, span)
    # Mentions of the entities that fit each test (by a key), as sorted (start, entity
    # order), and how many entities there were when they were listed.
    _latest: dict[Hashable, tuple[int, Callable[[Entity], bool], list[tuple[int, int]]]] = \
        field(default_factory=dict, init=False, repr=False, compare=False)

    def get(self, entity_id: str | None) -> Entity | None:
        return self._lookups()[1].get(entity_id)

    def _lookups(self) -> tuple[int, dict[str | None, Entity], dict[int, int]]:
        """Entities by id (the first of an id) and the place of each in ``entities``."""
        if self._by_id[0] != len(self.entities):
            by_id: dict[str | None, Entity] = {}
            for e in self.entities:
                by_id.setdefault(e.id, e)
            self._by_id = (len(self.entities), by_id,
                           {id(e): n for n, e in enumerate(self.entities)})
        return self._by_id

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """``(s, e, entity id)`` of the mention spans inside ``[start, end]``, in the order
        of ``by_span``."""
        if len(self._spans) != len(self.by_span):
            self._spans = sorted((s, n, (s, e)) for n, (s, e) in enumerate(self.by_span))
        lo = bisect.bisect_left(self._spans, (start, -1))
        hi = bisect.bisect_right(self._spans, (end, len(self._spans)))
        found = sorted((n, span) for s, n, span in self._spans[lo:hi] if span[1] <= end)
        return [(s, e, self.by_span[(s, e)]) for _, (s, e) in found]

    def add_span(self, span: Span, entity_id: str) -> None:
        """Record ``span`` as a mention of ``entity_id``."""
        known = span in self.by_span
        self.by_span[span] = entity_id
        if not known and len(self._spans) == len(self.by_span) - 1:
            bisect.insort(self._spans, (span[0], len(self._spans), span))

    def latest(self, before: int, key: Hashable, fits: Callable[[Entity], bool]) -> str | None:
        """The entity that ``fits`` (a test named by ``key``) mentioned last before offset
        ``before``; of two mentioned at one offset, the first listed."""
        found = self._latest.get(key)
        if found is None or found[0] != len(self.entities):
            starts = sorted((s, n) for n, e in enumerate(self.entities) if fits(e)
                            for s, _ in e.mentions)
            found = self._latest[key] = (len(self.entities), fits, starts)
        starts = found[2]
        i = bisect.bisect_left(starts, (before, -1))
        if not i:
            return None
        first = bisect.bisect_left(starts, (starts[i - 1][0], -1))
        return self.entities[starts[first][1]].id

    def mentioned(self, entity: Entity, span: Span) -> None:
        """Record a new mention of ``entity`` (one of ``entities``) at ``span``."""
        self.add_span(span, entity.id)
        order = self._lookups()[2][id(entity)]
        for count, fits, starts in self._latest.values():
            if count == len(self.entities) and fits(entity):
                bisect.insort(starts, (span[0], order))

    def at(self, start: int, end: int) -> str | None:
        """The entity whose mention lies within ``[start, end)``, the longest one first."""
        best: tuple[int, str] | None = None
        for (s, e), ent_id in self.by_span.items():
            if start <= s and e <= end and (best is None or e - s > best[0]):
                best = (e - s, ent_id)
        return best[1] if best else None


class ActorResolver(RoleReader):
    """Builds the entity list of an article from its spaCy parse and the actor tables."""

    def __init__(self, lexicon: Lexicon,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        super().__init__(lexicon, place_country)
        self.title_terms = sorted(lexicon.titles, key=lambda t: -len(t.split()))
        # Office holders' names and aliases ("Narendra Modi", "Modi"): the small NER model
        # misses some, above all a bare surname opening a sentence ("Modi announced").
        self.people_pattern = re.compile(
            r"(?<!\w)(?:" + names_pattern(lexicon.people_names) + r")(?!\w)")

    # --- public ---------------------------------------------------------------------------

    def resolve(self, doc: Doc, skip: Callable[[int, int], bool],
                published: str | None = None) -> EntityIndex:
        """Return the merged entities of ``doc``, ignoring excluded regions."""
        mentions = self._mentions(doc, skip, published)
        for m in mentions:
            if m.type == "PERSON":
                self._describe_person(doc, m, published)
        index = self._merge(mentions, published)
        _country_from_sentence(doc, index, self._names_unknown_body)
        return index

    def settle_with_places(self, index: EntityIndex, places: list[Place]) -> None:
        """Make a place of each "person" or unknown "organisation" the place finder read as
        a place at every mention ("Residents of Grozny", "near El Fasher"), unless the
        tables know one so called: the small NER model tags lone place names as either.
        A town's country is the one the place finder read in context."""
        if not places:
            return
        starts = [p.span[0] for p in places]
        stated = {p.country for p in places} | {
            e.country for e in index.entities if e.country and not self._small_town(e.name)}
        for entity in index.entities:
            if entity.type == "GPE" and entity.name in self.lexicon.country_names:
                # "Election workers in Georgia ... in downtown Atlanta": the US state the
                # finder read, not the country.
                hits = [p for p in places for s, e in entity.mentions
                        if p.span[0] <= s and e <= p.span[1]]
                if hits and all(p.precision == "region" and p.name == hits[0].name
                                and p.text == entity.name for p in hits) \
                        and hits[0].country != entity.country:
                    entity.country = hits[0].country
                    entity.actor_id = slug(hits[0].name or entity.name)
                continue
            if entity.type == "GPE" and entity.name not in self.lexicon.country_names \
                    and entity.name not in self.lexicon.demonyms:
                # A town's country as the place finder read it in context ("the town of
                # Palma in northern Mozambique"), not its best-known namesake's.
                hits = [p for p in places for s, e in entity.mentions
                        if p.span[0] <= s and e <= p.span[1]]
                if hits and len({p.country for p in hits}) == 1:
                    entity.country = hits[0].country
                elif not hits and entity.country and entity.country not in stated \
                        and self._small_town(entity.name):
                    # "a raid on Solhan in northern Burkina Faso": not the Turkish town its
                    # name first looks up to, when the finder placed it nowhere.
                    entity.country = None
                continue
            if entity.type == "PERSON":
                if entity.role or self.lexicon.people_terms(entity.name) \
                        or self.lexicon.actor(entity.name, person=True):
                    continue
            elif entity.type != "ORG" or entity.country or entity.sector or entity.org \
                    or entity.name in self.lexicon.organisation_names:
                continue
            hits = []
            for start, end in entity.mentions:
                i = bisect.bisect_right(starts, start) - 1
                if i < 0 or not (places[i].span[0] <= start and end <= places[i].span[1]):
                    break
                hits.append(places[i])
            else:
                entity.type = "GPE"
                entity.country = hits[0].country
                entity.sector = None

    def _known_surname(self, name: str) -> bool:
        """Whether ``name`` is one word that the tables know as an office holder's surname
        and as no place, state, people or body ("Fico", "Kurti", "Lagarde")."""
        if " " in name or not name[:1].isupper() or name.isupper() \
                or name in self.lexicon.organisation_names or name in self.lexicon.country_names \
                or name in self.lexicon.demonyms or name in self.lexicon.capitals \
                or name.lower() in self.lexicon.region_names or name.lower() in self.lexicon.admin1:
            return False
        if any(c.population >= SURNAME_TOWN_POPULATION
               for c in self.lexicon.cities.get(name.lower(), ())):
            return False  # ("Jordan", "Lincoln", "Santiago": places too)
        return bool(self.lexicon.people_terms(name)) or name.lower() in self.lexicon.actor_surnames

    def _small_town(self, name: str) -> bool:
        """Whether ``name`` is only the name of towns too small to be known abroad by it
        (which country's a text must say)."""
        towns = self.lexicon.cities.get(name.lower(), [])
        return bool(towns) and max(c.population for c in towns) < SMALL_TOWN_POPULATION \
            and name.lower() not in self.lexicon.region_names \
            and name not in self.lexicon.country_names and name not in self.lexicon.capitals

    def _is_known_name(self, text: str) -> bool:
        """A name the tables know as a country, capital, people or organisation ("Sri
        Lanka", "Sri Lankan" that the small NER model tags as a person)."""
        name = text.removesuffix("'s").removesuffix("’s")
        return (name in self.lexicon.country_names or name in self.lexicon.capitals
                or name in self.lexicon.demonyms or name in self.lexicon.organisation_names)




    # --- mentions -------------------------------------------------------------------------

    def _mentions(self, doc: Doc, skip: Callable[[int, int], bool],
                  published: str | None = None) -> list[Mention]:
        text = doc_text(doc)
        found: list[Mention] = []
        # (NORP too: "Chancellor Olaf Scholz's Social Democrats" are no US Democrats.)
        org_ents = [e for e in doc.ents if e.label_ in ("ORG", "NORP")]
        acronyms = self._acronyms(text, found, org_ents)
        # Countries the article names ("Lebanese", "Syria"), to tell Tripoli in Lebanon from
        # the Libyan capital, and the RSF in Sudan from the press-freedom group.
        # (Not "Jersey" in "New Jersey", nor "Mexico" in "New Mexico".)
        # (Nor "British" in "British Columbia": a place NER tagged whole, of another state.)
        places = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        country_words = [m for m in self.country_pattern.finditer(text)
                         if not text.endswith(("New ", "Nuevo ", "Nova "), 0, m.start())
                         and not self._inside_foreign_place(m, places)
                         and not self._inside_stateless_region(text, m)]
        # (Not "Congo", which two states go by: the others tell which.)
        named = {c for m in country_words if m.group(0) not in self.lexicon.capitals
                 and m.group(0) not in SHARED_COUNTRY_NAMES
                 and (c := self.country_of(m.group(0))) is not None}
        # ... and, to tell homonyms apart, the capitals it names too ("Khartoum").
        around = named | {c for m in country_words if m.group(0) not in SHARED_COUNTRY_NAMES
                          and (c := self.country_of(m.group(0))) is not None}
        org_matches = list(self.org_pattern.finditer(text))
        if self.place_country is not None and any(
                m.group(0) in self.lexicon.organisation_homonyms for m in org_matches):
            # ... and the places it names, when a name is several organisations' ("the RSF
            # shelled a camp near El Fasher").
            around |= {c for ent in doc.ents if ent.label_ in ("GPE", "LOC", "FAC", "ORG")
                       and (c := self.place_country(ent.text)) is not None}
        for m in org_matches:
            if m.group(0) in acronyms:
                continue  # the article defines it: its own definition wins over the table
            if self._inside_other_name(m, org_ents):
                continue  # "All Progressives Congress", not the US Congress
            org = self._organisation(m.group(0), around)
            if org is None:
                continue
            country = org.country
            if m.group(0) in SHARED_INSTITUTIONS and around and country not in around:
                # "the Supreme Court" in a story on India: India's, as the sentence or the
                # article says.
                country = next(iter(around)) if len(around) == 1 else None
            found.append(Mention(m.start(), m.end(), "org:" + org.name, org.name, "ORG",
                                 country=country, sector=org.sector, priority=3))
        for ent in doc.ents:
            # (Not a word in lower case: "fled into the bush" names no one.)
            said_country, said_sector = describe_body(
                doc, ent, self.lexicon, self.place_country, bodies_only=True) \
                if ent.label_ == "PERSON" and not self._is_known_name(ent.text) \
                and not self.lexicon.people_terms(ent.text) else (None, None)
            if said_sector is not None:
                # "Kenyan ride-hailing firm Zuberi", "X, an online news outlet": a body the
                # model took for a person.
                start, end = _strip_possessive(ent.start_char, ent.end_char, text)
                found.append(Mention(start, end, "org:" + text[start:end].lower(),
                                     text[start:end], "ORG", country=said_country,
                                     sector=said_sector, priority=1))
            elif ent.label_ == "PERSON" and not self._is_known_name(ent.text) \
                    and not ent.text.islower():
                # ("Chief Adviser Yunus" tagged whole: the title is no part of the name.)
                first = ent.start
                while first < ent.end - 1 and doc[first].lower_ in self.lexicon.titles:
                    first += 1
                start, end = _strip_possessive(doc[first].idx, ent.end_char, text)
                found.append(Mention(start, end, "person:" + text[start:end],
                                     text[start:end], "PERSON", priority=2))
        found.extend(self._missed_people(doc, text, published))
        found.extend(self._untagged_bodies(doc, text))
        for m in country_words:
            word = m.group(0)
            iso3 = self.country_of(word)
            if iso3 is None:
                continue
            if word in self.lexicon.capitals and word not in self.lexicon.country_names:
                found.append(self._capital_mention(doc, m.start(), m.end(), iso3, named))
            else:
                iso3 = self.lexicon.country_named(word, around) or iso3  # "Congo"
                found.append(Mention(m.start(), m.end(), "country:" + iso3,
                                     self.lexicon.countries[iso3].name, "GPE",
                                     country=iso3, priority=1))
        person_words = {t.text for t in doc if t.ent_type_ == "PERSON"}
        for tok in doc:
            # "Afganistan", "Ethopia", "the Phillippines military": a country name misspelt
            # by a letter is still the country (not "Cameron", named elsewhere as a person).
            if tok.pos_ == "PROPN" and len(tok.text) >= 6 and tok.text not in person_words and (
                    iso3 := self.lexicon.misspelt_country(tok.text)) is not None:
                found.append(Mention(tok.idx, tok.idx + len(tok.text), "country:" + iso3,
                                     self.lexicon.countries[iso3].name, "GPE", country=iso3,
                                     priority=1))
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "GPE", "NORP", "FAC"):
                continue
            start, end = _strip_the(ent.start_char, ent.end_char, text)
            start, end = _strip_possessive(start, end, text)
            name = text[start:end]
            known = self._organisation(name, around) \
                if name in self.lexicon.organisation_names else None
            if known is not None:
                found.append(Mention(start, end, "org:" + known.name, known.name, "ORG",
                                     country=known.country, sector=known.sector, priority=3))
            elif name in acronyms or (
                    ent.label_ == "ORG" and text[ent.start_char:start].lower() == "the "
                    and self._defined_before(acronyms, ent.start_char - 2)):
                defined = acronyms.get(name) or self._defined_before(acronyms,
                                                                     ent.start_char - 2)
                assert defined is not None
                found.append(Mention(start, end, defined.key, defined.name, "ORG",
                                     country=defined.country, sector=defined.sector,
                                     priority=2))
            elif ent.label_ in ("ORG", "GPE") and (self._titled_person_name(doc, ent, name)
                                                   or self._known_surname(name)):
                # ("Fico, a former prime minister, ...", "Kurti said": a known person's
                # surname the model took for a body or a place.)
                found.append(Mention(start, end, "person:" + name, name, "PERSON", priority=2))
            elif ent.label_ == "ORG":
                country, sector = self._describe_org(name)
                # What the words beside it say it is: "Indonesian ride-hailing firm Gojek",
                # "Karapatan, a Philippine human rights alliance," (before the words of
                # its own name, which say less: "the Kenya Human Rights Commission").
                said_country, said_sector = describe_body(
                    doc, doc[ent.start + (text[ent.start_char:start].lower() == "the "):
                             ent.end], self.lexicon, self.place_country)
                country = country or said_country
                sector = said_sector or sector or name_sector(name)
                # (As sure as a country's name inside it, so the whole name wins: "The New
                # Zealand Security Intelligence Service".)
                found.append(Mention(start, end, "org:" + name.lower(), name, "ORG",
                                     country=country, sector=sector, priority=1))
            elif ent.label_ == "GPE":
                said_country, said_sector = describe_body(doc, ent, self.lexicon,
                                                          self.place_country) \
                    if self.place_country is not None and self.place_country(name) is None \
                    else (None, None)
                if said_sector is not None:
                    # "Karapatan, a Philippine human rights alliance": a body, whatever the
                    # model took the name it knows nothing of for.
                    found.append(Mention(start, end, "org:" + name.lower(), name, "ORG",
                                         country=said_country, sector=said_sector,
                                         priority=1))
                else:
                    found.append(Mention(start, end, "gpe:" + name, name, "GPE"))
        found.sort(key=lambda m: (-m.priority, -(m.end - m.start), m.start))
        kept: list[Mention] = []
        taken = DisjointSpans(len(text))
        for mention in found:
            if skip(mention.start, mention.end):
                continue
            if taken.overlaps(mention.start, mention.end):
                continue
            kept.append(mention)
            taken.add(mention.start, mention.end)
        kept.sort(key=lambda m: m.start)
        self._owned_orgs(text, kept)
        return kept

    def _owned_orgs(self, text: str, mentions: list[Mention]) -> None:
        """An organisation of no known country named with its owner takes the owner's:
        "Britain's Office for Budget Responsibility", "NATO's Military Committee"; and
        the owner's sector when its name gives none ("the Chinese military's Eastern
        Theater Command")."""
        ends = {m.end: m for m in mentions}
        for m in mentions:
            if m.type != "ORG":
                continue
            owner = OWNER_BEFORE.search(text, max(0, m.start - 40), m.start)
            if owner is None:
                continue
            by = ends.get(owner.start(1))
            if by is not None and by.type == "ORG" and (
                    by.sector in ARMED_NON_STATE or by.country in ("ISM", "IMG")):
                # "Islamic State's Sinai Province": the group's branch, not Egypt's.
                m.country, m.sector = by.country, by.sector
                continue
            if m.country is not None:
                continue
            if by is not None and by.country is not None and by.type in ("ORG", "GPE"):
                m.country = by.country
                if by.type == "ORG" and by.sector in STATE_SECTORS:
                    m.sector = m.sector or by.sector
            else:
                m.country = self.country_of(text[owner.start():owner.start(1)])

    def _untagged_bodies(self, doc: Doc, text: str) -> Iterator[Mention]:
        """Bodies named in capitals that the model did not tag as one, read by their head
        word: "The New Zealand Security Intelligence Service said", "the Republic of Fiji
        Military Forces", "The Catholic Bishops' Conference of Nigeria". Their country and
        sector come from their words; no person's name may be inside."""
        for head in BODY_HEAD.finditer(text):
            before = BODY_BEFORE.search(text, max(0, head.start() - BODY_WINDOW), head.start())
            if before is None:
                continue
            after = BODY_AFTER.match(text, head.end())
            start, end = _strip_the(before.start(), after.end() if after else head.end(), text)
            words = text[start:end].split()
            if len(words) < 2 or self._is_known_name(text[start:end]):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(t.ent_type_ == "PERSON" for t in span) or any(
                    e.label_ == "ORG" and e.start_char <= start and end <= e.end_char
                    for e in doc.ents):
                continue  # (a name the model tagged whole is read as an organisation)
            name = text[start:end]
            country, sector = self._describe_org(name)
            yield Mention(start, end, "org:" + name.lower(), name, "ORG",
                          country=country, sector=sector, priority=1)

    def _missed_people(self, doc: Doc, text: str, published: str | None) -> list[Mention]:
        """Office holders the NER model did not tag: a full name anywhere; a bare surname
        or alias ("Modi", "Lula") only when, on the article's date, it names someone in
        office, as a noun (the tagger takes "Starmer" opening a sentence for a common one)
        and not after an article ("a Turk")."""
        out = []
        for m in self.people_pattern.finditer(text):
            span = doc.char_span(m.start(), m.end())
            name = m.group(0)
            if span is None:
                continue  # split mid-token
            if any(t.ent_type_ for t in span) and (" " not in name or any(
                    e.start < span.start or e.end > span.end
                    for e in doc.ents if e.start < span.end and span.start < e.end)):
                # Already an entity of some kind; but a full name the model cut short
                # ("ousted leader [Aung San] Suu Kyi") is the full name.
                continue
            if " " not in name and (
                    published is None or self.lexicon.person(name, published) is None
                    or any(t.pos_ not in ("PROPN", "NOUN") for t in span)
                    or (span.start > 0 and doc[span.start - 1].lower_ in ("a", "an", "the"))):
                continue
            out.append(Mention(m.start(), m.end(), "person:" + name, name, "PERSON",
                               priority=2))
        out.extend(self._titled_names(doc, text))
        return out

    def _titled_names(self, doc: Doc, text: str) -> Iterator[Mention]:
        """Names the model left untagged that a title in apposition shows are people's:
        "Agnes Callamard, the head of Amnesty International, said"."""
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and not doc[j].ent_type_ \
                    and doc[j].text[:1].isupper() and doc[j].is_alpha:
                j += 1
            if j - i < 2 or j - i > 4:
                i = max(j, i + 1)
                continue
            name = doc[i:j].text
            app = apposition_after(doc, j)
            if app is not None and not self._is_known_name(name) and not (
                    self.place_country and self.place_country(name)) and any(
                    t.kind in ("head", "neutral") for _, t in self._title_terms(
                        text[app[0]:app[1]])):
                yield Mention(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text),
                              "person:" + name, name, "PERSON", priority=2)
            i = j

    def _titled_person_name(self, doc: Doc, ent: SpacySpan, name: str) -> bool:
        """Whether a name the model tagged as an organisation is a person's, by the title
        before it: "government spokeswoman Yolande Makolo" (two to four capitalised words,
        none an organisation's or a title's)."""
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and not w.isupper()
                                               for w in words):
            return False
        if self.title_sector(name)[1] or self.org_pattern.search(name) or self._is_known_name(
                name) or (self.place_country and self.place_country(name)):
            return False
        pre = title_tokens_before(doc, ent.start, self.lexicon.titles)
        return bool(pre) and any(t.kind in ("head", "neutral") for _, t in self._title_terms(
            " ".join(t.text for t in pre)))

    def _acronyms(self, text: str, found: list[Mention],
                  org_ents: list[SpacySpan]) -> dict[str, Mention]:
        """Organisations defined with an acronym: the full name and the acronym become
        mentions of one entity (added to ``found``); return the definitions by acronym."""
        defined: dict[str, Mention] = {}
        for m in _acronym_definitions(text):
            name, acronym = m.group("name"), m.group("acronym").replace(".", "")
            words = name.split()
            while words and words[0].lower() in LINKING_WORDS:
                words = words[1:]
            # The acronym must spell the name's capitalised words (possibly in another
            # language's order, as "FIS" for the Islamic Salvation Front; "Anti-Corruption"
            # two of them), or be one the tables know, its name translated ("the Group
            # for the Support of Islam and Muslims (JNIM)"), or share a letter with a
            # name the model tagged as an organisation's ("the Federal Office for the
            # Protection of the Constitution (BfV)"). The words before it are its owner's:
            # "Britain's Crown Prosecution Service (CPS)" is Britain's.
            owner: list[str] = []
            while len(words) >= 2 and not _spells(acronym, words) \
                    and acronym not in self.lexicon.organisation_names \
                    and not (_shares_initial(acronym, words) and (
                        " ".join(words) in self.lexicon.organisation_names
                        or self._tagged_org(org_ents, m.end("name") - len(" ".join(words)),
                                            m.end("name")))):
                owner.append(words.pop(0))
                while words and words[0].lower() in LINKING_WORDS:
                    owner.append(words.pop(0))
            if len(words) < 2:
                continue
            start = m.start("name") + (len(m.group("name")) - len(" ".join(words)))
            full = " ".join(words)
            known = self.lexicon.organisation_names.get(full) or \
                self.lexicon.organisation_names.get(acronym)
            if known is not None:
                key, country, sector = "org:" + known.name, known.country, known.sector
            else:
                country, sector = self._describe_org(full)
                if country is None and owner:
                    country = self.country_of(owner[-1].removesuffix("'s").removesuffix("’s"))
                key = "org:" + full.lower()
            mention = Mention(start, start + len(full), key, full, "ORG", country=country,
                              sector=sector, priority=2, end_of_definition=m.end())
            found.append(mention)
            defined[acronym] = mention
            a_start = m.start("acronym")
            found.append(Mention(a_start, m.end("acronym"), key, full, "ORG",
                                 country=country, sector=sector, priority=2))
        uses = _acronym_uses(text, defined)
        for acronym, mention in defined.items():
            for start in uses.get(acronym, []):
                if start > mention.end + 2:
                    found.append(Mention(start, start + len(acronym), mention.key,
                                         mention.name, "ORG", country=mention.country,
                                         sector=mention.sector, priority=2))
        return defined

    def _inside_foreign_place(self, match: re.Match[str], places: list[SpacySpan]) -> bool:
        """Whether a country's word lies inside a longer place name of another state's
        ("British Columbia")."""
        if self.place_country is None:
            return False
        for ent in places:
            if ent.start_char <= match.start() and match.end() <= ent.end_char \
                    and ent.end_char - ent.start_char > match.end() - match.start():
                country = self.place_country(ent.text.removeprefix("the "))
                return country is not None and country != self.country_of(match.group(0))
        return False

    def _inside_stateless_region(self, text: str, match: re.Match[str]) -> bool:
        """Whether a country's name or demonym ends a region's of no one state ("Latin
        America's largest carrier", "the Central American University" name no United
        States)."""
        if text.endswith(("Inter-", "Pan-", "Trans-"), 0, match.start()):
            return True  # "the Inter-American Commission"
        before = PREVIOUS_WORD.search(text, max(0, match.start() - 20), match.start())
        if before is None:
            return False
        word = match.group(0)
        # (Its people too: "the Central American University" is no American one.)
        names = (word, word[:-1]) if word.endswith("an") else (word,)
        return any((region := self.lexicon.region_names.get(f"{before[1]} {n}".lower()))
                   is not None and region.country is None for n in names)

    @staticmethod
    def _tagged_org(org_ents: list[SpacySpan], start: int, end: int) -> bool:
        """Whether the model tagged ``start:end`` (a "the" before it aside, a bracket after
        it allowed) as an organisation's name."""
        return any(e.label_ == "ORG" and e.start_char in (start, start - 4)
                   and e.end_char in (end, end + 1, end + 2) for e in org_ents)

    def _inside_other_name(self, match: re.Match[str], org_ents: list[SpacySpan]) -> bool:
        """Whether a table name lies inside a longer organisation name NER found, other
        than the table's name with its country before it ("U.S. Congress", "Iraqi
        Parliament")."""
        for ent in org_ents:
            # (An acronym the model swallowed is no part of the name: "... Development (IGAD".)
            ent_end = ent.start_char + len(ent.text.split(" (")[0].rstrip(" ("))
            if ent.start_char <= match.start() and match.end() <= ent_end and (
                    ent_end - ent.start_char > match.end() - match.start()):
                before = re.sub(r"^the\b\s*", "", match.string[ent.start_char:match.start()]
                                .strip(), flags=re.IGNORECASE)
                return match.end() < ent_end or bool(
                    before and self.country_of(before.removesuffix("'s")) is None)
        return False

    def _organisation(self, name: str, named: set[str]) -> Organisation | None:
        """The table's organisation called ``name``: of several, the one of a country the
        article names; with none named, the one of no state ("RSF": Reporters Without
        Borders), and no guess at an acronym several states' parties or forces share
        ("APC" in a story naming neither Nigeria nor Sierra Leone, or an armoured car)."""
        homonyms = self.lexicon.organisation_homonyms.get(name, [])
        if not homonyms:
            return self.lexicon.organisation_names[name]
        placed = next((o for o in homonyms if o.country in named), None)
        if placed is not None:
            return placed
        stateless = [o for o in homonyms if o.country in NO_STATE]
        if len(stateless) == 1:
            return stateless[0]
        return None if name.isupper() else self.lexicon.organisation_names[name]

    @staticmethod
    def _defined_before(acronyms: dict[str, Mention], offset: int) -> Mention | None:
        """The organisation whose '(ACRONYM)' ends at ``offset``: "(NUT), the union" is
        an apposition naming it again."""
        for mention in acronyms.values():
            if mention.end_of_definition == offset:
                return mention
        return None

    def _capital_mention(self, doc: Doc, start: int, end: int, iso3: str,
                         named: set[str]) -> Mention:
        span = doc.char_span(start, end, alignment_mode="expand")
        name = doc_text(doc)[start:end]
        if span is not None:
            root = span.root
            governed = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE
            if governed or root.dep_ in ("compound", "amod"):
                # A place: "militias in Tripoli" in a story about Lebanon are Lebanese.
                elsewhere = {c.country for c in self.lexicon.cities.get(name.lower(), [])
                             if c.country in named} - {iso3}
                if iso3 not in named and len(elsewhere) == 1:
                    iso3 = elsewhere.pop()
                return Mention(start, end, "gpe:" + name, name, "GPE", country=iso3)
        # Standing for its government: "Tehran said", "accused Tehran of".
        return Mention(start, end, "country:" + iso3, self.lexicon.countries[iso3].name,
                       "GPE", country=iso3, priority=1)

    def _describe_org(self, name: str) -> tuple[str | None, str | None]:
        country = None
        for m in self.country_pattern.finditer(name):
            if not self._inside_stateless_region(name, m):
                country = self.country_of(m.group(0))
                break
        if country is None:
            country = self._region_country(name)
        sector, _ = self.title_sector(name)
        return country, sector

    def _region_country(self, name: str) -> str | None:
        """The country of the region an organisation's name begins with: "Balochistan
        Liberation Army", "West Papua National Liberation Army", "Tigray Defense Forces"."""
        words = name.split()
        for n in (3, 2, 1):
            lead = " ".join(words[:n])
            if n >= len(words) or not lead[:1].isupper() or lead.lower() in (
                    *self.lexicon.directions, "central", "national", "federal"):
                continue  # ("Central European University" is no Bahraini governorate's)
            region = self.lexicon.region_names.get(lead.lower())
            if region is not None and region.kind == "region" and region.country:
                return region.country
            provinces = {r.country for r in self.lexicon.admin1.get(fold(lead).lower(), [])}
            if len(provinces) == 1:
                return provinces.pop()
        return None







    # --- merging --------------------------------------------------------------------------

    def _merge(self, mentions: list[Mention], published: str | None) -> EntityIndex:
        clusters: dict[str, list[Mention]] = {}
        order: list[str] = []
        people = _People()
        for m in mentions:
            key = m.key
            if m.type == "PERSON":
                key = people.key(m)
            if key not in clusters:
                clusters[key] = []
                order.append(key)
            clusters[key].append(m)
            if key.startswith("person:"):
                people.add(key, m.name)
        index = EntityIndex()
        ids: dict[str, str] = {}
        for n, key in enumerate(order, start=1):
            ids[key] = f"ent{n}"
        for key in order:
            group = clusters[key]
            first = max(group, key=lambda x: (x.type == "PERSON" and len(x.name), x.priority))
            entity = Entity(id=ids[key], name=first.name, type=first.type)
            for m in group:
                entity.country = entity.country or m.country
                entity.sector = entity.sector or m.sector
                entity.role = entity.role or m.role
                if m.org_key and entity.org is None:
                    entity.org = ids.get(m.org_key)
                entity.mentions.append((m.start, m.end))
                index.by_span[(m.start, m.end)] = entity.id
            if entity.type in ("ORG", "GPE") and entity.country is None \
                    and not entity.name.isupper() and self._names_person(entity, published):
                # "Moody Awori", "Trump", "Hemedti": a known person taken for an org or a place
                entity.type = "PERSON"
            if entity.type == "PERSON":
                self._known_person(entity, published)
            elif entity.type == "GPE" and entity.country is None:
                entity.country = self.country_of(entity.name) or (
                    self.place_country(entity.name) if self.place_country else None)
            entity.actor_id = self._actor_id(entity, key, group, published)
            index.entities.append(entity)
        for entity in index.entities:
            if entity.type == "PERSON" and entity.country in NON_STATE:
                entity.sector = self._stateless_sector(entity, index)
        return index

    @staticmethod
    def _stateless_sector(person: Entity, index: EntityIndex) -> str | None:
        """The sector of someone of the UN, the EU, another intergovernmental body or an
        NGO: their body's when it has one (a judge of the ICJ, the European Parliament's
        president), a court's, an army's or a parliament's by their title, civil society's
        at an NGO; else none (the UN's Secretary-General is the UN's, not a government's,
        nor is the UN refugee chief a refugee: CAMEO's IGOUNO)."""
        org = index.get(person.org)
        if org is not None and org.sector in STATELESS_SECTORS:
            return org.sector
        if person.sector in STATELESS_SECTORS:
            return person.sector
        return "SOC" if person.country == "NGO" else None

    def _names_person(self, entity: Entity, published: str | None) -> bool:
        if entity.type == "ORG":
            return self.lexicon.person(entity.name, published) is not None
        # A place name never: "Georgia", "Jordan", "Victoria" are people's names too.
        return (self.country_of(entity.name) is None
                and (self.place_country is None or self.place_country(entity.name) is None)
                and bool(self.lexicon.people_terms(entity.name)))

    def _actor_id(self, entity: Entity, key: str, group: list[Mention],
                  published: str | None) -> str:
        """The entity's key across articles: its table or knowledge-base entry, whose role
        on the article's date also gives a country and sector the text did not; else its
        name, normalised ("Donald J. Trump", "Donald Trump": ``donald-trump``)."""
        if key.startswith("country:"):
            return key.removeprefix("country:").lower()
        if key.startswith("org:") and self.lexicon.organisation_names.get(entity.name):
            org = self.lexicon.organisation_names[entity.name]
            if org.roles and entity.sector == org.sector:
                entity.sector = org.sector_on(published)  # "the Taliban" in 2022: GOV
            return slug(org.name)
        if entity.type == "PERSON":
            person = self.lexicon.person(entity.name, published)
            if person is not None:
                return slug(person.name)
        if entity.type in ("PERSON", "ORG", "NORP", "FAC"):
            names = sorted({m.name for m in group} | {entity.name}, key=len, reverse=True)
            actor = next((a for n in names if (a := self.lexicon.actor(
                n, person=entity.type == "PERSON", on=published)) is not None), None)
            if actor is not None:
                country, sector = actor.role_on(published)
                entity.country = entity.country or country
                entity.sector = entity.sector or sector
                return actor.id
        return slug(entity.name)

    def _known_person(self, entity: Entity, published: str | None) -> None:
        person = self.lexicon.person(entity.name, published)
        if person is None and published:
            # Known, but in no office on that day: of the same country, and once every
            # office has ended, one of the former officials (ELI).
            # (A state's office taken later still tells the state; an international one
            # does not: the Romanian prosecutor Kovesi of 2018 is no European official yet.)
            terms = [t for t in self.lexicon.people_terms(entity.name)
                     if not t.start or t.start <= published or t.country not in NO_STATE]
            if terms:
                entity.country = entity.country or terms[-1].country
                if all(t.end and t.end < published for t in terms):
                    entity.sector = entity.sector or "ELI"
            elif entity.sector is None or entity.sector in POLITICAL_SECTORS:
                # (A politician's family: "Sara Duterte"; not the broadcaster Percy Lapid.)
                entity.country = entity.country or self.lexicon.surname_country(entity.name)
            return
        if person is None:
            return
        if (entity.role and entity.role.lower() in RANKS) or (
                entity.sector == "ELI" and person.sector != "OPP"):
            # "General Abdel Fattah al-Burhan" heading the state: a rank is not the office;
            # nor is "a former finance minister" sworn in as president that day (but a
            # former president leading the opposition is still one of the former).
            entity.sector = person.sector
        entity.country = entity.country or person.country
        if entity.sector == "PTY" and person.sector == "OPP":
            # "leader of the National Unity Platform", a party the tables do not list: the
            # tables know him as the opposition.
            entity.sector = "OPP"
        entity.sector = entity.sector or person.sector
        entity.role = entity.role or person.role


# The sectors a body of no state has apart from none: courts, forces, parliaments, police
# (Europol) and civil society.
# Sectors of politicians, whose relatives the tables' surnames place.
POLITICAL_SECTORS = frozenset({"GOV", "OPP", "PTY", "LEG", "ELI"})
STATELESS_SECTORS = frozenset({"JUD", "MIL", "LEG", "COP", "SOC"})
FOREIGN_ROLES = re.compile(r"\b(?:foreign|envoy|ambassador|diplomat|negotiator|secretary of "
                           r"state)\b", re.IGNORECASE)
NO_STATE = NON_STATE | {"ISM", "IMG", "MNC"}
# A body's name in capitals: a word that says it is one, the capitalised words before it
# (within a bounded window, so a long capitalised run costs no more than a short one) and
# "of" a name after it.
_CAP = r"[A-Z][\w'’.-]*"
BODY_HEAD = re.compile(
    r"(?<=\s)(?:Service|Services|Forces|Force|Army|Navy|Police|Guard|Conference|Church|"
    r"Council|Commission|Committee|Agency|Authority|Bureau|Directorate|Ministry|Department|"
    r"Court|Tribunal|Party|Front|Movement|Association|Federation|Institute|University|"
    r"Bank|Corporation|Company|Alliance|Coalition|Brigades?|Battalion|Militia|"
    r"Organi[sz]ation|Network|Foundation|Board|Command)(?![\w-])")
BODY_BEFORE = re.compile(rf"(?<![\w'’-])(?:{_CAP}\s+(?:(?:of|for|and|the|on)\s+)*)+$")
BODY_AFTER = re.compile(rf"\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}(?![\w-])")
BODY_WINDOW = 80
# The owner's "'s" right before a name (the group: where the owner's name ends).
OWNER_BEFORE = re.compile(r"[\w.]+(['’]s\s+)(?:the\s+)?$")
# Sectors of bodies that serve where they stand: "Kamal Adwan Hospital in northern Gaza".
# The capitalised word right before a name.
PREVIOUS_WORD = re.compile(r"\b([A-Z][a-z]+) $")
# A preposition that puts what follows as where something happens.
WHERE_BEFORE = re.compile(r"\b(?:in|into|to|from|across|throughout|at|inside|outside)\s+"
                          r"(?:the\s+)?$")
# "-led", "-backed": a state behind a body, not its own.
SIDE_OF = re.compile(r"-(?:led|backed|funded|sponsored|brokered|allied|aligned)\b")
LOCAL_BODIES = frozenset({"MED", "EDU", "REL", "LAB", "AGR", "BUS", "JRN"})
# The sectors of people who are of the state they act in, when their title says no whose.
PEOPLE_OF_A_STATE = frozenset({"OPP", "ELI", "JRN", "LAB", "EDU", "MED", "REL", "BUS", "AGR"})




def _country_from_sentence(doc: Doc, index: EntityIndex,
                           unknown_body: Callable[[str], bool]) -> None:
    """Give a state's official or body with no country the country of its sentence when
    the sentence names only one ("Prime Minister Anwar Ibrahim said Malaysia would",
    "the Metropolitan Police in London"); naming none, the one state of its other actors."""
    text = doc_text(doc)
    states = [(e.mentions, e.country, e.actor_id == e.country.lower()) for e in index.entities
              if e.type == "GPE" and e.country and len(e.country) == 3]
    for entity in index.entities:
        # (A state's body, or anyone a title places: "Opposition leader Fazlur Rehman ...
        # into Islamabad", "National police chief Ronald dela Rosa".)
        if entity.country or not entity.mentions or not (
                entity.sector in STATE_SECTORS or (entity.type == "PERSON" and entity.sector
                                                   in PEOPLE_OF_A_STATE)
                or (entity.type == "ORG" and entity.sector in LOCAL_BODIES)):
            continue
        if entity.type == "PERSON" and entity.role and (
                FOREIGN_ROLES.search(entity.role) or unknown_body(entity.role)):
            continue  # a foreign minister or envoy speaks of other states
        sent = doc.char_span(*entity.mentions[0], alignment_mode="expand")
        if sent is None:
            continue
        lo, hi = sent.sent.start_char, sent.sent.end_char
        named = {country for spans, country, _ in states if any(lo <= s < hi for s, _ in spans)}
        if entity.type == "ORG" and entity.sector in ("BUS", "JRN"):
            # A firm or an outlet: of a state the sentence names as one ("Chile's", "the
            # Brazilian city"), not of a city where it acts ("filed for bankruptcy in New
            # York"), nor of a state it acts in ("opened a factory in India"), nor of one
            # leading or backing it ("a China-led lender").
            named = {country for spans, country, whole in states if whole and any(
                lo <= s < hi and not SIDE_OF.match(text, e)
                and not WHERE_BEFORE.search(text, max(0, s - 12), s) for s, e in spans)}
        if not named:
            # No state named: a person's is the one state of the sentence's other people
            # and bodies (not a club's: "Jackson Union beat Victoria Athletic"; "Chief
            # Justice Roberts presided as the Senate voted ... President Donald
            # Trump").
            named = {e.country for e in index.entities if e is not entity and e.country
                     and e.type in ("PERSON", "ORG") and e.country not in NO_STATE
                     and any(lo <= s < hi for s, _ in e.mentions)
                     } if entity.type == "PERSON" else set()
        if len(named) == 1:
            entity.country = named.pop()








def _strip_the(start: int, end: int, text: str) -> Span:
    if text[start:end].lower().startswith("the "):
        return start + 4, end
    return start, end


def _acronym_definitions(text: str) -> Iterator[re.Match[str]]:
    """The matches ``ACRONYM_DEFINITION.finditer(text)`` yields, in linear time.

    A search tries the pattern at every capital, and each try walks the rest of its run of
    name words: quadratic in a long run ("President Joe Biden and Donald Trump ..." or one
    long capitalised word). But a try can only end after the run's last word, so when the
    try from a run's first capital fails, so does the try from every later word of the run.
    """
    words = NAME_WORD.finditer(text)
    pos = 0
    for word in words:
        if word.start() < pos:
            continue
        capital = CAPITAL.search(text, word.start(), word.end())
        if capital is None:
            continue
        m = ACRONYM_DEFINITION.match(text, capital.start())
        if m is not None:
            yield m
            pos = m.end()
            continue
        # Pass over the words the failed try walked through.
        end = word.end()
        while NAME_GOES_ON.match(text, end) is not None:
            following = next(words, None)
            if following is None:
                return
            end = following.end()


WORD_START_CAPITAL = re.compile(r"\b[A-Z]")


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` is made of the initials of ``words`` (linking words aside), in
    any order, a hyphenated word giving one initial or one per part."""
    words = [w for w in words if w.lower() not in LINKING_WORDS]
    whole = "".join(w[0] for w in words).upper()
    parts = "".join(p[0] for w in words for p in w.split("-") if p).upper()
    return sorted(acronym.upper()) in (sorted(whole), sorted(parts))


def _shares_initial(acronym: str, words: list[str]) -> bool:
    """Whether a letter of ``acronym`` begins a word of the name: a translated name's
    acronym keeps some ("BfV" for the Federal Office for the Protection of the
    Constitution), a stray bracket ("XYZ") none."""
    initials = {w[0].upper() for w in words if w.lower() not in LINKING_WORDS}
    return any(letter in initials for letter in acronym.upper())


def _acronym_uses(text: str, acronyms: dict[str, Mention]) -> dict[str, list[int]]:
    """Where each acronym occurs as a whole word, as a regular expression per acronym would
    find it (without overlaps), in one pass over the text rather than one per acronym."""
    uses: dict[str, list[int]] = {}
    if not acronyms:
        return uses
    lengths = sorted({len(a) for a in acronyms})
    for m in WORD_START_CAPITAL.finditer(text):
        start = m.start()
        for length in lengths:
            end = start + length
            if end > len(text):
                break
            word = text[start:end]
            if word in acronyms and _word_boundary(text, end):
                found = uses.setdefault(word, [])
                if not found or found[-1] + length <= start:
                    found.append(start)
    return uses


def _word_boundary(text: str, i: int) -> bool:
    """Whether a regular expression's word boundary lies at offset ``i``."""
    before = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
    after = i < len(text) and (text[i].isalnum() or text[i] == "_")
    return before != after


class _People:
    """Person clusters while mentions are merged, found by the surname of their longest
    name (a scan of every cluster per mention is quadratic in the article's people)."""

    def __init__(self) -> None:
        self.longest: dict[str, str] = {}  # cluster key -> its longest name (the first such)
        self.order: dict[str, int] = {}    # cluster key -> when it was made
        self.by_surname: dict[str, list[tuple[int, str]]] = {}  # -> (order, key), in order

    def key(self, m: Mention) -> str:
        """The cluster a person mention joins: "Kanani" joins "Nasser Kanani"."""
        tokens = m.name.split()
        if not tokens:
            return m.key
        for _, key in self.by_surname.get(tokens[-1], []):
            full = self.longest[key].split()
            # Same surname, and the same first name where both give one.
            if len(tokens) == 1 or len(full) == 1 or tokens[0] == full[0]:
                return key
        return m.key

    def add(self, key: str, name: str) -> None:
        """Note that a mention called ``name`` joined the cluster ``key``."""
        old = self.longest.get(key)
        if old is not None and len(name) <= len(old):
            return
        self.longest[key] = name
        n = self.order.setdefault(key, len(self.order))
        old_surname = old.split()[-1] if old and old.split() else None
        surname = name.split()[-1] if name.split() else None
        if old_surname == surname:
            return
        if old_surname is not None:
            self.by_surname[old_surname].remove((n, key))
        if surname is not None:
            bisect.insort(self.by_surname.setdefault(surname, []), (n, key))


def _strip_possessive(start: int, end: int, text: str) -> Span:
    if text[start:end].endswith(("'s", "’s")):
        return start, end - 2
    return start, end


def recent_entity(entities: EntityIndex, before: int, types: set[str]) -> str | None:
    """The entity of one of ``types`` mentioned last before offset ``before``."""
    return entities.latest(before, ("type", frozenset(types)), lambda e: e.type in types)


def nominal_entity(entities: EntityIndex, before: int, noun: str, rule: str) -> str | None:
    """The entity a nominal reference ("the spokesperson", "the ministry") points back to,
    by a rule from ``data/nominals.tsv``."""
    def fits(e: Entity) -> bool:
        if rule == "role":
            return e.type == "PERSON" and noun in (e.role or "").lower()
        if rule == "name":
            return e.type == "ORG" and noun in e.name.lower()
        key, _, value = rule.partition(":")
        allowed = set(value.split("|"))
        if key == "type":
            return e.type in allowed
        if key == "sector":
            return e.sector in allowed
        if key == "country":
            return e.country in allowed
        return False

    return entities.latest(before, ("nominal", noun, rule), fits)


def add_mention(entities: EntityIndex, entity_id: str, span: Span) -> None:
    """Record a resolved reference ("he") as a mention of an entity."""
    entity = entities.get(entity_id)
    if entity is None:
        return
    # Mentions are kept sorted: found and inserted by bisection, not by a scan and a sort.
    i = bisect.bisect_left(entity.mentions, span)
    if i == len(entity.mentions) or entity.mentions[i] != span:
        entity.mentions.insert(i, span)
        entities.mentioned(entity, span)


__all__ = ["ActorResolver", "EntityIndex", "Mention", "add_mention",
           "nominal_entity", "recent_entity"]
