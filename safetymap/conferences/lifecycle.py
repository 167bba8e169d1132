"""The conference lifecycle (domain.md §5.2) as plain Python: which stage may follow which, and
why not, in words a practitioner understands. No Django.

    requested -> scheduled -> invitations sent -> reports due -> held -> record drafted
      -> record approved by the chair -> record distributed
    side exits: postponed (then scheduled again) and cancelled, each with the chair's reason.
"""

from __future__ import annotations

REQUESTED = "REQUESTED"
SCHEDULED = "SCHEDULED"
INVITATIONS_SENT = "INVITATIONS_SENT"
REPORTS_DUE = "REPORTS_DUE"
HELD = "HELD"
RECORD_DRAFTED = "RECORD_DRAFTED"
CHAIR_APPROVED = "CHAIR_APPROVED"
DISTRIBUTED = "DISTRIBUTED"
POSTPONED = "POSTPONED"
CANCELLED = "CANCELLED"

BEFORE_THE_MEETING = frozenset({SCHEDULED, INVITATIONS_SENT, REPORTS_DUE})

ALLOWED: dict[str, frozenset[str]] = {
    REQUESTED: frozenset({SCHEDULED, CANCELLED}),
    SCHEDULED: frozenset({INVITATIONS_SENT, POSTPONED, CANCELLED}),
    INVITATIONS_SENT: frozenset({INVITATIONS_SENT, REPORTS_DUE, HELD, POSTPONED, CANCELLED}),
    REPORTS_DUE: frozenset({HELD, POSTPONED, CANCELLED}),
    HELD: frozenset({RECORD_DRAFTED}),
    RECORD_DRAFTED: frozenset({CHAIR_APPROVED, HELD}),
    CHAIR_APPROVED: frozenset({DISTRIBUTED}),
    DISTRIBUTED: frozenset(),
    POSTPONED: frozenset({SCHEDULED, CANCELLED}),
    CANCELLED: frozenset(),
}

# Why a move is refused, by where it wants to go (the current stage is added where it helps).
_NOT_NOW: dict[str, str] = {
    SCHEDULED: "Only a requested or postponed conference can be given a date.",
    INVITATIONS_SENT: (
        "Invitations can only be sent once the conference has a date, and before it is held."
    ),
    REPORTS_DUE: "Agencies can only be asked for reports after the invitations have gone.",
    HELD: "A conference can only be recorded as held after its invitations have gone.",
    RECORD_DRAFTED: "The record can only be sent to the chair after the conference is held.",
    CHAIR_APPROVED: "The chair can only approve a record that has been sent to them.",
    DISTRIBUTED: "The record can only be distributed after the chair has approved it.",
    POSTPONED: "Only a conference that has not yet been held can be postponed.",
    CANCELLED: "Only a conference that has not yet been held can be cancelled.",
}
_ENDED = {
    DISTRIBUTED: "This conference's record has been distributed: the conference is finished.",
    CANCELLED: "This conference was cancelled.",
}


def refusal(current: str, target: str) -> str | None:
    """None if the conference may move from ``current`` to ``target``; otherwise why not."""
    if target in ALLOWED.get(current, frozenset()):
        return None
    if current in _ENDED:
        return _ENDED[current]
    return _NOT_NOW.get(target, "That step is not possible now.")


def can_move(current: str, target: str) -> bool:
    return refusal(current, target) is None


def is_before_the_meeting(stage: str) -> bool:
    return stage in BEFORE_THE_MEETING


def takes_reports(stage: str) -> bool:
    """Agencies may write and submit reports until the record is distributed (or cancelled)."""
    return stage not in {DISTRIBUTED, CANCELLED, REQUESTED}
