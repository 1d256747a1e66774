"""The seed article against its hand-coded expectations file."""

from __future__ import annotations

from typing import Any

import pytest

from wirecoder.evaluation.expectations import forbidden_events, match_events


def _ci(needle: str, haystack: str | None) -> bool:
    return needle.lower() in (haystack or "").lower()


def test_seed_embedded_post_is_one_excluded_region(seed_record: dict[str, Any],
                                                    seed_expected: dict[str, Any]) -> None:
    text = seed_record["text"]
    for want in seed_expected["required"]["excluded"]:
        regions = [x for x in seed_record["excluded"] if x["kind"] == want["kind"]]
        assert len(regions) == 1
        region = regions[0]
        body = text[region["span"][0]:region["span"][1]]
        for needle in want["contains"]:
            assert needle in body
        for key, value in want["meta"].items():
            assert region["meta"][key] == value


def test_seed_entities(seed_record: dict[str, Any], seed_expected: dict[str, Any]) -> None:
    for want in seed_expected["required"]["entities"]:
        matches = [e for e in seed_record["entities"] if _ci(want["name"], e["name"])]
        assert matches, f"missing entity {want['name']}"
        ent = matches[0]
        for key in ("type", "country", "sector"):
            if key in want:
                assert ent[key] == want[key], (want["name"], key, ent)
        if "role_contains" in want:
            assert _ci(want["role_contains"], ent["role"]), ent


@pytest.mark.parametrize("part", ["times", "places"])
def test_seed_times_and_places(seed_record: dict[str, Any], seed_expected: dict[str, Any],
                               part: str) -> None:
    for want in seed_expected["required"][part]:
        matches = [x for x in seed_record[part] if _ci(want["text"], x["text"])]
        assert matches, f"missing {part} {want['text']}"
        for key, value in want.items():
            if key != "text":
                assert any(m[key] == value for m in matches), (want, matches)


def test_seed_tehran_has_coordinates(seed_record: dict[str, Any]) -> None:
    tehran = [p for p in seed_record["places"] if p["text"] == "Tehran"]
    assert tehran and abs(tehran[0]["lat"] - 35.69) < 0.1 and abs(tehran[0]["lon"] - 51.42) < 0.1


def test_seed_nothing_from_the_embedded_post(seed_record: dict[str, Any]) -> None:
    [post] = [x["span"] for x in seed_record["excluded"] if x["kind"] == "social_post"]
    for part in ("times", "places"):
        for item in seed_record[part]:
            assert not (post[0] <= item["span"][0] < post[1]), item
    for ent in seed_record["entities"]:
        for s, _ in ent["mentions"]:
            assert not (post[0] <= s < post[1]), ent


def test_seed_events_required(seed_record: dict[str, Any],
                              seed_expected: dict[str, Any]) -> None:
    results = match_events(seed_record, seed_expected["required"]["events"])
    missing = [want["type"] + " " + want.get("trigger_contains", "")
               for want, event, _ in results if event is None]
    assert missing == []
    checks = [ok for _, _, cs in results for _, ok in cs]
    assert sum(checks) / len(checks) >= 0.85, [
        (w["type"], [c for c, ok in cs if not ok]) for w, _, cs in results]


def test_seed_events_forbidden(seed_record: dict[str, Any],
                               seed_expected: dict[str, Any]) -> None:
    assert forbidden_events(seed_record, seed_expected["forbidden"]["events"]) == []
