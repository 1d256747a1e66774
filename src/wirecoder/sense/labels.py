"""The classes the event-sense heads choose among, and how they map to the record.

PLOVER types (``ONTOLOGY.md``) plus ``none``; PLOVER modes; and a category that is one of
ACLED's 25 sub-event types or one of the classes a news stream is full of that ACLED does
not code (disasters, crime, diplomacy, statements, legal and policy acts, none).
"""

from __future__ import annotations

from typing import Final

PLOVER_TYPES: Final = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                       "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
                       "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
NO_EVENT: Final = "none"
EVENT_CLASSES: Final = (*PLOVER_TYPES, NO_EVENT)

# ACLED event type -> sub-event types, each list in ACLED's order of precedence (when
# several apply to one event, the first wins).
ACLED: Final[dict[str, tuple[str, ...]]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory",
                "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention",
                 "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
ACLED_EVENT_TYPE: Final[dict[str, str]] = {sub: event for event, subs in ACLED.items()
                                           for sub in subs}
# What ACLED does not code, but a news stream is full of.
OTHER_CATEGORIES: Final = ("Diplomacy", "Statement", "Legal", "Policy", "Natural disaster",
                           "Man-made disaster", "Crime", "None")
CATEGORIES: Final = (*ACLED_EVENT_TYPE, *OTHER_CATEGORIES)

MODES: Final[dict[str, tuple[str, ...]]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "ban", "censor", "curfew", "martial-law", "arrest",
               "deport", "withhold", "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "assassinate", "massacre", "destroy",
                "primitive", "firearms", "explosives", "suicide-attack", "aerial", "drone",
                "heavy-weapons", "crowd-control", "unconventional", "cleansing"),
}
# A mode head predicts "TYPE/mode" so one head serves every type.
MODE_CLASSES: Final = tuple(f"{t}/{m}" for t, modes in MODES.items() for m in modes)


def check_label(row: dict[str, str]) -> list[str]:
    """Problems with one labelled sentence (empty when it is well formed)."""
    problems = []
    event, mode, category = row.get("event"), row.get("mode", ""), row.get("category")
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        problems.append("no text")
    if event not in EVENT_CLASSES:
        problems.append(f"unknown event {event!r}")
    if mode and f"{event}/{mode}" not in MODE_CLASSES:
        problems.append(f"mode {mode!r} is not a mode of {event}")
    if category is not None and category not in CATEGORIES:
        problems.append(f"unknown category {category!r}")
    return problems


# The PLOVER types an ACLED sub-event type can describe: a sub-event from the category head
# is only given to an event of one of these types.
ACLED_PLOVER: Final[dict[str, frozenset[str]]] = {
    **{sub: frozenset({"ASSAULT"}) for sub in (
        *ACLED["Battles"], *ACLED["Explosions/Remote violence"],
        *ACLED["Violence against civilians"], "Mob violence",
        "Excessive force against protesters")},
    # Looting and destruction by armed men, or vandalism by activists ("painted Stonehenge").
    "Looting/property destruction": frozenset({"ASSAULT", "PROTEST"}),
    "Peaceful protest": frozenset({"PROTEST"}),
    "Protest with intervention": frozenset({"ASSAULT", "COERCE", "PROTEST"}),
    "Violent demonstration": frozenset({"PROTEST", "ASSAULT"}),
    "Agreement": frozenset({"AGREE", "SUPPORT", "RETREAT"}),  # SUPPORT: a deal signed
    "Arrests": frozenset({"COERCE"}),
    "Change to group/activity": frozenset({"MOBILIZE", "RETREAT", "PROTEST"}),
    "Disrupted weapons use": frozenset({"COERCE", "ASSAULT"}),
    "Headquarters or base established": frozenset({"MOBILIZE"}),
    "Non-violent transfer of territory": frozenset({"RETREAT"}),
    "Other": frozenset({"MOBILIZE", "COERCE", "RETREAT"}),
}
