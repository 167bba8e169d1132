"""Answering through a link: the forms per respondent type, single use, expiry, anonymity, spam."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safetymap.audit.models import AuditEvent
from safetymap.core import public_forms
from safetymap.feedback.models import Answer, InvitationStatus, Response
from safetymap.feedback.questions import QUESTIONS, RespondentType
from tests.factories import FeedbackInvitationFactory

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'


def form_url(invitation) -> str:
    return reverse("feedback:form", kwargs={"token": invitation.token})


def full_answers(kind: RespondentType = RespondentType.PARENT_CARER, **changes) -> dict:
    data: dict[str, str] = {}
    for question in QUESTIONS[kind]:
        data[question.key] = "" if question.is_free_text else str(question.scale[0].value)
    data["anonymous"] = "without"
    if kind == RespondentType.PROFESSIONAL:
        data["agency_type"] = "SCHOOL"
    data.update(changes)
    return data


def test_a_parent_answers_without_an_account_and_the_link_is_then_used():
    invitation = FeedbackInvitationFactory()
    client = Client()
    page = client.get(form_url(invitation))
    assert page.status_code == 200
    html = page.content.decode()
    for question in QUESTIONS[RespondentType.PARENT_CARER]:
        assert question.text.replace("'", "&#x27;") in html
    assert "Strongly agree" in html and "Does not apply to me" in html

    sent = client.post(
        form_url(invitation),
        full_answers(p_better="More time to read the reports", anonymous="with"),
    )
    assert sent.status_code == 302 and sent["Location"] == reverse("feedback:thank-you")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert invitation.completed_on == timezone.localdate()
    response = Response.objects.get()
    assert response.invitation == invitation and not response.anonymous
    assert response.answers.get(question="p_better").text == "More time to read the reports"
    assert response.answers.get(question="p_respect").value == 5


def test_a_reused_link_gets_a_clear_page_and_changes_nothing():
    invitation = FeedbackInvitationFactory()
    client = Client()
    client.post(form_url(invitation), full_answers())
    answers_before = Answer.objects.count()
    events_before = AuditEvent.objects.count()

    again = client.get(form_url(invitation))
    assert again.status_code == 200
    assert "This link has already been used" in again.content.decode()
    posted = client.post(form_url(invitation), full_answers(p_respect="1"))
    assert "This link has already been used" in posted.content.decode()
    assert Response.objects.count() == 1 and Answer.objects.count() == answers_before
    assert AuditEvent.objects.count() == events_before


def test_an_expired_link_gets_a_clear_page_and_changes_nothing():
    invitation = FeedbackInvitationFactory(expired=True)
    client = Client()
    page = client.get(form_url(invitation))
    assert "This link has run out" in page.content.decode()
    assert "28 days" in page.content.decode()
    posted = client.post(form_url(invitation), full_answers())
    assert "This link has run out" in posted.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED
    assert not Response.objects.exists()


def test_a_link_that_never_existed_says_so():
    page = Client().get(reverse("feedback:form", kwargs={"token": "B" * 43}))
    assert "This link does not work" in page.content.decode()


def test_the_token_is_kept_only_as_a_hash():
    invitation = FeedbackInvitationFactory()
    invitation.refresh_from_db()
    assert invitation.token not in {invitation.token_hash, invitation.name, invitation.email}
    assert len(invitation.token) == 43  # 256 bits, URL-safe base64
    assert len(invitation.token_hash) == 64


def test_anonymous_answers_are_not_joined_to_the_person():
    invitation = FeedbackInvitationFactory()
    Client().post(form_url(invitation), full_answers(consent_to_contact="on"))
    response = Response.objects.get()
    assert response.anonymous and response.invitation is None
    assert not response.consent_to_contact  # nobody to contact
    event = AuditEvent.objects.filter(subject_type="feedback.Invitation").get()
    assert "response" not in event.details
    assert str(response.pk) not in str(event.details)


def test_a_child_gets_the_simple_form_with_faces_and_plain_radios():
    invitation = FeedbackInvitationFactory(
        respondent_type=RespondentType.CHILD, name="Fictional Child"
    )
    client = Client()
    html = client.get(form_url(invitation)).content.decode()
    assert "What did you think of the meeting?" in html
    assert "Did you know about the meeting?" in html
    assert html.count('class="app-feedback-face"') == 4 * 3  # a face for Yes, A bit and No
    assert 'type="radio"' in html and "draggable" not in html
    assert "Fictional Child" not in html  # no names on the page
    sent = client.post(form_url(invitation), full_answers(RespondentType.CHILD))
    assert sent.status_code == 302
    assert "We have your answers" in client.get(sent["Location"]).content.decode()
    assert Response.objects.get().respondent_type == RespondentType.CHILD


def test_a_professional_answers_with_their_agency_type():
    invitation = FeedbackInvitationFactory(respondent_type=RespondentType.PROFESSIONAL)
    client = Client()
    missing = client.post(
        form_url(invitation), full_answers(RespondentType.PROFESSIONAL, agency_type="")
    )
    assert "Select the kind of agency you work for" in missing.content.decode()
    client.post(form_url(invitation), full_answers(RespondentType.PROFESSIONAL, anonymous="with"))
    response = Response.objects.get()
    assert response.agency_type == "SCHOOL" and response.invitation == invitation


def test_a_missing_answer_is_refused_with_a_message_and_nothing_is_kept():
    invitation = FeedbackInvitationFactory()
    page = Client().post(form_url(invitation), full_answers(p_respect=""))
    html = page.content.decode()
    assert "There is a problem" in html
    assert "Select an answer for: I was treated with respect." in html
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_a_made_up_answer_value_is_refused():
    invitation = FeedbackInvitationFactory()
    Client().post(form_url(invitation), full_answers(p_respect="9"))
    assert not Response.objects.exists()


def test_written_answers_are_kept_as_typed_and_escaped_when_shown(client, user_with_role):
    from safetymap.accounts.roles import Role

    invitation = FeedbackInvitationFactory()
    Client().post(form_url(invitation), full_answers(p_better=SCRIPT))
    assert Answer.objects.get(question="p_better").text == SCRIPT
    client.force_login(user_with_role(Role.PARTNERSHIP_ADMINISTRATOR))
    html = client.get(reverse("feedback:written-answers")).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


def test_a_filled_honeypot_looks_sent_but_keeps_nothing_and_the_link_still_works():
    invitation = FeedbackInvitationFactory()
    client = Client()
    sent = client.post(form_url(invitation), full_answers(website="http://spam.example"))
    assert sent.status_code == 302
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_answers_from_one_browser_are_limited_per_hour():
    client = Client()
    for _ in range(public_forms.FEEDBACK_ANSWERS[0].per_hour):
        assert client.post(form_url(FeedbackInvitationFactory()), full_answers()).status_code == 302
    one_more = FeedbackInvitationFactory()
    page = client.post(form_url(one_more), full_answers())
    assert page.status_code == 200
    assert "Several answers have been sent from here" in page.content.decode()
    one_more.refresh_from_db()
    assert one_more.status == InvitationStatus.INVITED


def test_trying_many_links_that_do_not_work_is_stopped():
    client = Client()
    for number in range(public_forms.FEEDBACK_BAD_LINKS[0].per_hour):
        unknown = client.get(reverse("feedback:form", kwargs={"token": f"{number:043d}"}))
        assert unknown.status_code == 200
    page = client.get(reverse("feedback:form", kwargs={"token": "Z" * 43}))
    assert page.status_code == 429 and "Too many tries" in page.content.decode()


def test_a_valid_link_still_works_from_an_address_that_tried_many_unknown_ones():
    """Behind a council's shared proxy, a few mistyped links must not lock everyone out."""
    client = Client()
    for number in range(public_forms.FEEDBACK_BAD_LINKS[0].per_hour + 5):
        client.get(reverse("feedback:form", kwargs={"token": f"{number:043d}"}))
    good = FeedbackInvitationFactory()
    assert client.get(form_url(good)).status_code == 200
    sent = client.post(form_url(good), full_answers())
    assert sent.status_code == 302 and sent["Location"] == reverse("feedback:thank-you")
    good.refresh_from_db()
    assert good.status == InvitationStatus.COMPLETED


def test_many_answers_through_valid_links_from_one_shared_address_are_all_accepted():
    """Professionals answer from the council's network, one address for all of them: each
    valid link works (the limit on answers counts one browser, not one address)."""
    for _ in range(public_forms.FEEDBACK_ANSWERS[0].per_hour + 2):
        one_of_many = Client()  # each professional's own browser
        assert (
            one_of_many.post(form_url(FeedbackInvitationFactory()), full_answers()).status_code
            == 302
        )


def test_the_pages_name_no_one():
    invitation = FeedbackInvitationFactory(name="Fictional Grace Parent")
    child = invitation.round.episode.child
    html = Client().get(form_url(invitation)).content.decode()
    assert "Fictional Grace Parent" not in html
    assert child.first_name not in html and child.la_child_id not in html
    assert invitation.round.meeting_date.strftime("%-d %B %Y") in html


def test_an_invitation_expires_after_the_configured_days(settings):
    settings.SAFETYMAP_FEEDBACK_LINK_DAYS = 3
    from safetymap.feedback import links

    assert links.expires_at(
        datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    ) == datetime.datetime(2026, 1, 4, tzinfo=datetime.UTC)


def test_the_links_page_is_never_cached_and_never_sends_the_token_to_other_sites():
    invitation = FeedbackInvitationFactory()
    for page in (
        Client().get(form_url(invitation)),
        Client().get(reverse("feedback:form", kwargs={"token": "C" * 43})),
    ):
        assert page["Cache-Control"] == "no-store"
        assert page["Referrer-Policy"] == "same-origin"


def test_the_conference_page_can_list_who_has_answered_but_not_what():
    from safetymap.feedback import selectors

    invitation = FeedbackInvitationFactory()
    other = FeedbackInvitationFactory(round=invitation.round, respondent_type="CHILD")
    Client().post(form_url(invitation), full_answers())
    listed = selectors.invitations_for(invitation.round)
    assert {(i.pk, i.state) for i in listed} == {
        (invitation.pk, "COMPLETED"),
        (other.pk, "INVITED"),
    }
    assert not Response.objects.filter(invitation__isnull=False).exists()  # it was anonymous
