"""The partnership's work, one use case a function: one transaction, the rules, the audit.

A refused action raises PartnershipRefused with words the person understands; nothing is saved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import Capability, can, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.core.display import govuk_date
from safetymap.core.errors import Refused
from safetymap.partnership import tasks
from safetymap.partnership.models import (
    ENDED_BOOKING,
    TAKES_A_PLACE,
    Booking,
    BookingStatus,
    BriefingRequest,
    BriefingStatus,
    Course,
    PracticeStory,
    StoryStatus,
    TrainingSession,
)


class PartnershipRefused(Refused):
    """An action the rules do not allow now (see core.errors.Refused)."""


def _email_about_booking(booking: Booking, event: str) -> None:
    """Queue the email for after the commit: the worker sends it, never the request."""
    if booking.user_id is None:
        return  # partners' staff without an account are told by the trainer
    booking_id = booking.pk
    transaction.on_commit(lambda: tasks.send_booking_email.enqueue(booking_id, event))


def _audit(by: User | None, action: str, subject: Any, **details: Any) -> None:
    record(
        actor=by,
        action=action,
        subject=subject,
        basis="partnership programme",
        details={k: str(v) for k, v in details.items()},
        actor_label="" if by else "public briefing request form",
    )


# --- Briefing requests ----------------------------------------------------------------------------

# The moves the partnership may make. A scheduled briefing may be moved to another date.
BRIEFING_MOVES: dict[str, frozenset[str]] = {
    BriefingStatus.NEW: frozenset({BriefingStatus.SCHEDULED, BriefingStatus.DECLINED}),
    BriefingStatus.SCHEDULED: frozenset(
        {BriefingStatus.SCHEDULED, BriefingStatus.DELIVERED, BriefingStatus.DECLINED}
    ),
    BriefingStatus.DELIVERED: frozenset(),
    BriefingStatus.DECLINED: frozenset(),
}

_WHY_NOT: dict[tuple[str, str], str] = {
    (BriefingStatus.NEW, BriefingStatus.DELIVERED): (
        "Schedule the briefing before recording it as delivered."
    ),
}


def briefing_move_refusal(current: str, to: str) -> str | None:
    """Why a briefing request at ``current`` cannot move ``to`` another status, or None."""
    if to in BRIEFING_MOVES[current]:
        return None
    label = BriefingStatus(current).label.lower()
    return _WHY_NOT.get(
        (current, to),
        f"This request has already been {label}, so it cannot be changed."
        if not BRIEFING_MOVES[current]
        else f"A {label} request cannot be {BriefingStatus(to).label.lower()}.",
    )


def may_record_briefing_delivered(briefing: BriefingRequest) -> str | None:
    """Why the briefing cannot be recorded as delivered now, or None: asked by its page before
    it shows the form, and (under a lock) by ``record_briefing_delivered``."""
    return briefing_move_refusal(briefing.status, BriefingStatus.DELIVERED)


def _move_briefing(briefing: BriefingRequest, to: str) -> str:
    """Lock the request, check the move is allowed, and return the status it moves from."""
    current = BriefingRequest.objects.select_for_update().get(pk=briefing.pk).status
    if reason := briefing_move_refusal(current, to):
        raise PartnershipRefused(reason)
    return current


@transaction.atomic
def submit_briefing_request(**fields: Any) -> BriefingRequest:
    """A request from the public form. Text is stored as typed; templates escape it."""
    briefing = BriefingRequest.objects.create(status=BriefingStatus.NEW, **fields)
    _audit(None, Action.CREATE, briefing, status=briefing.status)
    briefing_id = briefing.pk
    transaction.on_commit(lambda: tasks.send_briefing_request_emails.enqueue(briefing_id))
    return briefing


@transaction.atomic
def schedule_briefing(*, by: User, briefing: BriefingRequest, on: datetime.date) -> None:
    require(by, Capability.MANAGE_PARTNERSHIP)
    if on < timezone.localdate():
        raise PartnershipRefused("The date of the briefing must be today or in the future", "on")
    was = _move_briefing(briefing, BriefingStatus.SCHEDULED)
    briefing.status, briefing.scheduled_for = BriefingStatus.SCHEDULED, on
    briefing.save(update_fields=["status", "scheduled_for", "updated_at"])
    _audit(by, Action.UPDATE, briefing, status=f"{was} -> SCHEDULED", scheduled_for=on)


@transaction.atomic
def record_briefing_delivered(*, by: User, briefing: BriefingRequest, on: datetime.date) -> None:
    require(by, Capability.MANAGE_PARTNERSHIP)
    was = _move_briefing(briefing, BriefingStatus.DELIVERED)
    if on > timezone.localdate():
        raise PartnershipRefused("The date it was delivered must be today or in the past", "on")
    briefing.status, briefing.delivered_on = BriefingStatus.DELIVERED, on
    briefing.save(update_fields=["status", "delivered_on", "updated_at"])
    _audit(by, Action.UPDATE, briefing, status=f"{was} -> DELIVERED", delivered_on=on)


@transaction.atomic
def decline_briefing(*, by: User, briefing: BriefingRequest, reason: str) -> None:
    require(by, Capability.MANAGE_PARTNERSHIP)
    if not reason.strip():
        raise PartnershipRefused("Enter why the request is declined", "reason")
    was = _move_briefing(briefing, BriefingStatus.DECLINED)
    briefing.status, briefing.decline_reason = BriefingStatus.DECLINED, reason.strip()
    briefing.save(update_fields=["status", "decline_reason", "updated_at"])
    _audit(by, Action.UPDATE, briefing, status=f"{was} -> DECLINED")


# --- Courses and sessions -------------------------------------------------------------------------


@transaction.atomic
def add_course(*, by: User, **fields: Any) -> Course:
    require(by, Capability.RUN_TRAINING)
    course = Course.objects.create(**fields)
    _audit(by, Action.CREATE, course, title=course.title)
    return course


@transaction.atomic
def add_session(*, by: User, **fields: Any) -> TrainingSession:
    require(by, Capability.RUN_TRAINING)
    if fields["ends_on"] < fields["starts_on"]:
        raise PartnershipRefused(
            "The last day must be the same as or after the first day", "ends_on"
        )
    if not fields.get("online") and not (fields.get("venue") or "").strip():
        raise PartnershipRefused("Enter the venue, or say the session is online", "venue")
    if not can(fields["trainer"], Capability.RUN_TRAINING):
        raise PartnershipRefused(
            f"{fields['trainer'].full_name} is not a trainer in Safetymap", "trainer"
        )
    session = TrainingSession.objects.create(**fields)
    _audit(by, Action.CREATE, session, course=session.course_id, starts_on=session.starts_on)
    return session


def _locked(session: TrainingSession) -> TrainingSession:
    """One booking change at a time per session, so two people never take the last place.
    (PostgreSQL locks the row; SQLite serialises writers itself.)"""
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _places_taken(session: TrainingSession) -> int:
    return session.bookings.filter(status__in=TAKES_A_PLACE).count()


def _place_or_waiting_list(session: TrainingSession) -> str:
    if _places_taken(session) < session.capacity:
        return BookingStatus.CONFIRMED
    return BookingStatus.WAITLIST


def _bookings_still_open(session: TrainingSession) -> None:
    if session.starts_on <= timezone.localdate():
        raise PartnershipRefused(
            f"Bookings closed when this session started on {govuk_date(session.starts_on)}."
        )


def managers_of(user: User):
    """The people who approve this person's training: the managers of the teams they are in."""
    return (
        User.objects.filter(is_active=True, managed_teams__members=user)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def book_place(*, by: User, session: TrainingSession) -> Booking:
    """Book the person a place for themselves; when the session is full, a place on the
    waiting list (the first on it is given the next place that frees). When the session needs
    manager approval, the booking waits for the person's manager and takes no place yet."""
    require(by, Capability.BOOK_TRAINING)
    session = _locked(session)
    _bookings_still_open(session)
    if session.bookings.filter(user=by).exclude(status__in=ENDED_BOOKING).exists():
        raise PartnershipRefused("You have already booked this session.")
    needs_approval = session.approval_needed
    if needs_approval and not managers_of(by).exists():
        raise PartnershipRefused(
            "This session needs your manager's approval, but Safetymap does not know who your "
            "manager is. Ask your system administrator to add you to your team."
        )
    booking = Booking.objects.create(
        session=session,
        user=by,
        name=by.full_name,
        organisation_name=by.organisation.name if by.organisation_id else "",
        status=BookingStatus.REQUESTED if needs_approval else _place_or_waiting_list(session),
        booked_at=timezone.now(),
        recorded_by=by,
    )
    _audit(by, Action.CREATE, booking, session=session.pk, status=booking.status)
    _email_about_booking(booking, booking.status)
    return booking


def _waiting_for(by: User, booking: Booking) -> Booking:
    """Lock the session and the booking; only the person's manager decides, and only once."""
    require(by, Capability.BOOK_TRAINING)
    session = _locked(booking.session)
    booking = Booking.objects.select_related("user").get(pk=booking.pk)
    if booking.user_id is None or not managers_of(booking.user).filter(pk=by.pk).exists():
        raise PartnershipRefused("Only the manager of the person who booked can decide.")
    if booking.status != BookingStatus.REQUESTED:
        raise PartnershipRefused(
            f"This booking has already been decided: it is {booking.get_status_display().lower()}."
        )
    _bookings_still_open(session)
    booking.session = session
    return booking


@transaction.atomic
def approve_booking(*, by: User, booking: Booking) -> Booking:
    """The manager approves: a place if one is free, otherwise the waiting list."""
    booking = _waiting_for(by, booking)
    booking.status = _place_or_waiting_list(booking.session)
    booking.decided_by, booking.decided_at = by, timezone.now()
    booking.save(update_fields=["status", "decided_by", "decided_at"])
    _audit(by, Action.UPDATE, booking, status=f"REQUESTED -> {booking.status}")
    _email_about_booking(booking, "APPROVED")
    return booking


@transaction.atomic
def decline_booking(*, by: User, booking: Booking, reason: str) -> Booking:
    if not reason.strip():
        raise PartnershipRefused("Enter why the booking is not approved", "reason")
    booking = _waiting_for(by, booking)
    booking.status = BookingStatus.NOT_APPROVED
    booking.decided_by, booking.decided_at = by, timezone.now()
    booking.decline_reason = reason.strip()
    booking.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    _audit(by, Action.UPDATE, booking, status="REQUESTED -> NOT_APPROVED")
    _email_about_booking(booking, "NOT_APPROVED")
    return booking


@transaction.atomic
def add_attendee(
    *, by: User, session: TrainingSession, name: str, organisation_name: str
) -> Booking:
    """A partner's member of staff with no account, recorded by the trainer."""
    require(by, Capability.RUN_TRAINING)
    session = _locked(session)
    booking = Booking.objects.create(
        session=session,
        name=name.strip(),  # no account, so no email: the trainer tells them
        organisation_name=organisation_name.strip(),
        status=_place_or_waiting_list(session),
        booked_at=timezone.now(),
        recorded_by=by,
    )
    _audit(by, Action.CREATE, booking, session=session.pk, status=booking.status)
    return booking


@transaction.atomic
def cancel_booking(*, by: User, booking: Booking) -> Booking | None:
    """Cancel a place or a place on the waiting list. A freed place goes to the first person
    on the waiting list, who is returned."""
    if booking.user_id != by.pk:
        require(by, Capability.RUN_TRAINING)
    session = _locked(booking.session)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status not in (
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLIST,
        BookingStatus.REQUESTED,
    ):
        raise PartnershipRefused(
            f"This booking cannot be cancelled: it is {booking.get_status_display().lower()}."
        )
    _bookings_still_open(session)
    freed_a_place = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    _audit(by, Action.UPDATE, booking, status="CANCELLED")
    if not freed_a_place:
        return None
    return _promote_from_waiting_list(by, session)


def _promote_from_waiting_list(by: User, session: TrainingSession) -> Booking | None:
    if _places_taken(session) >= session.capacity:
        return None
    first = session.bookings.filter(status=BookingStatus.WAITLIST).order_by("booked_at", "pk")
    promoted = first.first()
    if promoted:
        promoted.status = BookingStatus.CONFIRMED
        promoted.save(update_fields=["status"])
        _audit(by, Action.UPDATE, promoted, status="WAITLIST -> CONFIRMED")
        _email_about_booking(promoted, "PROMOTED")
    return promoted


class Outcome:
    COMPLETED = "COMPLETED"
    ATTENDED = "ATTENDED"
    NO_SHOW = "NO_SHOW"
    CHOICES = (
        (COMPLETED, "Attended and completed the course"),
        (ATTENDED, "Attended but did not complete"),
        (NO_SHOW, "Did not attend"),
    )


def may_record_attendance(session: TrainingSession) -> str | None:
    """Why attendance cannot be recorded yet, or None: asked by the attendance page before it
    shows the form, and by ``record_attendance`` before it saves."""
    if session.starts_on > timezone.localdate():
        return (
            "You can record attendance from the first day of the session, "
            f"{govuk_date(session.starts_on)}."
        )
    return None


@transaction.atomic
def record_attendance(*, by: User, session: TrainingSession, outcomes: dict[int, str]) -> int:
    """Record who attended and who completed. Returns how many bookings were recorded."""
    require(by, Capability.RUN_TRAINING)
    session = _locked(session)
    if why := may_record_attendance(session):
        raise PartnershipRefused(why)
    bookings = {b.pk: b for b in session.bookings.filter(status__in=TAKES_A_PLACE)}
    unknown = set(outcomes) - set(bookings)
    if unknown:
        raise PartnershipRefused("Attendance can only be recorded for people with a place.")
    for pk, outcome in outcomes.items():
        booking = bookings[pk]
        status = BookingStatus.NO_SHOW if outcome == Outcome.NO_SHOW else BookingStatus.ATTENDED
        completed = outcome == Outcome.COMPLETED
        if (booking.status, booking.completed) == (status, completed):
            continue
        booking.status, booking.completed = status, completed
        booking.save(update_fields=["status", "completed"])
        _audit(by, Action.UPDATE, booking, status=status, completed=completed)
    return len(outcomes)


# --- Practice stories -----------------------------------------------------------------------------


@transaction.atomic
def submit_story(*, by: User, **fields: Any) -> PracticeStory:
    story = PracticeStory.objects.create(author=by, status=StoryStatus.PENDING, **fields)
    _audit(by, Action.CREATE, story, status=story.status)
    return story


def _pending(story: PracticeStory) -> PracticeStory:
    story = PracticeStory.objects.select_for_update().get(pk=story.pk)
    if story.status != StoryStatus.PENDING:
        raise PartnershipRefused(
            f"This story has already been moderated: it is {story.get_status_display().lower()}."
        )
    return story


@transaction.atomic
def publish_story(*, by: User, story: PracticeStory) -> None:
    require(by, Capability.MANAGE_PARTNERSHIP)
    story = _pending(story)
    if story.author_id == by.pk:
        raise PartnershipRefused(
            "Someone else must moderate your own story before it is published."
        )
    story.status, story.moderated_by, story.moderated_at = StoryStatus.PUBLISHED, by, timezone.now()
    story.save(update_fields=["status", "moderated_by", "moderated_at"])
    _audit(by, Action.UPDATE, story, status="PENDING -> PUBLISHED")


@transaction.atomic
def return_story(*, by: User, story: PracticeStory, reason: str) -> None:
    require(by, Capability.MANAGE_PARTNERSHIP)
    if not reason.strip():
        raise PartnershipRefused("Enter why the story is returned to its author", "reason")
    story = _pending(story)
    story.status, story.moderated_by, story.moderated_at = StoryStatus.RETURNED, by, timezone.now()
    story.return_reason = reason.strip()
    story.save(update_fields=["status", "moderated_by", "moderated_at", "return_reason"])
    _audit(by, Action.UPDATE, story, status="PENDING -> RETURNED")
