"""Check a record against a hand-coded expectations file (the seed article's format).

Names match case-insensitively as substrings of an entity's name or a span's text; a
three-letter upper-case value matches a participant's country.
"""

from __future__ import annotations

from typing import Any


def _entity_names(record: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["name"] for e in record["entities"]}


def _participant_matches(want: str, participant: dict[str, Any], names: dict[str, str]) -> bool:
    if len(want) == 3 and want.isupper() and participant.get("country") == want:
        return True
    name = names.get(participant.get("entity") or "", "")
    return want.lower() in name.lower() or want.lower() in participant["text"].lower()


def event_checks(want: dict[str, Any], event: dict[str, Any],
                 record: dict[str, Any]) -> list[tuple[str, bool]]:
    """(check, passed) for every argument the expectation gives."""
    names = _entity_names(record)
    speakers = {s["id"]: names.get(s["speaker"].get("entity") or "", s["speaker"]["text"])
                for s in record["statements"]}
    checks: list[tuple[str, bool]] = []
    for role in ("actor", "recipient"):
        for value in want.get(role, []):
            checks.append((f"{role} {value}", any(_participant_matches(value, p, names)
                                                  for p in event[role])))
    if "actor_contains" in want:
        checks.append(("actor_contains", any(want["actor_contains"].lower() in p["text"].lower()
                                             for p in event["actor"])))
    loc = event.get("location") or {}
    for key, value in (want.get("location") or {}).items():
        if key == "text_contains":
            checks.append(("location text", value.lower() in (loc.get("text") or "").lower()))
        else:
            checks.append((f"location {key}", loc.get(key) == value))
    if "date" in want:
        checks.append(("date", (event.get("date") or {}).get("value") == want["date"]))
    for key in ("status", "mode"):
        if key in want:
            checks.append((key, event.get(key) == want[key]))
    if "attributed_to_speaker" in want:
        speaker = speakers.get(event.get("attributed_to") or "", "")
        checks.append(("attributed_to", want["attributed_to_speaker"].lower() in speaker.lower()))
    for key, value in (want.get("size") or {}).items():
        checks.append((f"size {key}", (event.get("size") or {}).get(key) == value))
    return checks


def match_events(record: dict[str, Any], wanted: list[dict[str, Any]]) -> list[
        tuple[dict[str, Any], dict[str, Any] | None, list[tuple[str, bool]]]]:
    """Each expected event with its best-matching predicted event and the checks."""
    out = []
    for want in wanted:
        candidates = [e for e in record["events"] if e["type"] == want["type"]
                      and want.get("trigger_contains", "").lower()
                      in e["trigger"]["text"].lower()]
        best: dict[str, Any] | None = None
        best_checks: list[tuple[str, bool]] = []
        for event in candidates:
            checks = event_checks(want, event, record)
            if best is None or sum(ok for _, ok in checks) > sum(ok for _, ok in best_checks):
                best, best_checks = event, checks
        out.append((want, best, best_checks))
    return out


def forbidden_events(record: dict[str, Any], forbidden: list[dict[str, Any]]) -> list[
        dict[str, Any]]:
    """Predicted events that an expectations file forbids."""
    hits = []
    for bad in forbidden:
        for event in record["events"]:
            if event["type"] == bad["type"] and bad.get("trigger_contains", "").lower() in \
                    event["trigger"]["text"].lower() and event["status"] == bad.get(
                    "status", event["status"]):
                hits.append(event)
    return hits
