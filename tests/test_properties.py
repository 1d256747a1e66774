"""Property tests: whatever text and metadata an article has, coding it raises nothing, every
span holds exactly the characters it names, and every record validates.

A bounded number of examples runs by default; ``HYPOTHESIS_PROFILE=long pytest
tests/test_properties.py`` runs 2,000 of each.
"""

from __future__ import annotations

import json
from typing import Any

from checks import schema_errors, span_errors
from hypothesis import given
from hypothesis import strategies as st

from wirecoder import Pipeline
from wirecoder.model import Article

# Pieces of news prose and of what breaks parsers, shuffled into texts.
FRAGMENTS = [
    "Rebels attacked a convoy near Kidal on Monday, killing 12 soldiers.",
    '"We will respond," the spokesman said.', "He said that", "a said: ",
    "Police arrested 40 protesters in Lagos, the ministry said on Tuesday.",
    "— (@x) ", '"', "“", "”", "killed 5 people ", "(", ")", "\n\n", "\n", "  ",
    "Iran's foreign minister, Abbas Araghchi, told reporters", "at least 20", "Mr. Trump",
    "on Thursday", "last week", "in 1999", "8,306", "https://example.org/a?b=c",
    "pic.twitter.com/x", "\ud800", "\x00", "\ufeff", "\u200b", "é", "中国", "🙂",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                 min_size=1, max_size=40).map("".join)
dates = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12),
                  st.sampled_from(["9999-12-31", "0001-01-01", "2023-02-30", "2024-06-01"]))


def _check(record: dict[str, Any]) -> None:
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # it can be written as UTF-8
    assert not schema_errors(record), schema_errors(record)
    assert not span_errors(record), span_errors(record)
    assert not any(e["code"] == "E100" for e in record["errors"]), record["errors"]


@given(text=texts, published=dates, title=st.one_of(st.none(), texts))
def test_any_text_codes_into_a_valid_record(pipeline: Pipeline, text: str,
                                            published: str | None, title: str | None) -> None:
    record = pipeline(Article(id="p", text=text, published=published, title=title))
    _check(record)


@given(text=st.text(min_size=1, max_size=300), title=st.one_of(st.none(), st.text()))
def test_arbitrary_unicode_codes_into_a_valid_record(pipeline: Pipeline, text: str,
                                                     title: str | None) -> None:
    record = pipeline(Article(id="u", text=text, title=title))
    _check(record)
