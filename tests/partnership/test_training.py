"""Training: sessions, bookings with a waiting list, attendance and completion, the export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.partnership import services
from safetymap.partnership.models import Booking, BookingStatus, TrainingSession
from safetymap.partnership.services import Outcome, PartnershipRefused
from tests.factories import UserFactory
from tests.partnership.factories import BookingFactory, CourseFactory, TrainingSessionFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def practitioner(**fields):
    return UserFactory(roles=[Role.PARTNER_PRACTITIONER], **fields)


def trainer():
    return UserFactory(roles=[Role.TRAINER])


def started(days_ago: int = 0) -> TrainingSession:
    return TrainingSessionFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )


# --- Sessions ------------------------------------------------------------------------------------


def test_a_trainer_adds_a_course_and_a_session_with_a_licensed_trainer():
    by = trainer()
    course = services.add_course(
        by=by, course_type="ADVANCED", title="Fictional advanced", audience="", days=5
    )
    day = timezone.localdate() + datetime.timedelta(days=30)
    session = services.add_session(
        by=by,
        course=course,
        starts_on=day,
        ends_on=day + datetime.timedelta(days=4),
        online=False,
        venue="Fictional Civic Centre",
        trainer=by,
        trainer_is_licensed=True,
        capacity=20,
    )
    assert session.trainer_is_licensed and session.capacity == 20
    assert AuditEvent.objects.filter(subject_type="partnership.TrainingSession").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": datetime.date(2026, 1, 1)}, "The last day must be the same as or after"),
        ({"venue": ""}, "Enter the venue, or say the session is online"),
        ({"trainer": "not a trainer"}, "is not a trainer in Safetymap"),
    ],
)
def test_a_session_needs_sensible_dates_a_place_and_a_trainer(changes, message):
    by = trainer()
    fields = {
        "course": CourseFactory(),
        "starts_on": datetime.date(2026, 2, 1),
        "ends_on": datetime.date(2026, 2, 2),
        "online": False,
        "venue": "Fictional Civic Centre",
        "trainer": by,
        "trainer_is_licensed": False,
        "capacity": 10,
    }
    fields.update(changes)
    if fields["trainer"] == "not a trainer":
        fields["trainer"] = practitioner()
    with pytest.raises(PartnershipRefused, match=message):
        services.add_session(by=by, **fields)
    assert not TrainingSession.objects.exists()


def test_only_trainers_and_partnership_administrators_add_sessions():
    with pytest.raises(AccessRefused):
        services.add_course(by=practitioner(), course_type="BITE_SIZE", title="x", days=1)


def test_the_session_page_through_the_form(client: Client):
    by = trainer()
    course = CourseFactory(title="Fictional bite-size")
    client.force_login(by)
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("partnership:session-new"),
        {
            "course": course.pk,
            **{f"starts_on-{p}": getattr(day, p) for p in ("day", "month", "year")},
            **{f"ends_on-{p}": getattr(day, p) for p in ("day", "month", "year")},
            "online": "on",
            "trainer": by.pk,
            "capacity": "abc",
        },
    )
    assert "Places must be a number, like 20" in response.content.decode()
    assert not TrainingSession.objects.exists()


# --- Booking and the waiting list ---------------------------------------------------------------


def test_a_signed_in_person_books_a_place_for_themselves():
    person, session = practitioner(), TrainingSessionFactory(capacity=2)
    booking = services.book_place(by=person, session=session)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.user == person and booking.name == person.full_name
    assert booking.organisation_name == person.organisation.name


def test_over_capacity_bookings_go_to_the_waiting_list_in_order():
    session = TrainingSessionFactory(capacity=1)
    first = services.book_place(by=practitioner(), session=session)
    second = services.book_place(by=practitioner(), session=session)
    third = services.book_place(by=practitioner(), session=session)
    assert [b.status for b in (first, second, third)] == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLIST,
        BookingStatus.WAITLIST,
    ]


def test_a_full_session_says_clearly_that_you_are_on_the_waiting_list(client: Client):
    session = TrainingSessionFactory(capacity=1)
    BookingFactory(session=session)
    client.force_login(practitioner())
    url = reverse("partnership:session-book", args=[session.pk])
    assert "This session is full" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "This session is full, so you are on the waiting list" in page


def test_a_freed_place_goes_to_the_first_on_the_waiting_list():
    session = TrainingSessionFactory(capacity=1)
    holder = practitioner()
    held = services.book_place(by=holder, session=session)
    first_waiting = services.book_place(by=practitioner(), session=session)
    second_waiting = services.book_place(by=practitioner(), session=session)
    promoted = services.cancel_booking(by=holder, booking=held)
    assert promoted == first_waiting
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses[held.pk] == BookingStatus.CANCELLED
    assert statuses[first_waiting.pk] == BookingStatus.CONFIRMED
    assert statuses[second_waiting.pk] == BookingStatus.WAITLIST
    assert AuditEvent.objects.filter(
        subject_id=str(first_waiting.pk), details__status="WAITLIST -> CONFIRMED"
    ).exists()


def test_leaving_the_waiting_list_promotes_nobody():
    session = TrainingSessionFactory(capacity=1)
    services.book_place(by=practitioner(), session=session)
    waiting_person = practitioner()
    waiting = services.book_place(by=waiting_person, session=session)
    assert services.cancel_booking(by=waiting_person, booking=waiting) is None


def test_nobody_books_the_same_session_twice_but_may_book_again_after_cancelling():
    person, session = practitioner(), TrainingSessionFactory()
    booking = services.book_place(by=person, session=session)
    with pytest.raises(PartnershipRefused, match="already booked"):
        services.book_place(by=person, session=session)
    services.cancel_booking(by=person, booking=booking)
    assert services.book_place(by=person, session=session).status == BookingStatus.CONFIRMED


def test_bookings_close_when_the_session_starts():
    session = started()
    with pytest.raises(PartnershipRefused, match="Bookings closed when this session started"):
        services.book_place(by=practitioner(), session=session)


def test_someone_else_cannot_cancel_your_booking_unless_they_run_training():
    booking = BookingFactory()
    with pytest.raises(AccessRefused):
        services.cancel_booking(by=practitioner(), booking=booking)
    services.cancel_booking(by=trainer(), booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_system_administrators_cannot_book():
    with pytest.raises(AccessRefused, match="cannot book"):
        services.book_place(
            by=UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR]), session=TrainingSessionFactory()
        )


def test_cancelling_through_the_page_and_refusing_when_there_is_no_booking(client: Client):
    person = practitioner()
    booking = BookingFactory(user=person)
    client.force_login(person)
    url = reverse("partnership:session-cancel", args=[booking.session.pk])
    assert "Your booking is cancelled" in client.post(url, follow=True).content.decode()
    # No booking now: the page is refused as its form would be, back to the session, saying why.
    for send in (client.get, client.post):
        page = send(url, follow=True)
        assert page.redirect_chain[-1][0] == reverse(
            "partnership:session", args=[booking.session.pk]
        )
        assert "You do not have a booking on this session to cancel." in page.content.decode()


# --- Partners' staff without an account ---------------------------------------------------------


def test_a_trainer_records_a_partners_member_of_staff_by_name_and_organisation():
    session = TrainingSessionFactory(capacity=1)
    by = trainer()
    guest = services.add_attendee(
        by=by, session=session, name="Fictional Nurse", organisation_name="Fictional Surgery"
    )
    assert guest.user is None and guest.status == BookingStatus.CONFIRMED
    extra = services.add_attendee(
        by=by, session=session, name="Fictional Officer", organisation_name="Fictional Police"
    )
    assert extra.status == BookingStatus.WAITLIST


def test_adding_someone_to_a_full_session_says_they_are_waiting(client: Client):
    session = TrainingSessionFactory(capacity=1)
    BookingFactory(session=session)
    client.force_login(trainer())
    page = client.post(
        reverse("partnership:session-add-attendee", args=[session.pk]),
        {"name": "Fictional Nurse", "organisation_name": "Fictional Surgery"},
        follow=True,
    ).content.decode()
    assert "The session is full, so Fictional Nurse is on the waiting list." in page


# --- Attendance and completion ----------------------------------------------------------------


def test_attendance_cannot_be_recorded_before_the_session_starts():
    booking = BookingFactory()
    with pytest.raises(PartnershipRefused, match="from the first day of the session"):
        services.record_attendance(
            by=trainer(), session=booking.session, outcomes={booking.pk: Outcome.COMPLETED}
        )


def test_a_trainer_records_attendance_and_completion():
    session = started(days_ago=2)
    done, partly, absent = (BookingFactory(session=session) for _ in range(3))
    services.record_attendance(
        by=trainer(),
        session=session,
        outcomes={
            done.pk: Outcome.COMPLETED,
            partly.pk: Outcome.ATTENDED,
            absent.pk: Outcome.NO_SHOW,
        },
    )
    got = {b.pk: (b.status, b.completed) for b in Booking.objects.all()}
    assert got == {
        done.pk: (BookingStatus.ATTENDED, True),
        partly.pk: (BookingStatus.ATTENDED, False),
        absent.pk: (BookingStatus.NO_SHOW, False),
    }


def test_attendance_is_only_for_people_with_a_place():
    session = started()
    waiting = BookingFactory(session=session, status=BookingStatus.WAITLIST)
    with pytest.raises(PartnershipRefused, match="only be recorded for people with a place"):
        services.record_attendance(
            by=trainer(), session=session, outcomes={waiting.pk: Outcome.COMPLETED}
        )


def test_the_attendance_page_asks_about_everyone_with_a_place(client: Client):
    session = started()
    one = BookingFactory(session=session, name="Fictional Alpha")
    BookingFactory(session=session, status=BookingStatus.WAITLIST, name="Fictional Waiting")
    client.force_login(trainer())
    url = reverse("partnership:session-attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Fictional Alpha" in page and "Fictional Waiting" not in page
    page = client.post(url, {}).content.decode()
    assert "Select whether Fictional Alpha attended" in page
    client.post(url, {f"booking_{one.pk}": Outcome.COMPLETED})
    one.refresh_from_db()
    assert one.completed


def test_each_person_sees_their_own_training_record_only(client: Client):
    person = practitioner()
    mine = BookingFactory(user=person, status=BookingStatus.ATTENDED, completed=True)
    BookingFactory(session__course__title="Someone else's course")
    client.force_login(person)
    response = client.get(reverse("partnership:my-training"))
    assert list(response.context["bookings"]) == [mine]
    page = response.content.decode()
    assert "Completed" in page and "Someone else&#x27;s course" not in page


# --- The export ---------------------------------------------------------------------------------


def test_the_attendance_export_is_streamed_csv_with_formulas_made_harmless(client: Client):
    session = started()
    BookingFactory(session=session, status=BookingStatus.ATTENDED, completed=True)
    BookingFactory(
        session=session, user=None, name="=HYPERLINK(1)", organisation_name="Fictional Surgery"
    )
    BookingFactory(session=session, status=BookingStatus.CANCELLED, name="Fictional Cancelled")
    client.force_login(trainer())
    response = client.get(reverse("partnership:session-export", args=[session.pk]))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["Name", "Organisation", "Account email", "Status", "Completed"]
    names = [row[0] for row in rows[1:]]
    assert "'=HYPERLINK(1)" in names and "Fictional Cancelled" not in names
    assert any(row[3] == "Attended" and row[4] == "Yes" for row in rows[1:])


# --- Pages whose queries must not grow ---------------------------------------------------------


def test_training_pages_queries_do_not_grow(client: Client):
    person = trainer()
    session = TrainingSessionFactory(capacity=3)
    BookingFactory(session=session, user=person)
    past = started(days_ago=3)
    BookingFactory(session=past, user=person, status=BookingStatus.ATTENDED)
    client.force_login(person)

    def grow():
        for s in (TrainingSessionFactory(), started(days_ago=5)):
            BookingFactory(session=s, user=person)
        BookingFactory.create_batch(3, session=session)
        BookingFactory.create_batch(3, session=past, status=BookingStatus.ATTENDED)
        BookingFactory(session=session, user=None, name="Fictional Guest")

    pages = [
        reverse("partnership:sessions"),
        reverse("partnership:my-training"),
        reverse("partnership:session", args=[session.pk]),
        reverse("partnership:session-attendance", args=[past.pk]),
    ]
    counts = [client.get(url) for url in pages]  # warm up anything cached per process
    assert all(r.status_code == 200 for r in counts)
    assert_queries_do_not_grow(lambda: [client.get(url) for url in pages], grow)
