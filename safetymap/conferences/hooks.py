"""The hook for conference feedback (domain.md §6.4, built in ``safetymap/feedback/``).

When a conference record is distributed, ``services.distribute_record`` marks it distributed and,
once the transaction has committed, calls every function registered here with the conference and
the people to invite for feedback: each attendee and each invited family member, with their name,
email if any, and respondent type (parent/carer, child or young person, professional).

    from safetymap.conferences import hooks

    def invite_to_feedback(conference, respondents): ...
    hooks.on_distributed(invite_to_feedback)   # in the feedback app's AppConfig.ready()

A listener may return links to give by hand (``LinkToHandOver``: the feedback links of family
members invited without an email address). The distribute view wraps the distribution in
``links_handed_over()`` and shows them once, in its response; they are kept nowhere else (not
in the session, the database or the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from safetymap.conferences.codes import Attendance, InviteeKind


@dataclass(frozen=True)
class LinkToHandOver:
    """A link made for someone to answer by, shown once to the person who distributed."""

    name: str
    kind: str  # in words: "Parent or carer", "Child or young person"
    link: str


Listener = Callable[[object, list["Respondent"]], "list[LinkToHandOver] | None"]
_listeners: list[Listener] = []
_handed: ContextVar[list[LinkToHandOver] | None] = ContextVar("links_handed_over", default=None)


@dataclass(frozen=True)
class Respondent:
    invitation_id: int
    name: str
    email: str  # "" when a family member gave none: they are given their link by hand
    respondent_type: str  # codes.RespondentType: PARENT_CARER, CHILD or PROFESSIONAL
    attended: bool


def respondents(conference) -> list[Respondent]:
    """Each professional who attended (in whole or part) and every invited family member."""
    came = {Attendance.PRESENT, Attendance.EXCLUDED_PART}
    return [
        Respondent(
            invitation_id=invitation.pk,
            name=invitation.name,
            email=invitation.email,
            respondent_type=invitation.respondent_type,
            attended=invitation.attendance in came,
        )
        for invitation in conference.invitations.order_by("kind", "name")
        if invitation.kind == InviteeKind.FAMILY or invitation.attendance in came
    ]


def on_distributed(listener: Listener) -> Listener:
    """Register a function to call after a conference's record is distributed."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


@contextmanager
def links_handed_over() -> Iterator[list[LinkToHandOver]]:
    """Collect, while distributing, the links listeners made to be given by hand."""
    found: list[LinkToHandOver] = []
    token = _handed.set(found)
    try:
        yield found
    finally:
        _handed.reset(token)


def conference_distributed(conference, people: list[Respondent]) -> None:
    for listener in list(_listeners):
        handed = listener(conference, people)
        collecting = _handed.get()
        if handed and collecting is not None:
            collecting.extend(handed)
