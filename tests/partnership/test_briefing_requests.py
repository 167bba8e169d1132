"""Request a briefing: the public form, its spam protection, and working the requests through."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.partnership import services
from safetymap.partnership.models import BriefingRequest, BriefingStatus
from safetymap.partnership.services import PartnershipRefused
from tests.factories import UserFactory
from tests.partnership.factories import BriefingRequestFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
FORM = reverse("partnership:briefing-request")
SCRIPT = '<script>alert("x")</script>'


def answers(**changes) -> dict:
    data = {
        "organisation": "Fictional Primary School",
        "contact_name": "Fictional Head",
        "email": "head@fictional-school.example",
        "audience": "Teaching assistants",
        "audience_size": "14",
        "topics": ["SOS_OVERVIEW", "CONFERENCE_REPORTS"],
        "preferred_dates": "Any Wednesday after school",
        "preferred_format": "IN_PERSON",
        "notes": "",
    }
    data.update(changes)
    return data


def manager() -> object:
    return UserFactory(roles=[Role.PARTNERSHIP_ADMINISTRATOR])


def today() -> datetime.date:
    return timezone.localdate()


# --- The public form ---------------------------------------------------------------------------


def test_a_visitor_without_an_account_requests_a_briefing_and_sees_a_reference(client: Client):
    response = client.post(FORM, answers(phone=""), follow=True)
    briefing = BriefingRequest.objects.get()
    assert briefing.status == BriefingStatus.NEW
    assert briefing.topics == ["SOS_OVERVIEW", "CONFERENCE_REPORTS"]
    assert briefing.phone == ""  # optional
    assert response.request["PATH_INFO"] == reverse("partnership:briefing-request-sent")
    assert briefing.reference in response.content.decode()
    event = AuditEvent.objects.get(subject_type="partnership.BriefingRequest")
    assert event.actor is None and event.action == "CREATE"
    assert "head@" not in str(event.details)  # the audit trail keeps no contact details


def test_missing_answers_are_listed_in_gov_uk_words(client: Client):
    response = client.post(FORM, {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter your name" in page
    assert "Select what you would like the briefing to cover" in page
    assert "Select in person, online or either" in page
    assert not BriefingRequest.objects.exists()


def test_over_long_answers_are_refused_with_a_message(client: Client):
    response = client.post(FORM, answers(organisation="x" * 201, notes="y" * 2001))
    page = response.content.decode()
    assert "Organisation or service must be 200 characters or fewer" in page
    assert "Anything else we should know must be 2000 characters or fewer" in page
    assert not BriefingRequest.objects.exists()


def test_the_honeypot_box_is_on_the_page_but_hidden_from_people(client: Client):
    page = client.get(FORM).content.decode()
    assert 'class="govuk-!-display-none"' in page and 'name="website"' in page


def test_a_filled_honeypot_looks_sent_but_nothing_is_kept(client: Client):
    response = client.post(FORM, answers(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:briefing-request-sent")
    assert not BriefingRequest.objects.exists()


def test_more_than_five_requests_an_hour_from_one_address_are_refused_politely(client: Client):
    for n in range(5):
        assert client.post(FORM, answers(organisation=f"Fictional {n}")).status_code == 302
    response = client.post(FORM, answers(organisation="Fictional sixth"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "You have sent several requests in the last hour" in page
    assert "Fictional sixth" in page  # the answers stay on the page
    assert BriefingRequest.objects.count() == 5


def test_the_limit_is_per_address_so_another_address_can_still_ask(client: Client):
    for n in range(5):
        client.post(FORM, answers(organisation=f"Fictional {n}"))
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.post(FORM, answers()).status_code == 302
    assert BriefingRequest.objects.count() == 6


def test_behind_the_councils_proxy_each_visitor_has_their_own_count(settings):
    """Every request comes from the proxy's address; the proxy appends the visitor's."""
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    busy, forger = Client(REMOTE_ADDR="10.0.0.5"), Client(REMOTE_ADDR="10.0.0.5")
    for n in range(5):
        busy.post(FORM, answers(organisation=f"Fictional {n}"), HTTP_X_FORWARDED_FOR="192.0.2.1")
    refused = busy.post(FORM, answers(), HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert "You have sent several requests" in refused.content.decode()
    # A fresh browser from the same visitor, forging a header, is still counted as them ...
    forged = forger.post(FORM, answers(), HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.1")
    assert "You have sent several requests" in forged.content.decode()
    # ... and someone else behind the same proxy can still ask.
    other = Client(REMOTE_ADDR="10.0.0.5")
    assert other.post(FORM, answers(), HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302
    assert BriefingRequest.objects.count() == 6


def test_html_and_script_are_stored_as_typed_and_always_shown_escaped(client: Client):
    client.post(
        FORM,
        answers(organisation=SCRIPT, contact_name=SCRIPT, notes=SCRIPT, preferred_dates=SCRIPT),
    )
    briefing = BriefingRequest.objects.get()
    assert briefing.organisation == SCRIPT
    client.force_login(manager())
    for url in (
        reverse("partnership:briefing-requests"),
        reverse("partnership:briefing-request-detail", args=[briefing.pk]),
        reverse("partnership:briefing-schedule", args=[briefing.pk]),
    ):
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, url


def test_script_typed_into_the_form_is_escaped_when_the_form_comes_back(client: Client):
    page = client.post(FORM, answers(organisation=SCRIPT, email="not an email")).content.decode()
    assert SCRIPT not in page
    assert "Enter an email address in the correct format" in page


# --- Working the requests --------------------------------------------------------------------


def test_a_request_moves_new_then_scheduled_then_delivered_and_each_change_is_audited():
    by, briefing = manager(), BriefingRequestFactory()
    services.schedule_briefing(by=by, briefing=briefing, on=today() + datetime.timedelta(days=7))
    services.schedule_briefing(by=by, briefing=briefing, on=today())  # moved to another day
    services.record_briefing_delivered(by=by, briefing=briefing, on=today())
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.DELIVERED and briefing.delivered_on == today()
    changes = AuditEvent.objects.filter(
        subject_type="partnership.BriefingRequest", subject_id=str(briefing.pk), actor=by
    )
    assert sorted(e.details["status"] for e in changes) == [
        "NEW -> SCHEDULED",
        "SCHEDULED -> DELIVERED",
        "SCHEDULED -> SCHEDULED",
    ]


def test_a_new_request_cannot_be_delivered_before_it_is_scheduled():
    briefing = BriefingRequestFactory()
    with pytest.raises(PartnershipRefused, match="Schedule the briefing before"):
        services.record_briefing_delivered(by=manager(), briefing=briefing, on=today())
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.NEW


@pytest.mark.parametrize("final", [BriefingStatus.DELIVERED, BriefingStatus.DECLINED])
def test_delivered_and_declined_requests_cannot_be_changed(final):
    briefing = BriefingRequestFactory(status=final)
    with pytest.raises(PartnershipRefused, match="cannot be changed"):
        services.schedule_briefing(by=manager(), briefing=briefing, on=today())
    with pytest.raises(PartnershipRefused, match="cannot be changed"):
        services.decline_briefing(by=manager(), briefing=briefing, reason="Too late")


def test_declining_needs_a_reason_and_keeps_it():
    by, briefing = manager(), BriefingRequestFactory()
    with pytest.raises(PartnershipRefused, match="Enter why"):
        services.decline_briefing(by=by, briefing=briefing, reason="  ")
    services.decline_briefing(by=by, briefing=briefing, reason="Outside the partnership's area")
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.DECLINED
    assert briefing.decline_reason == "Outside the partnership's area"


def test_a_briefing_cannot_be_scheduled_in_the_past_or_delivered_in_the_future():
    by, briefing = manager(), BriefingRequestFactory()
    with pytest.raises(PartnershipRefused, match="today or in the future"):
        services.schedule_briefing(by=by, briefing=briefing, on=today() - datetime.timedelta(1))
    services.schedule_briefing(by=by, briefing=briefing, on=today() + datetime.timedelta(3))
    with pytest.raises(PartnershipRefused, match="today or in the past"):
        services.record_briefing_delivered(
            by=by, briefing=briefing, on=today() + datetime.timedelta(3)
        )


def test_only_partnership_managers_work_the_requests():
    trainer = UserFactory(roles=[Role.TRAINER])
    with pytest.raises(Exception, match="Only the partnership's administrators"):
        services.schedule_briefing(by=trainer, briefing=BriefingRequestFactory(), on=today())


def test_a_refused_change_shows_why_on_the_page(client: Client):
    """Asked before the form, on GET and POST alike: back to the request, saying why."""
    briefing = BriefingRequestFactory()
    client.force_login(manager())
    day = today()
    for response in (
        client.get(reverse("partnership:briefing-delivered", args=[briefing.pk]), follow=True),
        client.post(
            reverse("partnership:briefing-delivered", args=[briefing.pk]),
            {"on-day": day.day, "on-month": day.month, "on-year": day.year},
            follow=True,
        ),
    ):
        assert response.redirect_chain[-1][0] == f"/briefing-requests/{briefing.pk}/"
        assert "Schedule the briefing before recording it as delivered." in response.text
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.NEW


def test_scheduling_through_the_page(client: Client):
    briefing = BriefingRequestFactory()
    client.force_login(manager())
    day = today() + datetime.timedelta(days=5)
    response = client.post(
        reverse("partnership:briefing-schedule", args=[briefing.pk]),
        {"on-day": day.day, "on-month": day.month, "on-year": day.year},
        follow=True,
    )
    assert "is scheduled" in response.content.decode()
    briefing.refresh_from_db()
    assert (briefing.status, briefing.scheduled_for) == (BriefingStatus.SCHEDULED, day)


def test_the_list_shows_outstanding_requests_first_and_its_queries_do_not_grow(client: Client):
    BriefingRequestFactory(organisation="Fictional Outstanding")
    BriefingRequestFactory(organisation="Fictional Declined", status=BriefingStatus.DECLINED)
    client.force_login(manager())
    url = reverse("partnership:briefing-requests")
    response = client.get(url)
    assert [b.organisation for b in response.context["outstanding"]] == ["Fictional Outstanding"]
    assert [b.organisation for b in response.context["closed"]] == ["Fictional Declined"]

    def grow():
        for status in BriefingStatus:
            BriefingRequestFactory.create_batch(3, status=status)

    assert_queries_do_not_grow(lambda: client.get(url), grow)
