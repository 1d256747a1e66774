"""After extraction: one event per happening.

``drop_embedded`` drops acts that are only the content of a demand, threat, promise or
refusal; ``share_purpose`` aims a protest at whom its demand is aimed; ``merge`` joins the
mentions of one happening (same type, status and participants, in one sentence or with the
same recipients, date and country); ``link_figures`` ties casualty, arrest and crowd figures
to the nearest fitting event of their sentence and fills its size.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from wirecoder.event_status import HOSTILE, decided_act
from wirecoder.model import Event, Figure, Participant
from wirecoder.nlp import sentence_range

SIZE_KINDS = {"killed": "killed", "injured": "injured", "arrested": "arrested",
              "detained": "arrested", "protesters": "protesters", "casualties": "injured"}


def _key(participants: list[Participant]) -> frozenset[str]:
    """Who took part, by country where known ("US forces", "American bases": USA)."""
    return frozenset(k for p in participants if (k := p.country or p.entity))


GOVERNING = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT"})


def drop_embedded(events: list[Event], doc: Doc) -> list[Event]:
    """Drop acts that are only the content of a demand, threat, promise or refusal:
    in "demanded the withdrawal of troops" the withdrawal has not happened; the REQUEST
    is the event."""
    spans: list[tuple[int, int, int]] = []
    contents: list[tuple[int, int]] = []  # what a pledge, threat or offer says it will do
    for ev in events:
        if ev.type not in GOVERNING:
            continue
        span = doc.char_span(*ev.trigger.span, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        for child in head.children:
            if child.dep_ in ("xcomp", "ccomp", "dobj", "prep", "advcl") and child.i > head.i:
                right = child.right_edge
                spans.append((child.left_edge.idx, right.idx + len(right.text), head.i))
                if not (child.dep_ == "ccomp" and any(
                        g.dep_ == "nsubj" and g.pos_ == "PROPN" for g in child.children)):
                    # Not "offered concessions that Nitze believed could lead to an
                    # agreement": someone else's clause is not the offer.
                    contents.append(spans[-1][:2])
    # "accepted demands from the rebels", "rejected the agreement": a demand, threat or
    # deal named as the object of another act is that act's content.
    heads, easing = set(), set()
    for ev in events:
        span = doc.char_span(*ev.trigger.span, alignment_mode="expand")
        if span is not None:
            heads.add(span.root.i)
            if ev.type in ("CONCEDE", "RETREAT"):
                easing.add(span.root.i)
    kept = []
    for ev in events:
        s, e = ev.trigger.span
        inside = any(lo <= s and e <= hi for lo, hi, _ in spans)
        if inside and ev.type not in GOVERNING and not (
                ev.type in HOSTILE and decided_act(doc, ev)):
            continue  # ("agreed to impose sanctions" keeps the sanctions: a decision)
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and ev.type in HOSTILE and span.root.dep_ == "dobj" \
                and span.root.head.i in easing:
            continue  # "lifted the curfew", "eased the blockade": no curfew imposed
        if span is not None and ev.type in ("REQUEST", "THREATEN", "AGREE") \
                and span.root.pos_ == "NOUN":
            governor = span.root.head
            if span.root.dep_ == "pobj":
                governor = governor.head
            if governor.i in heads and governor.i != span.root.i:
                continue
        kept.append(ev)
    # "pledged to ban all Muslims": the ban, read as a threat, is the event; the pledge
    # that carries it is not a second one.
    out = []
    for ev in kept:
        e = ev.trigger.span[1]
        if ev.type in ("AGREE", "THREATEN") and ev.trigger.text.lower().split()[-1] in (
                "pledged", "pledge", "pledges", "promised", "promise", "promises", "vowed",
                "vow", "vows", "threatened", "threaten", "threatens", "offered", "offer",
                "agreed", "agree", "agrees"):
            inner = [lo_hi for lo_hi in contents if lo_hi[0] >= e]
            if any(other is not ev and (other.type == ev.type or (
                    ev.type == "AGREE" and (other.type == "THREATEN" or other.type in HOSTILE)))
                   and any(lo <= other.trigger.span[0] < hi for lo, hi in inner)
                   for other in kept):
                continue
        out.append(ev)
    return out


# Acts that say what a protest is for ("a hunger strike to demand ...", "demonstrated,
# calling for ...") and the links that lead from the protest to them.
PURPOSES = frozenset({"REQUEST", "ACCUSE", "REJECT", "PROTEST"})
PURPOSE_LINKS = frozenset({"xcomp", "advcl", "acl", "prep", "pobj", "pcomp", "dobj"})


def share_purpose(events: list[Event], doc: Doc) -> None:
    """A protest is aimed at whom its purpose is ("staged a hunger strike to demand the
    resignation of President Ben Bella"), and the demand is made by the protesters."""
    roots: dict[int, Token] = {}
    for ev in events:
        span = doc.char_span(*ev.trigger.span, alignment_mode="expand")
        if span is not None:
            roots[id(ev)] = span.root
    for ev in events:
        root = roots.get(id(ev))
        if ev.type != "PROTEST" or root is None:
            continue
        clause = root
        while clause.pos_ != "VERB" and clause.dep_ in ("dobj", "pobj", "prep") \
                and clause.head.i != clause.i:
            clause = clause.head  # "staged mass demonstrations": the clause is "staged"
        for other in events:
            inner = roots.get(id(other))
            if other is ev or other.type not in PURPOSES or inner is None \
                    or not _serves(inner, clause):
                continue
            targets = [p for p in other.recipient if p.country]
            if targets and not any(p.country for p in ev.recipient):
                ev.recipient = targets
            if ev.actor and not other.actor:
                other.actor = list(ev.actor)


def _serves(token: Token, clause: Token) -> bool:
    """Whether ``token`` sits in a purpose or manner phrase of ``clause``."""
    for _ in range(6):
        if token.dep_ not in PURPOSE_LINKS or token.head.i == token.i:
            return False
        token = token.head
        if token.i == clause.i:
            return True
    return False


def merge(events: list[Event], doc: Doc, named: set[str]) -> list[Event]:
    """One happening, one event: merge mentions with the same type and participants.

    Participants compare by country ("US forces", "American bases"), except that two
    different named people or organisations ("the city of Phoenix", "Donald Trump") are
    never the same participant, whatever their country.
    """
    kept: list[Event] = []
    # The kept events a new one can merge into share its type and status, and its sentence
    # or its recipients: found through these, not by a scan of every kept event.
    in_sentence: dict[tuple[str, str, int | None], list[int]] = {}
    with_recipients: dict[tuple[str, str, frozenset[str]], list[int]] = {}
    for ev in events:
        er = _key(ev.recipient)
        near = in_sentence.get((ev.type, ev.status, ev.sentence), [])
        if er:
            near = sorted(set(near) | set(with_recipients.get((ev.type, ev.status, er), [])))
        target = None
        for n in near:
            k = kept[n]
            if k.type != ev.type or k.status != ev.status or _different_names(
                    k.actor, ev.actor, named) or _different_names(k.recipient, ev.recipient,
                                                                 named):
                continue
            same_sentence = k.sentence == ev.sentence and not _different_objects(k, ev, doc)
            ka, kr, ea, er = _key(k.actor), _key(k.recipient), _key(ev.actor), _key(ev.recipient)
            compatible_actor = ka == ea or not ka or not ea
            if same_sentence and compatible_actor and (kr == er or not kr or not er):
                target = k  # "bombing campaign ..., killing 8,306": one event
            elif kr and kr == er and compatible_actor and _compatible(k, ev):
                target = k
            if target is not None:
                break
        if target is None:
            in_sentence.setdefault((ev.type, ev.status, ev.sentence), []).append(len(kept))
            if er:
                with_recipients.setdefault((ev.type, ev.status, er), []).append(len(kept))
            kept.append(ev)
            continue
        target.mentions.append(ev.trigger.span)
        target.actor = target.actor or ev.actor
        if not target.recipient and er:
            bisect.insort(with_recipients.setdefault((ev.type, ev.status, er), []), n)
        target.recipient = target.recipient or ev.recipient
        target.location = target.location or ev.location
        target.date = target.date or ev.date
        target.attributed_to = target.attributed_to or ev.attributed_to
        target.confidence = round(min(0.99, max(target.confidence, ev.confidence) + 0.03), 2)
    return kept


def _different_objects(a: Event, b: Event, doc: Doc) -> bool:
    """Two verbs acting on different things ("rejected the plan and said they opposed the
    deployment") are two acts, even in one sentence. Not for force, where the verbs tell
    one attack's outcome ("shelled the city, killing 20", "killed two and wounded five")."""
    if a.type == "ASSAULT":
        return False
    objects = []
    for ev in (a, b):
        span = doc.char_span(*ev.trigger.span, alignment_mode="expand")
        if span is None or span.root.pos_ != "VERB":
            return False
        obj = next((c for c in span.root.children if c.dep_ == "dobj"), None)
        if obj is None:
            return False
        objects.append(obj.i)
    return objects[0] != objects[1]


def _different_names(a: list[Participant], b: list[Participant], named: set[str]) -> bool:
    names_a = {p.entity for p in a if p.entity in named}
    names_b = {p.entity for p in b if p.entity in named}
    return bool(names_a and names_b and not names_a & names_b)


def _compatible(a: Event, b: Event) -> bool:
    da = (a.date or {}).get("value")
    db = (b.date or {}).get("value")
    if da and db and da != db:
        return False
    ca = (a.location or {}).get("country")
    cb = (b.location or {}).get("country")
    return not (ca and cb and ca != cb)


def link_figures(events: list[Event], figures: list[Figure], doc: Doc) -> None:
    fits = {"killed": ("ASSAULT",), "injured": ("ASSAULT",), "casualties": ("ASSAULT",),
            "arrested": ("COERCE",), "detained": ("COERCE",), "protesters": ("PROTEST",)}
    # Where each event is mentioned, to find those of a figure's sentence without a scan.
    mentioned = sorted((s, n) for n, e in enumerate(events) for s, _ in e.mentions)
    for figure in figures:
        span = doc.char_span(*figure.span, alignment_mode="expand")
        if span is None:
            continue
        first, last = sentence_range(doc, span.start)  # as Span.sent: the first sentence
        sent_start, sent_end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
        near = mentioned[bisect.bisect_left(mentioned, (sent_start, -1)):
                         bisect.bisect_left(mentioned, (sent_end, -1))]
        candidates = [events[n] for n in sorted({n for _, n in near})
                      if events[n].type in fits.get(figure.kind, ())]
        if not candidates:
            continue
        event = min(candidates, key=lambda e: min(abs(s - figure.span[0])
                                                  for s, _ in e.mentions))
        figure.event = event.id
        slot = SIZE_KINDS.get(figure.kind)
        if slot and event.size.get(slot) is None:
            event.size[slot] = figure.value if figure.value is not None else figure.low


__all__ = ["drop_embedded", "link_figures", "merge", "share_purpose"]
