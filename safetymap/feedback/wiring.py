"""Feedback is asked for when a conference record is distributed (domain.md §5.7): the
conferences app calls this after the distribution has committed (``conferences.hooks``)."""

from __future__ import annotations

import logging

from safetymap.feedback.models import MeetingKind
from safetymap.feedback.questions import RespondentType

logger = logging.getLogger(__name__)

# The conference's type, as the feedback round names it.
MEETING_KIND_OF = {
    "ICPC": MeetingKind.INITIAL,
    "RCPC": MeetingKind.REVIEW,
    "PRE_BIRTH": MeetingKind.PRE_BIRTH,
    "TRANSFER_IN": MeetingKind.TRANSFER_IN,
}


def _asking_for(conference):
    """Who the feedback is asked on behalf of: the social worker who holds the case now, else
    whoever requested the conference. A review conference is requested by the decision of the
    conference before it, which the chair may have recorded, and a chair does not work with the
    child: asked as the chair, the review's feedback would be refused."""
    current = (
        conference.episode.allocations.filter(ended_on__isnull=True)
        .select_related("worker")
        .order_by("-started_on", "-pk")
        .first()
    )
    return current.worker if current is not None else conference.requested_by


def invite_after_distribution(conference, people) -> list:
    """Ask every attendee and invited family member for feedback, on behalf of the social worker
    who holds the case (``_asking_for``). The links of people without an email address go back
    to the conference app, which shows them once to the person distributing, to give by hand (and
    "Feedback links to hand over" makes a new one later). A refusal is logged and never undoes
    the distribution."""
    from safetymap.access.policy import AccessRefused
    from safetymap.conferences.hooks import LinkToHandOver
    from safetymap.feedback.questions import RESPONDENT_LABELS
    from safetymap.feedback.services import FeedbackRefused, Respondent, invite_feedback

    try:
        invited = invite_feedback(
            by=_asking_for(conference),
            meeting_kind=MEETING_KIND_OF[conference.conference_type],
            meeting_date=conference.held_on or conference.scheduled_on,
            episode=conference.episode,
            conference=conference,
            respondents=[
                Respondent(
                    name=person.name,
                    respondent_type=RespondentType(person.respondent_type),
                    email=person.email,
                )
                for person in people
            ],
        )
    except (FeedbackRefused, AccessRefused) as refusal:
        logger.warning("Feedback not asked for conference %s: %s", conference.pk, refusal)
        return []
    return [
        LinkToHandOver(
            name=handed.invitation.name,
            kind=str(RESPONDENT_LABELS[RespondentType(handed.invitation.respondent_type)]),
            link=handed.link,
        )
        for handed in invited.links_to_hand_over
    ]
