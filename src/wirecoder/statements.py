"""Statements: who said what, found from reporting cues and quotation marks.

Reported speech comes from the dependency parse around cue verbs listed in
``data/cues.tsv`` ("said that ...", "urged X to ...", "accused X of ...", "according to X");
verbatim quotes from quotation marks, straight or curly, across sentences and paragraphs, and
split by their attribution (``"A," he said. "B."`` gives two statements sharing the cue).
Speakers are resolved to entities through pronouns ("he") and nominal references
("the spokesperson", "the ministry", listed in ``data/nominals.tsv``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from wirecoder.actors import EntityIndex, add_mention, nominal_entity, recent_entity
from wirecoder.lexicon import read_table, takes_a_side
from wirecoder.model import Participant, Place, Span, Statement, TextSpan, TimeExpr
from wirecoder.nlp import doc_text, sentence_range
from wirecoder.participants import (
    UPROOTED,
    common_noun,
    group_sector,
    name_after_title,
    sentence_country,
)
from wirecoder.spans import OrderedSpans, RunStarts, SpanIndex

Skip = Callable[[int, int], bool]
OPEN_QUOTES = "“\""
CLOSE_QUOTES = "”\""
# Content that is only a pronoun or a placeholder is no statement ("said so", "denied it").
EMPTY_CONTENT = frozenset(
    "it this that so these those nothing anything something everything much little more "
    "what which who yes no one".split())
PERSONAL_PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
THING_PRONOUNS = frozenset({"it"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SPEAKER_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "appos", "cc", "conj", "punct"})
# Verbs that turn a following cue into a non-statement ("declined to comment").
REFUSING = frozenset({"decline", "refuse", "fail"})
MIN_QUOTE_WORDS = 3
TITLE_BEFORE = re.compile(r"(?:\b(?:on|in|of|at|to|from|by|with|for|the)|['’]s)\s*$", re.I)
UNCLOSED_CUE = re.compile(r",\s+(?:(?:he|she|they|it)\s+)?(?:said|says|added|adds|told|explained|"
                          r"noted|wrote|argued|insisted)\b")
# "Source: claim" on a line of its own (headlines): the source is a name or one of these.
COLON_LINE = re.compile(
    r"(?m)^(?P<source>[A-Z][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,4}?)(?P<colon>:)[ \t]+"
    r"(?P<claim>[^\n]{10,250})$")
# A quote signed on its own line or after it, as fact-checks and transcripts print them:
# '"I helped write that bill."' then '- Sanders.'
# The dash may be the quotation dash (U+2015) and the spaces non-breaking.
DASH_SIGNATURE = re.compile(r"[^\S\n]*\n?[^\S\n]*\n?[^\S\n]*(?P<dash>[-–—―]{1,2})[^\S\n]*"
                            r"(?P<source>[A-Z][\w.'’]*(?:[^\S\n]+[A-Z][\w.'’]*){0,3})\.?"
                            r"[^\S\n]*$", re.MULTILINE)
# How many tokens after a quote its cue may come: room for a name with an apposition
# ('“A,” Brent Bozell III, founder of the Media Research Center, tells ...').
CUE_AFTER_WINDOW = 20
SOURCE_NOUNS = frozenset({"poll", "report", "study", "survey", "sources", "officials",
                          "experts", "analysis", "documents", "police", "witnesses"})
MISTAGGED_CUES = {"says": "say", "state": "state", "states": "state", "notes": "note",
                  "writes": "write", "tweets": "tweet", "adds": "add", "warns": "warn",
                  "affirms": "affirm", "argues": "argue", "claims": "claim",
                  "insists": "insist", "explains": "explain", "reads": "read"}
# Nouns for a written statement: 'Trump issued a statement, “...”'.
STATEMENT_NOUNS = frozenset({"statement", "tweet", "post", "message", "email", "letter",
                             "note", "release", "memo"})
# How far apart the two halves of a split quote may be (the attribution between them).
MAX_SPLIT_GAP = 300
BLANK = re.compile(r"\s*")
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Cue:
    lemma: str
    takes: frozenset[str]
    kind: str


@dataclass
class Draft:
    """A statement being built: spans only, resolved into a Statement at the end."""

    cue: Span
    speaker: Span | None
    content: Span
    speaker_token: int | None = None
    date: str | None = None
    perfect: bool = False


class StatementExtractor:
    """Finds statements in a parsed article."""

    def __init__(self) -> None:
        self.cues: dict[str, Cue] = {}
        for row in read_table("cues.tsv"):
            takes = frozenset(t.strip() for t in row["takes"].split(",") if t.strip())
            old = self.cues.get(row["lemma"])
            self.cues[row["lemma"]] = Cue(row["lemma"], takes | (old.takes if old else
                                                                  frozenset()), row["kind"])
        self.nominals = {r["noun"]: r["match"] for r in read_table("nominals.tsv")}
        self.titles = frozenset(r["term"] for r in read_table("titles.tsv"))

    def extract(self, doc: Doc, entities: EntityIndex, times: list[TimeExpr],
                skip: Skip, places: list[Place] | None = None) -> list[Statement]:
        """Return the statements of ``doc`` in text order (``places``: those found in it,
        which place a speaker named by a common noun, "police said")."""
        text = doc_text(doc)
        quotes = OrderedSpans(q for q in find_quotes(text) if not skip(*q))
        drafts: list[Draft] = []
        for token in doc:
            if skip(token.idx, token.idx + len(token.text)):
                continue
            draft = self._from_cue(doc, token, quotes)
            if draft is not None and not skip(*draft.content) and not (
                    draft.speaker and skip(*draft.speaker)):
                drafts.append(draft)
        drafts.extend(self._colon_lines(doc, skip))
        drafts.extend(_dash_signed(doc, quotes, skip))
        drafts = _dedupe(drafts, quotes)
        self._attach_quotes(doc, drafts, quotes, skip)
        drafts.sort(key=lambda d: d.content[0])
        for d in drafts:
            d.date = _statement_date(d, times, doc)
        statements = self._resolve(doc, drafts, entities, quotes, places or [])
        _inherit_dates(statements, entities, {f"st{n}" for n, d in enumerate(drafts, 1)
                                              if d.perfect})
        return statements

    # --- cues -----------------------------------------------------------------------------

    def _from_cue(self, doc: Doc, token: Token, quotes: OrderedSpans) -> Draft | None:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return self._according_to(doc, token)
        if token.pos_ not in ("VERB", "AUX") or token.lemma_ not in self.cues:
            return None
        if token.pos_ == "AUX" and token.dep_ != "ROOT":
            return None
        cue = self.cues[token.lemma_]
        if _negated(token):
            return None
        content = self._content(doc, token, cue, quotes)
        if content is None:
            return None
        content = _complete_quotes(_skip_leading_time(doc, token, content), quotes)
        content = _cut_trailing_clause(doc_text(doc), content, quotes)
        content = _end_at_closed_quote(doc_text(doc), content, quotes)
        content = self._split_at_colon(doc, token, content, quotes)
        around = quotes.containing(*content)
        text = doc_text(doc)
        if around is not None and len(text[around[1]:token.idx].split()) <= 6 \
                and token.idx >= around[1]:
            # '“A. B; C,” Beck said' with the parser taking only "B" as the clause: a cue
            # outside the quote reports all of it.
            content = around
        speaker_tok = _subject(token)
        speaker = _speaker_span(doc, speaker_tok) if speaker_tok is not None else None
        if speaker is not None and _overlaps(speaker, content):
            speaker = None
        if speaker is None:
            return None
        cue_span = _cue_span(doc, token)
        return Draft(cue_span, speaker, content, speaker_token=speaker_tok.i
                     if speaker_tok is not None else None, perfect=_perfect(token))

    def _content(self, doc: Doc, token: Token, cue: Cue, quotes: OrderedSpans) -> Span | None:
        children = list(token.children)
        text = doc_text(doc)
        if "clause" in cue.takes:
            for child in children:
                if child.dep_ == "ccomp" and child.i != token.i:
                    span = _subtree_span(doc, child, exclude=token)
                    # 'said it was early but added, "..."': the second cue's words are its
                    # own statement, even when the parser hangs that cue on the clause.
                    second = [c for c in child.children if c.dep_ == "conj" and c.i > token.i
                              and c.lemma_ in self.cues and c.pos_ == "VERB"
                              and not any(g.dep_ in SUBJECT_DEPS for g in c.children)]
                    if span and second:
                        cut = min(c.i for c in second)
                        if cut > 0 and doc[cut - 1].dep_ == "cc":
                            cut -= 1
                        span = _join(doc, child.left_edge.i, cut - 1)
                    if span and _worthy(text, span):
                        return _snap_to_quote(span, quotes, text)
            # The cue interrupting its own clause: "The plan, he said, will fail."
            if token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                span = _subtree_span(doc, token.head, exclude=token)
                if span and _worthy(text, span):
                    return _snap_to_quote(span, quotes, text)
        objects = [c for c in children if c.dep_ in ("dobj", "dative")]
        xcomps = [c for c in children if c.dep_ == "xcomp"]
        preps = {c.lower_: c for c in children if c.dep_ == "prep"}
        if "on" in cue.takes and "on" in preps and xcomps:
            return _join(doc, preps["on"].i + 1, _subtree_end(xcomps[-1]))
        if "for" in cue.takes and "for" in preps and token.lemma_ == "call":
            pobj = [c for c in preps["for"].children if c.dep_ == "pobj"]
            if pobj:
                return _join(doc, pobj[0].left_edge.i, _subtree_end(pobj[0]))
        if "of" in cue.takes and objects and "of" in preps:
            return _join(doc, objects[0].left_edge.i, _subtree_end(preps["of"]))
        if "object_to" in cue.takes and xcomps and _has_to(xcomps[-1]):
            start = objects[0].left_edge.i if objects else xcomps[-1].left_edge.i
            if start > token.i:
                span = _join(doc, start, _subtree_end(xcomps[-1]))
                if span and _worthy(text, span):
                    return span
        if "to" in cue.takes and xcomps and _has_to(xcomps[-1]):
            span = _subtree_span(doc, xcomps[-1], exclude=token)
            if span and _worthy(text, span):
                return span
        if "object" in cue.takes and objects:
            obj = objects[0]
            if obj.lower_ not in EMPTY_CONTENT and obj.pos_ != "PRON":
                # "criticized Clinton for supporting ...", "described X as Y", "called X Y".
                tail = [c for c in children if c.i > obj.i and (
                    c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in ("for", "as", "of")))]
                # "defended his call to raise the minimum wage": the infinitive belongs.
                tail += [c for c in children if c.i > obj.i and c.dep_ in ("xcomp", "advcl")
                         and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
                if tail:
                    span = _join(doc, obj.left_edge.i,
                                 max(_subtree_end(t) for t in tail))
                else:
                    span = _subtree_span(doc, obj, exclude=token)
                if span and _worthy(text, span, min_words=1):
                    return _snap_to_quote(span, quotes, text)
        if "clause" in cue.takes and cue.kind == "speech" and not xcomps:
            return _adjacent_quote(doc, token, quotes)
        return None

    def _split_at_colon(self, doc: Doc, token: Token, content: Span,
                        quotes: OrderedSpans) -> Span:
        """'Rhimes declared the need for drive: “Change the world,” she said': a quote
        after a colon with its own cue is not part of the narration before the colon."""
        text = doc_text(doc)
        for q in quotes.starting_in(content[0] + 1, content[1]):
            if not content[1] - 1 <= q[1]:
                continue
            colon = text.rfind(":", content[0], q[0])
            if colon < 0 or text[colon + 1:q[0]].strip():
                continue
            if token.idx >= q[1]:
                return q  # the cue after the quote reports the quote only
            if self._cue_after(doc, q, quotes) is not None:
                return _trim_end(text, (content[0], colon))
        return content

    def _according_to(self, doc: Doc, token: Token) -> Draft | None:
        to = next(c for c in token.children if c.lower_ == "to")
        pobj = [c for c in to.children if c.dep_ == "pobj"]
        if not pobj:
            return None
        speaker = _speaker_span(doc, pobj[0])
        phrase = (token.i, _subtree_end(to))
        sent = sentence_range(doc, token.i)
        # The claim is the rest of the sentence, on the side of the phrase with more words.
        before = (sent[0], phrase[0] - 1)
        after = (phrase[1] + 1, sent[1] - 1)
        side = before if before[1] - before[0] >= after[1] - after[0] else after
        content = _join(doc, *side) if side[1] >= side[0] else None
        if content is None or speaker is None or not _worthy(doc_text(doc), content):
            return None
        cue_span = (token.idx, to.idx + len(to.text))
        return Draft(cue_span, speaker, content, speaker_token=pobj[0].i)

    # --- quotes ---------------------------------------------------------------------------

    def _attach_quotes(self, doc: Doc, drafts: list[Draft], quotes: OrderedSpans,
                       skip: Skip) -> None:
        """Attribute quotes that no cue's parse reached: a cue right after the quote
        ('"A," added a Democrat'), right before it ('Stated Stone: "A"', 'Clinton: "A"'),
        the second half of a split quote, or a quoted paragraph continuing the one before."""
        text = doc_text(doc)
        # The drafts each test below can accept, found by where their spans lie; each test
        # is then applied as written.
        by_content = SpanIndex(lambda d: d.content, drafts)
        by_cue = SpanIndex(lambda d: d.cue, drafts)
        order = {id(d): n for n, d in enumerate(drafts)}

        def add(draft: Draft) -> None:
            order[id(draft)] = len(order)
            by_content.add(draft)
            by_cue.add(draft)

        # Where the punctuation between a statement and a quote that goes on with it begins
        # (_goes_on), and the blank lines and punctuation before a quoted paragraph
        # (_closes_paragraph_before).
        punctuation = RunStarts(text, " .,;")
        paragraph_break = RunStarts(text, " \t\n.,;!?\"'”’")
        for q in quotes:
            # Cues inside the quote ("I think ...") do not stop it from being attributed.
            if any(not (q[0] <= d.cue[0] < q[1]) for d in by_content.overlapping(*q)):
                continue
            if len(text[q[0]:q[1]].split()) < 2:
                # One word is a statement only as '"Savage," she said.'
                if text[q[0]:q[1]].rstrip("”\"'’").endswith(","):
                    found = self._cue_after(doc, q, quotes)
                    if found is not None:
                        add(found)
                continue
            if _is_title(text, q) and TITLE_BEFORE.search(text[max(0, q[0] - 20):q[0]]):
                continue  # 'said on “The Late Show”': where it was said, not what
            found = self._cue_after(doc, q, quotes) or self._cue_before(doc, q)
            if found is not None:
                add(found)
                continue
            if len(text[q[0]:q[1]].split()) < MIN_QUOTE_WORDS or _is_title(text, q):
                continue
            # A split quote: "A," he said. "B." -> B shares A's speaker and cue; and a quoted
            # paragraph right after a quoted statement goes on with it.
            near = by_content.ending_in(min(q[0] - MAX_SPLIT_GAP, punctuation.before(q[0])),
                                        q[0])
            prev = [d for d in near if d.content[1] <= q[0]
                    and (_continues(text, d, q, quotes) or _next_paragraph(text, d, q, quotes)
                         or _goes_on(text, d, q))]
            if prev:
                d = max(prev, key=lambda d: d.content[1])
                add(_same_source(d, q))
                continue
            # A quoted paragraph with no cue of its own, then a quoted paragraph attributed
            # after its quote: '“A.”\n\n“B,” Viguerie notes.' -> both are Viguerie's.
            blank = BLANK.match(text, q[1])
            near = by_content.starting_in(q[1], blank.end() if blank else q[1])
            after = [d for d in near if q[1] <= d.content[0] and d.content[1] <= d.cue[0]
                     and _leads_into(text, q, d, quotes)]
            if after:
                d = min(after, key=lambda d: d.content[0])
                add(_same_source(d, q))
                continue
            # 'Reid said the party should brace for it.\n\n“Never underestimate Trump.”':
            # a quoted paragraph with no cue after a paragraph ending in someone's words.
            start = paragraph_break.before(q[0])
            near = sorted({id(d): d for d in by_content.ending_in(start, q[0])
                           + by_cue.ending_in(start, q[0])}.values(), key=lambda d: order[id(d)])
            before = [d for d in near if d.content[1] <= q[0]
                      and _closes_paragraph_before(text, d, q)]
            if before:
                d = max(before, key=lambda d: d.content[1])
                add(_same_source(d, q))
        # Statements reported inside a quote now attributed to someone else go.
        drafts[:] = [d for d in by_content.items if not (
            _strictly_inside(quotes, d.cue[0]) and any(
                o is not d and o.cue != d.cue for o in by_content.containing(*d.cue)))]

    def _colon_lines(self, doc: Doc, skip: Skip) -> list[Draft]:
        """Headline-style attributions: 'Iran: US policies to blame for attacks'."""
        text = doc_text(doc)
        drafts = []
        for m in COLON_LINE.finditer(text):
            source, claim = m.span("source"), m.span("claim")
            if skip(source[0], claim[1]) or len(text[claim[0]:claim[1]].split()) < 3:
                continue
            span = doc.char_span(*source, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span)
            if not (named or head.lemma_.lower() in SOURCE_NOUNS):
                continue
            colon = m.start("colon")
            drafts.append(Draft((colon, colon + 1), source, _trim_end(text, claim),
                                speaker_token=head.i))
        return drafts

    def _is_cue(self, token: Token) -> bool:
        lemma = token.lemma_
        if token.pos_ in ("NOUN", "PROPN") and token.text in MISTAGGED_CUES:
            # '"...," the Saudis state': the tagger reads a present-tense cue as a noun
            # (but 'secretary of state' is a noun).
            if token.i > 0 and token.doc[token.i - 1].pos_ in ("ADP", "DET"):
                return False
            lemma = MISTAGGED_CUES[token.lower_]
        elif token.pos_ not in ("VERB", "AUX"):
            return False
        if lemma == "put" and token.i + 1 < len(token.doc) and \
                token.doc[token.i + 1].lower_ == "it":
            return True  # 'as the prosecutor put it, "..."'
        return (lemma in self.cues and self.cues[lemma].kind == "speech"
                and not _negated(token))

    def _cue_after(self, doc: Doc, q: Span, quotes: OrderedSpans) -> Draft | None:
        """'"A," said X' / '"A," X said' / '"A," added another Democrat.'"""
        i = _token_at_or_after(doc, q[1])
        seen = 0
        while i is not None and i < len(doc) and seen < CUE_AFTER_WINDOW:
            t = doc[i]
            if "\n" in t.text or t.text in OPEN_QUOTES or t.text in (".", "!", "?", ";"):
                return None
            if t.dep_ == "cc" or (seen >= 5 and _ends_sentence(doc_text(doc), q)):
                # '“very charming” and called ...', '“a liar.” However, he held his fire
                # on Carson, calling him ...': the cue reports something else.
                return None
            if self._is_cue(t):
                text = doc_text(doc)
                if (len(text[q[0]:q[1]].split()) <= 4 and _own_clause(t, quotes)) or (
                        _ends_sentence(text, q) and _own_clause(t, quotes, ("ccomp",))):
                    # 'On “Hannity,” Gingrich said if Trump picked him ...': a short quote
                    # before a cue with its own clause is a name, not the statement;
                    # '"B." He said, twice, that ...': a whole quoted sentence, then a new
                    # sentence whose cue reports its own clause.
                    return None
                speaker_tok = _subject(t)
                if speaker_tok is None or speaker_tok.idx < q[1]:
                    # '"How big is that wall?" asked the boy': right after the quote, even
                    # a listener cue's object is the speaker.
                    inverted = seen == 0 or all(doc[k].is_punct for k in range(
                        _token_at_or_after(doc, q[1]) or t.i, t.i))
                    speaker_tok = _noun_before(doc, t, q[1]) or (
                        _noun_after(doc, t) if t.lemma_ not in LISTENER_CUES or inverted
                        else None)
                if speaker_tok is None:
                    return None
                speaker = _speaker_span(doc, speaker_tok)
                if speaker is None or speaker[0] < q[1]:
                    return None
                return Draft(_cue_span(doc, t), speaker, q, speaker_token=speaker_tok.i)
            seen += 1
            i += 1
        return None

    def _cue_before(self, doc: Doc, q: Span) -> Draft | None:
        """'X said: "A"', 'Stated Stone:' then the quote, 'Clinton: "A"'."""
        text = doc_text(doc)
        i = _token_before(doc, q[0])
        if i is None:
            return None
        if doc[i].text == "." and not text[doc[i].idx + 1:q[0]].strip(" \t"):
            return self._cue_sentence_before(doc, doc[i], q)
        window: list[Token] = []
        while i >= 0 and len(window) < 12:
            t = doc[i]
            if t.text in CLOSE_QUOTES or t.text in (".", "!", "?", ";"):
                break
            if not t.is_space:
                window.insert(0, t)
            i -= 1
        gap = text[window[-1].idx + len(window[-1].text):q[0]] if window else ""
        if not window or (not re.fullmatch(r"\s*[:,]?\s*", gap) and not re.fullmatch(
                r"\s*", gap)):
            return None
        if "\n" in gap and window[-1].text != ":":
            return None  # only a colon introduces a quote in the next paragraph
        for k in range(len(window) - 1, -1, -1):
            t = window[k]
            if self._is_cue(t):
                # 'said Sunday on NBC's "Meet the Press"': a quote behind a preposition is
                # a name, not what was said (unless a colon introduces it).
                if window[-1].text != ":" and any(
                        w.pos_ == "ADP" and w.i > t.i + 1 and doc[w.i + 1].text in OPEN_QUOTES
                        for w in window[k + 1:]):
                    return None
                speaker_tok = _subject(t) or _noun_after(doc, t)
                if (speaker_tok is None or speaker_tok.idx >= q[0]) and t.tag_ == "VBG":
                    # 'Flea shared the news, writing "..."', 'She followed by saying "..."':
                    # the parser may hang the participle on the quote or leave it without
                    # a subject; the clause before it names the speaker.
                    speaker_tok = _subject_before(doc, t)
                if speaker_tok is None or speaker_tok.idx >= q[0]:
                    return None
                speaker = _speaker_span(doc, speaker_tok)
                if speaker is None:
                    return None
                return Draft(_cue_span(doc, t), speaker, q, speaker_token=speaker_tok.i)
        last = window[-1]
        if len(window) >= 3 and (last.text == ":" or (
                last.text == "," and window[-2].lemma_.lower() in STATEMENT_NOUNS)):
            # 'Trump issued the following statement: "..."', 'Hannity interjected: "..."',
            # 'Trump issued a statement, "..."': the clause before the colon introduces the
            # quote; its subject speaks. (The parser may hang that clause on the quote.)
            root = window[-2]
            while root.head.i != root.i and root.dep_ not in ("ROOT",) and \
                    root.head.i < last.i:
                root = root.head
            if root.pos_ in ("VERB", "AUX") and not _negated(root):
                subj = _subject(root)
                if subj is not None and subj.idx < last.idx and (
                        subj.pos_ != "PRON" or subj.lower_ in PERSONAL_PRONOUNS):
                    speaker = _speaker_span(doc, subj)
                    if speaker is not None:
                        return Draft(_cue_span(doc, root), speaker, q, speaker_token=subj.i)
        if last.text == ":" and len(window) >= 2:
            # 'Clinton: "Our goal is ..."' -- a name, a colon, the quote.
            head = window[-2]
            if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                speaker = _speaker_span(doc, head)
                if speaker is not None:
                    return Draft((last.idx, last.idx + 1), speaker, q, speaker_token=head.i)
        return None

    def _cue_sentence_before(self, doc: Doc, stop: Token, q: Span) -> Draft | None:
        """'Dianne Bystrom agreed. "Mainstream Republicans are ..."': a short sentence that
        is only a speaker and a reporting verb introduces the quote after it."""
        sent = stop.sent
        root = sent.root
        before = doc[sent.start - 1].text if sent.start > 0 else "\n"
        own_sentence = "\n" in before or before in (".", "!", "?", "”", "\"")
        if (root.pos_ != "VERB" or root.lemma_ not in self.cues or _negated(root)
                or len(sent) > 25 or not own_sentence):
            return None
        if self.cues[root.lemma_].kind not in ("speech", "belief") or any(
                c.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "conj", "dative")
                for c in root.children):
            return None  # the verb has its own content: 'He said so.', 'She agreed to go.'
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or not (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                or subj.lower_ in PERSONAL_PRONOUNS):
            return None
        speaker = _speaker_span(doc, subj)
        if speaker is None:
            return None
        return Draft(_cue_span(doc, root), speaker, q, speaker_token=subj.i)

    def _resolve(self, doc: Doc, drafts: list[Draft], entities: EntityIndex,
                 quotes: OrderedSpans, places: list[Place]) -> list[Statement]:
        text = doc_text(doc)
        statements: list[Statement] = []
        previous_person: str | None = None
        for n, d in enumerate(drafts, start=1):
            speaker_span = d.speaker
            assert speaker_span is not None
            entity_id = self._speaker_entity(doc, d, entities, previous_person)
            entity = entities.get(entity_id)
            if entity is not None and entity.type == "PERSON":
                previous_person = entity.id
            if entity is None:
                # "A spokesman for the Israel Defense Forces said": the body spoken for.
                entity_id = next((i for s, _, i in entities.within(*speaker_span)
                                  if re.search(r"\b(?:for|of|at|from)\s+(?:the\s+)?$",
                                               text[speaker_span[0]:s])
                                  and (e := entities.get(i)) is not None and e.type == "ORG"),
                                 None)
                entity = entities.get(entity_id)
            content = _trim(text, d.content)
            sector = entity.sector if entity else None
            country = entity.country if entity else None
            if sector is None:
                # "Turkish officials said": the country's, and the noun names the sector.
                words = doc.char_span(*speaker_span, alignment_mode="expand")
                if words is not None and common_noun(words.root):
                    sector = group_sector(words.root)
                    # "Filipino fishermen said": the state their demonym names.
                    states = {e.country for s, _, i in entities.within(
                        words.start_char, words.root.idx) if (e := entities.get(i)) is not None
                        and e.type == "GPE" and e.country and not takes_a_side(text, s)}
                    country = country or (states.pop() if len(states) == 1 else None)
                    if country is None and sector is not None and sector not in UPROOTED:
                        # "Villagers in Borno state said": of the sentence's one country.
                        country = sentence_country(words.sent, entities, places)
            statements.append(Statement(
                id=f"st{n}",
                kind=_kind(content, quotes, text),
                speaker=Participant(text[speaker_span[0]:speaker_span[1]], speaker_span,
                                    entity_id, country, sector,
                                    entity.role if entity else None),
                cue=TextSpan(text[d.cue[0]:d.cue[1]], d.cue),
                content=TextSpan(text[content[0]:content[1]], content),
                date=d.date,
            ))
        return statements

    def _speaker_entity(self, doc: Doc, d: Draft, entities: EntityIndex,
                        previous_person: str | None) -> str | None:
        assert d.speaker is not None
        start, end = d.speaker
        words = doc_text(doc)[start:end].lower().split()
        if len(words) == 1 and words[0] in PERSONAL_PRONOUNS:
            found = previous_person or recent_entity(entities, start, {"PERSON"})
            if found:
                add_mention(entities, found, d.speaker)
            return found
        if len(words) == 1 and words[0] in THING_PRONOUNS:
            return recent_entity(entities, start, {"ORG", "GPE"})
        inside = entities.within(start, end)
        head = doc[d.speaker_token] if d.speaker_token is not None else None
        if head is not None:
            for s, e, ent_id in inside:
                if s <= head.idx < e:
                    return ent_id
        people = [x for x in inside if (ent := entities.get(x[2])) and ent.type == "PERSON"]
        if people:
            return max(people, key=lambda x: x[1] - x[0])[2]
        # "Iran's foreign ministry", "US officials": a body or office of a named state/org.
        if head is not None and head.lemma_.lower() in self.titles:
            owners: list[str] = []
            for s, e, ent_id in inside:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None and span.root.head.i == head.i and span.root.dep_ in (
                        "poss", "compound", "amod", "nmod"):
                    owners.append(ent_id)
            if owners:
                # ("Israel's Shin Bet security agency": the body named with its state.)
                return next((i for i in owners if (owner := entities.get(i)) is not None
                             and owner.type != "GPE"), owners[0])
        if words and words[0] in ("the", "a", "an", "this", "that"):
            noun = words[-1].strip(".,")
            rule = self.nominals.get(noun)
            if rule:
                found = nominal_entity(entities, start, noun, rule)
                if found:
                    add_mention(entities, found, d.speaker)
                return found
        return None


# --- helpers --------------------------------------------------------------------------------


def find_quotes(text: str) -> list[Span]:
    """Quotation spans (marks included), curly or straight, continued across paragraphs.

    Two apostrophes or two backticks (''like this'', ``this'') count as one mark.
    """
    shadow = text.replace("``", "\"\0").replace("''", "\"\0")
    spans = [(s, e + 1 if e < len(shadow) and shadow[e] == "\0" else e)
             for s, e in _find_quotes(shadow)]
    return spans


def _find_quotes(text: str) -> list[Span]:
    spans: list[Span] = []
    start: int | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and start is not None:
            # A quote running on into the next paragraph reopens it: “...\n“...”
            j = i
            while j < n and text[j] in "\n \t":
                j += 1
            if j < n and text[j] in OPEN_QUOTES:
                i = j + 1
                continue
            end = i
            while end > start and text[end - 1].isspace():
                end -= 1
            spans.append(_close_open(text, start, end))
            start = None
        elif ch in OPEN_QUOTES and start is None and _opens(text, i):
            start = i
        elif start is not None and i > start and (
                (ch in CLOSE_QUOTES and _closes(text, i))
                or (ch == "“" and text[i - 1] in ",.!?" and text[i + 1:i + 2] in ("", " ",
                                                                                  "\n"))):
            # (An opening mark typed where the closing one belongs: '“It's unusual,“ he'.)
            spans.append((start, i + 1))
            start = None
        i += 1
    if start is not None:
        spans.append(_close_open(text, start, n))
    return [s for s in spans if s[1] - s[0] > 2]


def _close_open(text: str, start: int, end: int) -> Span:
    """End a quote left open to its paragraph's end; it often just lost its closing mark
    before its attribution: '"There was no help, said Kessel, whose ...'."""
    cut = UNCLOSED_CUE.search(text, start, end)
    return (start, cut.start() + 1) if cut is not None else (start, end)


def _opens(text: str, i: int) -> bool:
    if text[i] == "“":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:,") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    if text[i] == "”":
        return True
    before = text[i - 1]
    after = text[i + 1] if i + 1 < len(text) else " "
    # '... brain,\' " said Fiorina': a closing mark may follow a space when nothing follows.
    return not before.isspace() or after.isspace() or after in ".,;:!?)"


def _perfect(token: Token) -> bool:
    """'has said', 'had denied' (also through a conjunction): background, not the news day."""
    for t in (token, token.head if token.dep_ == "conj" else token):
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children):
            return True
    return False


def _negated(token: Token) -> bool:
    doc = token.doc
    if any(c.dep_ == "neg" and not any(doc[k].text in CLOSE_QUOTES
                                       for k in range(c.i + 1, token.i))
           for c in token.children):
        # ('"Absolutely not," he said': a "not" inside the quote before it does not count.)
        return True
    head = token.head
    return token.dep_ == "xcomp" and (head.lemma_ in REFUSING
                                      or any(c.dep_ == "neg" for c in head.children))


def _subject(token: Token) -> Token | None:
    t = token
    if token.dep_ == "conj" and token.head.dep_ == "ccomp" and not any(
            c.dep_ in SUBJECT_DEPS for c in token.children):
        t = token.head.head  # 'said it was early but added, "..."': the one who said
    for _ in range(3):
        for c in t.children:
            if c.dep_ in SUBJECT_DEPS:
                return c
        # "..., saying that", "he said, urging ...": a participle takes its head's subject;
        # 'released a statement saying': the subject of the verb the statement hangs on.
        if t.dep_ in ("advcl", "xcomp", "conj", "acl") and t.head.i != t.i:
            t = t.head
            if t.dep_ == "dobj" and t.lemma_.lower() in STATEMENT_NOUNS:
                t = t.head
            continue
        break
    for c in token.children:
        if c.dep_ == "agent":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    # '..., said Skelly.': the small model sometimes tags an unfamiliar name after an
    # inverted cue as an adverb; a capitalised word right after it is still the speaker.
    if token.i + 1 < len(token.doc):
        after = token.doc[token.i + 1]
        if (after.head.i == token.i and token.lemma_ not in LISTENER_CUES
                and after.dep_ in ("advmod", "npadvmod", "dobj", "attr")
                and after.text[:1].isupper() and after.is_alpha
                and after.ent_type_ not in ("DATE", "TIME", "GPE", "NORP")
                and after.lower_ not in WEEKDAYS_AND_MONTHS):
            return after
    return None


def _subject_before(doc: Doc, token: Token) -> Token | None:
    """The subject of the nearest clause before ``token`` in its sentence."""
    start = token.sent.start if token.sent is not None else 0
    for k in range(token.i - 1, start - 1, -1):
        t = doc[k]
        named = t.pos_ != "PRON" or t.lower_ in PERSONAL_PRONOUNS
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i < token.i and named:
            while t.dep_ == "compound" and t.head.i > t.i:
                t = t.head
            return t
    return None


# Cues whose object is the listener, never the speaker ("told Reuters").
LISTENER_CUES = frozenset({"tell", "ask", "inform", "brief", "urge", "warn", "assure"})
WEEKDAYS_AND_MONTHS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "yesterday", "today", "tonight", "earlier", "later", "then"})


def _speaker_span(doc: Doc, head: Token) -> Span | None:
    """The speaker's words: the noun phrase without its clauses and appositions
    ("Iran army's chief of staff Mohammad Bagheri", not "Iran, which backs Hamas,")."""
    if head.pos_ in ("VERB", "AUX"):
        return None
    start = head.i
    # Left modifiers belong ("Iran army's chief of staff"); a clause the parser hung on the
    # name does not ('"That's a concern," Sarandon told ...' with the quote as its ccomp).
    for child in reversed(list(head.lefts)):
        if child.dep_ in ("ccomp", "advcl", "parataxis", "csubj") or (
                child.is_punct and child.text not in ("-", "'", "’")):
            break
        start = child.left_edge.i
    end = head.i
    for child in head.rights:
        if name_after_title(head, child):
            end = child.right_edge.i  # "Opposition leader Odinga said"
            continue
        if child.dep_ in SPEAKER_CUT_DEPS or child.is_punct:
            break
        end = child.right_edge.i
    while start < end and doc[start].is_punct:
        start += 1
    if doc[start].lower_ in ("“", "\"", "'"):
        start += 1
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _cue_span(doc: Doc, token: Token) -> Span:
    end = token
    for c in token.children:
        if c.dep_ == "prt" and c.i == token.i + 1:
            end = c
    return token.idx, end.idx + len(end.text)


def _subtree_end(token: Token) -> int:
    return int(token.right_edge.i)


def _subtree_span(doc: Doc, token: Token, exclude: Token | None = None) -> Span | None:
    lo, hi = token.left_edge.i, token.right_edge.i
    if exclude is not None and lo <= exclude.i <= hi:
        # Cut the cue's own words out by keeping the larger side.
        left = (lo, exclude.left_edge.i - 1)
        right = (exclude.right_edge.i + 1, hi)
        lo, hi = left if left[1] - left[0] >= right[1] - right[0] else right
    return _join(doc, lo, hi)


def _join(doc: Doc, lo: int, hi: int) -> Span | None:
    while lo <= hi and ((doc[lo].is_punct and doc[lo].text not in OPEN_QUOTES) or
                        doc[lo].is_space):
        lo += 1
    while hi >= lo and ((doc[hi].is_punct and doc[hi].text not in CLOSE_QUOTES + "”") or
                        doc[hi].is_space or doc[hi].dep_ == "cc"):
        hi -= 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _worthy(text: str, span: Span, min_words: int = 2) -> bool:
    words = text[span[0]:span[1]].split()
    return len(words) >= min_words and not (len(words) == 1 and words[0].lower()
                                            in EMPTY_CONTENT)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _snap_to_quote(span: Span, quotes: OrderedSpans, text: str) -> Span:
    """Widen a clause to the quotation marks around it: '“We will' -> '“We will ...”'."""
    # Only a quote starting at most two characters before the span, or holding its start.
    first = quotes.index_from(span[0] - 2, span[0] + 1)
    for q in quotes[first:quotes.index_after(span[0])]:
        if q[0] <= span[0] < q[1] and span[1] <= q[1] + 1 and span[1] >= q[1] - 3:
            return q
        # The clause opens the quote and the quote goes on past the sentence: take it all.
        if q[0] <= span[0] <= q[0] + 2 and span[1] <= q[1] + 1:
            return q
    return span


def _adjacent_quote(doc: Doc, token: Token, quotes: OrderedSpans) -> Span | None:
    """A quote right before or after the cue clause: '“A,” he said' / 'he said: “A”'."""
    text = doc_text(doc)
    sent_start = doc[sentence_range(doc, token.i)[0]].idx
    # Only quotes ending at most 60 characters before the cue or starting at most 60 after.
    first = quotes.index_from(token.idx + 1, token.idx - 60)
    for q in quotes[first:quotes.index_after(token.idx + len(token.text) + 60)]:
        if q[1] <= token.idx and q[1] >= sent_start - 1:
            gap = text[q[1]:token.idx]
            if len(gap) <= 60 and "\n" not in gap and not re.search(r"[.!?]\s", gap):
                return q
        if q[0] >= token.idx + len(token.text):
            gap = text[token.idx + len(token.text):q[0]]
            # 'he said: "..."', also with the quote opening the next paragraph after a colon.
            if len(gap) <= 60 and re.fullmatch(r"[^.!?“”\"\n]*(?::\s*|,?[ \t]*)", gap):
                if _is_title(text, q) and TITLE_BEFORE.search(gap):
                    continue  # 'said on “The Late Show”': where, not what
                return q
    return None


def _skip_leading_time(doc: Doc, cue: Token, span: Span) -> Span:
    """'said Monday attacks were ...' -> 'attacks were ...': the day belongs to the cue."""
    i = cue.i + 1
    start = span[0]
    while i < len(doc) and doc[i].idx <= start + 1 and doc[i].ent_type_ in ("DATE", "TIME"):
        i += 1
    if i > cue.i + 1 and i < len(doc) and doc[i - 1].idx >= start:
        return doc[i].idx, span[1]
    return span


TRAILING_CLAUSE = re.compile(
    r",\s+(?:while|whereas|when|noting|adding|saying|arguing|citing|compared|who|which|"
    r"according|although|though|before|after|as|amid|despite|even as|in a|presumably|"
    r"apparently|meaning|suggesting|implying|prompting|sparking|drawing)\b"
    r"|(?<=[”\"])\s+(?:when|while|as|after|before|in an?|during|at an?)\b"
    r"|\s+[—–]\s+")


def _cut_trailing_clause(text: str, span: Span, quotes: OrderedSpans) -> Span:
    """End reported content before a trailing clause that is the reporter's, not the
    source's (", while 22 percent said ...", ", noting ...", ", who ...")."""
    start, end = span
    if quotes.containing(start, end) is not None:
        return span
    # Content before a clause must hold four words: the fourth word must start before it.
    words = WORD.finditer(text, start, end)
    fourth = next((m.start() for n, m in enumerate(words, 1) if n == 4), end)
    for m in TRAILING_CLAUSE.finditer(text, start, end):
        if quotes.holding(m.start()) is not None:
            continue
        if m.start() > fourth:
            return start, m.start()
    return span


def _dash_signed(doc: Doc, quotes: OrderedSpans, skip: Skip) -> list[Draft]:
    """Quotes signed with a dash and a name right after them: direct statements."""
    text = doc_text(doc)
    drafts = []
    for q in quotes:
        m = DASH_SIGNATURE.match(text, q[1])
        if m is None or skip(*q):
            continue
        source = _trim_end(text, m.span("source"))
        span = doc.char_span(*source, alignment_mode="expand")
        if span is None or not any(t.ent_type_ in ("PERSON", "ORG") or t.pos_ == "PROPN"
                                   for t in span):
            continue
        dash = m.span("dash")
        drafts.append(Draft(dash, source, q, speaker_token=span.root.i))
    return drafts


def _end_at_closed_quote(text: str, span: Span, quotes: OrderedSpans) -> Span:
    """A content that opens with a whole quoted utterance ('“We’ll see,” when asked ...',
    '“It’s time to end it,” and shared a link') ends with the quote: what follows is the
    reporter's narration. A quoted fragment ('"wrong policies" led to ...') goes on."""
    start, end = span
    for q in quotes.starting_in(start, start + 1):
        if q[1] < end and not quotes.starting_in(start + 1, end):
            inner = text[q[0]:q[1]].rstrip().rstrip("\"'”’").rstrip()
            if inner[-1:] in (",", ".", "!", "?"):
                return q
    return span


def _complete_quotes(span: Span, quotes: OrderedSpans) -> Span:
    """Take in the closing (or opening) mark of a quote the content cuts short."""
    start, end = span
    for q in quotes.starting_in(start - 2, end):  # no other quote meets either test
        if start <= q[0] < end < q[1]:
            end = q[1]
        if start - 2 <= q[0] < start < q[1] <= end:
            start = q[0]
    return start, end


OFFSETS_KEY = "wirecoder_token_offsets"


def _token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Where each token starts and ends, built once per document."""
    offsets: tuple[list[int], list[int]] | None = doc.user_data.get(OFFSETS_KEY)
    if offsets is None:
        offsets = ([t.idx for t in doc], [t.idx + len(t.text) for t in doc])
        doc.user_data[OFFSETS_KEY] = offsets
    return offsets


def _token_at_or_after(doc: Doc, offset: int) -> int | None:
    """The first token starting at or after ``offset``."""
    starts, _ = _token_offsets(doc)
    i = bisect.bisect_left(starts, offset)
    return i if i < len(starts) else None


def _token_before(doc: Doc, offset: int) -> int | None:
    """The last token of those, from the first, that end at or before ``offset``."""
    _, ends = _token_offsets(doc)
    i = bisect.bisect_right(ends, offset) - 1
    return i if i >= 0 else None


def _strictly_inside(quotes: OrderedSpans, offset: int) -> bool:
    """Whether ``offset`` lies inside a quote, after its opening mark."""
    q = quotes.holding(offset)
    return q is not None and q[0] < offset


def _noun_before(doc: Doc, verb: Token, after: int) -> Token | None:
    """The speaker just before a cue the parser failed to link: '"...," Conway notes'."""
    if verb.i == 0:
        return None
    t = doc[verb.i - 1]
    if t.idx >= after and t.pos_ in ("PROPN", "NOUN") and not t.is_punct:
        return t
    # '"...," Brent Bozell III, founder of the Media Research Center, tells': a name right
    # after the quote, set off by commas from the cue.
    if t.is_punct and t.text == ",":
        i = _token_at_or_after(doc, after)
        while i is not None and i < verb.i and (doc[i].is_punct or doc[i].is_space):
            i += 1
        if i is not None and i < verb.i and doc[i].pos_ == "PROPN":
            while i + 1 < verb.i and doc[i + 1].pos_ == "PROPN":
                i += 1
            if doc[i + 1].text == ",":
                return doc[i]
    return None


def _noun_after(doc: Doc, verb: Token) -> Token | None:
    """The subject of an inverted cue: 'said Jim Clyburn, a congressman'."""
    for t in doc[verb.i + 1: verb.i + 8]:
        if t.is_punct:
            return None
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ in ("nsubj", "dobj", "attr",
                                                               "npadvmod", "appos", "ROOT",
                                                               "nsubjpass", "compound"):
            # The head of the phrase: walk up compounds.
            while t.dep_ == "compound" and t.head.i > t.i:
                t = t.head
            return t
    return None


def _next_paragraph(text: str, d: Draft, q: Span, quotes: OrderedSpans) -> bool:
    """A paragraph that is nothing but a quote, right after a paragraph ending in a quote
    of ``d``: the speech goes on."""
    if quotes.containing(*d.content) is None:
        return False
    between = text[d.content[1]:q[0]]
    if between.count("\n") == 0 or len(between) > MAX_SPLIT_GAP:
        return False
    # Only the cue clause (on the quote's own line) and paragraph breaks may lie between:
    # not a paragraph of narration.
    line_end = text.find("\n", q[1])
    rest = text[q[1]:line_end if line_end >= 0 else len(text)].strip()
    after_line = between[between.find("\n"):].strip()
    return not rest and not after_line and _line_has_no_other_quote(text, d, q, quotes)


def _same_source(d: Draft, content: Span) -> Draft:
    """More words of ``d``'s speaker under ``d``'s cue."""
    return Draft(d.cue, d.speaker, content, speaker_token=d.speaker_token)


def _fills_paragraph(text: str, q: Span) -> bool:
    """Whether quote ``q`` is the whole of its paragraph."""
    line_start = text.rfind("\n", 0, q[0]) + 1
    line_end = text.find("\n", q[1])
    return not (text[line_start:q[0]].strip()
                or text[q[1]:line_end if line_end >= 0 else None].strip())


def _closes_paragraph_before(text: str, d: Draft, q: Span) -> bool:
    """Whether quote ``q`` is a paragraph of its own right after a paragraph whose last
    words (or the cue after them) are statement ``d``."""
    if not _fills_paragraph(text, q):
        return False
    between = text[max(d.content[1], d.cue[1]):q[0]]
    return between.count("\n") >= 1 and not between.strip(" \t\n.,;!?\"'”’")


def _leads_into(text: str, q: Span, d: Draft, quotes: OrderedSpans) -> bool:
    """Whether quote ``q`` is a paragraph of its own and the next paragraph opens with the
    quote that is ``d``'s content."""
    if not _fills_paragraph(text, q):
        return False
    between = text[q[1]:d.content[0]]
    return ("\n" in between and not between.strip()
            and bool(quotes.starting_in(d.content[0], d.content[0] + 1)))


def _line_has_no_other_quote(text: str, d: Draft, q: Span, quotes: OrderedSpans) -> bool:
    return not quotes.starting_in(d.content[1], q[0])


def _continues(text: str, d: Draft, q: Span, quotes: OrderedSpans) -> bool:
    """Whether quote ``q`` continues the quoted statement ``d``: '"A," he said. "B."'.

    The text between them must hold ``d``'s cue and nothing else quoted, in one paragraph.
    """
    start, end = d.content[1], q[0]
    if end - start > MAX_SPLIT_GAP or "\n" in text[start:end].strip():
        return False
    if not (start <= d.cue[0] and d.cue[1] <= end):
        return False
    if quotes.holding(d.content[0]) is None and not quotes.starting_in(*d.content):
        return False
    # 'said on CNN's "State of the Union"': a quoted name after a preposition or a
    # possessive is a title, not more of the speech.
    if TITLE_BEFORE.search(text[max(start, end - 20):end]):
        return False
    # 'Trump told NBC’s “Today” on Monday. “B.”': a quoted title in between does not count.
    return all(_is_title(text, x) for x in quotes.starting_in(start, end))


def _goes_on(text: str, d: Draft, q: Span) -> bool:
    """'..., adding that he had fought for bills. "A leader must fight."': a quote right
    after a reported clause, in its paragraph, goes on with that clause's cue."""
    between = text[d.content[1]:q[0]]
    return d.cue[1] <= d.content[0] and not between.strip(" .,;") and "\n" not in between \
        and d.content[1] - d.content[0] > 20


def _own_clause(cue: Token, quotes: OrderedSpans,
                deps: tuple[str, ...] = ("ccomp", "xcomp")) -> bool:
    """Whether the cue has a complement clause after it that no quote holds."""
    return any(c.dep_ in deps and c.i > cue.i and quotes.holding(c.left_edge.idx) is None
               and quotes.holding(c.idx) is None for c in cue.children)


def _ends_sentence(text: str, quote: Span) -> bool:
    """Whether the quoted words end with a full stop, question or exclamation mark."""
    inner = text[quote[0]:quote[1]].rstrip().rstrip("\"'”’").rstrip()
    return inner[-1:] in (".", "!", "?")


def _is_title(text: str, quote: Span) -> bool:
    """A quoted name: short after a possessive or a preposition (NBC’s “Today”), or in
    title case without sentence punctuation (“The Late Show With Stephen Colbert”)."""
    words = text[quote[0]:quote[1]].strip("\"'“”‘’ ").split()
    if len(words) <= 5 and TITLE_BEFORE.search(text[max(0, quote[0] - 20):quote[0]]):
        return True
    inner = " ".join(words)
    return (0 < len(words) <= 8 and not any(ch in inner for ch in ".,;!?")
            and all(w[0].isupper() for w in words if len(w) > 3))


def _trim_end(text: str, span: Span) -> Span:
    s, e = span
    while e > s and text[e - 1] in " \t.":
        e -= 1
    return s, e


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in " \t\n,;:—–":
        s += 1
    while e > s and text[e - 1] in " \t\n,;:—–":
        e -= 1
    return s, e


def _kind(content: Span, quotes: OrderedSpans, text: str) -> str:
    inside = quotes.within(content[0] - 1, content[1] + 1)
    if not inside:
        return "direct" if quotes.containing(*content) is not None else "indirect"
    covered = sum(min(q[1], content[1]) - max(q[0], content[0]) for q in inside)
    return "direct" if covered >= (content[1] - content[0]) - 3 else "mixed"


def _dedupe(drafts: list[Draft], quotes: OrderedSpans) -> list[Draft]:
    """Keep one statement per cue, and drop cues quoted inside another statement
    ('"I think we will win," he said' is one statement, not two)."""
    kept: SpanIndex[Draft] = SpanIndex(lambda d: d.content)
    cues: set[Span] = set()
    sources: set[tuple[Span, Span | None]] = set()
    by_content: dict[Span, list[Draft]] = {}
    for d in sorted(drafts, key=lambda d: -(d.content[1] - d.content[0])):
        if d.cue in cues:
            continue
        if kept.containing(*d.cue):
            continue
        # '"A," Sarandon told MSNBC when asked about ...': one statement, not one per verb.
        if (d.content, d.speaker) in sources:
            continue
        # 'Clinton responded: "..."' found as a colon line too: its "speaker" holds the cue.
        if d.speaker is not None and any(d.speaker[0] <= k.cue[0] < d.speaker[1]
                                         for k in by_content.get(d.content, [])):
            continue
        kept.add(d)
        cues.add(d.cue)
        sources.add((d.content, d.speaker))
        by_content.setdefault(d.content, []).append(d)
    return kept.items


def _statement_date(d: Draft, times: list[TimeExpr], doc: Doc) -> str | None:
    """A day the text gives for the statement itself ("said Monday", "On Thursday, X said")."""
    cue_tok = doc.char_span(*d.cue, alignment_mode="expand")
    if cue_tok is None:
        return None
    first, last = sentence_range(doc, cue_tok.root.i)
    sent_start, sent_end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    for t in times:
        s, e = t.span
        if not (sent_start <= s and e <= sent_end):
            continue
        if _overlaps((s, e), d.content) or t.precision != "day":
            continue
        # The time must hang from the cue, not from some other clause of the sentence.
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and _governed_by(span.root, cue_tok.root):
            return t.value
    return None


def _governed_by(token: Token, cue: Token) -> bool:
    t = token
    for _ in range(4):
        if t.head.i == cue.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _inherit_dates(statements: list[Statement], entities: EntityIndex,
                   background: set[str]) -> None:
    """An undated statement takes the date of an earlier one by the same source, or by the
    state whose official speaks ("Iran said Monday ..." then its spokesperson's quote)."""
    # Where the latest dated statement by each source, and by each state's entity (by its
    # country), is: the latest of those that fits is the one a scan back would meet first.
    by_source: dict[str, int] = {}
    by_state: dict[str | None, int] = {}
    for i, st in enumerate(statements):
        source = st.speaker.entity
        if st.date is None and source is not None and st.id not in background:
            me = entities.get(source)
            candidates = [by_source[source]] if source in by_source else []
            if me is not None and me.type == "PERSON" and me.sector == "GOV" \
                    and me.country in by_state:
                candidates.append(by_state[me.country])
            if candidates:
                st.date = statements[max(candidates)].date
        if st.date is not None and source is not None:
            by_source[source] = i
            other = entities.get(source)
            if other is not None and other.type == "GPE":
                by_state[other.country] = i


__all__ = ["StatementExtractor", "find_quotes"]
