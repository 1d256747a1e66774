"""Coding cost grows linearly with an article's length: the tokenizer, sentence lengths,
the span lookups the extractors make, and whole articles of hostile shapes.

Timings here are sanity bounds a quadratic step fails by far (bench/scaling.py has the
figures)."""

from __future__ import annotations

import pickle
import random
import re
import time
from typing import Any

import pytest
from conftest import EXAMPLE, POLNEAR

from wirecoder import Article, Pipeline
from wirecoder.actors import EntityIndex, _acronym_uses, add_mention, recent_entity
from wirecoder.cleaning import Cleaner
from wirecoder.model import Entity
from wirecoder.nlp import (
    MAX_RUN,
    MAX_SENTENCE_TOKENS,
    SENTENCE_BOUND,
    RunBoundedTokenizer,
    children_table,
)
from wirecoder.spans import DisjointSpans, OrderedSpans, RunStarts, SpanIndex


def _news() -> list[str]:
    import json

    texts = [json.loads(EXAMPLE.read_text().splitlines()[0])["text"]]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:20]]
    return texts


def _tokens(doc: Any) -> list[tuple[int, str, str]]:
    return [(t.idx, t.text, t.whitespace_) for t in doc]


def _seconds(f: Any, *args: Any) -> float:
    start = time.perf_counter()
    f(*args)
    return time.perf_counter() - start


# --- the tokenizer ----------------------------------------------------------------------


def test_nlp_tokenizer_wraps_the_model_tokenizer(pipeline: Pipeline) -> None:
    assert isinstance(pipeline.nlp.tokenizer, RunBoundedTokenizer)


def test_nlp_tokenizer_normal_news_unchanged(pipeline: Pipeline) -> None:
    bounded = pipeline.nlp.tokenizer
    for text in _news():
        assert _tokens(bounded(text)) == _tokens(bounded.tokenizer(text))


@pytest.mark.parametrize("run", ['"' * 450, "(" * 201, "x" * 1000, "a." * 150,
                                 "—" * 300 + "word"])
@pytest.mark.parametrize(("before", "after"), [("", ""), ("He said ", " today."),
                                               ("A\n\n", "  \nB"), ("x ", "\t y")])
def test_nlp_tokenizer_cuts_long_runs(pipeline: Pipeline, run: str, before: str,
                                      after: str) -> None:
    bounded = pipeline.nlp.tokenizer
    text = before + run + after
    doc = bounded(text)
    assert doc.text == text
    start, end = len(before), len(before) + len(run)
    inside = [t for t in doc if start <= t.idx < end]
    assert "".join(t.text for t in inside) == run
    assert all(len(t.text) <= MAX_RUN for t in inside)
    # Around the run, the tokens are the model tokenizer's.
    whole = bounded.tokenizer(text)
    assert [t for t in _tokens(doc) if not start <= t[0] < end] == \
        [t for t in _tokens(whole) if not start <= t[0] < end]
    assert inside[-1].whitespace_ == [t for t in whole if start <= t.idx < end][-1].whitespace_


def test_nlp_tokenizer_long_run_fast(pipeline: Pipeline) -> None:
    # The model's tokenizer takes some 40 s on 20,000 quotation marks.
    text = '"' * 20_000
    assert _seconds(pipeline.nlp.tokenizer, text) < 1.0
    assert pipeline.nlp.tokenizer(text).text == text


def test_nlp_tokenizer_pickles_and_pipes(pipeline: Pipeline) -> None:
    copy = pickle.loads(pickle.dumps(pipeline.nlp.tokenizer))
    text = 'Iran said "no". ' + '"' * 500
    assert _tokens(copy(text)) == _tokens(pipeline.nlp.tokenizer(text))
    docs = list(pipeline.nlp.pipe([text, "Israel struck Gaza.", "x" * 3000]))
    assert [d.text for d in docs] == [text, "Israel struck Gaza.", "x" * 3000]


# --- sentences --------------------------------------------------------------------------


def test_nlp_paragraph_boundaries_many_lines_fast(pipeline: Pipeline) -> None:
    # Setting Token.is_sent_start scans the document each time: minutes on 75,000 tokens.
    doc = pipeline.nlp.make_doc("Hi.\n" * 25_000)
    component = pipeline.nlp.get_pipe("wirecoder_paragraphs")
    assert _seconds(component, doc) < 2.0
    assert sum(1 for t in doc if t.is_sent_start) == 25_000


def test_nlp_sentence_bound_cuts_endless_sentences(pipeline: Pipeline) -> None:
    for unit in ("a said: ", "killed 5 people ", "1. "):
        doc = pipeline.nlp(unit * 1500)
        assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
        assert doc.has_annotation("DEP")


def test_nlp_sentence_bound_leaves_news_alone(pipeline: Pipeline) -> None:
    texts = _news()[:6]
    with pipeline.nlp.select_pipes(disable=[SENTENCE_BOUND]):
        plain = [[(t.dep_, t.head.i, t.is_sent_start) for t in d]
                 for d in pipeline.nlp.pipe(texts)]
    bounded = [[(t.dep_, t.head.i, t.is_sent_start) for t in d]
               for d in pipeline.nlp.pipe(texts)]
    assert bounded == plain


def test_nlp_children_table_matches_spacy(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(_news()[0])
    table = children_table(doc)
    assert table == [[c.i for c in t.children] for t in doc]


# --- span lookups -----------------------------------------------------------------------


def test_spans_disjoint_spans_answer_as_a_scan() -> None:
    rng = random.Random(1)
    for _ in range(300):
        length = rng.randint(0, 40)
        taken: list[tuple[int, int]] = []
        spans = DisjointSpans(length)
        for _ in range(30):
            a = rng.randint(0, length)
            b = rng.randint(a, min(length, a + rng.choice([0, 1, 3, 8])))
            scan = any(s < b and a < e for s, e in taken)
            assert spans.overlaps(a, b) == scan
            if not scan:
                spans.add(a, b)
                taken.append((a, b))


def test_spans_ordered_spans_answer_as_a_scan() -> None:
    rng = random.Random(2)
    for _ in range(300):
        pos, found = 0, []
        for _ in range(rng.randint(0, 8)):
            s = pos + rng.randint(0, 4)
            found.append((s, s + rng.randint(1, 5)))
            pos = found[-1][1]
        spans = OrderedSpans(found)
        for _ in range(20):
            a = rng.randint(-2, pos + 3)
            b = rng.randint(a, pos + 4)
            assert spans.holding(a) == next((q for q in found if q[0] <= a < q[1]), None)
            assert spans.containing(a, b) == next(
                (q for q in found if q[0] <= a and b <= q[1]), None)
            assert spans.starting_in(a, b) == [q for q in found if a <= q[0] < b]
            assert spans.within(a, b) == [q for q in found if a <= q[0] and q[1] <= b]


@pytest.mark.parametrize("long", [2, 2000])
def test_spans_span_index_answers_as_a_scan(monkeypatch: pytest.MonkeyPatch,
                                            long: int) -> None:
    monkeypatch.setattr(SpanIndex, "LONG", long)
    rng = random.Random(3)
    for _ in range(300):
        items = [(s, s + rng.randint(0, 12)) for s in
                 (rng.randint(0, 30) for _ in range(rng.randint(0, 6)))]
        index = SpanIndex(lambda x: x, items)
        for _ in range(rng.randint(0, 5)):
            s = rng.randint(0, 30)
            items.append((s, s + rng.randint(0, 12)))
            index.add(items[-1])
        for _ in range(10):
            a = rng.randint(-2, 45)
            b = rng.randint(a, 46)
            assert index.overlapping(a, b) == [x for x in items if x[0] < b and a < x[1]]
            assert index.containing(a, b) == [x for x in items if x[0] <= a and b <= x[1]]
            assert index.starting_in(a, b) == [x for x in items if a <= x[0] <= b]
            assert index.ending_in(a, b) == [x for x in items if a <= x[1] <= b]


def test_spans_run_starts_answer_as_a_scan() -> None:
    rng = random.Random(4)
    for _ in range(500):
        text = "".join(rng.choice(' .,;a"\n') for _ in range(rng.randint(0, 30)))
        runs = RunStarts(text, " .,;")
        for offset in sorted(rng.randint(0, len(text)) for _ in range(5)):
            start = offset
            while start > 0 and text[start - 1] in " .,;":
                start -= 1
            assert runs.before(offset) == start


def test_spans_run_starts_linear_on_one_long_run() -> None:
    text = '"."\n' * 100_000
    runs = RunStarts(text, " \t\n.,;!?\"'”’")
    start = time.perf_counter()
    assert all(runs.before(i) == 0 for i in range(0, len(text), 4))
    assert time.perf_counter() - start < 2.0


# --- extractors -------------------------------------------------------------------------


def test_actors_acronym_uses_as_a_regex_per_acronym() -> None:
    rng = random.Random(5)
    pieces = ["NUT", "A-A", "U", "U-N", "A&B", "B&C", "A-", " ", "-", "&", "a", "(", "_", "1"]
    names = ["NUT", "A-A", "U", "U-N", "A&B", "B&C", "A-", "NU"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        acronyms: dict[str, Any] = dict.fromkeys(rng.sample(names, rng.randint(1, 4)))
        expected = {a: [m.start() for m in re.finditer(rf"\b{re.escape(a)}\b", text)]
                    for a in acronyms}
        assert _acronym_uses(text, acronyms) == {a: v for a, v in expected.items() if v}


def test_actors_recent_entity_as_a_scan() -> None:
    rng = random.Random(6)

    def scan(index: EntityIndex, before: int, types: set[str]) -> str | None:
        best: tuple[int, str] | None = None
        for e in index.entities:
            for s, _ in e.mentions if e.type in types else []:
                if s < before and (best is None or s > best[0]):
                    best = (s, e.id)
        return best[1] if best else None

    for _ in range(200):
        index = EntityIndex()
        for n in range(rng.randint(0, 6)):
            starts = sorted(rng.sample(range(0, 100, 2), rng.randint(1, 4)))
            index.entities.append(Entity(id=f"ent{n}", name=f"E{n}",
                                         type=rng.choice(["PERSON", "ORG", "GPE"]),
                                         mentions=[(s, s + 1) for s in starts]))
        for _ in range(20):
            types = set(rng.sample(["PERSON", "ORG", "GPE"], rng.randint(1, 2)))
            before = rng.randint(0, 101)
            assert recent_entity(index, before, types) == scan(index, before, types)
            if index.entities and rng.random() < 0.5:
                e = rng.choice(index.entities)
                add_mention(index, e.id, (rng.randrange(1, 100, 2), 101))


def test_cleaning_many_lines_fast() -> None:
    text = "Hi.\n" * 100_000
    assert _seconds(Cleaner().find, text) < 5.0


# --- whole articles ---------------------------------------------------------------------

FAMILIES = {
    "killed": "killed 5 people ",
    "said_that": "He said that ",
    "post_handle": "— (@x) ",
    "quoted": '"We will respond," the minister said. ',
    "names": "President Joe Biden and Donald Trump ",
    "headlines": "Iran: US policies to blame for attacks on forces\n",
}


def _spans_hold(record: dict[str, Any], text: str) -> None:
    """Every span the record gives points at exactly its text."""
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str) and isinstance(value.get("span"), list):
                s, e = value["span"]
                assert text[s:e] == value["text"]
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk({k: v for k, v in record.items() if k != "text"})


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_pipeline_hostile_text_cost_grows_linearly(pipeline: Pipeline, family: str) -> None:
    unit = FAMILIES[family]
    timings = []
    for size in (3_000, 12_000):
        text = (unit * (size // len(unit) + 1))[:size]
        start = time.perf_counter()
        record = pipeline(Article(id=family, text=text, published="2023-10-30"))
        timings.append(time.perf_counter() - start)
        assert not record["errors"]
        _spans_hold(record, text)
    # Four times the text: about four times the time; a quadratic step makes it sixteen.
    assert timings[1] < 10 * max(timings[0], 0.05)
