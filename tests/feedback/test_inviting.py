"""invite_feedback: what the conference app calls when a record is distributed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.feedback import links, services
from safetymap.feedback.models import FeedbackRound, Invitation, InvitationStatus
from safetymap.feedback.questions import RespondentType
from safetymap.feedback.services import FeedbackRefused, Respondent
from tests.factories import AllocationFactory, ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db
HELD = datetime.date(2026, 10, 1)


@pytest.fixture
def allocation():
    return AllocationFactory(episode__child__first_name="Fictionalzara")


def invite(allocation, respondents, **changes):
    fields = {
        "by": allocation.worker,
        "meeting_kind": "INITIAL",
        "meeting_date": HELD,
        "episode": allocation.episode,
        "respondents": respondents,
    }
    if "conference" not in changes:
        fields["conference"] = ConferenceFactory(episode=allocation.episode)
    fields.update(changes)
    return services.invite_feedback(**fields)


FAMILY = [
    Respondent("Fictional Grace", RespondentType.PARENT_CARER, email="grace@family.example"),
    Respondent("Fictional Zara", RespondentType.CHILD, email="zara@family.example"),
]


def test_each_person_with_an_email_gets_a_link_that_never_names_the_child(
    allocation, mailoutbox, django_capture_on_commit_callbacks
):
    teacher = UserFactory(roles=[Role.PARTNER_PRACTITIONER], email="dsl@school.example")
    people = [
        *FAMILY,
        Respondent("Fictional DSL", RespondentType.PROFESSIONAL, teacher.email, teacher),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite(allocation, people)
    assert invited.links_to_hand_over == []
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    child = allocation.episode.child
    for message in mailoutbox:
        assert child.first_name not in message.body and child.first_name not in message.subject
        assert child.last_name not in message.body and child.la_child_id not in message.body
        assert "1 October 2026" in message.body and "28 days" in message.body
        # Nor the person's own name: an email may be read on a shared phone or computer.
        assert not any(p.name in message.body for p in people)
    invitations = Invitation.objects.filter(round=invited.round)
    assert all(i.email_sent_at and i.token_hash and i.expires_at for i in invitations)
    # The link in the email opens the right form; the token itself is nowhere in the database.
    body = next(m.body for m in mailoutbox if m.to == ["zara@family.example"])
    token = re.search(r"/feedback/([A-Za-z0-9_-]{43})/", body).group(1)
    zara = invitations.get(email="zara@family.example")
    assert zara.token_hash == links.hash_of(token)
    assert (
        "What did you think of the meeting?" in Client().get(f"/feedback/{token}/").content.decode()
    )
    assert invitations.get(user=teacher).respondent_type == RespondentType.PROFESSIONAL


def test_someone_without_an_email_gets_a_link_to_hand_over_once(allocation):
    invited = invite(allocation, [Respondent("Fictional Nan", RespondentType.PARENT_CARER)])
    [handed] = invited.links_to_hand_over
    assert handed.link.startswith("http://") and "/feedback/" in handed.link
    token = handed.link.rstrip("/").rsplit("/", 1)[1]
    assert handed.invitation.token_hash == links.hash_of(token)
    assert Client().get(f"/feedback/{token}/").status_code == 200


def test_the_round_names_its_meeting_and_is_audited_in_the_childs_log(allocation):
    invited = invite(allocation, FAMILY)
    feedback_round = FeedbackRound.objects.get()
    assert (feedback_round.meeting_kind, feedback_round.meeting_date) == ("INITIAL", HELD)
    assert feedback_round.conference.episode == allocation.episode
    assert feedback_round == invited.round
    event = AuditEvent.objects.get(subject_type="feedback.FeedbackRound")
    assert event.child_id == allocation.episode.child_id
    assert event.details["invited"] == 2
    assert [i.state for i in feedback_round.invitations.all()] == ["INVITED", "INVITED"]


def test_someone_who_cannot_see_the_child_cannot_ask_for_feedback(allocation):
    stranger = UserFactory(roles=[Role.CONFERENCE_CHAIR])
    with pytest.raises(AccessRefused):
        invite(allocation, FAMILY, by=stranger)
    assert not FeedbackRound.objects.exists()


@pytest.mark.parametrize(
    ("respondents", "changes", "message"),
    [
        ([], {}, "Choose at least one person"),
        ([Respondent(" ", RespondentType.CHILD)], {}, "Enter the name"),
        ([Respondent("A", RespondentType.CHILD, email="not-an-email")], {}, "correct format"),
        (FAMILY + FAMILY[:1], {}, "in the list twice"),
        (FAMILY, {"meeting_date": timezone.localdate() + datetime.timedelta(days=1)}, "after"),
        (FAMILY, {"meeting_kind": "PARTY"}, "kind of conference"),
    ],
)
def test_bad_invitations_are_refused_and_nothing_is_kept(allocation, respondents, changes, message):
    with pytest.raises(FeedbackRefused, match=message):
        invite(allocation, respondents, **changes)
    assert not FeedbackRound.objects.exists() and not Invitation.objects.exists()


def test_an_answered_invitation_is_not_sent_a_new_link(allocation):
    [handed] = invite(
        allocation, [Respondent("Nan", RespondentType.PARENT_CARER)]
    ).links_to_hand_over
    invitation = handed.invitation
    invitation.status = InvitationStatus.COMPLETED
    invitation.email = "nan@family.example"
    invitation.save()
    assert services.issue_link_for_email(invitation.pk) is None


def test_a_failed_email_is_recorded_on_the_invitation(
    allocation, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from safetymap.worker import mail  # every task's emails go through mail.send_once

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        invite(allocation, FAMILY[:1])
    invitation = Invitation.objects.get()
    assert invitation.email_sent_at is None and "could not be sent" in invitation.email_failure


def test_no_email_goes_out_with_a_link_to_nowhere(
    allocation, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SAFETYMAP_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        invite(allocation, FAMILY[:1])
    assert mailoutbox == []
    assert "SAFETYMAP_BASE_URL" in Invitation.objects.get().email_failure


def test_feedback_is_asked_once_per_conference(allocation):
    conference = ConferenceFactory(episode=allocation.episode)
    invite(allocation, FAMILY, conference=conference)
    with pytest.raises(FeedbackRefused, match="already been asked"):
        invite(allocation, FAMILY, conference=conference)
    assert FeedbackRound.objects.count() == 1


def test_a_review_requested_by_the_chairs_decision_still_asks_for_feedback(allocation):
    """The initial conference's decision requests the review; when the chair recorded it, the
    review is 'requested' by the chair, who does not work with the child. Its feedback is asked
    on behalf of the social worker who holds the case, as the initial conference's is."""
    from safetymap.conferences.hooks import Respondent as Attendee
    from safetymap.feedback.wiring import invite_after_distribution

    chair = UserFactory(roles=[Role.CONFERENCE_CHAIR])
    review = ConferenceFactory(
        episode=allocation.episode,
        conference_type="RCPC",
        requested_by=chair,
        held_on=HELD,
    )
    mum = Attendee(0, "Fictional Grace", "", RespondentType.PARENT_CARER, attended=True)
    [handed] = invite_after_distribution(review, [mum])
    assert handed.name == "Fictional Grace"
    feedback = FeedbackRound.objects.get(conference=review)
    assert feedback.invited_by == allocation.worker
