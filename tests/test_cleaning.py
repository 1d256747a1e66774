"""Cleaning marks regions and never changes the text."""

from __future__ import annotations

import pytest

from wirecoder.cleaning import Cleaner, ExcludedIndex
from wirecoder.model import Excluded

TWEET = (
    "The minister spoke on Friday.\n"
    "Nothing will stop us #resistance pic.twitter.com/abc123\n"
    "— Jane Doe (@janedoe) March 3, 2024\n"
    "The talks resumed later."
)


def test_cleaning_embedded_post_with_meta() -> None:
    regions = Cleaner().find(TWEET)
    assert [r.kind for r in regions] == ["social_post"]
    post = regions[0]
    s, e = post.span
    assert TWEET[s:e].startswith("Nothing will stop us")
    assert TWEET[s:e].endswith("March 3, 2024")
    assert post.meta == {"author": "Jane Doe", "handle": "@janedoe", "date": "2024-03-03",
                         "urls": ["pic.twitter.com/abc123"]}


def test_cleaning_post_does_not_swallow_prose_above() -> None:
    regions = Cleaner().find(TWEET)
    assert "The minister spoke" not in TWEET[regions[0].span[0]:regions[0].span[1]]


@pytest.mark.parametrize(("line", "kind"), [
    ("https://www.example.com/news/1234", "link"),
    ("Read more: Iran warns of wider war", "boilerplate"),
    ("READ MORE", "boilerplate"),
    ("Related: Sudan talks collapse", "boilerplate"),
    ("Read the rest here.", "boilerplate"),
    ("Sign up for our newsletter", "boilerplate"),
    ("Follow us on Twitter", "boilerplate"),
    ("(Reporting by Parisa Hafezi; Editing by Alex Richardson)", "boilerplate"),
    ("Photo: Reuters/Ahmed Jadallah", "caption"),
    ("Smoke rises over Gaza City (AFP)", "caption"),
    ("Palestinians inspect the rubble. (Photo by Mahmud Hams/AFP via Getty Images)", "caption"),
    ("By John Smith", "byline"),
    ("By Jane Doe and Ali Reza, Reuters", "byline"),
])
def test_cleaning_line_kinds(line: str, kind: str) -> None:
    text = f"{line}\nThe army said it had struck two sites."
    regions = Cleaner().find(text)
    assert [r.kind for r in regions] == [kind]
    s, e = regions[0].span
    assert text[s:e] == line


@pytest.mark.parametrize("line", [
    "The army said it had struck two sites.",
    "He said the results would be known by Monday.",
    "Related talks are due next week in Geneva, officials said.",
    "Iran said on Monday that it would respond.",
])
def test_cleaning_keeps_prose(line: str) -> None:
    assert Cleaner().find(f"First paragraph here.\n{line}") == []


def test_cleaning_excluded_index_covers() -> None:
    index = ExcludedIndex([Excluded("link", (10, 20)), Excluded("caption", (40, 50))])
    assert index.covers(12, 14)
    assert index.covers(5, 11)
    assert index.covers(49, 60)
    assert not index.covers(20, 40)
    assert not index.covers(0, 10)
