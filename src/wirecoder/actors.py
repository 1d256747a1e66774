"""Entities: spaCy NER plus our own layer of actor tables.

Mentions of one entity are merged ("Nasser Kanani" ... "Kanani"; "the United States",
"US", "American", "Washington"), and each entity gets a country (ISO3 or a PLOVER code),
a PLOVER sector and a role where the text supports it: titles before a name ("Iran's
foreign ministry spokesperson Nasser Kanani"), appositions ("Kanani, the ministry's
spokesman"), organisations from the table (IRGC, White House, Hamas), demonyms and
capitals that stand for governments ("Tehran accused ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from wirecoder.lexicon import Lexicon, Organisation, Title, names_pattern, slug
from wirecoder.model import Entity, Span
from wirecoder.nlp import doc_text

# Prepositions after which a capital is the city, not its government ("a synagogue in Tehran").
LOCATIVE = frozenset(
    ["in", "at", "near", "into", "inside", "outside", "from", "to", "around", "across", "through"])
TITLE_STOP_POS = frozenset({"VERB", "AUX", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT"})
MAX_TITLE_TOKENS = 9
# "the Nigerian Union of Teachers (NUT)", "Forces for Defence of Democracy (FDD)": a
# capitalised name (small linking words allowed) defined by the acronym after it.
ACRONYM_DEFINITION = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+(?:of|for|the|and|de|du|des|la|le|al|[A-Z][\w'’.-]*))+)"
    r"[ \t]*\((?P<acronym>[A-Z][A-Z0-9/&.-]{1,9})\)")
LINKING_WORDS = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "le", "al"})


@dataclass
class Mention:
    """One mention in the text, before mentions are merged into entities."""

    start: int
    end: int
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    org_key: str | None = None
    priority: int = 0
    end_of_definition: int = -1  # where '(ACRONYM)' ends, for an acronym definition


@dataclass
class EntityIndex:
    """Entities of an article and which entity each mention span belongs to."""

    entities: list[Entity] = field(default_factory=list)
    by_span: dict[Span, str] = field(default_factory=dict)

    def get(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def at(self, start: int, end: int) -> str | None:
        """The entity whose mention lies within ``[start, end)``, the longest one first."""
        best: tuple[int, str] | None = None
        for (s, e), ent_id in self.by_span.items():
            if start <= s and e <= end and (best is None or e - s > best[0]):
                best = (e - s, ent_id)
        return best[1] if best else None


class ActorResolver:
    """Builds the entity list of an article from its spaCy parse and the actor tables."""

    def __init__(self, lexicon: Lexicon,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        self.lexicon = lexicon
        # Country of a place name ("Gaza Strip" -> PSE), from the gazetteer.
        self.place_country = place_country
        self.org_pattern = re.compile(
            r"(?<!\w)(?:" + names_pattern(lexicon.organisation_names) + r")(?!\w)")
        country_words = (set(lexicon.country_names) | set(lexicon.demonyms)
                         | set(lexicon.capitals))
        self.country_pattern = re.compile(
            r"(?<!\w)(?:" + names_pattern(country_words) + r")(?!\w)")
        self.title_terms = sorted(lexicon.titles, key=lambda t: -len(t.split()))

    # --- public ---------------------------------------------------------------------------

    def resolve(self, doc: Doc, skip: Callable[[int, int], bool],
                published: str | None = None) -> EntityIndex:
        """Return the merged entities of ``doc``, ignoring excluded regions."""
        mentions = self._mentions(doc, skip)
        for m in mentions:
            if m.type == "PERSON":
                self._describe_person(doc, m)
        index = self._merge(mentions, published)
        _country_from_sentence(doc, index)
        return index

    def _is_known_name(self, text: str) -> bool:
        """A name the tables know as a country, capital or organisation ("Sri Lanka" that
        the small NER model tags as a person)."""
        name = text.removesuffix("'s").removesuffix("’s")
        return (name in self.lexicon.country_names or name in self.lexicon.capitals
                or name in self.lexicon.organisation_names)

    def country_of(self, word: str) -> str | None:
        """ISO3 for a country name, alias, demonym or capital; ``None`` otherwise."""
        return (self.lexicon.country_names.get(word) or self.lexicon.demonyms.get(word)
                or self.lexicon.capitals.get(word))

    def title_sector(self, words: str) -> tuple[str | None, bool]:
        """Sector implied by title words, and whether any title word was found at all."""
        found = self._title_terms(words)
        heads = [t for t in found if t[1].kind == "head" and t[1].sector]
        orgs = [t for t in found if t[1].kind == "org" and t[1].sector]
        if heads:
            return max(heads, key=lambda t: t[0])[1].sector, True
        if orgs:
            return max(orgs, key=lambda t: t[0])[1].sector, True
        return None, bool(found)

    # --- mentions -------------------------------------------------------------------------

    def _mentions(self, doc: Doc, skip: Callable[[int, int], bool]) -> list[Mention]:
        text = doc_text(doc)
        found: list[Mention] = []
        acronyms = self._acronyms(text, found)
        # Countries the article names ("Lebanese", "Syria"), to tell Tripoli in Lebanon from
        # the Libyan capital, and the RSF in Sudan from the press-freedom group.
        country_words = list(self.country_pattern.finditer(text))
        named = {c for m in country_words if m.group(0) not in self.lexicon.capitals
                 and (c := self.country_of(m.group(0))) is not None}
        # ... and, to tell homonyms apart, the capitals it names too ("Khartoum").
        around = named | {c for m in country_words
                          if (c := self.country_of(m.group(0))) is not None}
        for m in self.org_pattern.finditer(text):
            if m.group(0) in acronyms:
                continue  # the article defines it: its own definition wins over the table
            org = self._organisation(m.group(0), around)
            found.append(Mention(m.start(), m.end(), "org:" + org.name, org.name, "ORG",
                                 country=org.country, sector=org.sector, priority=3))
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not self._is_known_name(ent.text):
                start, end = _strip_possessive(ent.start_char, ent.end_char, text)
                found.append(Mention(start, end, "person:" + text[start:end],
                                     text[start:end], "PERSON", priority=2))
        for m in country_words:
            word = m.group(0)
            iso3 = self.country_of(word)
            if iso3 is None:
                continue
            if word in self.lexicon.capitals and word not in self.lexicon.country_names:
                found.append(self._capital_mention(doc, m.start(), m.end(), iso3, named))
            else:
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
            elif ent.label_ == "ORG":
                country, sector = self._describe_org(name)
                found.append(Mention(start, end, "org:" + name.lower(), name, "ORG",
                                     country=country, sector=sector))
            elif ent.label_ == "GPE":
                found.append(Mention(start, end, "gpe:" + name, name, "GPE"))
        found.sort(key=lambda m: (-m.priority, -(m.end - m.start), m.start))
        kept: list[Mention] = []
        for mention in found:
            if skip(mention.start, mention.end):
                continue
            if any(mention.start < k.end and k.start < mention.end for k in kept):
                continue
            kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def _acronyms(self, text: str, found: list[Mention]) -> dict[str, Mention]:
        """Organisations defined with an acronym: the full name and the acronym become
        mentions of one entity (added to ``found``); return the definitions by acronym."""
        defined: dict[str, Mention] = {}
        for m in ACRONYM_DEFINITION.finditer(text):
            name, acronym = m.group("name"), m.group("acronym").replace(".", "")
            words = name.split()
            while words and words[0].lower() in LINKING_WORDS:
                words = words[1:]
            initials = "".join(w[0] for w in words if w.lower() not in LINKING_WORDS)
            # The acronym must spell the name's capitalised words (possibly in another
            # language's order, as "FIS" for the Islamic Salvation Front).
            if len(words) < 2 or sorted(acronym) != sorted(initials.upper()):
                continue
            start = m.start("name") + (len(m.group("name")) - len(" ".join(words)))
            full = " ".join(words)
            known = self.lexicon.organisation_names.get(full) or \
                self.lexicon.organisation_names.get(acronym)
            if known is not None:
                key, country, sector = "org:" + known.name, known.country, known.sector
            else:
                country, sector = self._describe_org(full)
                key = "org:" + full.lower()
            mention = Mention(start, start + len(full), key, full, "ORG", country=country,
                              sector=sector, priority=2, end_of_definition=m.end())
            found.append(mention)
            defined[acronym] = mention
            a_start = m.start("acronym")
            found.append(Mention(a_start, m.end("acronym"), key, full, "ORG",
                                 country=country, sector=sector, priority=2))
        for acronym, mention in defined.items():
            for other in re.finditer(rf"\b{re.escape(acronym)}\b", text):
                if other.start() > mention.end + 2:
                    found.append(Mention(other.start(), other.end(), mention.key,
                                         mention.name, "ORG", country=mention.country,
                                         sector=mention.sector, priority=2))
        return defined

    def _organisation(self, name: str, named: set[str]) -> Organisation:
        """The table's organisation called ``name``: of several, the one of a country the
        article names."""
        homonyms = self.lexicon.organisation_homonyms.get(name, [])
        return next((o for o in homonyms if o.country in named),
                    self.lexicon.organisation_names[name])

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
            country = self.country_of(m.group(0))
            break
        sector, _ = self.title_sector(name)
        return country, sector

    # --- people ---------------------------------------------------------------------------

    def _describe_person(self, doc: Doc, m: Mention) -> None:
        """Fill role, country, sector and organisation from the words around a name."""
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return
        pre = _title_tokens_before(doc, span.start)
        if not pre and span.start >= 2 and doc[span.start - 1].text == "," \
                and span.end < len(doc) and doc[span.end].text in (",", "."):
            # "Azerbaijan's foreign minister, Rashad Mammadov, met ...": the title in
            # apposition before the name.
            pre = _title_tokens_before(doc, span.start - 1)
        if pre and pre[0].i >= 2 and doc[pre[0].i - 1].text in ("'s", "’s") \
                and self.country_of(doc[pre[0].i - 2].text):
            # "Azerbaijan's foreign minister" with the country tagged as a person.
            pre = [doc[pre[0].i - 2], doc[pre[0].i - 1], *pre]
        if pre:
            self._apply_title(doc, m, pre[0].idx, pre[-1].idx + len(pre[-1].text))
        if m.role is None:
            app = _apposition_after(doc, span.end)
            if app:
                self._apply_title(doc, m, app[0], app[1])
        if m.country is None and span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            # "King Hassan of Morocco", "President dos Santos of Angola".
            for n in (3, 2, 1):
                iso3 = self.country_of(doc[span.end + 1:span.end + 1 + n].text)
                if iso3:
                    m.country = iso3
                    break

    def _apply_title(self, doc: Doc, m: Mention, start: int, end: int) -> None:
        text = doc_text(doc)
        phrase = text[start:end]
        sector, has_title = self.title_sector(phrase)
        if not has_title:
            return
        role_start = start
        org_country: str | None = None
        for om in self.org_pattern.finditer(phrase):
            org = self.lexicon.organisation_names[om.group(0)]
            m.org_key = "org:" + org.name
            org_country = org.country
            sector = sector or org.sector
            role_start = max(role_start, start + om.end())
        for cm in self.country_pattern.finditer(phrase):
            iso3 = self.country_of(cm.group(0))
            if iso3:
                m.country = m.country or iso3
                role_start = max(role_start, start + cm.end())
        m.country = m.country or org_country
        role = re.sub(r"^(?:'s|’s)?\s*", "", text[role_start:end]).strip(" ,")
        role_sector, role_has_title = self.title_sector(role)
        if role and role_has_title:
            m.role = role
        if FORMER.search(phrase):
            sector = role_sector = "ELI"  # "former President Donald Trump": out of office
        m.sector = m.sector or sector or role_sector

    def _title_terms(self, words: str) -> list[tuple[int, Title]]:
        tokens = re.findall(r"[\w.]+(?:'s)?", words.lower())
        tokens = [t[:-2] if t.endswith("'s") else t for t in tokens]
        found: list[tuple[int, Title]] = []
        i = 0
        while i < len(tokens):
            for n in (3, 2, 1):
                gram = " ".join(tokens[i:i + n])
                title = self.lexicon.titles.get(gram)
                if title is not None and len(tokens[i:i + n]) == n:
                    found.append((i, title))
                    i += n
                    break
            else:
                i += 1
        return found

    # --- merging --------------------------------------------------------------------------

    def _merge(self, mentions: list[Mention], published: str | None) -> EntityIndex:
        clusters: dict[str, list[Mention]] = {}
        order: list[str] = []
        for m in mentions:
            key = m.key
            if m.type == "PERSON":
                key = self._person_key(m, clusters)
            if key not in clusters:
                clusters[key] = []
                order.append(key)
            clusters[key].append(m)
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
            if entity.type == "ORG" and entity.country is None and not entity.name.isupper() \
                    and self.lexicon.person(entity.name, published) is not None:
                entity.type = "PERSON"  # "Moody Awori", "Trump": an office holder as an org
            if entity.type == "PERSON":
                self._known_person(entity, published)
            elif entity.type == "GPE" and entity.country is None:
                entity.country = self.country_of(entity.name) or (
                    self.place_country(entity.name) if self.place_country else None)
            entity.actor_id = self._actor_id(entity, key, group, published)
            if entity.type == "PERSON" and entity.country in NON_STATE and \
                    entity.sector == "GOV":
                # The UN's Secretary-General is the UN's, not a government's (CAMEO's IGOUNO).
                entity.sector = None
            index.entities.append(entity)
        return index

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
                n, person=entity.type == "PERSON")) is not None), None)
            if actor is not None:
                country, sector = actor.role_on(published)
                entity.country = entity.country or country
                entity.sector = entity.sector or sector
                return actor.id
        return slug(entity.name)

    def _person_key(self, m: Mention, clusters: dict[str, list[Mention]]) -> str:
        """The cluster a person mention joins: "Kanani" joins "Nasser Kanani"."""
        tokens = m.name.split()
        for key, group in clusters.items():
            if not key.startswith("person:"):
                continue
            full = max((g.name for g in group), key=len).split()
            # Same surname, and the same first name where both give one.
            if tokens and full and tokens[-1] == full[-1] and (
                    len(tokens) == 1 or len(full) == 1 or tokens[0] == full[0]):
                return key
        return m.key

    def _known_person(self, entity: Entity, published: str | None) -> None:
        person = self.lexicon.person(entity.name, published)
        if person is None and published:
            # Known, but in no office on that day: of the same country, and once every
            # office has ended, one of the former officials (ELI).
            terms = self.lexicon.people_terms(entity.name)
            if terms:
                entity.country = entity.country or terms[-1].country
                if all(t.end and t.end < published for t in terms):
                    entity.sector = entity.sector or "ELI"
            return
        if person is None:
            return
        entity.country = entity.country or person.country
        entity.sector = entity.sector or person.sector
        entity.role = entity.role or person.role


# A title held no longer: "former", "ex-", "then-" does not count ("then-President Bush"
# held it at the time).
FORMER = re.compile(r"\b(?:former|ex-|one-time|erstwhile)\b", re.IGNORECASE)
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO"})
# Sectors of a state's own people and bodies: with no country of their own, they are of the
# one country their sentence names.
STATE_SECTORS = frozenset({"GOV", "LEG", "JUD", "COP", "MIL", "SPY", "PTY"})


def _country_from_sentence(doc: Doc, index: EntityIndex) -> None:
    """Give a state's official or body with no country the country of its sentence when
    the sentence names only one ("Prime Minister Anwar Ibrahim said Malaysia would",
    "the Metropolitan Police in London")."""
    states = [(e.mentions, e.country) for e in index.entities
              if e.type == "GPE" and e.country and len(e.country) == 3]
    for entity in index.entities:
        if entity.country or entity.sector not in STATE_SECTORS or not entity.mentions:
            continue
        sent = doc.char_span(*entity.mentions[0], alignment_mode="expand")
        if sent is None:
            continue
        lo, hi = sent.sent.start_char, sent.sent.end_char
        named = {country for spans, country in states if any(lo <= s < hi for s, _ in spans)}
        if len(named) == 1:
            entity.country = named.pop()


def _title_tokens_before(doc: Doc, i: int) -> list[Token]:
    """Tokens of a title written before a name: "Iran's foreign ministry spokesperson"."""
    tokens: list[Token] = []
    j = i - 1
    while j >= 0 and len(tokens) < MAX_TITLE_TOKENS:
        t = doc[j]
        if t.ent_type_ == "PERSON" or t.is_sent_end:
            break
        if t.text in ("'s", "’s", "'", "-", "."):
            tokens.insert(0, t)
            j -= 1
            continue
        if t.lower_ == "of" and tokens:
            tokens.insert(0, t)
            j -= 1
            continue
        if t.pos_ in TITLE_STOP_POS or t.pos_ == "ADP" or not t.text.strip():
            break
        tokens.insert(0, t)
        j -= 1
    while tokens and (tokens[0].lower_ == "of" or tokens[0].text in ("'s", "’s", "-", ".")):
        tokens.pop(0)
    return tokens


def _apposition_after(doc: Doc, i: int) -> Span | None:
    """The character span of ", the foreign ministry spokesman," after a name."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "DET":
        j += 1
    start = j
    while j < len(doc) and j - start < MAX_TITLE_TOKENS:
        t = doc[j]
        if t.text in (",", ";", ".", "(", ")") or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ"):
            break
        j += 1
    if j == start or j >= len(doc) or doc[j].text not in (",", ".", ";"):
        return None
    return doc[start].idx, doc[j - 1].idx + len(doc[j - 1].text)


def _strip_the(start: int, end: int, text: str) -> Span:
    if text[start:end].lower().startswith("the "):
        return start + 4, end
    return start, end


def _strip_possessive(start: int, end: int, text: str) -> Span:
    if text[start:end].endswith(("'s", "’s")):
        return start, end - 2
    return start, end


def recent_entity(entities: EntityIndex, before: int, types: set[str]) -> str | None:
    """The entity of one of ``types`` mentioned last before offset ``before``."""
    best: tuple[int, str] | None = None
    for e in entities.entities:
        if e.type not in types:
            continue
        for s, _ in e.mentions:
            if s < before and (best is None or s > best[0]):
                best = (s, e.id)
    return best[1] if best else None


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

    best: tuple[int, str] | None = None
    for e in entities.entities:
        if not fits(e):
            continue
        for s, _ in e.mentions:
            if s < before and (best is None or s > best[0]):
                best = (s, e.id)
    return best[1] if best else None


def add_mention(entities: EntityIndex, entity_id: str, span: Span) -> None:
    """Record a resolved reference ("he") as a mention of an entity."""
    entity = entities.get(entity_id)
    if entity is not None and span not in entity.mentions:
        entity.mentions.append(span)
        entity.mentions.sort()
        entities.by_span[span] = entity_id


__all__ = ["ActorResolver", "EntityIndex", "Mention", "add_mention",
           "nominal_entity", "recent_entity"]
