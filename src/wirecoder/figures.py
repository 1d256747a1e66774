"""Figures: casualty counts and other numbers that matter, with their source.

Quantities are found in the text (:mod:`wirecoder.quantities`), dropped when they are
dates, years, ages, durations, percentages, clock times, measures or parts of names, and
classified from the counted noun, the verb that governs it and the clause
(``data/figure_cues.tsv``, ``data/figure_nouns.tsv``). A figure inside a statement's
content is attributed to that statement; otherwise ``source`` is null: unattributed. A
casualty count its sentence calls a running total ("so far", "since 7 October", "to
date") is ``cumulative``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from wirecoder.lexicon import read_table
from wirecoder.model import Figure, Place, Statement, TimeExpr
from wirecoder.nlp import doc_text
from wirecoder.quantities import CURRENCY_WORDS, Quantity, quantity_from_match, quantity_matches
from wirecoder.spans import SpanIndex

# Words right after a number that make it a duration, age, share, measure or time, not a count.
NOT_COUNT_AFTER = re.compile(
    r"^[\s-]*(?:(?:second|minute|hour|day|night|week|month|year|decade|century|"
    r"generation)s?\b|years?[\s-]old|-year-old|-strong|percent\b|per\s?cent\b|%|percentage|"
    r"times\b|fold\b|a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|km\b|kilomet|kilometer|"
    r"kilometres?\b|miles?\b|met(?:er|re)s?\b|feet\b|foot\b|inch|mm\b|cm\b|kg\b|kilos?\b|"
    r"kilograms?\b|pounds?\b(?!\s+sterling)|degrees?\b|°|square|acres?\b|hectares?\b|"
    r"points?\b|votes?\b|seats?\b|goals?\b|runs?\b|st\b|nd\b|rd\b|th\b|:\d)",
    re.IGNORECASE)
NOT_COUNT_BEFORE = re.compile(
    r"(?:\b(?:no\.|number|resolution|article|section|chapter|page|route|flight|highway|"
    r"channel|aged|age|grade|level|category|phase|stage|round|term|#|the\s+year)\s*"
    r"|\d[.,:]|[/-])$",
    re.IGNORECASE)
NAME_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC",
                         "GPE", "NORP", "LOC", "DATE", "TIME", "PERCENT"})
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
SMALL_WORDS = frozenset({"one", "a", "an", "two", "three"})
SINGLE_VICTIM_KINDS = frozenset({"killed", "injured", "arrested", "detained"})
# Words in a count's sentence that make it a running total over many days ("so far killing
# 8,306", "killed since 7 October", "to date"), which must never be summed as one day's.
CUMULATIVE = re.compile(
    r"\b(?:so\s+far|thus\s+far|to\s+date|since|cumulative(?:ly)?|running\s+total|"
    r"(?:so\s+far\s+)?this\s+year|overall\s+(?:death\s+)?toll)\b", re.IGNORECASE)
CUMULATIVE_KINDS = frozenset({"killed", "injured", "casualties", "arrested", "detained",
                              "missing", "displaced"})
VERB_PRIORITY = ("killed", "injured", "casualties", "arrested", "detained", "missing",
                 "displaced")


class FigureExtractor:
    """Finds figures in a parsed article."""

    def __init__(self) -> None:
        self.verb_cues: dict[str, str] = {}
        self.noun_cues: dict[str, str] = {}
        self.phrases: list[tuple[re.Pattern[str], str]] = []
        for row in read_table("figure_cues.tsv"):
            if row["where"] == "verb":
                self.verb_cues[row["term"]] = row["kind"]
            elif row["where"] == "noun":
                self.noun_cues[row["term"]] = row["kind"]
            else:
                self.phrases.append((re.compile(rf"\b{re.escape(row['term'])}\b", re.I),
                                     row["kind"]))
        self.nouns = {r["noun"]: r["class"] for r in read_table("figure_nouns.tsv")}

    def extract(self, doc: Doc, skip: Callable[[int, int], bool], times: list[TimeExpr],
                places: list[Place], statements: list[Statement]) -> list[Figure]:
        """Return the figures of ``doc`` in text order."""
        text = doc_text(doc)
        found: list[Figure] = []
        times_at = SpanIndex(lambda t: t.span, times)
        for m in quantity_matches(text):
            start, end = m.span()
            if start == end or not text[start:end].strip():
                continue
            if skip(start, end) or times_at.overlapping(start, end):
                continue
            quantity = quantity_from_match(m)
            if quantity is None or not self._is_count(doc, text, m, start, end):
                continue
            figure = self._classify(doc, text, m, quantity, start, end, found)
            if figure is not None:
                found.append(figure)
        found.extend(self._single_victims(doc, text, skip, found))
        found.sort(key=lambda f: f.span)
        places_at = SpanIndex(lambda p: p.span, places)
        statements_at = SpanIndex(lambda st: st.content.span, statements)
        for n, figure in enumerate(found, start=1):
            figure.id = f"fg{n}"
            self._context(doc, figure, times_at, places_at, statements_at)
        return found

    # --- what is a count ------------------------------------------------------------------

    def _is_count(self, doc: Doc, text: str, m: re.Match[str], start: int, end: int) -> bool:
        core = (m["n"] or "").strip()
        after = text[end:end + 24]
        before = text[max(0, start - 24):start]
        if m["cur"] is None and NOT_COUNT_AFTER.match(after):
            return False
        if YEAR.match(core.replace(",", "")) and "," not in core:
            return False
        if not m["hedge"] and not m["cur"] and NOT_COUNT_BEFORE.search(before):
            return False
        if re.match(r"^\s*,\s*\d", after) or re.search(r"\d\s*[,.]\s*$", before):
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        # "G7", "Resolution 2334": part of a name; "7 October": a date.
        return not any(t.ent_type_ in NAME_LABELS and (t.like_num or t.lower_ in SMALL_WORDS)
                       for t in span)

    # --- what it counts -------------------------------------------------------------------

    def _classify(self, doc: Doc, text: str, m: re.Match[str], q: Quantity, start: int,
                  end: int, earlier: list[Figure]) -> Figure | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        assert span is not None
        number = span[-1]
        noun = _counted_noun(number)
        currency = q.currency or _currency_after(text, end)
        core = (m["n"] or m["vague"] or m["a"] or m["x"] or m["x2"] or "").strip().lower()
        kind: str | None = None
        subject: str | None = None
        if currency:
            kind, subject = "money", currency
        else:
            verb_kind = self._verb_kind(noun if noun is not None else number, text)
            noun_kind = self.noun_cues.get(noun.lemma_.lower()) if noun is not None else None
            noun_class = _noun_class(noun, self.nouns)
            if noun is not None:
                subject = noun.text.lower()
            plural = noun is not None and noun.tag_ in ("NNS", "NNPS")
            if verb_kind in VERB_PRIORITY and (noun is None or noun_class == "people"
                                              or noun_kind is not None or plural):
                kind = verb_kind
            elif noun_kind is not None:
                kind = noun_kind
            elif verb_kind == "protesters" and noun_class == "people":
                kind = "protesters"
            elif noun_class is not None:
                kind = "other"
            elif noun is None and earlier:
                # "2,500 troops in Iraq and some 900 in Syria": the noun is carried over.
                prev = earlier[-1]
                sent_start = doc[number.sent.start].idx if number.sent else 0
                if prev.span[0] >= sent_start and prev.kind != "money":
                    kind, subject = prev.kind, prev.subject
        if kind is None:
            return None
        if core in SMALL_WORDS and kind == "other" and self.nouns.get(
                noun.lemma_.lower() if noun is not None else "") != "things":
            return None  # "one official said": a small word counts people only with a cue
        return Figure(id="", kind=kind, value=q.value, low=q.low, high=q.high,
                      approximate=q.approximate, subject=subject, text=text[start:end],
                      span=(start, end), currency=currency)

    def _verb_kind(self, token: Token, text: str) -> str | None:
        """Kind from the verb that governs the counted noun, or a phrase in its clause."""
        verbs: list[Token] = []
        for child in token.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ"):
                verbs.append(child)
        t = token
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX", "ADJ"):
                verbs.append(t)
                break
            if t.dep_ not in ("pobj", "prep", "conj", "appos", "nummod", "quantmod",
                              "compound", "npadvmod", "nsubj", "dobj"):
                break
        for verb in verbs:
            # Phrases first: "killed or wounded" is casualties, not killed.
            first = verb.head if verb.dep_ == "conj" and verb.head.i < verb.i else verb
            window = text[first.idx:verb.idx + 40]
            for pattern, phrase_kind in self.phrases:
                if pattern.search(window):
                    return phrase_kind
            kind = (self.verb_cues.get(verb.lemma_.lower())
                    or self.noun_cues.get(verb.lemma_.lower())
                    or self.noun_cues.get(verb.lower_))
            if kind:
                return kind
            # "40 people are still missing", "12 were dead": the complement says it.
            for child in verb.children:
                if child.dep_ in ("acomp", "attr", "oprd"):
                    kind = self.noun_cues.get(child.lemma_.lower()) or self.noun_cues.get(
                        child.lower_)
                    if kind:
                        return kind
            # "The death toll rose to 8,306": the subject of the verb says what is counted.
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    kind = self.noun_cues.get(child.lemma_.lower())
                    if kind:
                        return kind
                    if any(c.lemma_.lower() in self.noun_cues for c in child.children
                           if c.dep_ == "compound"):
                        return self.noun_cues[next(
                            c.lemma_.lower() for c in child.children
                            if c.dep_ == "compound" and c.lemma_.lower() in self.noun_cues)]
            clause = text[verb.left_edge.idx:verb.right_edge.idx + len(verb.right_edge.text)]
            for pattern, phrase_kind in self.phrases:
                if pattern.search(clause):
                    return phrase_kind
        return None

    def _single_victims(self, doc: Doc, text: str, skip: Callable[[int, int], bool],
                        found: list[Figure]) -> list[Figure]:
        """'A Palestinian prisoner died', 'killed the deputy chief': a count of one."""
        out: list[Figure] = []
        taken = SpanIndex(lambda f: f.span, found)  # the figures found so far, then ``out``
        for token in doc:
            kind = self.verb_cues.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
            if kind not in SINGLE_VICTIM_KINDS:
                continue
            passive = any(c.dep_ == "auxpass" for c in token.children)
            if any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could")
                   for c in token.children):
                continue  # "may have been murdered": a claim, not a count
            for child in token.children:
                role_ok = (child.dep_ == "dobj" or (child.dep_ == "nsubjpass")
                           or (child.dep_ == "nsubj" and token.lemma_ == "die"))
                if not role_ok or (child.dep_ == "nsubj" and passive):
                    continue
                if child.tag_ not in ("NN", "NNP") or any(
                        c.dep_ == "nummod" or c.like_num for c in child.children):
                    continue
                person = child.ent_type_ == "PERSON" or self.nouns.get(
                    child.lemma_.lower()) == "people" or child.lemma_.lower() in (
                    "chief", "leader", "journalist", "prisoner", "commander", "official")
                if not person:
                    continue
                start = child.left_edge.idx
                end = child.idx + len(child.text)
                if skip(start, end) or taken.overlapping(start, end):
                    continue
                out.append(Figure(id="", kind=kind, value=1, low=1, high=1,
                                  approximate=False, subject=child.text.lower(),
                                  text=text[start:end], span=(start, end)))
                taken.add(out[-1])
        return out

    # --- where, when, who says ------------------------------------------------------------

    def _context(self, doc: Doc, figure: Figure, times: SpanIndex[TimeExpr],
                 places: SpanIndex[Place], statements: SpanIndex[Statement]) -> None:
        span = doc.char_span(*figure.span, alignment_mode="expand")
        if span is None:
            return
        sent = span.sent
        s_start, s_end = sent.start_char, sent.end_char
        figure.cumulative = figure.kind in CUMULATIVE_KINDS and bool(
            CUMULATIVE.search(sent.text))
        after = [p for p in places.starting_in(figure.span[1], s_end) if p.span[1] <= s_end]
        before = [p for p in places.starting_in(s_start, figure.span[0])
                  if p.span[1] <= figure.span[0]]
        place = after[0] if after else (before[-1] if before else None)
        figure.location = place.name if place else None
        for st in statements.containing(*figure.span)[:1]:
            figure.source = st.id
            figure.date = st.date
        dated = [t for t in times.starting_in(s_start, s_end) if t.span[1] <= s_end and t.value]
        if dated:
            figure.date = dated[0].value


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts: '8,306 people', 'thousands of protesters', '2,500 troops'."""
    t = number
    # Walk over the number's own parts ("2.5 million", "two thousand").
    while t.dep_ in ("compound", "quantmod", "nummod") and t.head.like_num and t.head.i > t.i:
        t = t.head
    if t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN"):
        noun = t.head
    elif t.pos_ in ("NOUN",) and not t.like_num:
        noun = t
    else:
        noun = None
    # "dozens of people", "hundreds of thousands of refugees".
    for child in (noun or t).children:
        if child.dep_ == "prep" and child.lower_ == "of" and (noun is None or noun.like_num
                                                              or noun.lemma_ in (
                "dozen", "score", "hundred", "thousand", "million", "ten")):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                inner = pobj[0]
                return _counted_noun(inner) if inner.like_num else inner
    if noun is not None and noun.lemma_.lower() in ("dozen", "hundred", "thousand",
                                                    "million", "score"):
        return None
    return noun


def _noun_class(noun: Token | None, nouns: dict[str, str]) -> str | None:
    """'people' or 'things' for a counted noun; plural demonyms count people ('Iraqis')."""
    if noun is None:
        return None
    found = nouns.get(noun.lemma_.lower())
    if found is None and (noun.ent_type_ == "NORP" or noun.tag_ == "NNPS"):
        return "people"
    return found


def _currency_after(text: str, end: int) -> str | None:
    m = re.match(r"\s+(?:US\s+)?([a-z]+(?:\s+sterling)?)", text[end:end + 24], re.I)
    if m and m.group(1).lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[m.group(1).lower()]
    return None


__all__ = ["FigureExtractor"]
