"""What the words beside an organisation's name say it is, for a body no table lists.

News copy names an unfamiliar body with a word for its kind, before the name ("Indonesian
ride-hailing firm Gojek", "petrochemical company Braskem", "Venezuelan newspaper El
Nacional") or in an apposition after it ("Karapatan, a Philippine human rights alliance,",
"Tolo TV, Afghanistan's biggest private broadcaster,", "Paystack, a Lagos-based payments
startup,"). The kind word (``body_kinds.tsv``) gives the sector; a demonym, a country's
name or possessive, "X-based" or "in X" inside the same words gives the country. A body's
own name can say its kind too ("Paytm Payments Bank", "Radio France Internationale").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from wirecoder.lexicon import Lexicon, read_table

BODY_KINDS = {row["phrase"]: row["sector"] for row in read_table("body_kinds.tsv")}
# The longest kind phrase, in words.
_LONGEST = max(len(phrase.split()) for phrase in BODY_KINDS)
MAX_DESCRIPTION_TOKENS = 8
# Kind words people go by too ("film producer", "coal miner", "software developer").
PEOPLE_TOO = frozenset({"miner", "producer", "developer", "operator", "contractor", "maker",
                        "giant", "exporter", "manufacturer", "refiner", "brewer", "shipper",
                        "publisher", "monitor", "collective", "station", "broadcaster"})
# Sports, whose giants are clubs.
SPORTS = frozenset({"football", "soccer", "basketball", "rugby", "cricket", "hockey",
                    "baseball", "volleyball", "handball", "league", "title"})
# Words of a body's own name that say its kind. (Not "College", a nurses' union's as often
# as a school's, nor "Group" or "Network".)
NAME_KINDS = {"bank": "BUS", "airlines": "BUS", "airways": "BUS", "airline": "BUS",
              "radio": "JRN", "television": "JRN", "tv": "JRN", "newspaper": "JRN",
              "church": "REL", "diocese": "REL", "party": "PTY", "university": "EDU",
              "hospital": "MED", "clinic": "MED", "cartel": "CRM"}

Described = tuple[str | None, str | None]
# Words a description of a body stops at: a clause ("who", "which") or a preposition
# ("backed by", "for more than"), where its kind word has been written.
_STOP_TAGS = frozenset({"IN", "WDT", "WP", "WP$", "CC", "VBD", "VBZ", "VBP", "MD", "TO", "DT"})


def describe_body(doc: Doc, span: SpacySpan, lexicon: Lexicon,
                  place_country: Callable[[str], str | None] | None = None,
                  bodies_only: bool = False) -> Described:
    """(country, sector) the words written before or in apposition after ``span`` give
    the body it names; (None, None) where they say nothing. With ``bodies_only``, only
    words no person goes by ("firm", not "producer": the model took the name for a
    person's)."""
    for words, where in ((_before(doc, span), []), _apposition(doc, span)):
        if not words or (bodies_only and words[-1].lemma_.lower() in PEOPLE_TOO):
            continue
        sector = kind_sector(words)
        if sector is None:
            continue
        country = _country_in(words, lexicon, place_country)
        if country is None and where and place_country is not None:
            country = place_country(" ".join(t.text for t in where))
        return country, sector
    return None, None


def name_sector(name: str) -> str | None:
    """The sector a body's own name gives by a kind word in it ("Paytm Payments Bank",
    "Radio France Internationale"): the last such word, or None."""
    words = name.lower().split()
    if not words:
        return None
    # Its last word ("Bank of America Stadium" is no bank); a broadcaster's may be first.
    return NAME_KINDS.get(words[-1]) or (
        NAME_KINDS.get(words[0]) if NAME_KINDS.get(words[0]) == "JRN" else None)


def kind_in(words: str) -> str | None:
    """The sector of the last body kind written in lower case in ``words``: "rights
    group" of "coordinator of the Indonesian rights group KontraS"."""
    tokens = re.findall(r"[\w'’-]+", words)
    found = None
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            run = tokens[i:i + n]
            phrase = " ".join(run).lower()
            # (The kind word in lower case: "Central bank chief", not "Bank of America".)
            sector = BODY_KINDS.get(phrase) or (
                BODY_KINDS.get(phrase[:-1]) if phrase.endswith("s") else None)
            if run[-1].islower() and sector is not None:
                found = sector
                i += n
                break
        else:
            i += 1
    return found


def kind_sector(words: list[Token]) -> str | None:
    """The sector of the kind phrase ending ``words`` ("human rights alliance": SOC);
    the longest phrase the table has wins."""
    head = words[-1]
    if not (head.text.islower() or head.i == head.sent.start):
        return None
    lowered = [t.lower_ for t in words]
    if head.lemma_.lower() == "giant" and len(words) >= 2 and words[-2].tag_ in ("NN", "NNS") \
            and words[-2].text.islower() and words[-2].lower_ not in SPORTS:
        return "BUS"  # "construction giant Odebrecht"; not "Spanish giants Barcelona"
    for n in range(min(_LONGEST, len(words)), 0, -1):
        before = " ".join(lowered[-n:-1])
        for last in (head.lower_, head.lemma_.lower(), head.lower_.removesuffix("s")):
            phrase = f"{before} {last}".strip()
            if (found := BODY_KINDS.get(phrase)) is not None:
                return found
    return None


def _describing(t: Token) -> bool:
    """Whether ``t`` may be a word of a description: a word, a hyphen or a possessive, not
    a clause's or a preposition's."""
    return (t.is_alpha or t.text in ("-", "'s", "’s") or t.like_num) \
        and (t.tag_ not in _STOP_TAGS or t.text in ("'s", "’s"))


def _before(doc: Doc, span: SpacySpan) -> list[Token]:
    """The description right before a name, ending in a kind word: "Indonesian ride-hailing
    firm" of Gojek."""
    i = span.start - 1
    if i < span.sent.start or doc[i].tag_.startswith("VB") or kind_sector(
            list(doc[max(span.sent.start, i - _LONGEST + 1):i + 1])) is None:
        return []  # (not "to help fund Future45")
    words: list[Token] = []
    while i >= span.sent.start and len(words) < MAX_DESCRIPTION_TOKENS and _describing(doc[i]) \
            and not (doc[i].ent_type_ in ("PERSON", "ORG") and doc[i].text[:1].isupper()):
        words.insert(0, doc[i])
        i -= 1
    return words


def _apposition(doc: Doc, span: SpacySpan) -> tuple[list[Token], list[Token]]:
    """The description in an apposition after a name, up to its last kind word ("a
    Philippine human rights alliance" of Karapatan), and the name of a place it is said
    to be in right after ("an online outlet in Hong Kong")."""
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return [], []
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    words: list[Token] = []
    while i < len(doc) and len(words) < MAX_DESCRIPTION_TOKENS and _describing(doc[i]):
        words.append(doc[i])
        i += 1
    # The kind word is the last one the table has ("bank" of "digital bank backed"), and
    # the phrase's head: not "a high school senior".
    while words and kind_sector(words) is None:
        if not words.pop().tag_.startswith(("VB", "RB")):
            return [], []
    if not words:
        return [], []
    where: list[Token] = []
    j = words[-1].i + 1
    if j + 1 < len(doc) and doc[j].lower_ in ("in", "from"):
        j += 1
        while j < len(doc) and doc[j].text[:1].isupper():
            where.append(doc[j])
            j += 1
    return words, where


def _country_in(words: list[Token], lexicon: Lexicon,
                place_country: Callable[[str], str | None] | None) -> str | None:
    """The country the words of a description name: a demonym, a state's name or its
    possessive, a place "X-based"; not a state that leads a body ("a China-led lender")."""
    tokens = [t for t in words if t.text not in ("'s", "’s")]
    # Whole runs of capitalised words only: "Latin America's" is no United States.
    runs: list[list[Token]] = []
    for t in tokens:
        if not t.text[:1].isupper():
            continue
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    for run in runs:
        if _followed_by(run[-1], "led"):
            continue
        name = " ".join(t.text for t in run)
        iso3 = lexicon.country_names.get(name) or lexicon.demonyms.get(name)
        if iso3 is not None:
            return iso3
    if place_country is not None:
        for k, t in enumerate(tokens):
            if t.pos_ == "PROPN" and _followed_by(t, "based"):
                first = k
                while first > 0 and tokens[first - 1].pos_ == "PROPN":
                    first -= 1  # "Hong Kong-based"
                if (iso3 := place_country(" ".join(x.text for x in tokens[first:k + 1]))):
                    return iso3
    return None


def _followed_by(token: Token, word: str) -> bool:
    """Whether "-``word``" follows ``token`` ("China-led", "Lagos-based")."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" \
        and doc[token.i + 2].lower_ == word


__all__ = ["BODY_KINDS", "describe_body", "kind_in", "kind_sector", "name_sector"]
