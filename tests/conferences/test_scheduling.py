"""Requesting and scheduling: due dates from the pathway (R3, R4, R6), a later date needs a
reason, an independent chair (R13), the chair's reason to postpone or cancel."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from safetymap.cases import timescales
from safetymap.conferences import services
from safetymap.conferences.codes import Stage
from safetymap.conferences.errors import ConferenceRefused
from safetymap.conferences.models import Conference
from tests.factories import ChildFactory, ChildProtectionPlanFactory, TransferInFactory

pytestmark = pytest.mark.django_db


def test_r3_an_initial_conference_is_due_15_working_days_after_the_strategy_discussion(family):
    conference = family.requested()
    enquiry = family.episode.enquiries.get()
    assert conference.due_on == enquiry.initial_conference_due
    assert conference.due_on == timescales.initial_conference_due(enquiry.started_on)
    assert set(conference.children.all()) == {family.amy, family.ben}


def test_r4_a_transfer_in_conference_is_due_from_when_the_council_was_told(family):
    transfer = TransferInFactory(episode=family.episode, recorded_by=family.worker)
    conference = family.requested(conference_type="TRANSFER_IN")
    assert conference.due_on == transfer.conference_due


def test_r6_a_review_conference_is_due_from_the_plan(family):
    plan = ChildProtectionPlanFactory(
        episode=family.episode, started_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    conference = family.requested(conference_type="RCPC")
    assert conference.due_on == timescales.first_review_conference_due(plan.started_on)


def test_a_conference_is_only_about_children_in_the_household(family):
    stranger = ChildFactory()
    with pytest.raises(ConferenceRefused, match="children in their household"):
        services.request_conference(
            by=family.worker,
            episode=family.episode,
            conference_type="ICPC",
            reason="Fictional",
            children=[stranger],
        )
    assert not Conference.objects.exists()


def test_a_date_after_the_due_date_needs_a_reason(family):
    conference = family.requested()
    late = conference.due_on + datetime.timedelta(days=3)
    with pytest.raises(ConferenceRefused, match="Say why it will be held later") as refused:
        services.schedule(
            by=family.worker, conference=conference, scheduled_on=late, chair=family.chair
        )
    assert refused.value.field == "late_reason"
    conference.refresh_from_db()
    assert conference.stage == Stage.REQUESTED and conference.scheduled_on is None
    services.schedule(
        by=family.worker,
        conference=conference,
        scheduled_on=late,
        chair=family.chair,
        late_reason="The police officer is on leave (fictional)",
    )
    assert conference.stage == Stage.SCHEDULED


def test_r13_the_chair_is_independent_of_the_case(family):
    conference = family.requested()
    for not_independent in (family.manager, family.worker):
        with pytest.raises(ConferenceRefused, match="independent conference chair"):
            services.schedule(
                by=family.worker,
                conference=conference,
                scheduled_on=timezone.localdate(),
                chair=not_independent,
            )


def test_postponing_needs_the_chair_and_a_reason_and_tells_everyone_invited(
    family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference = family.invited()
    mail.outbox.clear()
    with pytest.raises(ConferenceRefused, match="Only the conference's chair"):
        services.stop(by=family.worker, conference=conference, cancel=False, reason="Fictional")
    with pytest.raises(ConferenceRefused, match="Say why the conference is postponed"):
        services.stop(by=family.chair, conference=conference, cancel=False, reason=" ")
    conference.refresh_from_db()
    assert conference.stage == Stage.INVITATIONS_SENT
    with django_capture_on_commit_callbacks(execute=True):
        services.stop(
            by=family.chair, conference=conference, cancel=False, reason="Mum is in hospital"
        )
    assert conference.stage == Stage.POSTPONED and conference.stop_reason == "Mum is in hospital"
    assert len(mail.outbox) == 3
    assert all("postponed" in m.subject for m in mail.outbox)
    # A new date brings it back, and everyone is invited again.
    services.schedule(
        by=family.worker,
        conference=conference,
        scheduled_on=timezone.localdate(),
        chair=family.chair,
    )
    assert conference.stage == Stage.INVITATIONS_SENT


def test_cancelling_ends_the_conference(family):
    conference = family.invited()
    services.stop(by=family.chair, conference=conference, cancel=True, reason="Moved away")
    assert conference.stage == Stage.CANCELLED
    with pytest.raises(ConferenceRefused, match="This conference was cancelled"):
        services.record_held(by=family.chair, conference=conference, held_on=timezone.localdate())


def test_only_business_support_can_be_the_minute_taker(family):
    """Issue 15, finding 3's twin: the minute taker opens the conference's materials, so the
    service refuses anyone else, as the form does not offer them."""
    from safetymap.access.policy import conference_basis_for

    conference = family.requested()
    with pytest.raises(ConferenceRefused) as refusal:
        services.schedule(
            by=family.worker,
            conference=conference,
            scheduled_on=timezone.localdate(),
            chair=family.chair,
            venue="Larkford Civic Centre (fictional)",
            minute_taker=family.stranger,
        )
    assert refusal.value.field == "minute_taker"
    conference.refresh_from_db()
    assert conference.minute_taker is None
    assert conference_basis_for(family.stranger, conference) is None


def test_a_postponed_conference_can_still_be_cancelled_through_its_page(family, client):
    """The page asks the service first (services.may_stop): a postponed conference cannot be
    postponed again, but its chair may still cancel it, so the form opens and is saved."""
    conference = family.invited()
    services.stop(by=family.chair, conference=conference, cancel=False, reason="Mum is unwell")
    client.force_login(family.chair)
    path = f"/conferences/{conference.pk}/postpone-or-cancel/"
    assert client.get(path).status_code == 200
    response = client.post(path, {"cancel": "yes", "reason": "The family moved away"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.stage == Stage.CANCELLED
