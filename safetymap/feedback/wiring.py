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


def invite_after_distribution(conference, people) -> None:
    """Ask every attendee and invited family member for feedback, on behalf of the social worker
    who requested the conference. People without an email address are given their link by hand
    from the conference page; a refusal is logged and never undoes the distribution."""
    from safetymap.access.policy import AccessRefused
    from safetymap.feedback.services import FeedbackRefused, Respondent, invite_feedback

    try:
        invite_feedback(
            by=conference.requested_by,
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
