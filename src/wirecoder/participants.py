"""Participants: the actor or recipient a head word names, resolved to an entity with a
country and sector.

A phrase's own words come first ("Jordan's King Abdullah", "the Azerbaijani republic"), then
what it is part of or belongs to ("the president of Armenia", "activists from the Fatah
party"), then a place inside it ("refugees in Liberia"); pronouns and possessives go back to
the subject of their clause or of the verb that reports them; a people is coded by where it
lives ("ethnic Albanians in south Serbia"). An unnamed actor ("gunmen", "a roadside
bombing") is never guessed.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as Tokens

from wirecoder.actors import EntityIndex, nominal_entity, recent_entity
from wirecoder.lexicon import Lexicon, fold, read_table, takes_a_side, word_lists
from wirecoder.model import Participant, Place, Span
from wirecoder.nlp import doc_text
from wirecoder.roles import office_sector
from wirecoder.spans import document_index

EVENT_WORDS = word_lists("event_words.tsv")

GROUP_SECTORS = {"protester": "OPP", "demonstrator": "OPP", "activist": "OPP",
                 "civilian": "CVL", "resident": "CVL", "villager": "CVL", "student": "EDU",
                 "worker": "LAB", "farmer": "AGR", "refugee": "REF", "soldier": "MIL",
                 "troop": "MIL", "force": "MIL", "army": "MIL", "police": "COP", "policeman": "COP",
                 "journalist": "JRN", "doctor": "MED", "official": "GOV",
                 "government": "GOV", "minister": "GOV", "lawmaker": "LEG", "jew": "REL",
                 "muslim": "REL", "christian": "REL", "prisoner": "CVL", "child": "CVL",
                 "woman": "CVL", "people": "CVL", "miner": "LAB",
                 "migrant": "REF", "gang": "CRM", "union": "LAB", "unionist": "LAB",
                 "mediator": "GOV"}
# Nouns for anyone's armed men or members: a sector-bearing noun before them decides.
ANYONES_MEN = frozenset({"member", "supporter", "fighter", "gunman", "militant", "loyalist",
                         "personnel", "unit", "crew", "staff"})
# Sectors of a body's armed men, which a body of government has too.
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
# Words for a state or its parts, whose head holds a state's office ("the country's
# president", "the ministry's director").
STATE_WORDS = frozenset({"country", "nation", "state", "government", "republic", "kingdom",
                         "administration", "ministry", "army", "military", "regime", "junta",
                         "cabinet", "city", "province", "region", "territory", "capital",
                         "island", "enclave", "council", "parliament", "police", "court"})
# Heads of any body, whose sector is the body's: "Tesla's chief executive".
BODY_HEAD_NOUNS = frozenset({"president", "executive", "chairman", "chairwoman", "chair",
                             "head", "chief", "leader", "director", "boss", "owner", "founder",
                             "ceo"})
# Ships and aircraft, which act for whoever crews them.
CRAFT = frozenset({"vessel", "ship", "warship", "boat", "jet", "warplane", "aircraft", "plane",
                   "helicopter", "drone", "tank", "cutter", "frigate", "destroyer"})
# Group nouns that are also words of names: a group only as a lower-case common noun.
NAME_WORDS = frozenset({"union"})
# Sectors of people coded by where they come from, not where they are: "Rohingya refugees
# in Bangladesh" are Myanmar's.
UPROOTED = frozenset({"REF"})
STATES = frozenset(row["iso3"] for row in read_table("countries.tsv"))
# Phrases that name who acts ("riot police", "gunmen", "opposition leader"), converted from
# PETRARCH2's agents dictionary by scripts/build_agents.py.
AGENTS = {row["phrase"]: row["sector"] for row in read_table("agents.tsv")}
COLLECTIVES = EVENT_WORDS["collectives"]
FACILITY_NOUNS = EVENT_WORDS["facility_nouns"]
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
REPORTING = EVENT_WORDS["reporting"]
BODY_NOUNS = EVENT_WORDS["body_nouns"]
STATE_BODIES = EVENT_WORDS["state_bodies"]
REGIONAL_DEMONYMS = EVENT_WORDS["regional_demonyms"]
MEANS_OF_ATTACK = EVENT_WORDS["means_of_attack"]
MEMBER_NOUNS = EVENT_WORDS["member_nouns"]
RIVAL_NOUNS = EVENT_WORDS["rival_nouns"]
DOCUMENTS = EVENT_WORDS["documents"]
RESIDING = EVENT_WORDS["residing"]
AFFILIATIONS = EVENT_WORDS["affiliations"]
DATELINE = re.compile(r"(?m)^(?P<place>[A-Z][A-Z.'\- ]{2,}?)(?:, [A-Z][A-Za-z.]+\.?)?"
                      r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})? ?(?:\([A-Za-z]+\))?(?: [—–-]|[—–])")
DATELINES_KEY = "wirecoder_datelines"


class ParticipantResolver:
    """Resolves the head words of actors and recipients to participants."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.nominals = {r["noun"]: r["match"] for r in read_table("nominals.tsv")}

    def resolve(self, doc: Doc, heads: list[Token], entities: EntityIndex,
                places: list[Place]) -> list[Participant]:
        """The participants ``heads`` and their conjuncts name, each phrase once."""
        text = doc_text(doc)
        out: list[Participant] = []
        seen: set[Span] = set()
        for head in heads:
            for tok in [head, *conjuncts(head)]:
                tok = _people_of(tok)
                span = phrase_span(doc, tok)
                if span in seen:
                    continue
                seen.add(span)
                participant = self._participant(doc, text, tok, span, entities, places)
                if participant is not None:
                    out.append(participant)
        return out

    def _participant(self, doc: Doc, text: str, head: Token, span: Span,
                     entities: EntityIndex, places: list[Place]) -> Participant | None:
        start, end = span
        if any(lo <= start and end <= hi for lo, hi in datelines(doc)):
            return None  # "CLEVELAND, July 19 (UPI) — ...": where the story was filed
        if head.i > 0 and f"{doc[head.i - 1].lower_}_{head.lower_}" in REGIONAL_DEMONYMS:
            return None  # "Latin American": a region, not the United States
        if head.lemma_.lower() in DOCUMENTS and not head.ent_type_:
            return None  # "signed a peace agreement in Riyadh": a text, not a party
        if head.lemma_.lower() in COLLECTIVES:
            # "a group of Moroccan diplomats", "leaders of the coalition": the members act.
            of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
            if of:
                return self._participant(doc, text, of[0], phrase_span(doc, of[0]),
                                         entities, places)
        if head.pos_ == "VERB":
            # "The Red Cross operating in Iraq said": the parser made the participle the
            # subject; its own subject is the one meant.
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subject is None:
                return None
            return self._participant(doc, text, subject, phrase_span(doc, subject),
                                     entities, places)
        if head.lemma_.lower() in FACILITY_NOUNS:
            owner = _owner(head)
            if owner is not None:
                return self._participant(doc, text, owner, phrase_span(doc, owner),
                                         entities, places)
        entity_id = _entity_for(doc, head, span, entities)
        if head.lemma_.lower() in MEANS_OF_ATTACK and head.pos_ == "NOUN" and entity_id is None:
            # "Hezbollah rockets hit ...": the group named before the weapon fired it.
            before = doc[head.left_edge.i:head.i]
            firer = next((ent for (s, e), ent in entities.by_span.items()
                          if before.start_char <= s and e <= before.end_char), None) \
                if len(before) else None
            known = entities.get(firer)
            if known is not None and (known.country or known.sector):
                return Participant(text[start:end], (start, end), firer, known.country,
                                   known.sector, known.role)
            if not any(t.ent_type_ in NAMED for t in before) \
                    and self.country_named(before) is None:
                # "a roadside bombing near Samarra killed ...": no one named ("Israeli
                # missiles struck", "US Predator attacks" name who fired them).
                return None
        reporter = _reporting_subject(head) if entity_id is None else None
        if reporter is not None:
            # "The Fijian rebels said they will release ...": the pronoun is the one who says.
            said = self._participant(doc, text, reporter, phrase_span(doc, reporter),
                                     entities, places)
            if said is None or not (said.entity or said.country):
                # "the rebels said their attack ...": unnamed, not the last name, and not
                # listed by its pronoun.
                return None
            return Participant(text[start:end], (start, end), said.entity, said.country,
                               said.sector, said.role)
        owner = _clause_subject_of_possessive(head) if entity_id is None else None
        if owner is not None:
            # "The ILO reiterated its demand": "its" is the subject of its own clause.
            own = self._participant(doc, text, owner, phrase_span(doc, owner), entities,
                                    places)
            if own is not None and (own.entity or own.country):
                return Participant(text[start:end], (start, end), own.entity, own.country,
                                   own.sector, own.role)
        if entity_id is None and head.pos_ == "PRON":
            word = head.lower_
            if word in ("he", "she", "him", "her"):
                entity_id = recent_entity(entities, start, {"PERSON"})
            elif word in ("it", "its", "they", "their", "them"):
                entity_id = recent_entity(entities, start, {"ORG", "GPE"})
            else:
                return None
        of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
        own_country = None
        if entity_id is None and of:
            # The phrase's own modifiers first: "the Turkish and Greek sides of Cyprus".
            phrase = doc.char_span(start, end, alignment_mode="expand")
            own_country = self.country_named(
                doc[phrase.start if phrase is not None else head.i:head.i + 1])
        if entity_id is None and of and own_country is None:
            # "the president of Armenia", "the return of U.N. inspectors": the complement
            # names who it is.
            inner = self._participant(doc, text, of[0], phrase_span(doc, of[0]), entities,
                                      places)
            if inner is not None and (inner.entity or inner.country):
                return Participant(text[start:end], (start, end), inner.entity,
                                   inner.country, inner.sector, inner.role)
        home = self._homeland(doc, text, head, entities, places)
        if home is not None:
            # "ethnic Albanians in south Serbia", "the Albanians of southern Serbia": a
            # people is coded by the country it lives in.
            return Participant(text[start:end], (start, end), None, home, None, None)
        affiliation = _affiliation(head) if entity_id is None and not of else None
        if affiliation is not None and own_country is None:
            # "activists from the Fatah party", "workers affiliated with the Serbian union",
            # "militants loyal to Iraq's al-Qaeda leader": whose people they are.
            phrase = doc.char_span(start, end, alignment_mode="expand")
            if self.country_named(doc[phrase.start if phrase is not None else head.i:
                                       head.i + 1]) is None:
                inner = self._participant(doc, text, affiliation,
                                          phrase_span(doc, affiliation), entities, places)
                if inner is not None and inner.country:
                    # "fighters from the RSF": the armed group's own sector, not the noun's.
                    armed = inner.sector in ("REB", "UAF", "CRM")
                    return Participant(text[start:end], (start, end), None, inner.country,
                                       inner.sector if armed else
                                       group_sector(head) or inner.sector, None)
        if entity_id is None and not of and head.lemma_.lower() in self.nominals and any(
                c.lower_ in ("the", "this", "that", "its") for c in head.children):
            entity_id = self._nominal(head, start, entities)
        entity = entities.get(entity_id)
        if entity is not None and not (entity.country or entity.sector) and head.pos_ == "NOUN":
            entity, entity_id = None, None  # "Gunmen" tagged as a name: still unnamed
        country = entity.country if entity else None
        sector = entity.sector if entity else None
        if entity is not None and entity.type == "ORG" and sector in ("GOV", None) \
                and head.pos_ == "NOUN" and head.text.islower():
            # "Palestinian Authority security forces", "Interior Ministry troops": the
            # body's forces, of the noun's sector.
            forces = group_sector(head)
            sector = forces if forces in FORCE_SECTORS else sector
        possessor = next((c for c in head.children if c.dep_ == "poss"), None)
        named = entity_words(head)
        if entity is not None and entity.type != "GPE" and possessor is not None and not (
                named is not None and named[0] <= possessor.i):
            # "the Ivory Coast's Supreme Court", "Israel's Cabinet": whose body it is.
            country = self.country_named(doc[possessor.left_edge.i:possessor.i + 1]) \
                or country
        if entity is None or not (country or entity.sector):
            # The phrase's own modifiers first ("Jordan's King Abdullah", "the Azerbaijani
            # republic"), then a place inside it ("refugees in Liberia").
            phrase = doc.char_span(start, end, alignment_mode="expand")
            words = doc[phrase.start if phrase is not None else head.i:head.i + 1]
            if head.lemma_.lower() in MEMBER_NOUNS | RIVAL_NOUNS and possessor is not None:
                # "Israel's militia ally in southern Lebanon" is not Israel.
                words = doc[possessor.i + 1:head.i + 1]
            country = country or self.country_named(words)
            place = next((p for p in document_index(doc.user_data, "places", places,
                                                    lambda p: p.span).starting_in(start, end)
                          if p.span[1] <= end), None)
            if place is None and country is None:
                # "Esfahan Uranium Conversion Facilities (UCF) in central Iran": a place the
                # phrase's span stops short of.
                at = [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                      for g in c.children if g.dep_ == "pobj"]
                places_at = document_index(doc.user_data, "places", places, lambda p: p.span)
                place = next((p for g in at for p in places_at.starting_in(
                    g.left_edge.idx, g.right_edge.idx)), None)
                if place is None and at:
                    # "Striking doctors in Nigeria's public hospitals": whose hospitals.
                    country = self.country_named(doc[at[0].left_edge.i:at[0].i + 1])
            if place is not None and country is None:
                country = place.country
            if country is None and possessor is not None and possessor.pos_ == "PRON" and (
                    head.lemma_.lower() in GROUP_SECTORS or head.lemma_.lower() in BODY_NOUNS):
                # "the Bosnian Serbs said their forces had completed ...": whose forces.
                own = self._participant(doc, text, possessor, phrase_span(doc, possessor),
                                        entities, places)
                if own is not None:
                    country = own.country
                    entity_id = entity_id or own.entity
                    entity = entity or entities.get(own.entity)
            if country is None and (head.lemma_.lower().startswith("peacekeep") or any(
                    c.lemma_.lower().startswith("peacekeep") for c in head.children
                    if c.dep_ in ("compound", "amod"))):
                country = "IGO"  # "a regional peacekeeping force": sent by an organisation
            sector = sector or group_sector(head)
            if country is None and sector is None and entity is None:
                return None  # an unnamed actor ("groups", "gunmen") is not guessed
        if sector is None and head.pos_ == "NOUN":
            # "Israeli troops", "Turkish officials": the demonym's country, the noun's sector;
            # "Britain's home secretary": the office's.
            sector = group_sector(head)
            if sector is None and head.tag_ == "NN":
                phrase = doc.char_span(start, end, alignment_mode="expand")
                words = doc[phrase.start if phrase is not None else head.i:head.i + 1]
                if self.country_named(words[:-1]):
                    # (Only a state's office: not "Apple's chief executive", "the club's
                    # president".)
                    sector = office_sector(words, head, self.lexicon)
        if entity is None and possessor is not None and (
                possessor.pos_ == "PROPN" or (possessor.pos_ == "NOUN"
                                              and possessor.lemma_.lower() not in STATE_WORDS)) \
                and head.lemma_.lower() in BODY_HEAD_NOUNS and self.country_named(
                    doc[possessor.left_edge.i:possessor.i + 1]) is None:
            # "Tesla's chief executive", "the club's president": the head of that body, of
            # its country and sector, not a state's ("Britain's home secretary" is).
            body = self._participant(doc, text, possessor, phrase_span(doc, possessor),
                                     entities, places)
            country, sector = (body.country, body.sector) if body else (None, None)
            if country is None and sector is None:
                return Participant(text[start:end], (start, end), None, None, None, None)
        appos = next((c for c in head.children if c.dep_ == "appos"), None)
        if appos is not None and head.ent_type_ == "PERSON" and (
                entity is None or entity.type == "PERSON"):
            # "Salaheddine Sidhoum, Algeria's leading human rights activist": the role says
            # whose. Only for people: "Pakistan, a key U.S. ally" stays Pakistan.
            role = self._participant(doc, text, appos, phrase_span(doc, appos), entities,
                                     places)
            if role is not None and role.country:
                country, sector = role.country, role.sector or sector
        if country is None and entity is None and sector is not None \
                and sector not in UPROOTED:
            # "Bandits abducted 300 schoolgirls in northwest Nigeria": unnamed people are
            # of the one country their sentence names.
            country = sentence_country(head.sent, entities, places)
        if entity is None and head.lemma_.lower() == "settler" and (country == "PSE" or (
                country is None and any(c.lower_ == "jewish" for c in head.children))):
            # "Settlers torched homes in a West Bank village", "Jewish settlers": Israel's
            # people in occupied land, as CAMEO codes them (ISRSET), not the land's.
            country = "ISR"
        return Participant(text[start:end], (start, end), entity_id, country, sector,
                           entity.role if entity else None)

    def _is_people(self, head: Token) -> bool:
        """'Albanians', 'ethnic Turks', 'Kurds': a people, not a state's forces."""
        return head.tag_ in ("NNPS", "NNS") and (
            any(c.lower_ == "ethnic" for c in head.children)
            or bool(self.lexicon.demonyms.get(head.text.rstrip("s")))
            or bool(self.lexicon.demonyms.get(head.text)))

    def _homeland(self, doc: Doc, text: str, head: Token, entities: EntityIndex,
                  places: list[Place]) -> str | None:
        if not self._is_people(head):
            return None
        preps = [c for c in head.children if c.dep_ == "prep"]
        # "ethnic Albanian guerrillas operating in Macedonia"
        preps += [g for c in head.children if c.dep_ == "acl" and c.lemma_ in RESIDING
                  for g in c.children if g.dep_ == "prep"]
        for prep in preps:
            if prep.lower_ in ("in", "of", "from"):
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    where = self._participant(doc, text, pobj, phrase_span(doc, pobj),
                                              entities, places)
                    if where is not None and where.country and where.country not in (
                            "IGO", "NGO", "UNO", "EUR"):
                        return where.country
        return None

    def is_country(self, token: Token) -> bool:
        """Whether the name ``token`` belongs to is a country's ("US", "Iran"), not a
        city's or a region's."""
        words = entity_words(token)
        name = token.doc[words[0]:words[1]].text if words is not None else token.text
        if name.lower().startswith("the "):
            name = name[4:]
        return bool(self.lexicon.country_names.get(name) or self.lexicon.demonyms.get(name))

    def country_named(self, words: Tokens) -> str | None:
        """The first country, demonym or known region's country among ``words``, names of
        up to three words included ("Ivory Coast rebels", "the Dominican Republic", "Sindh
        province"), but not one inside the name of a sea or a landmark ("the South China
        Sea")."""
        regional = {k for k in range(len(words) - 1)
                    if f"{words[k].lower_}_{words[k + 1].lower_}" in REGIONAL_DEMONYMS}
        for k in range(len(words)):
            if k in regional or k - 1 in regional:
                continue  # "Latin American countries" are not American
            tok = words[k]
            if takes_a_side(doc_text(tok.doc), tok.idx):
                continue  # "an anti-Syria journalist" is not Syrian, nor "pro-Russian
                # separatists" Russian
            following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if tok.ent_type_ in ("LOC", "FAC") and (
                    tok.ent_iob_ == "I" or (following is not None and following.ent_iob_ == "I")):
                continue  # a word of a many-word landmark name
            for n in (3, 2, 1):
                if k + n <= len(words):
                    name = words[k:k + n].text
                    iso3 = self.lexicon.demonyms.get(name) or \
                        self.lexicon.country_names.get(name)
                    region = self.lexicon.region_names.get(name.lower()) \
                        if name[:1].isupper() else None
                    if iso3 is None and region is not None:
                        iso3 = region.country  # "the government of Sindh province"
                    if iso3 is None and name[:1].isupper() and tok.pos_ == "PROPN" \
                            and len(name) >= 5:
                        # "New South Wales police": a province of one state only (not
                        # "Punjab police", of India's or Pakistan's).
                        states = {r.country for r in self.lexicon.admin1.get(
                            fold(name).lower(), [])}
                        iso3 = states.pop() if len(states) == 1 else None
                    if iso3 is None and name[:1].isupper() and (
                            tok.ent_type_ == "GPE" or (not tok.ent_type_
                                                       and tok.pos_ in ("PROPN", "ADJ"))):
                        iso3 = city_country(self.lexicon, name)  # "Seoul prosecutors"
                    if iso3 is None and n == 1 and tok.pos_ == "PROPN" and len(name) >= 6:
                        iso3 = self.lexicon.misspelt_country(name)  # "Quatar's emir"
                        if iso3 is not None and any(t.ent_type_ == "PERSON" and t.text == name
                                                    for t in tok.doc):
                            iso3 = None  # "Cameron", named elsewhere as a person
                    if iso3:
                        return iso3
        return None

    def _nominal(self, head: Token, start: int, entities: EntityIndex) -> str | None:
        """'the Palestinian group' -> the last Palestinian organisation named before it.

        Modifiers must agree: a demonym fixes the country; any other modifier ('the
        resistance groups') makes the phrase more than a reference back.
        """
        wanted: str | None = None
        for child in head.children:
            if child.dep_ in ("amod", "compound"):
                iso3 = (self.lexicon.demonyms.get(child.text)
                        or self.lexicon.country_names.get(child.text))
                if iso3 is None:
                    return None
                wanted = iso3
        found = nominal_entity(entities, start, head.lemma_.lower(),
                               self.nominals[head.lemma_.lower()])
        entity = entities.get(found)
        if entity is None or (wanted is not None and entity.country != wanted):
            return None
        return found


def city_country(lexicon: Lexicon, name: str) -> str | None:
    """The country of a capital, or of a city of 100,000 people no namesake rivals
    ("Istanbul prosecutors", "Goma residents")."""
    if name in lexicon.capitals:
        return lexicon.capitals[name]
    cities = sorted(lexicon.cities.get(name.lower(), []), key=lambda c: -c.population)
    if cities and cities[0].population >= 100_000 and (
            len(cities) == 1 or cities[1].population * 20 <= cities[0].population):
        return cities[0].country
    return None


def common_noun(token: Token) -> bool:
    """A common noun, or a lower-case one the tagger took for a name ("Mexico's foreign
    ministry", "Japan's parliament")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())


def entity_words(token: Token) -> tuple[int, int] | None:
    """Token range of the named entity ``token`` is in (without building ``doc.ents``,
    which is slow to read for every participant)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def datelines(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the place names in datelines, found once per document."""
    found = doc.user_data.get(DATELINES_KEY)
    if found is None:
        found = [m.span("place") for m in DATELINE.finditer(doc_text(doc))]
        doc.user_data[DATELINES_KEY] = found
    return list(found)


def _clause_subject_of_possessive(pronoun: Token) -> Token | None:
    """The named subject of the clause a possessive pronoun's noun is the object of:
    "The ILO reiterated its demand", "the group insisted on its demands"."""
    if pronoun.dep_ != "poss" or pronoun.lower_ not in ("its", "their", "his", "her"):
        return None
    node = pronoun.head
    for _ in range(3):
        if node.dep_ not in ("dobj", "pobj", "prep") or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            break
    subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    return subject


def _reporting_subject(pronoun: Token) -> Token | None:
    """The subject of the reporting verb whose clause a pronoun subject (or its possessive)
    opens: 'they' in 'the rebels said they will release ...', 'he' in 'the king said he would
    host ...', 'their' in 'the rebels said their attack would continue'."""
    subject_of_clause = pronoun
    if pronoun.dep_ == "poss" and pronoun.head.dep_ in ("nsubj", "nsubjpass"):
        subject_of_clause = pronoun.head  # "the rebels said their attack would ..."
    if pronoun.pos_ != "PRON" or subject_of_clause.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = subject_of_clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in REPORTING:
        return None
    reporter = clause.head
    subject = next((c for c in reporter.children if c.dep_ == "nsubj"), None)
    if subject is None and reporter.dep_ == "conj":
        # "The rebels rejected the plan and said they ...": the first verb's subject.
        subject = next((c for c in reporter.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    person = subject.ent_type_ == "PERSON" and subject.tag_ != "NNPS"  # not "Bosnian Serbs"
    if (pronoun.lower_ in ("he", "she", "his", "her")) != person:
        return None  # 'the ministry said he ...': someone else
    return subject


def _owner(noun: Token) -> Token | None:
    """Who a struck facility belongs to: 'sites used by the IRGC', 'Hamas's bases'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "acl":
            for g in child.children:
                if g.dep_ == "agent":
                    pobj = [x for x in g.children if x.dep_ == "pobj"]
                    if pobj:
                        return pobj[0]
        if child.dep_ == "prep" and child.lower_ in ("of", "belonging"):
            pobj = [x for x in child.children if x.dep_ == "pobj"]
            if pobj and pobj[0].ent_type_ in ("ORG", "GPE", "NORP"):
                return pobj[0]
        if child.dep_ == "prep" and child.lower_ == "for" and noun.lemma_ == "camp":
            # "a camp for Congolese refugees": the people it houses.
            return next((x for x in child.children if x.dep_ == "pobj"), None)
    return None


def _people_of(token: Token) -> Token:
    """The people a demonym describes: "aid for American farmers" goes to the farmers, "by
    Swedish gang members" names the members; "German goods" stay German."""
    head = token.head
    if token.ent_type_ == "NORP" and token.dep_ in ("amod", "compound") \
            and head.pos_ == "NOUN" and not head.ent_type_ and group_sector(head):
        return head
    return token


def conjuncts(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]


def phrase_span(doc: Doc, head: Token) -> Span:
    start = head.left_edge.i
    end = head.i
    for child in head.rights:
        if name_after_title(head, child):
            end = child.right_edge.i  # "Opposition leader Odinga": the name is the phrase's
            continue
        if child.dep_ in ("relcl", "acl", "advcl", "appos", "cc", "conj", "punct") \
                or child.is_punct:
            break
        end = child.right_edge.i
    if head.dep_ == "ROOT":
        # "Doctors from two aid groups donated ...": the verb the parser hung inside the
        # subject ends it.
        verb = next((t for t in doc[head.i + 1:end + 1] if t.dep_ == "acl"
                     and t.tag_ in ("VBD", "VBN")), None)
        if verb is not None:
            end = max(head.i, verb.i - 1)
    while start < end and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    if end > start and doc[end].dep_ == "case":  # "the DOJ’s demand": the DOJ acts
        end -= 1
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def name_after_title(head: Token, child: Token) -> bool:
    """Whether ``child`` is a name the parser hung on a title word right before it as an
    apposition with no comma: "Opposition leader Odinga", "Speaker McCarthy"."""
    return child.dep_ == "appos" and child.i == head.i + 1 and child.ent_type_ == "PERSON"


def _entity_for(doc: Doc, head: Token, span: Span, entities: EntityIndex) -> str | None:
    inside = entities.within(*span)
    for s, e, ent_id in inside:
        if s <= head.idx < e:
            return ent_id
    people = [x for x in inside if (ent := entities.get(x[2])) and ent.type == "PERSON"
              and x[0] <= head.idx + len(head.text)]
    if people:
        return people[0][2]
    owners = []
    for s, e, ent_id in inside:
        sub = doc.char_span(s, e, alignment_mode="expand")
        # The name's own head word ("the Taliban": "Taliban", not the article).
        root = next((t for t in sub or [] if t.dep_ != "det"
                     and not (sub is not None and sub.start <= t.head.i < sub.end)), None)
        anti = root is not None and root.i >= 2 and doc[root.i - 1].text == "-" \
            and doc[root.i - 2].lower_ == "anti"  # "an anti-Syria journalist"
        if root is not None and root.head.i == head.i and not anti and root.dep_ in (
                "poss", "compound", "amod", "nmod"):
            ent = entities.get(ent_id)
            # "US forces", "Iran's foreign ministry", "the Taliban faction": the body of a
            # named state or group. Not "the Palestinian group": an adjective describes the
            # group, which the nominal resolver names (Hamas), not the territories.
            lemma = head.lemma_.lower()
            if ent is not None and (lemma in GROUP_SECTORS or lemma in STATE_BODIES or (
                    (lemma in BODY_NOUNS or lemma in FACILITY_NOUNS) and root.pos_ != "ADJ")
                    or (lemma in MEMBER_NOUNS and root.dep_ == "compound")):
                # "its European Community partners" are the Community; "Greece's
                # partners" are not Greece.
                owners.append(ent)
    # ("Israel's Shin Bet security agency" is the Shin Bet's, the body named with its state.)
    owner = next((ent for ent in owners if ent.type != "GPE"), owners[0] if owners else None)
    return owner.id if owner is not None else None


def _affiliation(head: Token) -> Token | None:
    """Whose people a phrase names: 'doctors from two American aid groups', 'workers
    affiliated with the union', 'militants loyal to the frontman', 'a newspaper based in
    Beirut'."""
    for child in head.children:
        # ("judges at the International Court of Justice": at a named body.)
        preps = [child] if child.dep_ == "prep" and (child.lower_ == "from" or (
            child.lower_ == "at" and any(g.dep_ == "pobj" and g.ent_type_ == "ORG"
                                         for g in child.children))) else []
        if child.dep_ in ("acl", "amod") and (child.lemma_.lower() in AFFILIATIONS
                                             or child.lower_ in AFFILIATIONS):
            preps = [c for c in child.children if c.dep_ == "prep"]
        for prep in preps:
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def sentence_country(sent: Tokens, entities: EntityIndex, places: list[Place]) -> str | None:
    """The one state a sentence places its events in, by the places it names, when no name,
    demonym, body or person of another state is in it; else None. "Bandits abducted 300
    schoolgirls in Zamfara state": Nigeria. Not "Gunmen attacked US forces in Iraq", nor
    "rebels who stormed the Australian embassy" (the state of the target, not of the
    rebels). "Pro-Russian" and "anti-American" name no state here."""
    lo, hi = sent.start_char, sent.end_char
    located = {p.country for p in document_index(sent.doc.user_data, "places", places,
                                                 lambda p: p.span).starting_in(lo, hi)
               if p.span[1] <= hi and p.country in STATES}
    if len(located) != 1:
        return None
    text = doc_text(sent.doc)
    named = {e.country for s, _, e in ((s, x, entities.get(i))
                                       for s, x, i in entities.within(lo, hi))
             if e is not None and e.country in STATES and not takes_a_side(text, s)}
    return located.pop() if named <= located else None


def group_sector(head: Token) -> str | None:
    """The sector a common noun names: "riot police" COP, "gunmen" UAF, "rebel forces" REB,
    "opposition leader" OPP; the longest phrase of the head and its modifiers wins."""
    lemma = head.lemma_.lower()
    left = head.i
    doc = head.doc
    while left > head.sent.start and (
            (doc[left - 1].dep_ in ("compound", "amod") and doc[left - 1].head.i == head.i)
            or (doc[left - 1].text == "-" and left - 2 >= head.sent.start
                and not doc[left - 1].whitespace_)):
        left -= 2 if doc[left - 1].text == "-" else 1  # "ride-hailing drivers"
    for start in range(left, head.i):
        if doc[start].text == "-" or (start > 0 and doc[start - 1].text == "-"):
            continue  # (not "hailing drivers" of "ride-hailing drivers")
        # (As written: "ride-hailing driver", not "ride - hailing driver".)
        words = doc[start:head.i].text.lower()
        found = AGENTS.get(f"{words} {lemma}") or AGENTS.get(f"{words} {head.lower_}")
        if found:
            return found
    if lemma in ANYONES_MEN:
        # "gang members", "cartel gunmen", "union members": whose men says who they are
        # ("air defence units": the words before them together).
        for start in range(min(left, head.left_edge.i), head.i - 1):
            words = " ".join(t.lower_ for t in head.doc[start:head.i])
            if (found := AGENTS.get(words)) is not None:
                return found
        for child in head.children:
            # (lower case, or capitalised only as the sentence's first word)
            if child.dep_ == "compound" and ((child.pos_ == "NOUN" and child.text.islower())
                                             or child.i == head.sent.start):
                word = child.lemma_.lower()
                found = GROUP_SECTORS.get(word) or AGENTS.get(word)
                if found:
                    return found
    if lemma in CRAFT:
        # "Chinese coast guard vessels", "navy warships": the crew's body says who.
        for start in range(min(left, head.left_edge.i), head.i):
            words = " ".join(t.lower_ for t in head.doc[start:head.i])
            if (found := AGENTS.get(words)) is not None:
                return found
    if lemma in NAME_WORDS and (head.pos_ != "NOUN" or not head.text.islower()):
        return None  # "the Homeland Union", "National Union for ...": a name, not a union
    return GROUP_SECTORS.get(lemma) or AGENTS.get(lemma) or AGENTS.get(head.lower_)


__all__ = [
    "AGENTS", "BODY_NOUNS", "COLLECTIVES", "GROUP_SECTORS", "NAMED", "ParticipantResolver",
    "common_noun", "conjuncts", "datelines", "entity_words", "group_sector", "phrase_span",
    "sentence_country",
]
