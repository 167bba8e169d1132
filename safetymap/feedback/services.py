"""Feedback on conferences, one use case a function: one transaction, the rules, the audit.

``invite_feedback`` is what the conference app calls when a conference record is distributed
(docs/feedback.md, "Wiring to conferences"). ``submit_feedback`` is the answer through a link.
A refused action raises ``FeedbackRefused`` (or ``LinkNotUsable`` for a link) with words the
person understands; nothing is saved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import (
    AccessRefused,
    Capability,
    basis_for,
    can,
    conference_basis_for,
    require,
)
from safetymap.accounts.models import User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Episode
from safetymap.conferences.models import Conference
from safetymap.core.errors import Refused
from safetymap.feedback import links
from safetymap.feedback.models import (
    Answer,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    MeetingKind,
    Response,
)
from safetymap.feedback.questions import FREE_TEXT_MAX, QUESTIONS, RespondentType

BASIS = "conference feedback"


class FeedbackRefused(Refused):
    """An action the rules do not allow (see core.errors.Refused)."""


class LinkNotUsable(Exception):
    """A feedback link that cannot be used: ``reason`` is ``unknown``, ``used`` or ``expired``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Respondent:
    """Someone to ask: a family member (not a user) or a professional (a user or not)."""

    name: str
    respondent_type: RespondentType
    email: str = ""
    user: User | None = None


@dataclass(frozen=True)
class HandedLink:
    """A link for someone without an email address, shown once to the person inviting, to give
    by hand or by letter. It is not stored anywhere."""

    invitation: Invitation
    link: str


@dataclass
class Invited:
    round: FeedbackRound
    links_to_hand_over: list[HandedLink] = field(default_factory=list)


# --- Inviting ----------------------------------------------------------------------------------


def _check_respondents(respondents: list[Respondent]) -> None:
    if not respondents:
        raise FeedbackRefused("Choose at least one person to ask for feedback.")
    seen: set[str] = set()
    for person in respondents:
        if not person.name.strip():
            raise FeedbackRefused("Enter the name of each person to ask for feedback.")
        if len(person.name) > 200:
            raise FeedbackRefused("Each name must be 200 characters or fewer.")
        if person.respondent_type not in set(RespondentType):
            raise FeedbackRefused(f"{person.name}: choose parent or carer, child, or professional.")
        email = person.email.strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise FeedbackRefused(
                    f"{person.name}: enter an email address in the correct format, like "
                    "name@example.com"
                ) from None
            if email in seen:
                raise FeedbackRefused(f"{email} is in the list twice. Ask each person once.")
            seen.add(email)


@transaction.atomic
def invite_feedback(
    *,
    by: User,
    meeting_kind: str,
    meeting_date: datetime.date,
    episode: Episode,
    respondents: list[Respondent],
    conference: Conference | None = None,
) -> Invited:
    """Ask each respondent for feedback on a conference (domain.md §5.7: INVITED).

    People with an email address are sent their link by the background worker, which makes the
    link (so the token never waits in the task queue). People without one get a link here, in
    ``links_to_hand_over``, for the caller to show once. The person inviting must be able to see
    the child's record.
    """
    require(by, Capability.USE_CASE_WORK)
    basis = basis_for(by, episode.child_id)
    if basis is None:
        raise AccessRefused(
            "You can only ask for feedback on conferences for children you work with."
        )
    if meeting_kind not in MeetingKind.values:
        raise FeedbackRefused("Choose the kind of conference.")
    if meeting_date > timezone.localdate():
        raise FeedbackRefused("Ask for feedback after the conference has been held.")
    _check_respondents(respondents)
    if (
        conference is not None
        and FeedbackRound.objects.filter(conference=conference, episode=episode).exists()
    ):
        raise FeedbackRefused("Feedback has already been asked for on this conference.")

    feedback_round = FeedbackRound.objects.create(
        meeting_kind=meeting_kind,
        meeting_date=meeting_date,
        episode=episode,
        conference=conference,
        invited_by=by,
    )
    invited = Invited(round=feedback_round)
    to_email: list[int] = []
    for person in respondents:
        invitation = Invitation.objects.create(
            round=feedback_round,
            respondent_type=person.respondent_type,
            name=person.name.strip(),
            email=person.email.strip().lower(),
            user=person.user,
        )
        if invitation.email:
            to_email.append(invitation.pk)
        else:
            token = _issue_link(invitation)
            invited.links_to_hand_over.append(HandedLink(invitation, links.link_for(token)))
    record(
        actor=by,
        action=Action.CREATE,
        subject=feedback_round,
        basis=basis,
        details={
            "child": episode.child_id,
            "conference": conference.pk if conference else None,
            "invited": len(respondents),
            "by_email": len(to_email),
        },
    )
    if to_email:
        from safetymap.feedback.tasks import send_feedback_invitation

        transaction.on_commit(
            lambda: [send_feedback_invitation.enqueue(invitation_id=pk) for pk in to_email]
        )
    return invited


def _issue_link(invitation: Invitation) -> str:
    """A new token for this invitation (any earlier link stops working); returns the token."""
    token = links.new_token()
    invitation.token_hash = links.hash_of(token)
    invitation.expires_at = links.expires_at()
    invitation.save(update_fields=["token_hash", "expires_at"])
    return token


@transaction.atomic
def issue_link_for_email(invitation_id: int) -> tuple[Invitation, str] | None:
    """For the email task: a fresh link, unless the invitation has been answered already."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.status != InvitationStatus.INVITED or not invitation.email:
        return None
    return invitation, _issue_link(invitation)


# --- Links given by hand -----------------------------------------------------------------------


def hand_over_basis(by: User, conference: Conference) -> str | None:
    """Who may see and remake the links of people without an email address: the people who may
    distribute the record (the chair, the minute taker, or children's social care with the
    child's record). Returns the audit basis, or None."""
    basis = conference_basis_for(by, conference)
    if basis is None:
        return None
    if by.pk in {conference.chair_id, conference.minute_taker_id}:
        return basis
    if can(by, Capability.RECORD_PATHWAY) and basis_for(by, conference.episode.child_id):
        return basis
    return None


@transaction.atomic
def new_link_to_hand_over(*, by: User, invitation: Invitation) -> str:
    """A fresh link for someone invited without an email address, when theirs was lost or ran
    out: the earlier link stops working. Returns the link, to show once; the audit event says a
    link was made, never the link."""
    invitation = (
        # Lock the invitation only: the round's conference is optional (an outer join).
        Invitation.objects.select_for_update(of=("self",))
        .select_related("round__conference__episode")
        .get(pk=invitation.pk)
    )
    conference = invitation.round.conference
    basis = hand_over_basis(by, conference) if conference is not None else None
    if basis is None:
        raise AccessRefused("Only the people who run the conference can give out its links.")
    if invitation.email:
        raise FeedbackRefused(f"{invitation.name} is sent their link by email.")
    if invitation.status != InvitationStatus.INVITED:
        raise FeedbackRefused(f"{invitation.name} has already answered. A link works only once.")
    token = _issue_link(invitation)
    record(
        actor=by,
        action=Action.UPDATE,
        subject=invitation,
        basis=basis,
        details={
            "child": conference.episode.child_id,
            "conference": conference.pk,
            "link": "a new link to give by hand; the earlier one no longer works",
        },
    )
    return links.link_for(token)


# --- Answering through a link ------------------------------------------------------------------


def usable_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The invitation a link belongs to, if it can still be used; raises LinkNotUsable."""
    if len(token) != 43:
        raise LinkNotUsable("unknown")
    found = Invitation.objects.select_related("round")
    if lock:
        found = found.select_for_update()
    invitation = found.filter(token_hash=links.hash_of(token)).first()
    if invitation is None:
        raise LinkNotUsable("unknown")
    if invitation.status == InvitationStatus.COMPLETED:
        raise LinkNotUsable("used")
    if invitation.is_expired():
        raise LinkNotUsable("expired")
    return invitation


def _clean_answers(kind: RespondentType, answers: dict[str, Any]) -> list[Answer]:
    rows: list[Answer] = []
    for question in QUESTIONS[kind]:
        given = answers.get(question.key)
        if question.is_free_text:
            text = str(given or "").strip()
            if len(text) > FREE_TEXT_MAX:
                raise FeedbackRefused(
                    f"Your answer must be {FREE_TEXT_MAX} characters or fewer", question.key
                )
            if text:
                rows.append(Answer(question=question.key, text=text))
            continue
        allowed = {choice.value for choice in question.scale}
        try:
            value = int(given) if given not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        if value is None or value not in allowed:
            raise FeedbackRefused("Choose an answer", question.key)
        rows.append(Answer(question=question.key, value=value))
    return rows


@transaction.atomic
def submit_feedback(
    *,
    token: str,
    answers: dict[str, Any],
    anonymous: bool,
    consent_to_contact: bool = False,
    agency_type: str = "",
) -> Response:
    """Keep the answers given through a link, and close the link (single use).

    Anonymous: the response is stored without its invitation, so nothing in the service joins
    the answers to the person; the invitation only records that it was used, on which day.
    The audit event names the invitation and, for a named answer only, the response.
    """
    invitation = usable_invitation(token, lock=True)
    kind = RespondentType(invitation.respondent_type)
    rows = _clean_answers(kind, answers)
    if kind == RespondentType.PROFESSIONAL:
        if agency_type not in OrganisationType.values:
            raise FeedbackRefused("Choose the kind of agency you work for", "agency_type")
    else:
        agency_type = ""
    today = timezone.localdate()
    response = Response.objects.create(
        round=invitation.round,
        respondent_type=kind,
        invitation=None if anonymous else invitation,
        anonymous=anonymous,
        agency_type=agency_type,
        consent_to_contact=consent_to_contact and not anonymous,
        submitted_on=today,
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    invitation.status, invitation.completed_on = InvitationStatus.COMPLETED, today
    invitation.save(update_fields=["status", "completed_on"])
    details: dict[str, Any] = {"status": "INVITED -> COMPLETED", "anonymous": anonymous}
    if not anonymous:
        details["response"] = response.pk
    record(
        actor=None,
        actor_label="feedback link",
        action=Action.UPDATE,
        subject=invitation,
        basis=BASIS,
        details=details,
    )
    return response
