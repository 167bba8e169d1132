"""Manager approval of bookings, and the partnership's emails (sent by the worker)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safetymap.accounts.roles import Role
from safetymap.partnership import services
from safetymap.partnership.models import Booking, BookingStatus
from safetymap.partnership.services import PartnershipRefused
from tests.factories import TeamFactory, UserFactory
from tests.partnership.factories import BookingFactory, CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def team(*members, email="manager@lbc.example"):
    manager = UserFactory(roles=[Role.TEAM_MANAGER], email=email)
    TeamFactory(manager=manager, members=list(members))
    return manager


def worker(**fields):
    return UserFactory(roles=[Role.SOCIAL_WORKER], **fields)


def approval_session(**fields):
    return TrainingSessionFactory(course=CourseFactory(needs_manager_approval=True), **fields)


# --- Approval -----------------------------------------------------------------------------------


def test_a_booking_on_a_session_needing_approval_waits_and_takes_no_place(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = worker(email="worker@lbc.example")
    manager = team(person)
    session = approval_session(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_place(by=person, session=session)
    assert booking.status == BookingStatus.REQUESTED
    assert session.bookings.filter(status__in=["CONFIRMED"]).count() == 0
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["worker@lbc.example"].startswith("Waiting for your manager's approval")
    assert subjects[manager.email].startswith("Please approve or decline")
    assert reverse("partnership:booking-decide", args=[booking.pk]) in mailoutbox[1].body


def test_the_session_can_differ_from_its_course():
    person = worker()
    team(person)
    session = approval_session(needs_manager_approval=False)
    assert services.book_place(by=person, session=session).status == BookingStatus.CONFIRMED
    other = TrainingSessionFactory(needs_manager_approval=True)
    assert services.book_place(by=person, session=other).status == BookingStatus.REQUESTED


def test_without_a_known_manager_the_booking_is_refused_with_a_reason():
    with pytest.raises(PartnershipRefused, match="does not know who your manager is"):
        services.book_place(by=worker(), session=approval_session())
    assert not Booking.objects.exists()


def test_the_manager_approves_and_the_person_gets_a_place_or_the_waiting_list(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = worker(email="first@lbc.example"), worker(email="second@lbc.example")
    manager = team(first, second)
    session = approval_session(capacity=1)
    a = services.book_place(by=first, session=session)
    b = services.book_place(by=second, session=session)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve_booking(by=manager, booking=a).status == BookingStatus.CONFIRMED
        assert services.approve_booking(by=manager, booking=b).status == BookingStatus.WAITLIST
    assert [m.to[0] for m in mailoutbox] == ["first@lbc.example", "second@lbc.example"]
    assert "Your place is booked." in mailoutbox[0].body
    assert "you are on the waiting list" in mailoutbox[1].body
    a.refresh_from_db()
    assert a.decided_by == manager and a.decided_at is not None


def test_the_manager_declines_with_a_reason_the_person_is_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = worker(email="worker@lbc.example")
    manager = team(person)
    booking = services.book_place(by=person, session=approval_session())
    with pytest.raises(PartnershipRefused, match="Enter why"):
        services.decline_booking(by=manager, booking=booking, reason=" ")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_booking(by=manager, booking=booking, reason="Court week; book May")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NOT_APPROVED
    assert booking.get_status_display() == "Not approved by manager"
    assert "Court week; book May" in mailoutbox[0].body
    # Not approved ends the booking: the person may book again.
    again = services.book_place(by=person, session=booking.session)
    assert again.status == BookingStatus.REQUESTED


def test_only_the_persons_own_manager_decides_and_only_once():
    person = worker()
    manager = team(person)
    other_manager = team(worker(), email="other.manager@lbc.example")
    booking = services.book_place(by=person, session=approval_session())
    with pytest.raises(PartnershipRefused, match="Only the manager"):
        services.approve_booking(by=other_manager, booking=booking)
    with pytest.raises(PartnershipRefused, match="Only the manager"):
        services.approve_booking(by=person, booking=booking)
    services.approve_booking(by=manager, booking=booking)
    with pytest.raises(PartnershipRefused, match="already been decided"):
        services.decline_booking(by=manager, booking=booking, reason="No")


def test_a_request_can_be_cancelled_by_the_person():
    person = worker()
    team(person)
    booking = services.book_place(by=person, session=approval_session())
    services.cancel_booking(by=person, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_the_manager_decides_on_the_page(client: Client):
    person = worker(full_name="Fictional Worker")
    manager = team(person)
    booking = services.book_place(by=person, session=approval_session())
    client.force_login(manager)
    page = client.get(reverse("partnership:booking-approvals")).content.decode()
    assert "Fictional Worker" in page
    assert "Bookings waiting for your approval (1)" in client.get("/training/").content.decode()
    url = reverse("partnership:booking-decide", args=[booking.pk])
    response = client.post(url, {"decision": "DECLINE", "reason": ""})
    assert response.status_code == 200 and "Enter why the booking is not approved" in (
        response.content.decode()
    )
    response = client.post(url, {"decision": "APPROVE"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_someone_elses_booking_is_not_found_on_the_decision_page(client: Client):
    booking = BookingFactory(status=BookingStatus.REQUESTED)
    client.force_login(team(worker()))
    assert client.get(reverse("partnership:booking-decide", args=[booking.pk])).status_code == 404


# --- Emails -------------------------------------------------------------------------------------


def test_a_booking_confirmation_is_emailed_after_the_commit_never_in_the_request(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = worker(email="worker@lbc.example")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.book_place(by=person, session=TrainingSessionFactory())
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert mailoutbox[0].subject.startswith("Your place is booked")


def test_waiting_list_and_promotion_emails(mailoutbox, django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(capacity=1)
    first, second = worker(email="first@lbc.example"), worker(email="second@lbc.example")
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_place(by=first, session=session)
        services.book_place(by=second, session=session)
    assert mailoutbox[1].subject.startswith("You are on the waiting list")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(by=first, booking=booking)
    assert [m.to[0] for m in mailoutbox] == ["second@lbc.example"]
    assert mailoutbox[0].subject.startswith("A place has come up for you")


def test_no_email_for_partners_staff_without_an_account(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_attendee(
            by=session.trainer, session=session, name="Fictional Guest", organisation_name="X"
        )
    assert mailoutbox == []


def test_a_briefing_request_emails_the_requester_and_the_partnership(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SAFETYMAP_PARTNERSHIP_EMAIL = ""
    UserFactory(roles=[Role.PARTNERSHIP_ADMINISTRATOR], email="admin@partnership.example")
    with django_capture_on_commit_callbacks(execute=True):
        briefing = services.submit_briefing_request(
            organisation="Fictional Nursery",
            contact_name="Fictional Manager",
            email="manager@nursery.example",
            audience="Nursery staff",
            audience_size=8,
            topics=["MAPPING"],
            preferred_dates="Fridays",
            preferred_format="ONLINE",
        )
    to = {m.to[0]: m for m in mailoutbox}
    assert briefing.reference in to["manager@nursery.example"].subject
    assert "Fictional Nursery" in to["admin@partnership.example"].subject
    assert reverse("partnership:briefing-request-detail", args=[briefing.pk]) in (
        to["admin@partnership.example"].body
    )


def test_the_partnership_address_setting_is_used_when_set(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SAFETYMAP_PARTNERSHIP_EMAIL = "briefings@partnership.example"
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_briefing_request(
            organisation="O",
            contact_name="C",
            email="c@o.example",
            audience="A",
            audience_size=1,
            topics=[],
            preferred_dates="D",
            preferred_format="ONLINE",
        )
    assert mailoutbox[-1].to == ["briefings@partnership.example"]
