"""People's roles: the title, country and sector a person's words give them.

"Iran's foreign ministry spokesperson Nasser Kanani", "Kanani, the ministry's spokesman",
"Han Kuo-yu of the opposition Kuomintang", "former President Donald Trump": the title
words before a name, in apposition after it, or the body named after "of", read against
the title, country and organisation tables on the article's date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as Tokens

from wirecoder.descriptors import describe_body, kind_in
from wirecoder.lexicon import Lexicon, Organisation, Title, names_pattern
from wirecoder.model import Span
from wirecoder.nlp import doc_text

LINKING_WORDS = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "le", "al"})
TITLE_STOP_POS = frozenset({"VERB", "AUX", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT"})
MAX_TITLE_TOKENS = 9
# An apposition may run on past a title ("leader of the X and a key ally of Y").
MAX_APPOSITION_TOKENS = 16
# A title held no longer: "former", "ex-", "then-" does not count ("then-President Bush"
# held it at the time).
FORMER = re.compile(
    r"\b(?:former|ex-|one-time|erstwhile|ousted|deposed|toppled|overthrown|retired)\b",
    re.IGNORECASE)
# The office a person takes or leaves that day, named after "as": "X, the head of Congress,
# was sworn in as Peru's president", "appointed X, a former UN official, as prime minister",
# "X resigned as Britain's deputy prime minister", "X was elected head of France's CGT
# union". It is what they are on the day, whatever the words around the name say they were.
_ASIDE = r"(?:\s*,[^,;]{1,120},)?"
NEW_OFFICE_AFTER = re.compile(
    _ASIDE + r"\s+(?:(?:was|were|is|has\s+been|had\s+been)\s+)?(?:(?:formally|officially|"
    r"later|then)\s+)?(?:(?:sworn\s+in|took\s+office|takes\s+office|took\s+over|takes\s+over|"
    r"installed|inaugurated|appointed|named|confirmed|served|serves|reappointed)\s+"
    r"(?:on\s+\w+\s+)?as|(?P<leave>resigned|resigns|stepped\s+down|steps\s+down|quit|quits|"
    r"(?:announced|tendered|submitted|offered)\s+(?:his|her)\s+resignation)\s+as|(?:re-?)?elected"
    r"(?:\s+on\s+\w+)?(?:\s+as)?)\s+"
    r"(?P<title>[^,.;:()]{3,90}?)(?=\s+(?:on|after|in|at|for|with|by|to|until|following|amid|"
    r"and|early|late|this|last|from|replacing|succeeding)\b|[,.;:()]|$)")
NEW_OFFICE_BEFORE = re.compile(r"\b(?:appointed|named|nominated|installed|swore\s+in)\s+$")
NEW_OFFICE_AS = re.compile(
    _ASIDE + r"\s+as\s+(?:(?:the\s+)?new\s+)?(?P<title>[^,.;:()]{3,90}?)(?=\s+(?:on|after|"
    r"in|at|for|with|by|to|until|following|amid|and|early|late|this|last|from|replacing|"
    r"succeeding)\b|[,.;:()]|$)")
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO"})
# Names the tables give the United States' bodies that other states' bodies share.
SHARED_INSTITUTIONS = frozenset({"Supreme Court", "Senate", "Congress",
                                 "House of Representatives"})
PLACE_OF = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
PLACE_KIND_WORD = re.compile(r"\s+(?:Province|State|Region|District|County|Governorate|Oblast)$")
ARMED_NON_STATE = frozenset({"REB", "UAF", "CRM"})
# Titles of whoever heads a body, a state's or another's.
BODY_HEADS = frozenset({"president", "vice president", "vice-president", "chairman",
                        "chairwoman", "secretary-general", "secretary general"})
# Titles any body's people hold, which say nothing of the body's kind.
GENERIC_HEADS = BODY_HEADS | {"secretary", "head", "chief", "leader", "director", "coordinator",
                              "spokesman", "spokeswoman", "spokesperson", "executive"}
# Military ranks, which say nothing of the office their holder has.
RANKS = frozenset({"general", "gen.", "lt. gen.", "maj. gen.", "brig. gen.", "lieutenant general",
                   "major general", "brigadier general", "admiral", "colonel", "col.",
                   "field marshal", "marshal", "lieutenant colonel", "captain"})
# Sectors of a state's own people and bodies: with no country of their own, they are of the
# one country their sentence names.
STATE_SECTORS = frozenset({"GOV", "LEG", "JUD", "COP", "MIL", "SPY", "PTY"})


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


class RoleReader:
    """Reads the role, country and sector of the people an article names from the words
    around their names and the actor tables."""

    def __init__(self, lexicon: Lexicon,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        self.lexicon = lexicon
        # Country of a place name ("Gaza Strip" -> PSE), from the gazetteer.
        self.place_country = place_country
        # (Not the "CBN" of "ABS-CBN".)
        self.org_pattern = re.compile(
            r"(?<![\w-])(?:" + names_pattern(lexicon.organisation_names) + r")(?!\w)")
        country_words = (set(lexicon.country_names) | set(lexicon.demonyms)
                         | set(lexicon.capitals))
        # (Not a sea's: "Indian Ocean Commission", "South China Sea", "Persian Gulf".)
        self.country_pattern = re.compile(
            r"(?<!\w)(?:" + names_pattern(country_words) + r")(?!\w)(?!\s+(?:Ocean|Sea|Gulf)\b)")

    def _names_unknown_body(self, role: str) -> bool:
        """Whether a title names a body the tables do not know ("Pacific Islands Forum
        Secretary-General"): two capitalised words together that are no title, country or
        listed organisation, whose state the sentence's other states do not tell."""
        run = 0
        for word in re.findall(r"[\w'’.-]+", role):
            plain = word.removesuffix("'s").removesuffix("’s")
            if plain[:1].isupper() and not (
                    self._title_terms(plain) or self.country_of(plain)
                    or plain in self.lexicon.organisation_names or plain in LINKING_WORDS):
                run += 1
                if run >= 2:
                    return True
            else:
                run = 0
        return False

    def country_of(self, word: str) -> str | None:
        """ISO3 for a country name, alias, demonym or capital; ``None`` otherwise."""
        return (self.lexicon.country_names.get(word) or self.lexicon.demonyms.get(word)
                or self.lexicon.capitals.get(word))

    def title_sector(self, words: str) -> tuple[str | None, bool]:
        """Sector implied by title words, and whether any title word was found at all."""
        found = self._title_terms(words)
        heads = [t for t in found if t[1].kind == "head" and t[1].sector]
        orgs = [t for t in found if t[1].kind == "org" and t[1].sector]
        if heads and orgs and all(t[1].term in BODY_HEADS for t in heads) and all(
                t[1].sector not in ("GOV", "PTY") for t in orgs):
            # "union president", "president of the Nigeria Labour Congress", "president of
            # Germany's domestic intelligence agency": the head of a union, a company, a
            # church or a state's service is of its sector.
            return max(orgs, key=lambda t: t[0])[1].sector, True
        if orgs and heads and all(t[1].term in RANKS for t in heads):
            return max(orgs, key=lambda t: t[0])[1].sector, True  # "intelligence chief Gen."
        if heads:
            return max(heads, key=lambda t: t[0])[1].sector, True
        if orgs:
            return max(orgs, key=lambda t: t[0])[1].sector, True
        return None, bool(found)

    # --- people ---------------------------------------------------------------------------

    def _describe_person(self, doc: Doc, m: Mention, published: str | None = None) -> None:
        """Fill role, country, sector and organisation from the words around a name."""
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return
        text = doc_text(doc)
        new_office = NEW_OFFICE_AFTER.match(text, m.end)
        if new_office is None and NEW_OFFICE_BEFORE.search(text, max(0, m.start - 30), m.start):
            new_office = NEW_OFFICE_AS.match(text, m.end)
        title = doc.char_span(*new_office.span("title"), alignment_mode="expand") \
            if new_office is not None else None
        if new_office is not None and (
                new_office["title"].startswith(("its ", "their "))
                or any(t.pos_ in ("VERB", "AUX") for t in title or ())
                or (new_office.groupdict().get("leave") and title_tokens_before(doc, span.start,
                                                                self.lexicon.titles))):
            # Not "Hezbollah named X as its new secretary-general" (whose is the group's),
            # "resigned as protesters defied a curfew" (no office), nor "Former prime
            # minister Boris Johnson quit as a member of parliament" (what he still is).
            new_office = None
        if new_office is not None:
            self._apply_title(doc, m, new_office.start("title"), new_office.end("title"),
                              published)
            if m.role is not None:
                return
        pre = title_tokens_before(doc, span.start, self.lexicon.titles)
        if not pre and span.start >= 2 and doc[span.start - 1].text == "," \
                and span.end < len(doc) and doc[span.end].text in (",", "."):
            # "Azerbaijan's foreign minister, Rashad Mammadov, met ...": the title in
            # apposition before the name.
            pre = title_tokens_before(doc, span.start - 1, self.lexicon.titles)
        if pre and pre[0].i >= 2 and doc[pre[0].i - 1].text in ("'s", "’s"):
            # "Azerbaijan's foreign minister" with the country tagged as a person; the whole
            # name ("Papua New Guinea's", not "Guinea's").
            owner = self._country_ending_at(doc, pre[0].i - 2)
            if owner is not None:
                pre = [*owner, doc[pre[0].i - 1], *pre]
        elif pre and pre[0].i >= 1 and doc[pre[0].i - 1].ent_type_ == "PERSON":
            # "Tajik Foreign Minister Sirojiddin Muhriddin", the demonym tagged as a person.
            owner = self._country_ending_at(doc, pre[0].i - 1)
            if owner is not None:
                pre = [*owner, *pre]
        if pre:
            self._apply_title(doc, m, pre[0].idx, pre[-1].idx + len(pre[-1].text), published)
            if m.country is None and pre[0].i >= 2 and doc[pre[0].i - 1].text == ",":
                # "Uganda's army chief, General Muhoozi Kainerugaba": a rank after the title.
                before = title_tokens_before(doc, pre[0].i - 1, self.lexicon.titles)
                if before:
                    self._apply_title(doc, m, before[0].idx,
                                      before[-1].idx + len(before[-1].text), published)
        if m.role is None or m.country is None:
            # (Also after a rank that says no whose: "Admiral Rob Bauer, chairman of NATO's
            # Military Committee".)
            app = apposition_after(doc, span.end)
            if app:
                self._apply_title(doc, m, app[0], app[1], published)
        if m.country is None and span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            # "King Hassan of Morocco", "President dos Santos of Angola".
            for n in (3, 2, 1):
                iso3 = self.country_of(doc[span.end + 1:span.end + 1 + n].text)
                if iso3:
                    m.country = iso3
                    break
            else:
                self._member_of(doc, m, span.end + 1, published)

    def _member_of(self, doc: Doc, m: Mention, i: int, published: str | None) -> None:
        """"Han Kuo-yu of the opposition Kuomintang": the party or body named after "of"
        gives a person its country, and its sector when no title does."""
        text = doc_text(doc)
        j = i
        while j < len(doc) and j - i < 4 and (doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN")
                                              and not doc[j].is_punct):
            j += 1
        if j == i:
            return
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        orgs = [om for om in self.org_pattern.finditer(text, start, end)
                if om.group(0) not in SHARED_INSTITUTIONS]
        if not orgs:
            return
        self._apply_title(doc, m, start, orgs[-1].end(), published)
        org = self.lexicon.organisation_names[orgs[-1].group(0)]
        m.org_key = m.org_key or "org:" + org.name
        m.country = m.country or org.country
        m.sector = m.sector or member_sector(org, published)

    def _country_ending_at(self, doc: Doc, i: int) -> list[Token] | None:
        """The tokens of the country name that ends with token ``i``, if one does."""
        text = doc_text(doc)
        end = doc[i].idx + len(doc[i].text)
        for m in self.country_pattern.finditer(text, max(0, end - 40), end):
            if m.end() == end and self.country_of(m.group(0)):
                span = doc.char_span(m.start(), end, alignment_mode="expand")
                return list(span) if span is not None else None
        return None

    def _apply_title(self, doc: Doc, m: Mention, start: int, end: int,
                     published: str | None = None) -> None:
        text = doc_text(doc)
        phrase = text[start:end]
        # (Title words inside an organisation's name are not the person's title: the
        # "Union" of "African Union Commission chairman".)
        # ("president of the Nigeria Labour Congress" is no US Congress member, nor is a
        # co-leader of the "Social Democrats" a US Democrat.)
        # (A capital that only starts the sentence is no name's: "Senior Hamas official".)
        orgs = [om for om in self.org_pattern.finditer(phrase) if not (
            (om.group(0) in SHARED_INSTITUTIONS or " " not in om.group(0)) and (
                before := re.search(r"([A-Z][\w.’']*)\s+$", phrase[:om.start()])) and not (
                self.country_of(before.group(1).removesuffix("'s").removesuffix("’s"))
                or before.group(1).lower() in self.lexicon.titles
                or before.group(1) in self.lexicon.organisation_names
                or before.group(1) == "The"
                or starts_sentence(text, start + before.start(1))))]
        blanked = phrase
        for om in orgs:
            blanked = blanked[:om.start()] + " " * len(om.group(0)) + blanked[om.end():]
        title_span = doc.char_span(start, end, alignment_mode="expand")
        for pe in title_span.ents if title_span is not None else ():
            # "co-leader of Chancellor Olaf Scholz's Social Democrats": the chancellor is
            # the owner's title, not this person's; nor is the president of "the main
            # challenger to President Alexander Lukashenko".
            # (A body the model took for a person is no owner: "the rights group KontraS".)
            person = pe.label_ == "PERSON" and describe_body(
                doc, pe, self.lexicon, bodies_only=True)[1] is None
            if (person and start < pe.start_char and not self.country_of(pe.text)) or (
                    pe.label_ in ("PERSON", "ORG") and text[pe.end_char:pe.end_char + 2]
                    in ("'s", "’s") and not self.country_of(pe.text)):
                own = title_tokens_before(doc, pe.start, self.lexicon.titles)
                if own:
                    lo, hi = max(start, own[0].idx), min(end, pe.start_char)
                    blanked = blanked[:lo - start] + " " * (hi - lo) + blanked[hi - start:]
        sector, has_title = self.title_sector(blanked)
        if not has_title:
            return
        kind = kind_in(blanked)
        if kind is not None and (sector is None or all(
                t.term in GENERIC_HEADS for _, t in self._title_terms(blanked)
                if t.kind == "head")):
            # "coordinator of the Indonesian rights group KontraS", "secretary of the
            # rights group Odhikar": the body's kind says the sector.
            sector = kind
        if sector in ("GOV", "LEG", "PTY") and any(
                t.kind == "org" and t.sector == "OPP" for _, t in self._title_terms(blanked)):
            sector = "OPP"  # "opposition candidate", "shadow foreign secretary"
        role_start = start
        org_country: str | None = None
        for om in orgs:
            org = self.lexicon.organisation_names[om.group(0)]
            m.org_key = "org:" + org.name
            if om.group(0) not in SHARED_INSTITUTIONS:  # "Supreme Court Justice": whose?
                org_country = org.country
            org_sector = member_sector(org, published)
            if org_sector in ARMED_NON_STATE and sector in STATE_SECTORS:
                sector = org_sector  # "Hamas military commander": a rebel, not an army's
            elif org_sector and org_sector != "GOV" and self._heads_only(blanked):
                # "BJP president", "ISI chief Lt. Gen.", "Supreme Court President": the body's
                sector = org_sector
            sector = sector or org_sector
            role_start = max(role_start, start + om.end())
        for pe in title_span.ents if title_span is not None else ():
            # "Trump's special envoy": of the state of the one whose envoy.
            if pe.label_ in ("PERSON", "ORG") and text[pe.end_char:pe.end_char + 2] in ("'s", "’s"):
                boss = self.lexicon.person(pe.text, published)
                terms = self.lexicon.people_terms(pe.text)
                m.country = m.country or (boss.country if boss else None) or (
                    terms[-1].country if terms else None)
        # (Nor country words inside an organisation's name: the "American" of "the
        # Organization of American States".)
        # ("head of the UN peacekeeping mission in Congo" is the UN's.)
        stateless_at = min((om.start() for om in orgs if self.lexicon.organisation_names[
            om.group(0)].country in NON_STATE), default=None)
        for cm in self.country_pattern.finditer(blanked):
            iso3 = self.country_of(cm.group(0))
            if phrase[:cm.start()].rstrip().lower().endswith("ethnic"):
                continue  # "the ethnic German mayor of Sibiu": a people, not a state
            if stateless_at is not None and cm.start() > stateless_at:
                continue
            if iso3:
                m.country = m.country or iso3
                role_start = max(role_start, start + cm.end())
        m.country = m.country or org_country
        if m.country is None and self.place_country is not None:
            # "governor of Balkh province", "mayor of Kharkiv": the state the place lies in.
            # (A name the parser reads as a place: not the "Police" of "chief of Police".)
            for pm in PLACE_OF.finditer(blanked):
                place = doc.char_span(start + pm.start(1), start + pm.end(1),
                                      alignment_mode="expand")
                if place is not None and place[0].ent_type_ in ("GPE", "LOC", "FAC"):
                    m.country = self.place_country(PLACE_KIND_WORD.sub("", pm.group(1)))
                if m.country:
                    break
        role = re.sub(r"^(?:'s|’s)?\s*", "", text[role_start:end]).strip(" ,")
        role_sector, role_has_title = self.title_sector(role)
        if role and role_has_title:
            m.role = role
        if FORMER.search(phrase):
            sector = role_sector = "ELI"  # "former President Donald Trump": out of office
        m.sector = m.sector or sector or role_sector

    def _heads_only(self, words: str) -> bool:
        """Whether the only titles in ``words`` are a body's head's or ranks ("president",
        "chairman", "Lt. Gen."), which take the sector of the body named with them."""
        found = [t for _, t in self._title_terms(words) if t.kind == "head" and t.sector]
        return all(t.term in BODY_HEADS or t.term in RANKS for t in found)

    def _title_terms(self, words: str) -> list[tuple[int, Title]]:
        tokens = re.findall(r"[\w.]+(?:'s)?", words.lower())
        tokens = [t[:-2] if t.endswith("'s") else t for t in tokens]
        found: list[tuple[int, Title]] = []
        i = 0
        while i < len(tokens):
            for n in (3, 2, 1):
                gram = " ".join(tokens[i:i + n])
                # ("trade unions", "defence ministers": a plural is the title too.)
                title = self.lexicon.titles.get(gram) or (
                    self.lexicon.titles.get(gram[:-1]) if gram.endswith("s") else None)
                if title is not None and len(tokens[i:i + n]) == n:
                    found.append((i, title))
                    i += n
                    break
            else:
                i += 1
        return found




def member_sector(org: Organisation, published: str | None) -> str | None:
    """The sector of someone who leads or belongs to ``org`` on day ``published``: a
    party's people are the opposition while it is out of government ("AfD co-leader
    Alice Weidel"), a party's otherwise; a body's people are of its sector."""
    sector = org.sector_on(published) if org.roles else org.sector
    if sector == "PTY" and org.in_opposition(published):
        return "OPP"
    return sector


def starts_sentence(text: str, offset: int) -> bool:
    return not text[:offset].strip() or text[:offset].rstrip()[-1] in ".!?\"“‘'\n"


def title_tokens_before(doc: Doc, i: int, titles: Container[str]) -> list[Token]:
    """Tokens of a title written before a name: "Iran's foreign ministry spokesperson"."""
    tokens: list[Token] = []
    j = i - 1
    while j >= 0 and len(tokens) < MAX_TITLE_TOKENS:
        t = doc[j]
        if (t.ent_type_ == "PERSON" and t.lower_ not in titles) or t.is_sent_end:
            break
        if t.text in ("'s", "’s", "'", "-", "."):
            tokens.insert(0, t)
            j -= 1
            continue
        if t.lower_ == "of" and tokens and j > 0 and doc[j - 1].lower_ in titles:
            # "Minister of Defence", "head of the army"; not "relatives of [a minister]".
            tokens.insert(0, t)
            j -= 1
            continue
        if FORMER.fullmatch(t.text):
            tokens.insert(0, t)  # "ousted prime minister", tagged a verb
            j -= 1
            continue
        if t.pos_ in TITLE_STOP_POS or t.pos_ == "ADP" or not t.text.strip():
            break
        tokens.insert(0, t)
        j -= 1
    while tokens and (tokens[0].lower_ == "of" or tokens[0].text in ("'s", "’s", "-", ".")):
        tokens.pop(0)
    return tokens


def apposition_after(doc: Doc, i: int) -> Span | None:
    """The character span of ", the foreign ministry spokesman," after a name."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "DET":
        j += 1
    start = j
    cut = None  # "leader of the Nationalist Movement Party and a key ally of ...": the first
    while j < len(doc) and j - start < MAX_APPOSITION_TOKENS:
        t = doc[j]
        if t.text in (",", ";", ".", "(", ")") or t.pos_ in ("AUX", "PRON", "SCONJ") or (
                t.pos_ == "VERB" and not (t.dep_ == "amod" and doc[j - 1].pos_ == "DET")):
            break  # (but "mayor of the occupied Ukrainian city of Melitopol")
        if t.pos_ == "CCONJ" and cut is None and j > start:
            cut = j
        j += 1
    if j == start or j >= len(doc) or doc[j].text not in (",", ".", ";") or (
            cut is None and j - start > MAX_TITLE_TOKENS + 3):
        return None
    last = doc[(cut or j) - 1]
    return doc[start].idx, last.idx + len(last.text)


def office_sector(chunk: Tokens, head: Token, lexicon: Lexicon) -> str | None:
    """The sector of the office a singular title names ("interior minister", "vice
    president", "central bank governor"), ``ELI`` once held no longer; ``None`` for no
    title, or one a name follows ("the minister, Fred Matiang'i", "minister Matiang'i")."""
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if nxt is not None and nxt.lower_ == "of" and head.lower_ in BODY_HEADS:
        return None  # "Kenya's president of athletics": the head of another body
    if not head.text.islower() or (nxt is not None and (nxt.ent_type_ == "PERSON" or (
            nxt.text == "," and head.i + 2 < len(head.doc)
            and head.doc[head.i + 2].ent_type_ == "PERSON"))):
        return None
    words = [t.lower_ for t in chunk if t.i <= head.i and t.text.islower()]
    for n in (3, 2, 1):
        title = lexicon.titles.get(" ".join(words[-n:])) if len(words) >= n else None
        if title is not None and title.kind == "head" and title.sector:
            return "ELI" if any(FORMER.fullmatch(t.text) for t in chunk) else title.sector
    return None
