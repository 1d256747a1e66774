"""Events: who did what to whom, where and when, coded to PLOVER, CAMEO and ACLED.

Triggers are verbs and nouns from ``data/event_triggers.tsv`` ("struck", "attack on",
"bombing campaign"), including light-verb forms ("carried out an attack", "came under
attack"); each trigger's CAMEO code gives its PLOVER type, mode and context through
``data/cameo_plover.tsv`` (derived from PLOVER's own table). Participants come from the
parse (subject, object, by-agent, "against"/"on"/"with", possessives and demonyms) and are
resolved to entities by ``participants``; an unnamed actor stays empty. An event's date
and status come from ``event_status``; mentions of one happening in an article are merged
into one event by ``event_merge``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirecoder import event_merge, event_status
from wirecoder.actors import EntityIndex
from wirecoder.event_status import COOPERATIVE, LIGHT_VERBS, TIME_PREPS
from wirecoder.lexicon import Lexicon, read_table, word_lists
from wirecoder.model import (
    Event,
    Figure,
    Participant,
    Place,
    Span,
    Statement,
    TextSpan,
    TimeExpr,
)
from wirecoder.nlp import children_table, doc_text, sentence_lemmas, sentence_range
from wirecoder.participants import (
    BODY_NOUNS,
    COLLECTIVES,
    GROUP_SECTORS,
    NAMED,
    ParticipantResolver,
    conjuncts,
    datelines,
    phrase_span,
)
from wirecoder.spans import document_index

if TYPE_CHECKING:
    from wirecoder.sense.combine import SenseJudge

# The word lists the rules below use, with what each is for: data/event_words.tsv.
EVENT_WORDS = word_lists("event_words.tsv")
ACTOR_PREPS = frozenset({"by"})
RECIPIENT_PREPS = frozenset({"against", "on", "at", "upon", "into", "with", "of"})
EVENT_HEADS = EVENT_WORDS["event_heads"]
GATHERING = EVENT_WORDS["gathering"]
CROWDS = EVENT_WORDS["crowds"]
LIGHT_TARGET_PREPS = frozenset({"to", "against", "on", "with", "at", "upon"})
POLL_SUBJECTS = EVENT_WORDS["poll_subjects"]
GENERIC_PEOPLE = EVENT_WORDS["generic_people"]
# What a vow to do makes a threat rather than a promise.
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE",
                           "REJECT"})
HOSTILE_LEMMAS = EVENT_WORDS["hostile_lemmas"]
DEEP_RECIPIENT_PREPS = frozenset({"against", "with", "to", "by", "from", "on", "toward",
                                  "towards"})
NON_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY",
                              "ORDINAL"})


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    particle: str
    cameo: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    acled: tuple[str, str] | None
    weight: float
    objects: frozenset[str] = frozenset()


class EventExtractor:
    """Finds events in a parsed article."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        crosswalk = {r["cameo"]: r for r in read_table("cameo_plover.tsv")}
        self.triggers: dict[tuple[str, str], list[Trigger]] = {}
        for r in read_table("event_triggers.tsv"):
            code = crosswalk.get(r["cameo"])
            if code is None:
                raise ValueError(f"event_triggers.tsv: unknown CAMEO code {r['cameo']}")
            trig = Trigger(
                lemma=r["lemma"], pos=r["pos"], particle=r["particle"], cameo=r["cameo"],
                type=r["type"] or code["type"], mode=r["mode"] or code["mode"] or None,
                context=tuple(c for c in code["context"].split(";") if c),
                acled=(r["acled_event_type"], r["acled_sub_event_type"])
                if r["acled_event_type"] else None, weight=float(r["weight"]),
                objects=frozenset(o for o in r["objects"].split("|") if o))
            self.triggers.setdefault((r["lemma"].split()[-1], r["pos"]), []).append(trig)
        self.participants = ParticipantResolver(lexicon)
        code = crosswalk["100"]
        self.request = Trigger("must", "VERB", "", "100", code["type"], None, (), None, 0.6)

    def extract(self, doc: Doc, skip: Callable[[int, int], bool], published: str | None,
                entities: EntityIndex, times: list[TimeExpr], places: list[Place],
                statements: list[Statement], figures: list[Figure],
                judge: SenseJudge | None = None) -> list[Event]:
        """Return the events of ``doc``, merged, in text order.

        With a ``judge`` (the event-sense layer), rule events are checked against what each
        sentence reports, and sentences it reads as events with no trigger get one.
        """
        text = doc_text(doc)
        sent_index = {s.start: n for n, s in enumerate(doc.sents)}
        consumed: set[int] = set()
        found: list[tuple[Token, Trigger, list[Token], list[Token], Token | None]] = []
        # Light verbs first: "carried out an attack" is the attack, by the verb's subject.
        for token in doc:
            if token.pos_ == "VERB" and event_status.lemma(token) in LIGHT_VERBS:
                for noun, trig in self._light_objects(token):
                    if skip(noun.idx, noun.idx + len(noun.text)):
                        continue
                    consumed.add(noun.i)
                    consumed.add(token.i)
                    if event_status.lemma(token) == "come":
                        # "came under attack": the subject is hit
                        found.append((noun, trig, [], _subjects(token), token))
                    else:
                        # "gave a warm welcome to de Klerk", "launched strikes against
                        # the rebels": the parser may hang the target on the verb.
                        targets = [g for c in token.children if c.dep_ in ("prep",
                                                                           "dative")
                                   and c.lower_ in LIGHT_TARGET_PREPS
                                   for g in c.children if g.dep_ == "pobj"]
                        subjects = _subjects(token)
                        if any(c.dep_ == "auxpass" for c in token.children) and event_status.lemma(
                                token) not in ("engage", "involve"):
                            # "was put under investigation", "were placed under arrest":
                            # the subject undergoes it; an agent does it. ("Were engaged
                            # in ethnic cleansing" is a state, not a passive.)
                            targets += [s for s in subjects if s.dep_ == "nsubjpass"]
                            subjects = [g for c in token.children if c.dep_ == "agent"
                                        for g in c.children if g.dep_ == "pobj"]
                        found.append((noun, trig, subjects, targets, token))
        for token in doc:
            if token.i in consumed or skip(token.idx, token.idx + len(token.text)):
                continue
            found_trigger = self._trigger(token)
            if found_trigger is None:
                continue
            if token.pos_ == "VERB":
                actors, recipients = _verb_arguments(token, found_trigger)
                found.append((token, found_trigger, actors, recipients, None))
            elif self._eventive_noun(token):
                found.append((token, found_trigger, [], [], None))
        for _verb, subject, speech in event_status.obligations(doc):
            # "Russia said Sudan must return the helicopter": a demand on Sudan.
            if speech.i not in consumed and not skip(speech.idx, speech.idx + 1):
                found.append((speech, self.request, _subjects(speech), [subject], None))
                consumed.add(speech.i)
        events: list[Event] = []
        for token, trig, actor_toks, recipient_toks, light in found:
            event = self._build(doc, text, token, trig, actor_toks, recipient_toks, light,
                                entities, times, places, statements, published, sent_index)
            if event is not None:
                events.append(event)
        senses, proposed = {}, set()
        if judge is not None:
            senses = judge.read(doc, events, skip)
            proposals = judge.proposals(doc, events, senses)
            events = judge.review(events, senses)
            for proposal in proposals:
                token, trig = proposal.token, proposal.trigger
                actor_toks, recipient_toks = _verb_arguments(token, trig)
                event = self._build(doc, text, token, trig, actor_toks, recipient_toks, None,
                                    entities, times, places, statements, published,
                                    sent_index)
                event = judge.sensed(event, senses) if event is not None else None
                if event is not None:
                    events = judge.admit(events, event)
                    proposed.add(event.trigger.span)
        events.sort(key=lambda e: e.trigger.span)
        events = event_merge.drop_embedded(events, doc)
        event_merge.share_purpose(events, doc)
        if judge is not None:  # after the purposes are shared: "marched to demand reform"
            events = judge.prune(events, senses, frozenset(proposed), doc)
        events = event_merge.merge(events, doc, {e.id for e in entities.entities
                                                 if e.type in ("PERSON", "ORG")})
        for n, event in enumerate(events, start=1):
            event.id = f"ev{n}"
            if event.location is not None:
                event.location.pop("in_clause", None)
        event_merge.link_figures(events, figures, doc)
        return events

    # --- triggers -------------------------------------------------------------------------

    def _trigger(self, token: Token) -> Trigger | None:
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None:
            return None
        options = self.triggers.get((token.lemma_.lower(), pos)) or self.triggers.get(
            (token.lower_, pos))
        if not options and pos == "VERB" and token.lemma_ in GATHERING and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in CROWDS for c in token.children):
            # "some 200 protesters gathered": a gathering of protesters is a protest.
            options = self.triggers.get(("protest", "VERB"))
        if not options:
            return None
        words = {c.lower_ for c in token.children if c.dep_ in ("prt", "dobj", "compound",
                                                                 "amod")}
        words |= _particle_preps(token)
        objects = _object_lemmas(token)
        best: Trigger | None = None
        best_score = -1
        for trig in options:
            head_words = trig.lemma.split()[:-1]
            if trig.particle and trig.particle not in words:
                continue
            if head_words and not all(w in words for w in head_words):
                continue
            if trig.objects and not (trig.objects & objects):
                continue
            score = bool(trig.objects) * 2 + bool(trig.particle or head_words)
            if score > best_score:
                best, best_score = trig, score
        if best is None:
            return None
        if token.pos_ == "VERB" and token.dep_ == "amod":
            return None  # "wounded American families": an adjective, not an act
        if token.pos_ == "VERB" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") \
                and any(c.dep_ == "det" for c in token.children):
            return None  # "evacuated the wounded": people, not an act
        if best.type == "ASSAULT" and best.lemma in ("attack", "assault", "pound") \
                and _verbal(token):
            # "a tweet attacking a former Miss Universe", "a media attack": words, not force.
            return replace(best, type="ACCUSE", cameo="111", mode="disapprove", acled=None)
        if token.pos_ == "VERB" and best.lemma in ("vow", "swear"):
            # "vowed to punish" threatens; "vowed to form a task force" promises.
            inner = next((c for c in token.children if c.dep_ == "xcomp"), None)
            inner_trigger = self._trigger(inner) if inner is not None else None
            advocacy = inner is not None and inner.lemma_ == "fight" and any(
                c.dep_ == "prep" and c.lower_ == "for" for c in inner.children)
            if inner is not None and (inner.lemma_ not in HOSTILE_LEMMAS or advocacy) and (
                    inner_trigger is None or inner_trigger.type not in HOSTILE_TYPES):
                promise = self.triggers.get(("pledge", "VERB"))
                if promise:
                    return replace(promise[0], lemma=best.lemma)
        if best.type == "ASSAULT" and _figurative(token):
            return None  # "destroying the party's chance", "a primary battle with Clinton"
        if best.type == "ASSAULT" and token.pos_ == "VERB" and token.lemma_ == "fight" and any(
                c.dep_ == "prep" and c.lower_ == "for" for c in token.children):
            return None  # "fought hard for conservative principles": advocacy
        doc = token.doc
        if token.lemma_ in ("fire", "launch") and token.i > 1 and doc[token.i - 1].text == "-" \
                and doc[token.i - 2].lower_ == "test":
            # "test-fired two ballistic missiles": a weapons test shows force (MOBILIZE).
            test = self.triggers.get(("test", "VERB"))
            return test[0] if test else None
        if _not_the_act(token, best):
            return None
        if token.pos_ == "VERB" and best.lemma in ("demonstrate", "rally") and any(
                c.dep_ in ("ccomp", "dobj") for c in token.children):
            return None  # "demonstrated that it helps", "rallied supporters": no protest
        if token.pos_ == "VERB" and best.type == "PROTEST" and any(
                c.dep_ == "ccomp" for c in token.children):
            # "a rights group protested that ...": a verbal protest accuses.
            return replace(best, type="ACCUSE", cameo="114", mode="allege", acled=None)
        if token.pos_ == "VERB" and best.lemma == "threaten" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in ENDANGERED for c in token.children):
            return None  # "threatens national security": a danger, not a threat made
        if token.pos_ == "VERB" and best.type in ("THREATEN", "REJECT") and any(
                c.dep_ == "ccomp" for c in token.children) and best.lemma in ("warn", "deny"):
            return None  # "warned that ...", "denied that ...": reported speech, no act
        return best

    def _light_objects(self, verb: Token) -> list[tuple[Token, Trigger]]:
        out = []
        for child in verb.children:
            targets = [child] if child.dep_ == "dobj" else []
            if child.dep_ == "dobj" and child.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                # "launched 10 days of war games": the games, not the days.
                targets = [g for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                           for g in c.children if g.dep_ == "pobj"] or targets
            if child.dep_ == "prep" and child.lower_ in ("under", "in", "on"):
                targets = [g for g in child.children if g.dep_ == "pobj"]
            for noun in targets:
                trig = self._trigger(noun)
                if trig is None and noun.lemma_ in EVENT_HEADS:
                    # "unleashed a bombing campaign": the trigger modifies the object.
                    for c in noun.doc[noun.left_edge.i:noun.i]:
                        if c.pos_ == "NOUN" and (t := self._trigger(c)) is not None:
                            out.append((c, t))
                            break
                elif trig is not None:
                    out.append((noun, trig))
        if verb.lemma_ == "come" and not any(c.lower_ == "under" for c in verb.children):
            return []
        return out

    def _eventive_noun(self, noun: Token) -> bool:
        """A noun trigger counts when something anchors it: an actor, a target, a place."""
        for child in noun.children:
            if child.dep_ == "poss":
                return True
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "in", "at", "of",
                                                         "by", "between", "with"):
                return True
            if child.dep_ in ("amod", "compound") and (child.ent_type_ in ("NORP", "GPE",
                                                                           "ORG")):
                return True
            if child.dep_ in ("compound", "amod") and child.lemma_ in (
                    "bombing", "air", "drone", "missile", "rocket", "hunger", "suicide",
                    "car", "roadside"):
                return True
        if noun.dep_ == "pobj" and noun.head.head.lemma_ == "responsibility":
            return True  # "claimed responsibility for the bombing"
        if noun.lemma_.lower() in ("torture", "massacre"):
            return True  # violence whatever anchors it ("as a result of torture")
        # "died of torture", "killed in a bombing": the cause of a death is an event.
        if noun.dep_ == "pobj" and noun.head.head.lemma_ in ("die", "kill", "injure", "wound"):
            return True
        # "bombing campaign": the trigger modifies an eventive head noun.
        return _event_head(noun) is not None

    # --- building -------------------------------------------------------------------------

    def _build(self, doc: Doc, text: str, token: Token, trig: Trigger,
               actor_toks: list[Token], recipient_toks: list[Token], light: Token | None,
               entities: EntityIndex, times: list[TimeExpr], places: list[Place],
               statements: list[Statement], published: str | None,
               sent_index: dict[int, int]) -> Event | None:
        if token.pos_ == "NOUN" or light is not None:
            extra_actor, extra_recipient = _noun_arguments(token)
            if trig.type == "ASSAULT" and not extra_recipient and not recipient_toks:
                # "a prisoner died as a result of torture", "was killed in a bombing": the
                # dead are its victims (not those killed in a riot: the rioters' target).
                extra_recipient = _victims_of_cause(token)
            # "the Paris attacks", "the Benghazi attack": a city before the act is where it
            # happened (the place finder has it), not who did it; "US strikes" keep the US.
            extra_actor = [t for t in extra_actor if not (
                t.ent_type_ in ("GPE", "LOC", "FAC") and t.dep_ in ("compound", "nmod")
                and not self.participants.is_country(t))]
            if actor_toks:
                # "the group carried out its attack": "its" is the group again.
                extra_actor = [t for t in extra_actor if t.pos_ != "PRON"]
            actor_toks = actor_toks + extra_actor
            recipient_toks = recipient_toks + extra_recipient
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if trig.type == "SUPPORT" and any(t.lemma_.lower() in POLL_SUBJECTS
                                          for t in [*actor_toks, *subjects, token.head]):
            return None  # "19 percent of students support Clinton": a poll, not an act
        if token.dep_ == "relcl" and token.head.lower_ in GENERIC_PEOPLE:
            return None  # "punish those who violate the rules": a kind of person, no act
        if any(t.lower_ == "you" for t in actor_toks + recipient_toks) and \
                trig.type in ("ASSAULT", "COERCE", "AGREE"):
            return None  # "you walk down the street, you get shot": generic, not an event
        if trig.cameo == "045" or (trig.objects and "mediation" in _object_lemmas(token)):
            # "undertook mediation between Syria and Arafat": the parties are mediated, not
            # mediating.
            between = [t for t in actor_toks if t.head.dep_ == "prep"
                       and t.head.lower_ == "between"]
            actor_toks = [t for t in actor_toks if t not in between]
            recipient_toks = recipient_toks + between
            if not actor_toks:
                actor_toks = [s for s in _subjects(light or token) if s.dep_ != "nsubjpass"]
        if trig.lemma == "warn" and any(t.dep_ == "dobj" for t in recipient_toks):
            # "warned the Philippines against provocations": the one warned is the target.
            recipient_toks = [t for t in recipient_toks if t.dep_ == "dobj"]
        if trig.type == "MOBILIZE" and token.pos_ == "NOUN":
            # "the deployment of NATO troops": the troops deployed are the side deploying.
            deployed = [t for t in recipient_toks if t.dep_ == "pobj" and t.head.lower_ == "of"
                        and t.head.head.i == token.i]
            actor_toks = actor_toks + deployed
            recipient_toks = [t for t in recipient_toks if t not in deployed]
        if trig.type == "MOBILIZE" and any(t.lemma_.lower().startswith("peacekeep")
                                           for t in (light or token).subtree):
            # "NATO peacekeeping troops arrived in Bosnia": peacekeeping is aid (CAMEO 074).
            trig = replace(trig, type="AID", cameo="074", mode=None, acled=None,
                           context=("peacekeeping",))
        if trig.type in AGAINST_DEEDS:
            # "protested the rights violations by the security forces": the target is who
            # committed the deed.
            recipient_toks = [_doer(t) or t for t in recipient_toks]
        if trig.type in ("ACCUSE", "PROTEST"):
            # "complained to the UN over two Israeli air raids", "a strike over a bill signed
            # by the labour minister", "in defiance of Chinese authorities": the target is
            # whom the grievance is about, not whom it is addressed to.
            grounds: list[Token] = []
            for ground in _grounds(token) + (_grounds(light) if light else []):
                doer = _doer(ground, demonym=True)
                if doer is not None:
                    grounds.append(doer)
                elif ground.ent_type_ in NAMED or _is_body(ground):
                    grounds.append(ground)
            if grounds:
                recipient_toks = grounds + [r for r in recipient_toks if not (
                    r.dep_ == "pobj" and r.head.lower_ == "to")]
        actor = self.participants.resolve(doc, actor_toks, entities, places)
        recipient = self.participants.resolve(doc, recipient_toks, entities, places)
        trigger_span = _trigger_span(token)
        trig_text = text[trigger_span[0]:trigger_span[1]]
        anchor = light if light is not None else token
        location = _location(doc, anchor, token, places)
        when = event_status.when(doc, anchor, times)
        status = event_status.status(anchor, token, when, published)
        trig, status = event_status.speech_act(trig, status, anchor)
        if trig.type == "THREATEN" and actor and not any(p.country for p in actor) \
                and anchor.dep_ == "ccomp" \
                and event_status.lemma(anchor.head) in ("warn", "say", "declare"):
            # "Cairo's security chief warned that police will no longer tolerate rallies":
            # the forces a speaker threatens with are the speaker's.
            speaker = self.participants.resolve(doc, _subjects(anchor.head), entities, places)
            if speaker and speaker[0].country:
                actor = [replace(p, country=speaker[0].country) for p in actor]
        where = location.get("country") if location and not _is_dateline(doc, location) \
            else None
        if where and trig.type == "PROTEST":
            # "Hundreds of thousands of people blocked streets in Hong Kong", "prisoners
            # rioted at a jail in Dili": unnamed locals are of the place they protest in.
            actor = [replace(p, country=str(where)) if p.country is None and p.span
                     and _head_lemma(doc, p.span) in LOCAL_PEOPLE else p for p in actor]
        if where:
            # "Riot police fired tear gas in Nairobi": police are the force of the place.
            actor, recipient = ([replace(p, country=str(where)) if p.country is None
                                 and p.sector == "COP" else p for p in side]
                                for side in (actor, recipient))
        if where and trig.type in ("ASSAULT", "COERCE"):
            # "killed 23 people ... in Tel Aviv", "a journalist killed in Beirut": unnamed
            # victims are of the place where they were hit.
            recipient = [replace(p, country=str(where)) if p.country is None and p.span
                         and _head_lemma(doc, p.span) in LOCAL_PEOPLE else p
                         for p in recipient]
        if not actor and where and location and location.get("in_clause") \
                and _state_act(trig) and any(c.dep_ == "auxpass" for c in anchor.children) \
                and not any(c.dep_ == "agent" for c in anchor.children) \
                and _inside(doc, location):
            # "was put under investigation in Italy", "were arrested in Moscow": arrests,
            # charges and trials with no one named are the state's where they happen.
            place_span = location["span"]
            assert isinstance(place_span, list)
            actor = [Participant(str(location["text"]), (place_span[0], place_span[1]), None,
                                 str(where), "GOV", None)]
        home = location.get("country") if location and location.get("in_clause") else None
        if home:
            # "ethnic Albanians demonstrated in Serbia", "ethnic cleansing in Montenegro
            # against the Albanian population": a minority is coded by the country it lives
            # in.
            actor = [replace(p, country=str(home)) if _minority(doc, p) else p for p in actor]
            recipient = [replace(p, country=str(home)) if _minority(doc, p) else p
                         for p in recipient]
        warning_of = trig.lemma == "warn" and any(
            c.dep_ == "prep" and c.lower_ in ("of", "about") for c in token.children)
        if not any(r.country for r in recipient) and not warning_of:
            # Not "warned of the expansion of the Hamas-Israel war": a danger, no target.
            # "will support a U.N. Security Council resolution", "agreed to provide aid for
            # Romania", "threatened to impose restrictions against German goods": the one
            # acted upon sits deeper in the event's own clause. Force and protest take
            # only a name found through "against" ("reservists for a war against Iraq").
            candidates = _clause_recipients(token, actor_toks,
                                            against_only=trig.type in CLAUSE_ONLY_TYPES)
            deeper = [r for r in self.participants.resolve(doc, candidates, entities, places)[:1]
                      if r.country]
            if not deeper:
                # "dispatched inspectors to the Esfahan facilities in central Iran": past a
                # name with no country, the country the act is in.
                deeper = [r for r in self.participants.resolve(
                    doc, [t for t in candidates[1:] if self.participants.is_country(t)], entities,
                    places) if r.country]
            recipient = recipient + deeper[:1]
        if not recipient and trig.type == "THREATEN":
            # "threatened a general strike unless Israel rescinded the annexation": the
            # threat is aimed at whoever must act to avert it.
            recipient = self.participants.resolve(doc, _condition_subjects(anchor), entities,
                                           places)
        attributed = next(iter(document_index(
            doc.user_data, "statements", statements, lambda st: st.content.span,
        ).containing(*trigger_span)), None)
        if when is None and attributed is not None and attributed.date:
            # "Iran said Monday it had seized a tanker": by the day it was said, which the
            # words "Monday" give (``basis``: the date is the statement's).
            said = min((x for x in times if x.value == attributed.date),
                       key=lambda x: abs(x.span[0] - attributed.cue.span[0]), default=None)
            if said is not None:
                when = {"value": said.value, "text": said.text, "span": list(said.span),
                        "precision": "day", "basis": "statement"}
        if not recipient and location and location.get("country") and (location.get(
                "in_clause") or trig.type == "AID") and trig.type not in (
                    "ASSAULT", "PROTEST", "CONSULT", "COOPERATE", "SUPPORT", "AGREE") \
                and _inside(doc, location) and not _on_occasion(doc, location):
            # "Serbia lifted a curfew in Montenegro": the place's people are the target
            # (not "exercises near Taiwan", nor where an occasion was: "criticised the law
            # during a campaign stop in Flint"); aid goes where it arrives ("NATO
            # peacekeepers arrived in Bosnia").
            place_span = location["span"]
            assert isinstance(place_span, list)
            recipient = [Participant(str(location["text"]), (place_span[0], place_span[1]),
                                     None, str(location["country"]), None, None)]
        if trig.type == "CONSULT" and trig.mode == "visit" and not recipient and location \
                and location.get("country"):
            # "arrived in Amman on a visit": the host is the place visited.
            place_span = location["span"]
            assert isinstance(place_span, list)
            recipient = [Participant(str(location["text"]), (place_span[0], place_span[1]),
                                     None, str(location["country"]), None, None)]
        context = list(trig.context) or (["military"] if trig.type == "ASSAULT" else [])
        confidence = trig.weight * (0.6 + 0.12 * bool(actor) + 0.12 * bool(recipient)
                                    + 0.08 * bool(location) + 0.08 * bool(when))
        if token.pos_ == "NOUN" and light is None:
            confidence *= 0.9
        sent_start = sentence_range(doc, token.i)[0]
        return Event(
            id="", type=trig.type, mode=trig.mode, context=context, cameo=trig.cameo,
            acled=_acled(trig, actor, recipient), actor=actor, recipient=recipient,
            trigger=TextSpan(trig_text, trigger_span), location=location, date=when,
            status=status, attributed_to=attributed.id if attributed else None,
            size={"killed": None, "injured": None, "arrested": None, "protesters": None},
            sentence=sent_index.get(sent_start), confidence=round(min(confidence, 0.99), 2),
            mentions=[trigger_span])


# --- syntax helpers -------------------------------------------------------------------------


def _hung_subjects(verb: Token) -> list[Token]:
    """Subjects the parser hung on the verb's auxiliary ("Egypt and Qatar are mediating":
    "Egypt" under "are")."""
    return [g for c in verb.children if c.dep_ in ("aux", "auxpass")
            for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]


def _subjects(verb: Token) -> list[Token]:
    t = verb
    for _ in range(3):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")] or _hung_subjects(t)
        if subj:
            return subj
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and not any(
                c.dep_ == "dobj" for c in t.head.head.children):
            # "resorted to throwing stones": the one who resorted. Not "accused Tehran of
            # facilitating": there the accuser is not the one who facilitates.
            t = t.head.head
            continue
        if t.dep_ in ("xcomp", "advcl", "conj", "acl", "relcl", "acomp") and t.head.i != t.i:
            if t.dep_ == "acl" and t.tag_ in ("VBD", "VBN") \
                    and t.sent.root.pos_ in ("NOUN", "PROPN") and t.sent.root.i < t.i:
                # "Doctors from two aid groups donated ...": the parser, finding no verb,
                # made the sentence's subject its root.
                return [t.sent.root]
            if t.dep_ == "acl":
                # "a Donald Trump tweet attacking ...": the author of the thing that acts.
                author = [c for c in t.head.children if c.dep_ in ("poss", "compound")
                          and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")]
                if author:
                    return author[-1:]
                if t.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in t.children):
                    return []  # "people accused of rape": the people are accused
            if t.dep_ == "acl" and t.head.dep_ == "dobj" and not t.head.ent_type_ \
                    and not _is_body(t.head):
                t = t.head.head  # "issued a declaration demanding ...": the issuer
                continue
            if t.dep_ in ("relcl", "acl"):
                return [t.head]  # "demonstrators protesting election results"
            t = t.head
            continue
        break
    return []


ENDANGERED = EVENT_WORDS["endangered"]
FIGURATIVE_TARGETS = EVENT_WORDS["figurative_targets"]


FIGURATIVE_FIELDS = EVENT_WORDS["figurative_fields"]
ABSTRACT_VICTIMS = EVENT_WORDS["abstract_victims"]


def _state_act(trig: Trigger) -> bool:
    """Acts only a state's authorities perform: arrest, deport, investigate, charge, try,
    convict, expel."""
    return (trig.type == "COERCE" and trig.mode in ("arrest", "deport")) or (
        trig.type == "ACCUSE" and trig.mode in ("investigate", "allege")
        and trig.cameo in ("090", "091", "092", "115")) or (
        trig.type == "SANCTION" and trig.mode in ("convict", "expel"))


def _minority(doc: Doc, participant: Participant) -> bool:
    """'ethnic Albanians', 'the Albanian population', 'the Serb community'."""
    return " ethnic " in f" {participant.text.lower()} " or (
        participant.span is not None
        and _head_lemma(doc, participant.span) in MINORITY_HEADS)


def _head_lemma(doc: Doc, span: Span) -> str:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words.root.lemma_.lower() if words is not None else ""


def _is_dateline(doc: Doc, location: dict[str, object]) -> bool:
    span = location.get("span")
    return isinstance(span, list) and any(lo <= span[0] and span[1] <= hi
                                          for lo, hi in datelines(doc))


def _refused(verb: Token) -> bool:
    """'will not tolerate', 'will no longer tolerate', 'never tolerates'."""
    return any(c.dep_ == "neg" or c.lower_ == "never" or (
        c.lower_ == "longer" and any(g.dep_ == "neg" for g in c.children))
        for c in verb.children)


def _figurative(token: Token) -> bool:
    """Violence in words only: an attack on a chance, a deal or a right, a primary battle,
    a battle "about" competence, getting "killed in this deal"."""
    preps = ("in", "on", "against", "of") if token.pos_ == "NOUN" else ("in", "on", "against")
    hit = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    hit += [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]
    if any(t.lemma_.lower() in FIGURATIVE_TARGETS or t.lemma_.lower() in ABSTRACT_VICTIMS
           for t in hit):
        return True
    if token.pos_ == "NOUN" and token.lemma_.lower() in ("battle", "fight", "war") and any(
            t.ent_type_ == "PERSON" for t in hit) and not (
            sentence_lemmas(token.doc, token.i) & VIOLENCE_MARKERS):
        return True  # "the battle against Mr. Sanders": a campaign
    return token.pos_ == "NOUN" and any(
        (c.dep_ in ("amod", "compound") and c.lemma_.lower() in FIGURATIVE_FIELDS)
        or (c.dep_ == "prep" and c.lower_ == "about") for c in token.children)


def _not_the_act(token: Token, trig: Trigger) -> bool:
    """Words that look like the trigger but do something else here."""
    children = list(token.children)
    doc = token.doc
    if (token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_) or (
            token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_):
        return True  # "the famously shoot-from-the-lip candidate": part of a modifier
    if token.pos_ == "NOUN" and trig.lemma == "demand" and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and not g.ent_type_ and not _is_body(g)
                and g.pos_ != "PRON" for g in c.children) for c in children):
        return True  # "the demands of quarterly earnings": pressures, not a demand made
    if token.pos_ == "NOUN" and trig.lemma == "operation" and not (
            token.dep_ == "dobj" and event_status.lemma(token.head) in LIGHT_VERBS) and not any(
            c.dep_ == "prep" and c.lower_ == "against" for c in children):
        return True  # "in charge of military operations": a job, not an offensive
    if token.pos_ == "NOUN" and trig.lemma == "talk" and token.lower_ == "talk" and not any(
            c.dep_ == "prep" and c.lower_ in ("with", "between", "on") for c in children):
        return True  # "swat away talk of party division": chatter; "talk on limiting ..."
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma == "call" and trig.type == "CONSULT" and any(c.dep_ == "oprd" for c in children):
        return True  # "calling him 'the most ignorant president'": naming, not phoning
    if lemma == "oppose" and token.i > 0 and token.doc[token.i - 1].lower_ == "as":
        return True  # "as opposed to"
    if (token.dep_ == "conj" and token.head.pos_ in ("ADJ", "NOUN")) or (
            token.i > 1 and token.doc[token.i - 2].lower_ == "dead"
            and token.doc[token.i - 1].lower_ == "and"):
        return True  # "lost over 6,000 dead and wounded": people, not a wounding
    particles = {c.lower_ for c in children if c.dep_ in ("prt", "advmod")}
    objects = [c for c in children if c.dep_ == "dobj"]
    # "the debt had shot up", "the court struck down a Texas law", "fighting to be seen".
    if trig.type == "ASSAULT" and (
            (lemma == "shoot" and "up" in particles and not objects)
            or (lemma == "strike" and "down" in particles)
            or (lemma == "fight" and any(c.dep_ == "xcomp" for c in children))):
        return True
    if trig.type == "PROTEST" and lemma in GATHERING_VERBS and any(
            c.dep_ == "prep" and c.lower_ in ("behind", "around", "to") and any(
                g.ent_type_ == "PERSON" or g.pos_ == "PRON" for g in c.children)
            for c in children):
        return True  # "rally behind her", "flocked to Trump": support, not protest
    if lemma in ("decline", "refuse") and any(
            c.dep_ == "xcomp" and c.lemma_ in NO_COMMENT and not any(
                g.dep_ == "prep" and g.lower_ == "to" for g in c.children)
            for c in children):
        return True  # "declined to comment", not "refused to respond to a demand"
    if lemma in ("vow", "swear") and any(c.dep_ == "ccomp" for c in children) and not any(
            c.dep_ == "xcomp" for c in children):
        return True  # "swears Latinos love him": an assertion
    if lemma == "appeal" and trig.type == "REQUEST" and not any(
            (c.dep_ == "prep" and c.lower_ == "for") or c.dep_ in ("xcomp", "ccomp", "dobj")
            or (c.dep_ == "advcl" and any(g.lower_ == "to" for g in c.children))
            for c in children):
        return True  # "able to appeal to a certain group of folks": attract, not ask
    if trig.type == "ASSAULT" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back"
                                      for c in children):
        after = token.doc[token.i + 1:token.i + 5]
        if any(t.is_quote or t.text == ":" for t in after) or any(
                c.dep_ == "ccomp" for c in children):
            return True  # "Hillary shot back, “I suppose ...”": a retort
    sentence = sentence_lemmas(token.doc, token.i)
    if lemma == "press" and trig.type == "REQUEST" and not any(
            (c.dep_ == "prep" and c.lower_ == "for") or c.dep_ in ("xcomp", "ccomp")
            for c in children):
        return True  # "pressing his attack": pursuing it, not asking for anything
    if lemma == "ask" and any(c.dep_ == "dobj" and c.lemma_ == "question" for c in children):
        return True  # "asking brain-teaser questions"
    if lemma == "explode" and any(c.dep_ == "nsubj" and c.lower_ in ("it", "that", "this")
                                  for c in children):
        return True  # "to make it explode" (a watermelon)
    if lemma == "fight" and not any(
            c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in (
                "against", "with", "in", "over", "on")) for c in children) and not (
            sentence & VIOLENCE_MARKERS):
        return True  # "if he continues to fight": to campaign
    # "the candidate most likely to beat Hillary Clinton", "beaten in the primary".
    return lemma in ("beat", "defeat") and (any(
        c.dep_ == "dobj" and c.ent_type_ in ("PERSON", "ORG") for c in children)
        or bool(sentence & ELECTION_WORDS)) and not (sentence & VIOLENCE_MARKERS)


ELECTION_WORDS = EVENT_WORDS["election_words"]
GATHERING_VERBS = EVENT_WORDS["gathering_verbs"]
NO_COMMENT = EVENT_WORDS["no_comment"]


SUMMONING = EVENT_WORDS["summoning"]


# "CLEVELAND, July 19 (UPI) —", "FLINT, Mich., Oct. 4 (UPI) —", "WASHINGTON (AP) —".


def _particle_preps(token: Token) -> set[str]:
    """Prepositions a phrasal trigger may need ("call on", "push for"): not one before a
    verb ("On Twitter, Bush called ..."), after its object ("called them on it", "push the
    button for"), or heading a time ("called on Friday")."""
    obj = next((c.i for c in token.children if c.dep_ == "dobj"), None)
    verb = token.pos_ == "VERB"
    preps = {c.lower_ for c in token.children if c.dep_ == "prep" and (
        not verb or (c.i > token.i and (obj is None or c.i < obj
                                        or c.lower_ in SEPARABLE_PARTICLES)))
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)}
    if verb and obj is None:
        # "pushing hard for the US to support its plan": the parser makes "for" the mark
        # of the clause that follows.
        preps |= {m.lower_ for c in token.children if c.dep_ == "advcl" and c.i > token.i
                  and any(g.dep_ == "nsubj" for g in c.children)
                  for m in c.children if m.dep_ == "mark" and m.lower_ == "for"}
    return preps


# Particles that may follow the object: "forced the agency out of the country".
SEPARABLE_PARTICLES = frozenset({"out", "off", "up", "down", "back", "away"})


def _can_take_part(token: Token) -> bool:
    """Dates, amounts and counts are not participants, but "thousands of Kurds" are."""
    if token.ent_type_ not in NON_PARTICIPANTS:
        return True
    return token.lemma_.lower() in COLLECTIVES and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


STATIVE_PASSIVES = EVENT_WORDS["stative_passives"]
SENDING = EVENT_WORDS["sending"]


def _verb_arguments(verb: Token, trig: Trigger) -> tuple[list[Token], list[Token]]:
    # "Israel is opposed to French mediation": a stance, held by its subject.
    stative = verb.lemma_ in STATIVE_PASSIVES and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
    passive = any(c.dep_ == "auxpass" for c in verb.children) and not stative
    actors: list[Token] = []
    recipients: list[Token] = []
    for child in verb.children:
        if (child.dep_ == "nsubj" and not passive) or (child.dep_ == "nsubjpass" and stative):
            # "the rebels who stormed the embassy": the relative pronoun is the rebels.
            relative = child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl"
            actors.append(verb.head if relative else child)
        elif child.dep_ == "nsubjpass" and trig.type == "RETREAT" and trig.mode == "disarm" \
                and not any(c.dep_ == "agent" for c in verb.children):
            actors.append(child)  # "guerrillas have been demobilized": they stood down
        elif child.dep_ == "nsubjpass" or (child.dep_ in ("dobj", "dative") and (
                trig.type != "PROTEST" or trig.lemma == "protest")):
            # Not "blocked the roads", but "protested the arrest".
            recipients.append(child)
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ACTOR_PREPS
                                       and passive):
            actors.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS - {"of"} and not (
                trig.type in ("PROTEST", "CONSULT") and child.lower_ in ("at", "on", "into")):
            recipients.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "between":
            actors.extend(g for g in child.children if g.dep_ == "pobj")
    if not passive:
        actors = [s for s in _hung_subjects(verb) if s.dep_ == "nsubj"] + actors
    if not actors and not passive:
        actors = [s for s in _subjects(verb) if s.dep_ != "nsubjpass" or (
            verb.dep_ == "conj" and verb.tag_ != "VBN")]  # "was indicted and will resign"
    if trig.type not in ("ASSAULT", "PROTEST"):
        for child in verb.children:
            if child.dep_ == "prep" and (child.lower_ == "to" or (
                    child.lower_ == "from" and trig.type in ("RETREAT", "SANCTION"))):
                recipients.extend(g for g in child.children if g.dep_ == "pobj")
            if child.dep_ in ("prep", "dative") and child.lower_ == "to" and not any(
                    g.dep_ == "pobj" for g in child.children):
                # "granted asylum to five officers holed up in ...": the parser made the
                # officers the subject of the participle that follows.
                recipients.extend(g for c in verb.children if c.dep_ in ("advcl", "ccomp")
                                  for g in c.children if g.dep_ == "nsubj"
                                  and g.left_edge.i == child.i + 1)
    if not recipients and trig.type in ("ACCUSE", "REQUEST", "CONSULT", "COERCE") \
            and verb.dep_ in ("xcomp", "advcl") and event_status.lemma(verb.head) in SUMMONING:
        # "summoned Niger's ambassador to complain", "ordered La Prensa to suspend
        # publication": the one summoned or ordered is the target.
        recipients = [c for c in verb.head.children if c.dep_ == "dobj"]
    recipients = [r for r in recipients if _can_take_part(r)]
    actors = [a for a in actors if _can_take_part(a)]
    if not recipients and trig.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE",
                                        "CONCEDE"):
        # "demanded that the US cancel ...", "allowed the opposition leader to hold a
        # rally": the one asked or allowed is the clause's subject.
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp") or (child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ == "for" for m in child.children)):
                recipients.extend(g for g in child.children if g.dep_ == "nsubj"
                                  and g.pos_ != "PRON")
                if child.lemma_ in ("allow", "let", "permit"):
                    # "refused to allow United Nations planes to land"
                    recipients.extend(g for c in child.children if c.dep_ in ("ccomp", "xcomp")
                                      for g in c.children if g.dep_ == "nsubj"
                                      and g.pos_ != "PRON")
    if not recipients and trig.type not in ("ASSAULT", "PROTEST", "MOBILIZE"):
        # "threatened further action against Russia", "rejected a call by Kofi Annan",
        # "threatened to break relations with Russia": the target sits one level down.
        inner = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
        inner += [g for c in inner if c.pos_ in ("VERB", "AUX") for g in c.children
                  if g.dep_ == "dobj"]
        for node in inner:
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in DEEP_RECIPIENT_PREPS:
                    recipients.extend(g for g in child.children if g.dep_ == "pobj"
                                      and g.ent_type_ not in NON_PARTICIPANTS)
            if node.pos_ in ("VERB", "AUX"):
                recipients.extend(g for g in node.children if g.dep_ == "dobj"
                                  and (g.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")))
    named = any(r.ent_type_ in NAMED for r in recipients)
    if not named and verb.dep_ in ("advcl", "xcomp") and event_status.lemma(verb.head) in SENDING:
        # "sent 21 personnel to Bosnia to investigate": where they were sent.
        recipients += [g for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "to"
                       for g in c.children if g.dep_ == "pobj"]
    if not named and trig.type in COOPERATIVE | {"AGREE"}:
        # "willing to send material to help defend Saudi Arabia": whom the help is for.
        for helper in (c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                       and c.lemma_ == "help"):
            for c in [helper, *(g for g in helper.children if g.dep_ in ("xcomp", "ccomp"))]:
                recipients.extend(g for g in c.children if g.dep_ == "dobj"
                                  and g.ent_type_ in NAMED)
    # "welcomed President Reagan's statement": the statement's author is the recipient.
    for r in list(recipients):
        if r.ent_type_ == "" and r.pos_ == "NOUN" and not _is_body(r):
            recipients.extend(c for c in r.children if c.dep_ == "poss" and c.pos_ == "PROPN")
    return actors, recipients


# Types whose recipient must come from the trigger's own arguments: an attack's target is
# never guessed from a name further down the clause.
CLAUSE_ONLY_TYPES = frozenset({"ASSAULT", "PROTEST", "MOBILIZE", "COERCE"})


def _clause_recipients(trigger: Token, actors: list[Token],
                       against_only: bool = False) -> list[Token]:
    """Named heads inside the trigger's clause, nearest first: not its subject, not inside
    a clause of its own subject or of a relative clause, not a time or a number; with
    ``against_only``, only those reached through "against"."""
    doc = trigger.doc
    spans = [phrase_span(doc, a) for a in actors]
    children = children_table(doc)
    out = []
    # The subtree in Token.subtree's order, each token with what the path from it up to
    # the trigger holds: a blocking link (which rules out everything below it), a time
    # preposition, "against". One walk down, not a walk up from every token.
    stack: list[tuple[int, bool, bool, bool]] = [(trigger.i, False, False, False)]
    while stack:
        i, emit, timed, against = stack.pop()
        t = doc[i]
        if emit:
            if i != trigger.i and _clause_recipient(t, spans, timed, against, against_only):
                out.append(t)
            continue
        below = []
        for c in children[i]:
            child = doc[c]
            if child.dep_ in ("nsubj", "nsubjpass", "relcl", "advcl", "csubj", "appos"):
                continue
            prep = child.dep_ == "prep"
            below.append((c, timed or (prep and child.lower_ in TIME_PREPS),
                          against or (prep and child.lower_ == "against")))
        stack.extend((c, False, ct, ca) for c, ct, ca in reversed(below) if c > i)
        stack.append((i, True, timed, against))
        stack.extend((c, False, ct, ca) for c, ct, ca in reversed(below) if c < i)
    return sorted(out, key=lambda t: abs(t.i - trigger.i))


def _clause_recipient(t: Token, actor_spans: list[Span], timed: bool, against: bool,
                      against_only: bool) -> bool:
    """Whether ``t``, below the trigger on a path with no blocking link, is a recipient."""
    if any(s <= t.idx < e for s, e in actor_spans) or t.ent_type_ not in NAMED:
        return False
    if t.dep_ in ("compound", "amod") and t.head.ent_type_ == t.ent_type_:
        return False  # only a name's head word
    if timed and t.ent_type_ in ("GPE", "LOC", "FAC"):
        # Not "during a campaign stop in Flint": where an occasion was (but "after
        # deliberations with the Nigerian government" names a party).
        return False
    return against or not against_only


def _condition_subjects(verb: Token) -> list[Token]:
    """Subjects of an "unless" or "if" clause on ``verb`` or on the verb it depends on."""
    nodes = [verb, verb.head]
    n = 0
    while n < len(nodes) and len(nodes) < 12:  # down the complements: "to stop talks if"
        nodes.extend(c for c in nodes[n].children if c.dep_ in ("xcomp", "dobj", "acl")
                     and c not in nodes)
        n += 1
    for node in nodes:
        for child in node.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                             for m in child.children):
                return [g for g in child.children if g.dep_ == "nsubj" and g.pos_ != "PRON"]
    return []


# Events aimed at a deed or a proposal ("protested the violations by X", "rejected an
# offer from X", "accepted demands from X").
AGAINST_DEEDS = frozenset({"PROTEST", "ACCUSE", "REJECT", "CONCEDE", "AGREE", "THREATEN"})
PROPOSALS = EVENT_WORDS["proposals"]


def _is_body(noun: Token) -> bool:
    """Whether a noun names people or a body ("ambassador", "ministry"), not a deed."""
    lemma = noun.lemma_.lower()
    return lemma in BODY_NOUNS or lemma in GROUP_SECTORS


def _doer(noun: Token, demonym: bool = False) -> Token | None:
    """The one who did an unnamed deed or made a proposal: "violations by the Israeli
    military", "a bill signed by the labour minister", "President Assad's failure",
    "a fresh offer from Kabul"."""
    if noun.pos_ != "NOUN" or noun.ent_type_ or _is_body(noun):
        return None  # "Niger's ambassador" is a person, not a deed
    for child in noun.children:
        if child.dep_ == "prep" and (child.lower_ == "by" or (
                child.lower_ == "from" and noun.lemma_.lower() in PROPOSALS)):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return child
        if demonym and child.dep_ in ("amod", "compound") \
                and child.ent_type_ in ("NORP", "GPE") and child.i < noun.i:
            return child  # "complained over two Israeli air raids"
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            for grand in child.children:
                if grand.dep_ == "agent":
                    return next((g for g in grand.children if g.dep_ == "pobj"), None)
    return None


def _grounds(trigger: Token) -> list[Token]:
    """What a complaint or protest is over: 'over two air raids', 'about the arrests',
    'in defiance of the authorities'."""
    out = []
    for prep in trigger.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if prep.lower_ in ("over", "about"):
                out.append(pobj)
            elif prep.lower_ == "in" and pobj.lemma_.lower() == "defiance":
                out.extend(g for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                           for g in c.children if g.dep_ == "pobj")
    for clause in trigger.children:
        if clause.dep_ in ("advcl", "xcomp") and clause.lemma_ in SHOWING:
            # "blocked a road to show their disapproval for the United States' policies"
            for feeling in (c for c in clause.children if c.dep_ == "dobj"):
                out.extend(g for c in feeling.children if c.dep_ == "prep" and c.lower_ in (
                    "for", "of", "at", "over", "with", "against") for g in c.children
                    if g.dep_ == "pobj")
    return out


RECEIVING = EVENT_WORDS["receiving"]
NOT_DOERS = EVENT_WORDS["not_doers"]


def _noun_arguments(noun: Token) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    recipients: list[Token] = []
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.i >= 2 \
                and noun.doc[child.i - 1].text == "-" and noun.doc[child.i - 2].lower_ == "anti":
            recipients.append(child)  # "anti-American protests" are aimed at the US
        elif child.dep_ == "poss" or (child.dep_ in ("amod", "compound")
                                      and child.ent_type_ in ("NORP", "GPE", "ORG")):
            actors.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "at", "upon", "of",
                                                         "with", "to", "into"):
            recipients.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in ("by", "between"):
            actors.extend(g for g in child.children if g.dep_ == "pobj")
    # "its demand that Israel ease restrictions": the one asked to act. The parser may hang
    # the clause on the verb ("reiterated its demand today that ...").
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp")]
    if noun.dep_ == "dobj":
        clauses += [c for c in noun.head.children if c.dep_ == "ccomp" and c.i > noun.i]
    for clause in clauses:
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
            recipients.extend(g for g in clause.children if g.dep_ == "nsubj"
                              and g.pos_ != "PRON")
    # "Islamic State claimed responsibility for the bombing": the claimant did it.
    if not actors and noun.dep_ == "pobj" and noun.head.lower_ == "for" \
            and noun.head.head.lemma_ == "responsibility" \
            and noun.head.head.head.lemma_ in ("claim", "accept", "take", "admit", "assume"):
        actors.extend(c for c in noun.head.head.head.children if c.dep_ == "nsubj")
    # "held talks", "arrived on a visit": the subject of the verb governing the noun acts.
    # Not "came under attack": there the subject is the one hit.
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "NOUN":
        first = first.head  # "launched artillery, mortar and rocket fire"
    if not actors and (first.dep_ == "dobj" or (
            first.dep_ == "pobj" and first.head.lower_ not in ("under", *TIME_PREPS))):
        verb = first.head if first.dep_ == "dobj" else first.head.head
        receiving = verb.lemma_.lower() in RECEIVING and first.dep_ == "dobj"
        if receiving:
            # "she had received death threats": the one who gets it is the target, and
            # nobody named is its actor.
            recipients.extend(c for c in verb.children if c.dep_ == "nsubj")
        # Not "called the attack terrorism", "recovered during the raid": a verb that names,
        # reports or judges the act, or one that only happens at its time, is not its doer.
        if verb.pos_ == "VERB" and not receiving and not any(
                c.dep_ == "auxpass" for c in verb.children) \
                and verb.lemma_.lower() not in NOT_DOERS:
            # "resorted to throwing stones during demonstrations": up to the clause's subject
            actors.extend(c for c in _subjects(verb) if c.dep_ != "nsubjpass")
    # "Israeli air strikes hit Gaza", "the bombing killed 20 civilians": what the act did
    # names its target.
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in STRUCK_BY:
        recipients.extend(c for c in noun.head.children if c.dep_ == "dobj")
    # "bombing campaign against the Gaza Strip": the head noun carries the arguments.
    head = _event_head(noun)
    if head is not None:
        more_a, more_r = _noun_arguments(head)
        actors += more_a
        recipients += more_r
    return actors, recipients


STRUCK_BY = EVENT_WORDS["struck_by"]


def _victims_of_cause(noun: Token) -> list[Token]:
    """Who died of or was hurt in the violence ``noun`` names."""
    t = noun
    for _ in range(4):
        if t.dep_ not in ("pobj", "prep") or t.head.i == t.i:
            return []
        t = t.head
        if t.pos_ == "VERB":
            break
    lemma = t.lemma_.lower()
    if lemma == "die":
        return [c for c in t.children if c.dep_ == "nsubj"]
    if lemma in ("kill", "injure", "wound", "hurt", "maim"):
        return [c for c in t.children if c.dep_ == "nsubjpass"]
    return []


def _event_head(noun: Token) -> Token | None:
    """The noun an eventive modifier belongs to: 'bombing' in 'a bombing campaign'."""
    doc = noun.doc
    if noun.i + 1 < len(doc):
        nxt = doc[noun.i + 1]
        if nxt.lemma_ in EVENT_HEADS and nxt.left_edge.i <= noun.i:
            return nxt
    return None


VIOLENCE_MARKERS = EVENT_WORDS["violence_markers"]
PERSONAL_OBJECTS = EVENT_WORDS["personal_objects"]
VERBAL_MARKERS = EVENT_WORDS["verbal_markers"]


def _verbal(token: Token) -> bool:
    """Whether an 'attack' is made with words: its clause names a tweet, an ad, a speech,
    it targets a policy or a record, or it hits a person with no weapon or violence in
    the sentence ("attacked her opponent as a fraud")."""
    clause = token.head if token.pos_ == "NOUN" and token.head.pos_ in ("VERB", "NOUN") \
        else token
    words = {t.lemma_.lower() for t in clause.subtree}
    words |= {c.lemma_.lower() for c in token.children} | {token.head.lemma_.lower()}
    if words & VERBAL_MARKERS:
        return True
    if token.pos_ == "NOUN" and any(
            c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that"
                                               for m in c.children) for c in token.children):
        return True  # "pressing his attack that Clinton is not qualified": a claim
    if any(t.lower_ == "as" for t in token.subtree) and any(t.is_quote for t in
                                                            token.subtree):
        return True  # "pounding Trump as a “con artist”": a quoted epithet
    sentence = sentence_lemmas(token.doc, token.i)
    if sentence & VIOLENCE_MARKERS:
        return False
    targets = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    targets += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for g in c.children if g.dep_ == "pobj"]
    return bool(targets) and all(
        t.ent_type_ == "PERSON" or t.lower_ in PERSONAL_OBJECTS
        or (t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON")) for t in targets)


def _object_lemmas(token: Token) -> set[str]:
    """Lemmas a trigger's ``objects`` column is checked against: a verb's objects (and
    their compounds), a noun's governing verb and modifiers."""
    out: set[str] = set()
    if token.pos_ == "VERB":
        for c in token.children:
            if c.dep_ in ("xcomp", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to"
                                                    for g in c.children):
                # "offered to negotiate"; "ordered the ambassador to leave" (@TO:leave)
                out.update(("@TO", "@TO:" + c.lemma_.lower()))
        if not any(c.dep_ in ("dobj", "dative", "nsubjpass") or (
                c.dep_ == "prep" and c.lower_ == "with") for c in token.children):
            out.add("@NONE")  # "the leaders met in Geneva", not "the goal was met"
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children):
            out.add("@TOPREP")  # "committed to opening up the economy"
        if _refused(token):
            out.add("@NEG")  # "will not tolerate"
        # "Hezbollah rockets hit northern Israel" (objects "@BY:rocket"): what did it.
        out.update("@BY:" + c.lemma_.lower() for c in token.children if c.dep_ == "nsubj")
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                for g in child.children:
                    if g.dep_ == "pobj":
                        out.add(g.lemma_.lower())
                        if g.ent_type_:
                            out.add("@" + g.ent_type_)
            if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
                out.add(child.lemma_.lower())
                if child.ent_type_:
                    out.add("@" + child.ent_type_)
                for c in conjuncts(child):
                    out.add(c.lemma_.lower())
                    if c.ent_type_:
                        out.add("@" + c.ent_type_)
                for c in child.children:
                    if c.dep_ in ("compound", "amod"):
                        out.add(c.lemma_.lower())
                    elif c.dep_ == "prep" and c.lower_ == "of":  # "700 kg of medicine"
                        out.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
            elif child.dep_ in ("prep", "prt"):
                out.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    else:
        out.add(token.head.lemma_.lower())
        if token.dep_ == "pobj":
            out.add(token.head.head.lemma_.lower())  # "went on strike"
        out.update(c.lemma_.lower() for c in token.children
                   if c.dep_ in ("amod", "compound", "nmod", "poss", "prep"))
        out.update(c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod"))
        # "a state of emergency" (objects "of:emergency"): what the noun is of.
        out.update("of:" + g.lemma_.lower() for c in token.children if c.dep_ == "prep"
                   and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
        if token.dep_ == "dobj":
            # "staged rallies in Gaza against the leader": the parser hangs "against" on
            # the verb.
            out.update(c.lemma_.lower() for c in token.head.children
                       if c.dep_ == "prep" and c.i > token.i)
        if any(c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to"
                                       for g in c.children) for c in token.children):
            out.add("@TO")
    return out


MINORITY_HEADS = EVENT_WORDS["minority_heads"]
SHOWING = EVENT_WORDS["showing"]
LOCAL_PEOPLE = EVENT_WORDS["local_people"]


def _trigger_span(token: Token) -> Span:
    start, end = token.idx, token.idx + len(token.text)
    for child in token.children:
        # "air strike", "suicide bombing", "bombing campaign" stay whole.
        if child.dep_ in ("compound", "amod") and child.i == token.i - 1 \
                and child.lemma_.lower() in (
                    "air", "drone", "suicide", "car", "hunger", "missile", "rocket", "ground",
                    "bombing", "terror", "terrorist", "mortar", "artillery", "surprise",
                    "martial"):
            start = child.idx
        if token.lemma_.lower() == "state" and child.dep_ == "prep" and child.lower_ == "of":
            # "a state of emergency"
            end = max((g.idx + len(g.text) for g in child.children if g.dep_ == "pobj"),
                      default=end)
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child.text)
    head = _event_head(token)
    if head is not None:
        end = head.idx + len(head.text)
    return start, end


def _inside(doc: Doc, location: dict[str, object]) -> bool:
    """Whether a place is introduced as where the act happens ("in Montenegro", "across
    Afghanistan"), not only near it ("near Taiwan", "off the coast of")."""
    span = location["span"]
    assert isinstance(span, list)
    place = doc.char_span(span[0], span[1], alignment_mode="expand")
    if place is None or place.root.dep_ != "pobj":
        return True
    preposition = place.root.head
    if preposition.lower_ == "of" and preposition.head.dep_ == "pobj":
        preposition = preposition.head.head  # "in the town of Cizre"
    return preposition.lower_ in ("in", "inside", "across", "throughout", "within", "into",
                                  "on")


def _on_occasion(doc: Doc, location: dict[str, object]) -> bool:
    """Whether a place only says where an occasion was: 'during a campaign stop in
    Flint', 'after a rally in Ohio'."""
    span = location["span"]
    assert isinstance(span, list)
    place = doc.char_span(span[0], span[1], alignment_mode="expand")
    t = place.root if place is not None else None
    for _ in range(6):
        if t is None or t.head.i == t.i:
            return False
        if t.dep_ == "prep" and t.lower_ in TIME_PREPS:
            return True
        t = t.head
    return False


def _location(doc: Doc, anchor: Token, token: Token,
              places: list[Place]) -> dict[str, object] | None:
    lo = min(anchor.left_edge.idx, token.left_edge.idx)
    right = max(anchor.right_edge, token.right_edge, key=lambda t: t.i)
    hi = right.idx + len(right.text)
    first, last = sentence_range(doc, token.i)
    sent_start, sent_end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    places_at = document_index(doc.user_data, "places", places, lambda p: p.span)
    # Not the city the story was filed from: "BAMAKO, Mali (AP) — Gunmen killed ...".
    filed = datelines(doc)
    candidates = [p for p in places_at.starting_in(lo, hi) if p.span[1] <= hi
                  and tuple(p.span) not in filed]
    in_clause = bool(candidates)
    judged = token.pos_ == "NOUN" and token.dep_ == "dobj" \
        and token.head.lemma_.lower() in NOT_DOERS
    if not candidates and not judged:
        # Not for an act that is only condemned or reported here: protesters "in Tehran"
        # condemning "the massacre of children" did not see it happen in Tehran.
        candidates = [p for p in places_at.starting_in(sent_start, sent_end)
                      if p.span[1] <= sent_end and tuple(p.span) not in filed]
    if not candidates:
        return None
    # The place nearest after the trigger, else the nearest before it.
    after = [p for p in candidates if p.span[0] >= token.idx]
    place = after[0] if after else candidates[-1]
    return {"text": place.text, "span": list(place.span), "name": place.name,
            "country": place.country, "admin1": place.admin1, "lat": place.lat,
            "lon": place.lon, "precision": place.precision, "in_clause": in_clause}


def _acled(trig: Trigger, actor: list[Participant],
           recipient: list[Participant]) -> dict[str, str] | None:
    if trig.acled is not None:
        event_type, sub = trig.acled
        if event_type == "Battles" and recipient and all(p.sector == "CVL" for p in recipient):
            event_type, sub = "Violence against civilians", "Attack"
        return {"event_type": event_type, "sub_event_type": sub}
    if trig.type == "ASSAULT":
        if recipient and all(p.sector == "CVL" for p in recipient):
            return {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
        if actor or recipient:
            return {"event_type": "Battles", "sub_event_type": "Armed clash"}
    if trig.type == "RETREAT" and trig.mode == "ceasefire":
        return {"event_type": "Strategic developments", "sub_event_type": "Agreement"}
    return None


__all__ = ["EventExtractor"]
