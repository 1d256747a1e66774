"""Table-driven tests of the time resolver (no model needed)."""

from __future__ import annotations

import pytest

from wirecoder.times import TimeFinder, resolve

MONDAY = "2023-10-30"  # a Monday
SATURDAY = "2024-03-16"

CASES = [
    # phrase, published, value, end, precision
    ("Monday", MONDAY, "2023-10-30", None, "day"),
    ("on Monday", MONDAY, "2023-10-30", None, "day"),
    ("Thursday", MONDAY, "2023-10-26", None, "day"),
    ("Sunday", MONDAY, "2023-10-29", None, "day"),
    ("Tuesday", MONDAY, "2023-10-24", None, "day"),
    ("last Monday", MONDAY, "2023-10-23", None, "day"),
    ("next Friday", MONDAY, "2023-11-03", None, "day"),
    ("Saturday night", MONDAY, "2023-10-28", None, "day"),
    ("Friday morning", SATURDAY, "2024-03-15", None, "day"),
    ("7 October", MONDAY, "2023-10-07", None, "day"),
    ("October 7", MONDAY, "2023-10-07", None, "day"),
    ("Oct. 7", MONDAY, "2023-10-07", None, "day"),
    ("Sept. 11", MONDAY, "2023-09-11", None, "day"),
    ("7th of October", MONDAY, "2023-10-07", None, "day"),
    ("December 25", MONDAY, "2022-12-25", None, "day"),
    ("October 28, 2023", MONDAY, "2023-10-28", None, "day"),
    ("28 October 2023", MONDAY, "2023-10-28", None, "day"),
    ("2023-10-28", MONDAY, "2023-10-28", None, "day"),
    ("March 3, 2015", None, "2015-03-03", None, "day"),
    ("yesterday", MONDAY, "2023-10-29", None, "day"),
    ("today", MONDAY, "2023-10-30", None, "day"),
    ("tomorrow", MONDAY, "2023-10-31", None, "day"),
    ("last night", MONDAY, "2023-10-29", None, "day"),
    ("this morning", MONDAY, "2023-10-30", None, "day"),
    ("overnight", MONDAY, "2023-10-29", "2023-10-30", "range"),
    ("last week", MONDAY, "2023-10-23", "2023-10-29", "week"),
    ("this week", MONDAY, "2023-10-30", "2023-11-05", "week"),
    ("earlier this week", SATURDAY, "2024-03-11", "2024-03-17", "week"),
    ("next week", MONDAY, "2023-11-06", "2023-11-12", "week"),
    ("last month", MONDAY, "2023-09-01", "2023-09-30", "month"),
    ("earlier this month", MONDAY, "2023-10-01", "2023-10-31", "month"),
    ("last year", MONDAY, "2022-01-01", "2022-12-31", "year"),
    ("this year", MONDAY, "2023-01-01", "2023-12-31", "year"),
    ("next year", MONDAY, "2024-01-01", "2024-12-31", "year"),
    ("a year ago", MONDAY, "2022-10-30", None, "year"),
    ("two weeks ago", MONDAY, "2023-10-16", None, "week"),
    ("three days ago", MONDAY, "2023-10-27", None, "day"),
    ("six months ago", MONDAY, "2023-04-30", None, "month"),
    ("since 7 October", MONDAY, "2023-10-07", "2023-10-30", "range"),
    ("since October 7", MONDAY, "2023-10-07", "2023-10-30", "range"),
    ("since 2015", MONDAY, "2015-01-01", "2023-10-30", "range"),
    ("since last week", MONDAY, "2023-10-23", "2023-10-30", "range"),
    ("the past 20 days", MONDAY, "2023-10-10", "2023-10-30", "range"),
    ("over the past 20 days", MONDAY, "2023-10-10", "2023-10-30", "range"),
    ("the last three months", MONDAY, "2023-07-30", "2023-10-30", "range"),
    ("the past week", MONDAY, "2023-10-23", "2023-10-30", "range"),
    ("in April last year", MONDAY, "2022-04-01", "2022-04-30", "month"),
    ("April last year", MONDAY, "2022-04-01", "2022-04-30", "month"),
    ("last April", MONDAY, "2023-04-01", "2023-04-30", "month"),
    ("in April", MONDAY, "2023-04-01", "2023-04-30", "month"),
    ("in September 2022", MONDAY, "2022-09-01", "2022-09-30", "month"),
    ("early October", MONDAY, "2023-10-01", "2023-10-31", "month"),
    ("mid-September 2021", None, "2021-09-01", "2021-09-30", "month"),
    ("in 2015", MONDAY, "2015-01-01", "2015-12-31", "year"),
    ("between 2015 and 2017", MONDAY, "2015-01-01", "2017-12-31", "range"),
    ("from 2015 to 2017", MONDAY, "2015-01-01", "2017-12-31", "range"),
    ("2015-2017", MONDAY, "2015-01-01", "2017-12-31", "range"),
    ("2015-17", MONDAY, "2015-01-01", "2017-12-31", "range"),
    ("between March and May", MONDAY, "2023-03-01", "2023-05-31", "range"),
    ("the 1990s", MONDAY, "1990-01-01", "1999-12-31", "range"),
    ("this weekend", SATURDAY, "2024-03-16", "2024-03-17", "range"),
    ("last weekend", MONDAY, "2023-10-28", "2023-10-29", "range"),
    # No publication date: relative expressions are unresolvable, not guessed.
    ("Monday", None, None, None, None),
    ("7 October", None, None, None, None),
    ("last week", None, None, None, None),
]


@pytest.mark.parametrize(("phrase", "published", "value", "end", "precision"), CASES)
def test_times_resolve(phrase: str, published: str | None, value: str | None,
                       end: str | None, precision: str | None) -> None:
    got = resolve(phrase, published)
    assert got is not None, phrase
    assert (got.value.isoformat() if got.value else None) == value
    assert (got.end.isoformat() if got.end else None) == end
    assert (got.precision if got.value else None) == precision


def test_times_resolve_future_weekday() -> None:
    got = resolve("Thursday", MONDAY, future=True)
    assert got is not None and got.value is not None
    assert got.value.isoformat() == "2023-11-02"


def test_times_find_in_text_spans_and_tense() -> None:
    text = ("Iran said Monday the talks will resume on Thursday. "
            "The army said on Thursday it had struck two sites in May.")
    found = TimeFinder().find(text, MONDAY)
    by_text = [(t.text, t.value) for t in found]
    assert by_text == [("Monday", "2023-10-30"), ("Thursday", "2023-11-02"),
                       ("Thursday", "2023-10-26"), ("May", "2023-05-01")]
    for t in found:
        assert text[t.span[0]:t.span[1]] == t.text


def test_times_find_ignores_lowercase_may_and_skipped_regions() -> None:
    text = "Officials may meet. Since 7 October, fighting has gone on."
    found = TimeFinder().find(text, MONDAY, skip=lambda s, e: s >= 20)
    assert found == []
    found = TimeFinder().find(text, MONDAY)
    assert [t.text for t in found] == ["Since 7 October"]
