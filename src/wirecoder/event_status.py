"""An event's date and status: when it happened, and whether it is asserted, negated,
hypothetical, future or historical.

The date is the time expression of the event's own clause, or of the clause it hangs from
("said Monday" dates the statement, not the event). The status is read from the parse:
negation ("not", "neither", "denied that", "avoided condemning"), conditions and modals
("if", "would", "could"), questions, and future auxiliaries and heads ("will", "plans to");
otherwise the date against the publication day (more than ``HISTORICAL_DAYS`` before it:
historical; after it: future). ``speech_act`` then says what an intent, a condition or a
refusal makes of the act (AGREE, THREATEN or REJECT, as CAMEO reads them).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirecoder.lexicon import word_lists
from wirecoder.model import Event, TimeExpr
from wirecoder.nlp import doc_text, sentence_range
from wirecoder.times import parse_published

if TYPE_CHECKING:
    from wirecoder.events import Trigger

# The word lists the rules below use, with what each is for: data/event_words.tsv.
EVENT_WORDS = word_lists("event_words.tsv")
LIGHT_VERBS = EVENT_WORDS["light_verbs"]
MODALS_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should"})
MODALS_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
HEDGES = frozenset({"may", "might", "could"})
FUTURE_HEADS = EVENT_WORDS["future_heads"]
HYPOTHETICAL_HEADS = EVENT_WORDS["hypothetical_heads"]
NEGATING_HEADS = EVENT_WORDS["negating_heads"]
HISTORICAL_DAYS = 60
# "said Monday": that day is the statement's, not the event's.
REPORTING_BEFORE = re.compile(r"\b(?:said|says|told|announced|reported)\s+(?:on\s+)?$")
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
                         "AGREE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations",
                "PROTEST": "relations", "MOBILIZE": "violence"}
INTENT_HEADS = EVENT_WORDS["intent_heads"]
DECISION_HEADS = EVENT_WORDS["decision_heads"]
TIME_PREPS = ("during", "after", "before", "since", "amid", "following", "despite", "until")


def when(doc: Doc, anchor: Token, times: list[TimeExpr]) -> dict[str, object] | None:
    """The time of the event's own clause, or of the clause it hangs from."""
    if anchor.dep_ in ("relcl", "advcl", "acl"):
        head = anchor.head
        for x in times:
            if x.value and x.span[0] <= head.idx < x.span[1]:
                return {"value": x.value, "text": x.text, "span": list(x.span),
                        "precision": x.precision}
    t = anchor
    for _ in range(3):
        lo, hi = t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)
        inside = [x for x in times if lo <= x.span[0] and x.span[1] <= hi and x.value
                  and not REPORTING_BEFORE.search(doc_text(doc)[max(0, x.span[0] - 16):
                                                                x.span[0]])]
        # Prefer times that hang from this clause, not from a clause nested in it.
        own = [x for x in inside if _hangs_from(doc, x, t)]
        if own:
            x = own[0]
            return {"value": x.value, "text": x.text, "span": list(x.span),
                    "precision": x.precision}
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis", "relcl", "acl"):
            break
        t = t.head
    return None


def _hangs_from(doc: Doc, time: TimeExpr, clause: Token) -> bool:
    span = doc.char_span(*time.span, alignment_mode="expand")
    if span is None:
        return False
    root_i = span.root.i
    t = span.root
    for _ in range(5):
        if t.i == clause.i:
            return True
        if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and t.i != root_i):
            return False  # it belongs to a clause nested inside
        if t.i != root_i and t.pos_ in ("NOUN", "PROPN") and t.i != clause.i \
                and t.head.i != clause.i:
            return False
        if t.head.pos_ in ("NOUN", "PROPN") and t.head.i != clause.i and t.dep_ in (
                "compound", "nmod", "amod", "npadvmod"):
            return False  # "the 7 October attacks": the day of the attacks, not the verb
        t = t.head
    return t.i == clause.i


def status(anchor: Token, token: Token, when: dict[str, object] | None,
            published: str | None) -> str:
    chain = [anchor, token]
    governors: list[int] = []  # heads the event is a complement of ("threatened to strike")
    # Heads whose negation reaches the event: not past a verb it is the object of, which
    # has an act of its own ("avoided condemning the invasion": the invasion happened).
    negators: list[int] = []
    own_verb_passed = False
    t = anchor
    for _ in range(3):
        if t.head.i == t.i:
            break
        if t.dep_ in ("ccomp", "parataxis", "conj", "advcl", "relcl", "acl"):
            break
        link = t.dep_
        if link == "pobj" and t.head.lower_ in TIME_PREPS:
            break  # "warned him during their meeting": the meeting is not what was warned
        t = t.head
        chain.append(t)
        if link in ("xcomp", "pobj", "dobj", "prep", "acomp", "nsubjpass", "nsubj"):
            governors.append(t.i)
            if not own_verb_passed:
                negators.append(t.i)
        if link in ("dobj", "pobj") and t.pos_ == "VERB":
            own_verb_passed = True
    if any(c.dep_ == "neg" for t in (anchor, token) for c in t.children):
        return "negated"
    if any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("neither", "nobody") or any(
            g.lower_ in ("neither", "no") and g.dep_ in ("det", "preconj") for g in c.children))
           for c in anchor.children):
        return "negated"  # "Neither Clinton nor her allies have been charged"
    if anchor.dep_ == "ccomp" and anchor.head.lemma_ == "deny":
        return "negated"  # "The Kremlin denied that Russian forces had targeted civilians"
    if anchor.dep_ in ("acl", "relcl", "xcomp") and anchor.head.lower_ in (
            "nothing", "nobody", "none"):
        return "negated"  # "There is nothing to protest"
    of = anchor.head
    if anchor.dep_ == "pcomp" and of.lower_ == "of" and (of.head.lower_ == "clear" or any(
            c.lower_ == "clear" for c in of.head.children)):
        return "negated"  # "steering clear of criticizing Trump"
    if anchor.dep_ in ("xcomp", "acl", "pcomp") and anchor.head.lemma_ in NEGATING_HEADS:
        # "avoids condemning" (even when the parser takes "avoids" as a noun), "Bush's
        # refusal to condemn the display".
        return "negated"
    hypothetical = False
    for t in chain:
        children = list(t.children)
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
            hypothetical = True
        if any(c.dep_ == "aux" and c.lower_ in MODALS_HYPOTHETICAL for c in children):
            hypothetical = True
        if t.i in governors and t.lemma_ in HYPOTHETICAL_HEADS:
            hypothetical = True
    if _asks(anchor):
        hypothetical = True  # "Marco Rubio, will you resign?": asked, not told
    if hypothetical:
        return "hypothetical"
    for t in chain:
        # "did not agree to strike", "denied attacking": the act is negated.
        if t.i in negators and (t.lemma_ in NEGATING_HEADS or any(
                c.dep_ == "neg" for c in t.children)):
            return "negated"
    for t in chain:
        children = list(t.children)
        if any(c.dep_ == "aux" and c.lower_ in MODALS_FUTURE for c in children):
            return "future"
        if t.i in governors and t.lemma_ in FUTURE_HEADS:
            return "future"
    pub = parse_published(published)
    value = parse_published(str(when["value"])) if when and when.get("value") else None
    if pub and value and value < pub - timedelta(days=HISTORICAL_DAYS):
        return "historical"
    if pub and value and value > pub + timedelta(days=1):
        return "future"
    return "asserted"


# Lemmas the small model gets wrong for verbs that matter here.
LEMMA_FIXES = {"stag": "stage"}


def lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma)


def _conditional(anchor: Token) -> bool:
    """'... if attacks continued', 'would not hesitate to': a condition, not a plan."""
    t = anchor
    for _ in range(3):
        if any(c.dep_ in ("advcl", "mark") and (c.lower_ in ("if", "unless") or any(
                g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children))
               for c in t.children) or t.lemma_ == "hesitate":
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


UNAGENTIVE = EVENT_WORDS["unagentive"]
OBLIGING_SPEECH = EVENT_WORDS["obliging_speech"]


def obligations(doc: Doc) -> list[tuple[Token, Token, Token]]:
    """(verb, its subject, the reporting verb) for 'X said Y must do Z'."""
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ != "ccomp":
            continue
        if not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children):
            continue
        if verb.lemma_ in UNAGENTIVE and not any(c.dep_ in ("acomp", "xcomp")
                                                 for c in verb.children):
            continue  # "says Trump should win the nomination": a forecast, not a demand
        speech = verb.head
        subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if speech.lemma_ in OBLIGING_SPEECH and subject and subject[0].pos_ != "PRON":
            out.append((verb, subject[0], speech))
    return out


def speech_act(trig: Trigger, status: str, anchor: Token) -> tuple[Trigger, str]:
    """What an intent, a condition or a refusal makes of an act (CAMEO's reading).

    "will provide aid", "offered to negotiate": AGREE (an intent to cooperate);
    "would blockade Paris", "may halt mediation if ...": THREATEN; "failed to reach an
    agreement", "will not accept refugees": REJECT. A conditional attack ("would not
    hesitate to launch strikes if ...") stays an ASSAULT with status hypothetical.
    """
    if status == "negated" and trig.type in COOPERATIVE and trig.type != "RETREAT":
        return replace(trig, type="REJECT", cameo="120", mode=None, acled=None), "asserted"
    if "@NEG" in trig.objects:
        return trig, "asserted"  # "will no longer tolerate rallies": the refusal threatens
    conditional = _conditional(anchor)
    if trig.type in HOSTILE - {"ASSAULT"} and conditional and _modal(anchor, HEDGES):
        # "may halt mediation efforts if cooperation founders": a sanction held over
        # someone is a threat.
        return replace(trig, type="THREATEN", cameo="130", mode=THREAT_MODES.get(trig.type),
                       acled=None), "asserted"
    head = _intent_head(anchor)
    if status not in ("future", "hypothetical", "asserted") or head is None:
        return trig, status
    if trig.mode == "resign":
        return trig, status  # "will resign": the resignation itself (RETREAT)
    decision = _decision_head(anchor)
    if trig.type in COOPERATIVE and decision is not None and decision.lemma_ != "agree":
        return trig, status  # "decided to allow the candidate to run": the act decided
    if trig.type == "ASSAULT" and head.lemma_ == "prepare" and head.pos_ == "VERB" and not any(
            c.lemma_ == "be" for c in head.children):
        # "The army prepared to resume shelling": getting forces ready shows force.
        return replace(trig, type="MOBILIZE", cameo="150", mode=None, acled=None), "asserted"
    if trig.type == "RETREAT" and trig.mode == "withdraw" and conditional:
        # "will withdraw its peacekeepers from Chad unless ...": a withdrawal held over
        # someone is a threat.
        return replace(trig, type="THREATEN", cameo="130", mode=None, acled=None), "asserted"
    if trig.type in COOPERATIVE and trig.type != "AGREE":
        return replace(trig, type="AGREE", cameo="030", mode=None, acled=None), "asserted"
    clause = anchor
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "... it would prohibit all aid and would deny entry"
    announced = clause.dep_ == "ccomp" and clause.head.lemma_ in ("announce", "declare")
    if (trig.type in HOSTILE and decision is not None) or (
            trig.type in ("MOBILIZE", "SANCTION", "COERCE") and announced) or (
            trig.type == "MOBILIZE" and not conditional):
        # "The EU agreed to impose new sanctions on Iran", "announced it would send an
        # aircraft carrier", "announced it would prohibit all aid": a decision or a
        # measure to come, not a threat.
        return trig, "future"
    if trig.type in HOSTILE and not (conditional and trig.type == "ASSAULT"):
        return replace(trig, type="THREATEN", cameo="130", mode=THREAT_MODES.get(trig.type),
                       acled=None), "asserted"
    return trig, status


def _asks(token: Token) -> bool:
    """Whether the sentence of ``token`` ends with a question mark (before closing quotes)."""
    doc = token.doc
    first, last = sentence_range(doc, token.i)
    text = doc_text(doc)
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    while end > start and text[end - 1] in " \"”’'\n":
        end -= 1
    return end > start and text[end - 1] == "?"


def decided_act(doc: Doc, ev: Event) -> bool:
    """Whether the event is itself what was agreed or decided ('agreed to impose
    sanctions'), not something inside it ('agreed to postpone the demonstration')."""
    span = doc.char_span(*ev.trigger.span, alignment_mode="expand")
    if span is None:
        return False
    act = span.root
    if act.dep_ == "dobj" and lemma(act.head) in LIGHT_VERBS:
        act = act.head  # "impose sanctions": the imposing is the act
    return _decided(act)


def _decided(anchor: Token) -> bool:
    """Whether the act is what its subject agreed, decided or voted to do."""
    return _decision_head(anchor) is not None


def _decision_head(anchor: Token) -> Token | None:
    """The 'agreed', 'decided' or 'voted' the act hangs from, if any."""
    t = anchor
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acomp") or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_ in DECISION_HEADS:
            return t
    return None


def _intent_head(anchor: Token) -> Token | None:
    """What makes the clause state its subject's intent: the modal's verb in 'will send',
    or the head of 'is willing to withdraw', 'offered to hand over', 'plans to impose'."""
    t = anchor
    for _ in range(3):
        if _modal(t, MODALS_FUTURE | {"would"}, climb=False):
            return t
        if t.dep_ not in ("xcomp", "acomp") or t.head.i == t.i:
            break
        t = t.head
        if t.lemma_ in INTENT_HEADS:
            return t
    return None


def _modal(anchor: Token, modals: frozenset[str], climb: bool = True) -> bool:
    """Whether one of ``modals`` is the auxiliary of the act (or, with ``climb``, of the
    verbs it is the complement of: 'may decide to halt')."""
    t = anchor
    for _ in range(3 if climb else 1):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "acomp") or t.head.i == t.i:
            break
        t = t.head
    return False


__all__ = [
    "COOPERATIVE", "HOSTILE", "LIGHT_VERBS", "TIME_PREPS", "decided_act", "lemma",
    "obligations", "speech_act", "status", "when",
]
