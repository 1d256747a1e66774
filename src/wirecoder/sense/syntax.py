"""What the parse says a sentence's main act is: its verb, object, complement, subject.

A bag of words knows which words a sentence holds, not which of them carries the act: "the
ILO demanded that Israel ease restrictions" holds "ease restrictions" (a concession) but
reports a demand. The sentence vector blurs the same way. These terms name the act's verb
and its arguments from the dependency parse, so the heads can tell the main clause from
the clause it reports or the background it gives: ``@main:demand``, ``@speech:say``,
``@obj:sanction``, ``@main:impose>@obj:sanction``, ``@comp:withdraw`` ("agreed to
withdraw"), ``@subj:GPE``, ``@passive``, ``@neg``, ``@modal``.

They are hashed into the same columns as the words (:mod:`wirecoder.sense.features`),
counted twice (once gained 1.3 points of dev type accuracy, twice 2.9, three times no
more). ``bench/sense_encoders.py`` prints what they add to the vector and the words: about
3 points of PLOVER type accuracy on the dev split, 5 on the PLOVER GSR's real wire copy.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# Speech verbs whose clause reports the event: "officials said rebels seized the town".
SPEECH_LEMMAS = frozenset({"say", "tell", "report", "announce", "add", "state", "claim",
                           "confirm", "note", "insist", "allege"})
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can",
                    "shall"})
# How many times each syntax term counts beside a word.
WEIGHT = 2


def main_verb(sent: Span) -> Token | None:
    """The verb that carries a sentence's main act: its root, or the clause a speech verb
    reports ("officials said rebels seized the town": "seized"); None when the sentence
    describes rather than reports (a copula, a fragment)."""
    token = sent.root
    for _ in range(2):
        if token.lemma_.lower() not in SPEECH_LEMMAS:
            break
        reported = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                    and c.pos_ in ("VERB", "AUX")]
        if not reported:
            # "Gunfights were reported near the border": what was reported is the event.
            told = [c for c in token.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"]
            return told[0] if told else None
        token = reported[0]
    if token.pos_ == "VERB":
        return token
    # Copulas and fragments describe; they do not report acts. But a parse that hangs the
    # sentence on a noun or an adjective ("Leaders of 21 economies gathered in Port
    # Moresby", "Masked men shot dead a village chief") still has its act in the highest
    # verb below.
    if token.pos_ in ("AUX", "PRON", "DET") or token.lemma_ == "be":
        return None
    verbs = [t for t in token.subtree if t.pos_ == "VERB" and t.dep_ not in (
        "aux", "auxpass", "amod", "advcl", "relcl", "xcomp", "pcomp")]
    return min(verbs, key=lambda t: (_depth(t, sent.root), t.i)) if verbs else None


def _depth(token: Token, root: Token) -> int:
    depth = 0
    while token.i != root.i and token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def syntax_terms(sent: Span) -> list[str]:
    """The terms above for one parsed sentence."""
    out = []
    token = sent.root
    for _ in range(2):  # the speech verbs passed on the way to the act
        if token.lemma_.lower() not in SPEECH_LEMMAS:
            break
        out.append(f"@speech:{token.lemma_.lower()}")
        reported = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
        if not reported:
            break
        token = reported[0]
    verb = main_verb(sent) or token
    lemma = verb.lemma_.lower()
    out.append(f"@main:{lemma}")
    for child in verb.children:
        dep, child_lemma = child.dep_, child.lemma_.lower()
        if dep in ("dobj", "attr", "oprd"):
            out += [f"@obj:{child_lemma}", f"@main:{lemma}>@obj:{child_lemma}"]
        elif dep == "xcomp":
            out += [f"@comp:{child_lemma}", f"@main:{lemma}>@comp:{child_lemma}"]
            out += [f"@compobj:{g.lemma_.lower()}" for g in child.children if g.dep_ == "dobj"]
        elif dep == "prt":
            out.append(f"@main:{lemma}>{child.lower_}")
        elif dep == "neg":
            out.append("@neg")
        elif dep == "aux" and child.lower_ in MODALS:
            out.append("@modal")
        elif dep in ("nsubj", "nsubjpass"):
            out.append(f"@subj:{child.ent_type_ or child_lemma}")
            if dep == "nsubjpass":
                out.append("@passive")
        elif dep == "prep":
            out.append(f"@main:{lemma}>@prep:{child.lower_}")
    return out
