"""Collective actors an article names outside its events: a state's people in a role.

"Burundian refugees", "Kenyan police", "Palestinian journalists": CAMEO codes such an
actor by its country and sector (BDIREF, KENCOP), and so does the record. Each becomes an
entity of type ``GROUP`` whose country is the state its demonym or name gives, whose
sector its noun gives ("refugees": REF), and whose ``actor_id`` is the pair
(``bdi-ref``), so "Israeli soldiers" and "Israeli troops" are one actor across articles.
Only phrases that name a state are listed ("gunmen" and "villagers" are no actor one can
follow), and only where no event participant or speaker already codes the phrase: there
the participant carries the country and sector, and its entity is the state's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from wirecoder.actors import EntityIndex
from wirecoder.lexicon import Lexicon, takes_a_side
from wirecoder.model import Entity
from wirecoder.nlp import doc_text
from wirecoder.participants import city_country, common_noun, group_sector
from wirecoder.roles import office_sector

# The bodies of states whose people a group may be: the UN, the EU, other IGOs.
BODIES_OF_STATES = frozenset({"UNO", "EUR", "IGO"})
# Heads that name a group though singular in form.
COLLECTIVE_HEADS = frozenset({"police", "military", "army", "navy", "clergy", "youth",
                              "parliament", "government", "cabinet", "ministry", "legislature",
                              "judiciary", "junta", "guard", "bank"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
# Nouns the agents table gives a sector that name places, not people.
NOT_PEOPLE = frozenset({"settlement"})
# Words before "America" or "Africa" that make it a region: "Latin America's airlines".
REGION_WORDS = frozenset({"Latin", "South", "North", "Central", "West", "East", "Sub-Saharan"})


def add_groups(doc: Doc, index: EntityIndex, lexicon: Lexicon,
               coded: Iterable[tuple[int, int]], skip: Callable[[int, int], bool]) -> None:
    """Add a ``GROUP`` entity to ``index`` for each collective actor of the module's
    docstring; ``coded`` are the spans of event participants and speakers."""
    taken = sorted(coded)
    groups: dict[tuple[str, str], Entity] = {}
    for chunk in doc.noun_chunks:
        head = chunk.root
        if not common_noun(head):
            continue
        # "Kenya's interior minister", "the Slovak prime minister": one of a state's people,
        # unnamed, in an office.
        # (Not an office someone named takes or held: "X was sworn in as Senegal's prime
        # minister" names X.)
        sector = office_sector(chunk, head, lexicon) if head.tag_ in ("NN", "NNP") and not (
            head.dep_ == "pobj" and head.head.lower_ == "as") else None
        if sector is None and not (head.tag_ == "NNS" or head.lower_ in COLLECTIVE_HEADS):
            continue
        sector = sector or group_sector(head)
        if sector is None or head.lemma_.lower() in NOT_PEOPLE:
            continue
        modifiers = [t for t in chunk if t.i < head.i and t.dep_ in MODIFIER_DEPS]
        if not modifiers or any(t.lower_ == "ethnic" for t in chunk):
            continue  # "ethnic Somali fighters": a people, not a state's
        start = min(t.idx for t in modifiers)
        country = _state(doc, start, head.idx, index, lexicon)
        if country is None:
            continue
        end = head.idx + len(head.text)
        if skip(start, end) or any(s < end and start < e for s, e in taken) \
                or _named(index, head):
            continue
        key = (country, sector)
        entity = groups.get(key)
        if entity is None:
            entity = Entity(id=f"ent{len(index.entities) + 1}", name=doc.text[start:end],
                            type="GROUP", country=country, sector=sector,
                            actor_id=f"{country.lower()}-{sector.lower()}")
            groups[key] = entity
            index.entities.append(entity)
        entity.mentions.append((start, end))
        index.add_span((start, end), entity.id)


def _state(doc: Doc, start: int, end: int, index: EntityIndex, lexicon: Lexicon) -> str | None:
    """The one state the words from ``start`` to ``end`` name ("Burundian", "Kenya's",
    a capital or a city of millions),
    if exactly one and not as a side taken ("pro-Jakarta militias"); not a region
    ("Latin America's airlines")."""
    text = doc_text(doc)
    states = set()
    for s, e, ent_id in index.within(start, end):
        ent = index.get(ent_id)
        if ent is not None and ent.type == "ORG" and ent.country is None:
            # "Karachi traders", the city tagged as an organisation.
            country = city_country(lexicon, text[s:e])
            if country is not None:
                states.add(country)
                continue
        if ent is not None and ent.type == "ORG" and ent.country in BODIES_OF_STATES:
            states.add(ent.country)  # "UN peacekeepers", "EU monitors": the body's people
            continue
        if ent is None or ent.type != "GPE" or ent.country not in lexicon.countries \
                or takes_a_side(text, s):
            return None
        if text[max(0, s - 8):s].rstrip().split(" ")[-1] in REGION_WORDS:
            return None
        states.add(ent.country)
    return states.pop() if len(states) == 1 else None


def _named(index: EntityIndex, head: Token) -> bool:
    """Whether an entity's mention already covers the noun ("Israeli forces": the IDF)."""
    return any(s <= head.idx < e for s, e, _ in index.within(head.sent.start_char,
                                                             head.sent.end_char))
