"""Duplicate articles: exact and near copies found on write, pointing at the original."""

from __future__ import annotations

import copy
from typing import Any

from wirecoder import Store
from wirecoder.duplicates import fingerprint, similarity

STORY = ("Police fired tear gas at thousands of protesters who marched on parliament in "
         "Nairobi on Tuesday against a finance bill, witnesses said. Several people were "
         "taken to hospital and the bill was passed late in the evening by a vote of 195 "
         "to 106, the speaker of the national assembly told reporters outside the chamber. "
         "Opposition leaders said they would challenge the vote in court and called for "
         "more demonstrations on Thursday, while the president urged calm in a televised "
         "address and promised to meet young protesters to hear their grievances.")


def test_duplicates_near_copy_scores_high_and_other_story_low() -> None:
    edited = STORY.replace("Several people", "Many people") + " Copyright AFP."
    other = ("The central bank left its main interest rate unchanged on Thursday, saying "
             "inflation had eased but remained above target, and signalled cuts next year.")
    base = fingerprint(STORY)
    assert base.signature is not None
    assert similarity(base.signature, fingerprint(edited).signature or []) >= 0.8
    assert similarity(base.signature, fingerprint(other).signature or []) < 0.2
    assert fingerprint(STORY.upper().replace(",", " ,")).text_hash == base.text_hash
    assert fingerprint("Too short to compare.").signature is None


def _record(seed: dict[str, Any], article_id: str, text: str) -> dict[str, Any]:
    record = copy.deepcopy(seed)
    record.update(id=article_id, text=text)
    return record


def test_duplicates_marked_on_write_against_the_original(seed_record: dict[str, Any]) -> None:
    near = STORY.replace("Tuesday", "Tuesday afternoon")
    with Store() as store:
        store.write([_record(seed_record, "a", STORY)])
        store.write([_record(seed_record, "b", near), _record(seed_record, "c", STORY),
                     _record(seed_record, "d", seed_record["text"])])
        found = {d["article_id"]: d for d in store.duplicates()}
        assert set(found) == {"b", "c"}
        assert found["b"]["duplicate_of"] == "a" and found["b"]["kind"] == "near"
        assert found["c"]["duplicate_of"] == "a" and found["c"]["kind"] == "exact"
        # Re-writing a copy with new text clears its mark.
        store.write([_record(seed_record, "c", "A different story about the weather in "
                             "Oslo, where it snowed for the first time this autumn on "
                             "Monday morning.")])
        assert {d["article_id"] for d in store.duplicates()} == {"b"}


def test_duplicates_copy_of_a_copy_points_at_the_original(seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([_record(seed_record, "a", STORY), _record(seed_record, "b", STORY),
                     _record(seed_record, "c", STORY + " More.")])
        assert {d["duplicate_of"] for d in store.duplicates()} == {"a"}


def test_duplicates_short_texts_compare_exactly_only(seed_record: dict[str, Any]) -> None:
    with Store() as store:
        store.write([_record(seed_record, "a", "Police arrested 2 people in Kabul."),
                     _record(seed_record, "b", "Police arrested 3 people in Kabul."),
                     _record(seed_record, "c", "Police arrested 2 people in Kabul."),
                     _record(seed_record, "d", "")])
        assert [(d["article_id"], d["kind"]) for d in store.duplicates()] == [("c", "exact")]


def test_duplicates_an_original_coded_again_is_no_copy_of_its_copies() -> None:
    from wirecoder import Store

    text = "Kenyan police shot dead five protesters in Nairobi on Tuesday, officials said."
    records = [{"id": i, "text": text, "schema_version": 2, "title": None, "url": None,
                "source": None, "published": None, "language": "en", "excluded": [],
                "entities": [], "times": [], "places": [], "statements": [], "events": [],
                "figures": [], "errors": []} for i in ("first", "copy")]
    with Store() as store:
        store.write(records)
        store.write(records[:1])  # the original coded again
        assert store.con.execute("SELECT article_id, duplicate_of FROM duplicates"
                                 ).fetchall() == [("copy", "first")]
