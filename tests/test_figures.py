"""Figures: quantities, what they count, and who gives them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLOVER_GSR, require

from wirecoder import Article, Pipeline
from wirecoder.quantities import parse_quantity

QUANTITIES = [
    # text, value, low, high, approximate
    ("8,306", 8306, 8306, 8306, False),
    ("19,000", 19000, 19000, 19000, False),
    ("2.5 million", 2_500_000, 2_500_000, 2_500_000, False),
    ("3.5m", 3_500_000, 3_500_000, 3_500_000, False),
    ("1.2bn", 1_200_000_000, 1_200_000_000, 1_200_000_000, False),
    ("five", 5, 5, 5, False),
    ("twenty-five", 25, 25, 25, False),
    ("two thousand five hundred", 2500, 2500, 2500, False),
    ("a dozen", 12, 12, 12, False),
    ("two dozen", 24, 24, 24, False),
    ("a hundred", 100, 100, 100, False),
    ("half a million", 500_000, 500_000, 500_000, False),
    ("at least 156", 156, 156, None, True),
    ("more than 1,000", 1000, 1000, None, True),
    ("over 300", 300, 300, None, True),
    ("nearly 500", 500, None, 500, True),
    ("almost 40", 40, None, 40, True),
    ("up to 30", 30, None, 30, True),
    ("as many as 70", 70, None, 70, True),
    ("fewer than 10", 10, None, 10, True),
    ("around 2,500", 2500, None, None, True),
    ("some 200", 200, None, None, True),
    ("about 20", 20, None, None, True),
    ("an estimated 4,000", 4000, None, None, True),
    ("dozens", None, 24, None, True),
    ("hundreds", None, 200, None, True),
    ("thousands", None, 2000, None, True),
    ("tens of thousands", None, 20_000, None, True),
    ("hundreds of thousands", None, 200_000, None, True),
    ("between 20 and 30", None, 20, 30, True),
    ("20 to 30", None, 20, 30, True),
    ("two or three", None, 2, 3, True),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "approximate"), QUANTITIES)
def test_figures_parse_quantity(text: str, value: float | None, low: float | None,
                                high: float | None, approximate: bool) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.low, q.high, q.approximate) == (value, low, high, approximate)


def test_figures_parse_money() -> None:
    q = parse_quantity("$2.3 billion")
    assert q is not None and q.value == 2_300_000_000 and q.currency == "USD"


# sentence, figure text, kind, value (None: no figure may contain that text)
IN_CONTEXT = [
    ("Israeli strikes have killed 8,306 people so far.", "8,306", "killed", 8306),
    ("At least 156 people were killed in the attack.", "At least 156", "killed", 156),
    ("The death toll rose to 41 on Sunday.", "41", "killed", 41),
    ("Five doctors died in the blast.", "Five", "killed", 5),
    ("Two soldiers lost their lives in the ambush.", "Two", "killed", 2),
    ("Police shot dead three protesters.", "three", "killed", 3),
    ("The bombing left 12 dead and 40 wounded.", "12", "killed", 12),
    ("The bombing left 12 dead and 40 wounded.", "40", "injured", 40),
    ("Dozens were wounded in the clashes.", "Dozens", "injured", None),
    ("Three children were hurt when the roof collapsed.", "Three", "injured", 3),
    ("The raid killed one soldier and wounded two others.", "two", "injured", 2),
    ("Twenty people were killed or wounded.", "Twenty", "casualties", 20),
    ("The army reported 30 casualties.", "30", "casualties", 30),
    ("Police arrested 52 suspects after the riot.", "52", "arrested", 52),
    ("Authorities detained more than 100 activists.", "more than 100", "detained", 100),
    ("Some 40 people are still missing.", "Some 40", "missing", 40),
    ("More than 19,000 people fled their homes.", "More than 19,000", "displaced", 19000),
    ("The war has displaced 2.5 million people.", "2.5 million", "displaced", 2_500_000),
    ("Some 800,000 Kurds sought refuge in Turkey.", "Some 800,000", "displaced", 800_000),
    ("The camp hosts 30,000 refugees.", "30,000", "displaced", 30000),
    ("The US has around 2,500 troops in Iraq.", "around 2,500", "troops", 2500),
    ("Russia deployed 10,000 soldiers to the border.", "10,000", "troops", 10000),
    ("Some 200 protesters gathered outside the embassy.", "Some 200", "protesters", 200),
    ("Thousands of demonstrators marched through the capital.", "Thousands", "protesters",
     None),
    ("About 500 people rallied in the square.", "About 500", "protesters", 500),
    ("The EU pledged 70 million euros in aid.", "70 million", "money", 70_000_000),
    ("Donors gave $5.1 million for the projects.", "$5.1 million", "money", 5_100_000),
    ("Fourteen trucks crossed into Gaza.", "Fourteen", "other", 14),
    ("The jets struck two facilities.", "two", "other", 2),
    ("Militants fired 20 rockets overnight.", "20", "other", 20),
    ("A Palestinian prisoner died in custody.", "A Palestinian prisoner", "killed", 1),
    # Not figures.
    ("The war began on 7 October.", "7", None, None),
    ("Elections were held in 2015.", "2015", None, None),
    ("A 24-year-old man was detained.", "24", None, None),
    ("The talks lasted 20 days.", "20", None, None),
    ("He served in four years of office.", "four", None, None),
    ("Turnout rose to 65 percent.", "65", None, None),
    ("The meeting starts at 10:30.", "10", None, None),
    ("The G7 leaders met in Rome.", "7", None, None),
    ("UN Resolution 2334 was adopted.", "2334", None, None),
    ("The village is 30 km from the border.", "30", None, None),
    ("One official said the talks had stalled.", "One", None, None),
    ("He came first in the race.", "first", None, None),
]


@pytest.mark.parametrize(("sentence", "text", "kind", "value"), IN_CONTEXT)
def test_figures_in_context(pipeline: Pipeline, sentence: str, text: str, kind: str | None,
                            value: float | None) -> None:
    record = pipeline(Article(id="t", text=sentence, published="2023-10-30"))
    if kind is None:
        assert [f for f in record["figures"] if f["text"] == text] == []
        return
    hits = [f for f in record["figures"] if text in f["text"]]
    assert hits, record["figures"]
    assert hits[0]["kind"] == kind
    assert hits[0]["value"] == value


def test_figures_source_is_the_statement(pipeline: Pipeline) -> None:
    record = pipeline(Article(id="t", text=(
        "According to the Kenya Medical Association, five doctors were killed. "
        "Police said seven people died. Twelve homes burned."), published="2023-10-30"))
    by_text = {f["text"]: f for f in record["figures"]}
    sources = {s["id"]: s["speaker"]["text"] for s in record["statements"]}
    assert sources[by_text["five"]["source"]] == "the Kenya Medical Association"
    assert sources[by_text["seven"]["source"]] == "Police"
    assert by_text["Twelve"]["source"] is None


def test_figures_seed_required_and_forbidden(seed_record: dict[str, Any],
                                             seed_expected: dict[str, Any]) -> None:
    figures = seed_record["figures"]
    for want in seed_expected["required"]["figures"]:
        hits = [f for f in figures if f["kind"] == want["kind"] and f["value"] == want["value"]]
        assert hits, want
        f = hits[0]
        assert f["approximate"] == want["approximate"]
        assert want["location"].lower() in (f["location"] or "").lower()
        if "source" in want:
            assert f["source"] == want["source"]
    for bad in seed_expected["forbidden"]["figures"]:
        assert not any(f["value"] == bad["value"] for f in figures), bad


def test_figures_plover_gsr_casualty_recall(pipeline: Pipeline) -> None:
    rows = [r for r in json.loads(require(PLOVER_GSR).read_text())
            if r.get("event") != "DOCUMENT" and (r.get("dead") or r.get("injured"))]
    wanted = found = 0
    for row in rows:
        record = pipeline(Article(id=row["id"], text=row["text"]))
        for field, kind in (("dead", "killed"), ("injured", "injured")):
            if row.get(field):
                wanted += 1
                value = float(row[field])
                found += any(f["kind"] == kind and value in (f["value"], f["low"], f["high"])
                             for f in record["figures"])
    assert wanted == 18
    assert found / wanted >= 0.9
