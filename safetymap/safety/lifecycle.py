"""The safety plan's lifecycle (domain.md §5.5), as plain Python with no Django.

    DRAFT -> NETWORK_INFORMED -> AGREED -> ACTIVE -> UNDER_REVIEW -> ACTIVE … -> ENDED
                                                      └─ revised: a new version starts from it;
                                                         it is SUPERSEDED when that one is agreed

There is no "failed" state, on purpose: a plan that is not followed or not working is not a
failed plan; the safety network is reconvened to make it stronger (R32, [S13]).

``why_not(current, target, facts)`` lists, in plain words, every reason a move is refused, so
the page can show them all at once. An empty list means the move is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "DRAFT"
    NETWORK_INFORMED = "NETWORK_INFORMED"
    AGREED = "AGREED"
    ACTIVE = "ACTIVE"
    UNDER_REVIEW = "UNDER_REVIEW"
    SUPERSEDED = "SUPERSEDED"
    ENDED = "ENDED"


LABELS: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.NETWORK_INFORMED: "Safety network informed",
    Status.AGREED: "Agreed",
    Status.ACTIVE: "Active",
    Status.UNDER_REVIEW: "Under review",
    Status.SUPERSEDED: "Replaced by a newer version",
    Status.ENDED: "Ended",
}

# Every move a person may ask for. Moving to UNDER_REVIEW also happens by itself when a broken
# rule or a red flag is recorded (R32); SUPERSEDED only when a newer version is agreed.
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.NETWORK_INFORMED, Status.ENDED}),
    Status.NETWORK_INFORMED: frozenset({Status.AGREED, Status.DRAFT, Status.ENDED}),
    Status.AGREED: frozenset({Status.ACTIVE, Status.UNDER_REVIEW, Status.ENDED}),
    Status.ACTIVE: frozenset({Status.UNDER_REVIEW, Status.ENDED}),
    Status.UNDER_REVIEW: frozenset({Status.ACTIVE, Status.ENDED}),
    Status.SUPERSEDED: frozenset(),
    Status.ENDED: frozenset(),
}

# Plans in force: the family and network are following them (checks can be recorded).
IN_FORCE = frozenset({Status.AGREED, Status.ACTIVE, Status.UNDER_REVIEW})
# Plans whose content can still change (rules, bottom lines, red flags…).
EDITABLE = frozenset({Status.DRAFT, Status.NETWORK_INFORMED})
# Plans that can be revised into a new version.
REVISABLE = frozenset({Status.AGREED, Status.ACTIVE, Status.UNDER_REVIEW})

_FINISHED = {
    Status.SUPERSEDED: "This version has been replaced by a newer one. Open the newer version.",
    Status.ENDED: "This plan has ended. Start a new plan if one is needed.",
}

_ORDER_HINTS = {
    (Status.DRAFT, Status.AGREED): (
        "Tell the safety network about the danger statements and safety goals first, then "
        "record that the network has been informed."
    ),
    (Status.DRAFT, Status.ACTIVE): "A plan has to be agreed before it starts.",
    (Status.NETWORK_INFORMED, Status.ACTIVE): "A plan has to be agreed before it starts.",
    (Status.ACTIVE, Status.AGREED): "This plan is already agreed and in use.",
    (Status.UNDER_REVIEW, Status.AGREED): (
        "To change an agreed plan, start a revised version and agree that."
    ),
}


@dataclass(frozen=True)
class PlanFacts:
    """What the rules need to know about a plan, gathered by the service."""

    rules: int = 0
    rules_without_danger_statement: Sequence[int] = ()  # rule numbers (R30)
    rules_without_responsible: Sequence[int] = ()
    rules_without_monitor: Sequence[int] = ()
    uninformed_members: Sequence[str] = ()  # named in the plan, not yet informed (R29)
    unaddressed_bottom_lines: Sequence[str] = ()  # R31
    agreements: int = 0
    has_end_reason: bool = False
    extra: Sequence[str] = field(default_factory=tuple)


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _numbers(numbers: Sequence[int]) -> str:
    label = "Rule" if len(numbers) == 1 else "Rules"
    return f"{label} {_names([str(n) for n in numbers])}"


def _informed(facts: PlanFacts) -> list[str]:
    """R29: everyone the plan gives a part to has been told, with the date and how."""
    if not facts.uninformed_members:
        return []
    who = _names(facts.uninformed_members)
    verb = "has" if len(facts.uninformed_members) == 1 else "have"
    return [
        f"{who} {verb} a part in this plan but {verb} not been recorded as informed. Record "
        "when and how they were told about the danger statements and safety goals."
    ]


def _rules(facts: PlanFacts) -> list[str]:
    """R30: every rule is about a danger statement and names who does it and who checks."""
    problems = []
    if facts.rules == 0:
        problems.append("Write at least one rule, in the family's words.")
    if facts.rules_without_danger_statement:
        problems.append(
            f"{_numbers(facts.rules_without_danger_statement)} must say which danger "
            "statement they are about."
        )
    if facts.rules_without_responsible:
        problems.append(f"{_numbers(facts.rules_without_responsible)} must say who is responsible.")
    if facts.rules_without_monitor:
        problems.append(f"{_numbers(facts.rules_without_monitor)} must say who checks.")
    return problems


def why_not(current: Status, target: Status, facts: PlanFacts) -> list[str]:
    """Every reason the plan cannot move from ``current`` to ``target``; [] if it can."""
    if current == target:
        return [f"The plan is already {LABELS[current].lower()}."]
    if current in _FINISHED:
        return [_FINISHED[current]]
    if target not in ALLOWED[current]:
        hint = _ORDER_HINTS.get((current, target))
        return [
            hint
            or f"A plan that is {LABELS[current].lower()} cannot become {LABELS[target].lower()}."
        ]
    problems: list[str] = []
    if target == Status.NETWORK_INFORMED:
        problems += _rules(facts) + _informed(facts)
    elif target == Status.AGREED:
        problems += _rules(facts) + _informed(facts)
        if facts.unaddressed_bottom_lines:
            lines = "; ".join(f"“{line}”" for line in facts.unaddressed_bottom_lines)
            problems.append(
                "Every bottom line set by children's social care must be addressed before the "
                f"plan is agreed. Not yet addressed: {lines}."
            )
        if facts.agreements == 0:
            problems.append(
                "Record who has agreed the plan (the family, the network and children's "
                "social care) and how."
            )
    elif target == Status.ENDED and not facts.has_end_reason:
        problems.append("Say why the plan is ending.")
    return problems + list(facts.extra)


def moves_from(current: Status) -> list[Status]:
    """The moves a person may ask for now, in the order of the lifecycle."""
    return [s for s in Status if s in ALLOWED[current]]
