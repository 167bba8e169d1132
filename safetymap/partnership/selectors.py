"""Reads for the partnership's pages. None of this is case data about children; each page
still fetches what it shows in a fixed number of queries however much there is."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.core.paging import KeysetPage, keyset_page
from safetymap.partnership.models import (
    ENDED_BOOKING,
    OUTSTANDING_BRIEFINGS,
    TAKES_A_PLACE,
    Booking,
    BookingStatus,
    BriefingRequest,
    PracticeStory,
    StoryStatus,
    TrainingSession,
)


def outstanding_briefing_requests() -> QuerySet[BriefingRequest]:
    return BriefingRequest.objects.filter(status__in=OUTSTANDING_BRIEFINGS).order_by(
        "status", "received_at", "pk"
    )


def closed_briefing_requests(status: str = "") -> QuerySet[BriefingRequest]:
    closed = BriefingRequest.objects.exclude(status__in=OUTSTANDING_BRIEFINGS)
    if status:
        closed = closed.filter(status=status)
    return closed.order_by("-updated_at", "-pk")


PAGE_SIZE = 50


def briefing_request_pages(
    outstanding_cursor: str | None = None, closed_cursor: str | None = None, *, status: str = ""
) -> tuple[KeysetPage, KeysetPage]:
    """A page of the outstanding requests and a page of the delivered or declined ones (only
    one of those when ``status`` says), each with its own cursor (``core.paging``)."""
    outstanding = BriefingRequest.objects.filter(status__in=OUTSTANDING_BRIEFINGS)
    if status:
        outstanding = outstanding.filter(status=status)
    return (
        keyset_page(
            outstanding,
            ("status", "received_at", "pk"),
            PAGE_SIZE,
            outstanding_cursor,
            parameter="outstanding",
        ),
        keyset_page(
            closed_briefing_requests(status),
            ("-updated_at", "-pk"),
            PAGE_SIZE,
            closed_cursor,
            parameter="closed",
        ),
    )


def sessions_with_places() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.select_related("course", "trainer").annotate(
        places_taken=Count("bookings", filter=Q(bookings__status__in=TAKES_A_PLACE)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLIST)),
    )


def upcoming_sessions(today: datetime.date) -> QuerySet[TrainingSession]:
    return sessions_with_places().filter(starts_on__gt=today).order_by("starts_on", "pk")


def past_sessions(today: datetime.date) -> QuerySet[TrainingSession]:
    return sessions_with_places().filter(starts_on__lte=today).order_by("-starts_on", "-pk")


def session_pages(
    today: datetime.date,
    upcoming_cursor: str | None = None,
    past_cursor: str | None = None,
    *,
    course_type: str = "",
    with_past: bool = False,
) -> tuple[KeysetPage, KeysetPage | None]:
    """A page of the sessions coming up, soonest first, and (for those who run training) a page
    of those started or finished, latest first; each with its own cursor (``core.paging``),
    optionally of one type of course."""

    def of_type(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
        return sessions.filter(course__course_type=course_type) if course_type else sessions

    upcoming = keyset_page(
        of_type(upcoming_sessions(today)),
        ("starts_on", "pk"),
        PAGE_SIZE,
        upcoming_cursor,
        parameter="upcoming",
    )
    past = (
        keyset_page(
            of_type(past_sessions(today)),
            ("-starts_on", "-pk"),
            PAGE_SIZE,
            past_cursor,
            parameter="past",
        )
        if with_past
        else None
    )
    return upcoming, past


def bookings_on(session: TrainingSession) -> QuerySet[Booking]:
    return (
        session.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("user")
        .order_by("booked_at", "pk")
    )


def with_a_place(session: TrainingSession) -> QuerySet[Booking]:
    return session.bookings.filter(status__in=TAKES_A_PLACE).order_by("name", "pk")


def own_booking(user: User, session: TrainingSession) -> Booking | None:
    return session.bookings.filter(user=user).exclude(status__in=ENDED_BOOKING).first()


def training_record(user: User) -> QuerySet[Booking]:
    """This person's own bookings, past and future (cancelled ones are left out)."""
    return (
        Booking.objects.filter(user=user)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session__course")
        .order_by("-session__starts_on", "-pk")
    )


ATTENDANCE_HEADER = ("Name", "Organisation", "Account email", "Status", "Completed", "Booked at")


def attendance_rows(session: TrainingSession) -> Iterator[tuple]:
    """A session's attendance for the CSV export, read in chunks so a big one streams."""
    rows = (
        session.bookings.exclude(status=BookingStatus.CANCELLED)
        .order_by("name", "pk")
        .values_list("name", "organisation_name", "user__email", "status", "completed", "booked_at")
    )
    labels = dict(BookingStatus.choices)
    for name, organisation, email, status, completed, booked_at in rows.iterator(chunk_size=500):
        yield (
            name,
            organisation,
            email or "",
            labels[status],
            "Yes" if completed else "No",
            booked_at.isoformat(timespec="minutes"),
        )


def published_stories() -> QuerySet[PracticeStory]:
    return PracticeStory.objects.filter(status=StoryStatus.PUBLISHED).order_by(
        "-moderated_at", "-pk"
    )


def stories_waiting() -> QuerySet[PracticeStory]:
    return (
        PracticeStory.objects.filter(status=StoryStatus.PENDING)
        .select_related("author__organisation")
        .order_by("submitted_at", "pk")
    )


def stories_by(user: User) -> QuerySet[PracticeStory]:
    return PracticeStory.objects.filter(author=user).exclude(status=StoryStatus.PUBLISHED)


def bookings_waiting_for(manager: User) -> QuerySet[Booking]:
    """Bookings waiting for this person's approval: made by members of the teams they manage."""
    return (
        Booking.objects.filter(
            status=BookingStatus.REQUESTED,
            user__teams__manager=manager,
            session__starts_on__gt=timezone.localdate(),
        )
        .exclude(user=manager)
        .select_related("user", "session__course")
        .distinct()
        .order_by("booked_at", "pk")
    )


def booking_waiting_for(manager: User, pk: int) -> Booking | None:
    """One booking this manager may decide, or None (the page then says "not found")."""
    return (
        Booking.objects.filter(pk=pk, user__teams__manager=manager)
        .exclude(user=manager)
        .select_related("user", "session__course", "session__trainer")
        .distinct()
        .first()
    )
