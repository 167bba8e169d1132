"""The partnership's emails, sent by the worker (manage.py run_worker), never in a request.

Services queue these with ``transaction.on_commit``, so nothing is sent for a change that was
rolled back. Emails carry no case data; links lead to pages behind sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import TaskContext, task

from safetymap.worker.mail import send_once

SUBJECTS = {
    "CONFIRMED": "Your place is booked: {course}",
    "WAITLIST": "You are on the waiting list: {course}",
    "PROMOTED": "A place has come up for you: {course}",
    "REQUESTED": "Waiting for your manager's approval: {course}",
    "APPROVED": "Your manager approved your booking: {course}",
    "NOT_APPROVED": "Your manager did not approve your booking: {course}",
}


def _link(name: str, *args: object) -> str:
    return settings.SAFETYMAP_BASE_URL.rstrip("/") + reverse(name, args=args)


@task(takes_context=True)
def send_booking_email(context: TaskContext, booking_id: int, event: str) -> int:
    """Tell the person who booked what happened to their booking; when it waits for approval,
    also ask their managers to decide. Returns how many emails were sent. The same event can
    happen to a booking more than once, so each email's key is this task's own id: a task run
    again sends nothing twice."""
    from safetymap.partnership.models import Booking
    from safetymap.partnership.services import managers_of

    booking = (
        Booking.objects.select_related("user", "session__course", "session__trainer")
        .filter(pk=booking_id, user__isnull=False)
        .first()
    )
    if booking is None or event not in SUBJECTS:
        return 0
    session, course = booking.session, booking.session.course.title
    mail_context = {
        "booking": booking,
        "session": session,
        "event": event,
        "session_url": _link("partnership:session", session.pk),
        "record_url": _link("partnership:my-training"),
    }
    key = f"booking:{context.task_result.id}"
    sent = send_once(
        f"{key}:{booking.user_id}",
        SUBJECTS[event].format(course=course),
        render_to_string("partnership/email/booking.txt", mail_context),
        [booking.user.email],
    )
    if event == "REQUESTED":
        for manager in managers_of(booking.user):
            sent += send_once(
                f"{key}:manager:{manager.pk}",
                f"Please approve or decline a training booking: {booking.name}",
                render_to_string(
                    "partnership/email/approval_request.txt",
                    {
                        **mail_context,
                        "manager": manager,
                        "decide_url": _link("partnership:booking-decide", booking.pk),
                    },
                ),
                [manager.email],
            )
    return sent


def partnership_addresses() -> list[str]:
    """Where the partnership is told of new briefing requests: SAFETYMAP_PARTNERSHIP_EMAIL, or
    else every active partnership administrator."""
    if settings.SAFETYMAP_PARTNERSHIP_EMAIL:
        return [settings.SAFETYMAP_PARTNERSHIP_EMAIL]
    from safetymap.accounts.models import User
    from safetymap.accounts.roles import Role, group_name

    admins = User.objects.filter(
        is_active=True, groups__name=group_name(Role.PARTNERSHIP_ADMINISTRATOR)
    )
    return sorted(set(admins.values_list("email", flat=True)))


@task()
def send_briefing_request_emails(briefing_id: int) -> int:
    """A confirmation to the person who asked for a briefing, and a note to the partnership."""
    from safetymap.partnership.models import BriefingRequest

    briefing = BriefingRequest.objects.filter(pk=briefing_id).first()
    if briefing is None:
        return 0
    context = {
        "briefing": briefing,
        "detail_url": _link("partnership:briefing-request-detail", briefing.pk),
    }
    sent = send_once(
        f"briefing-received:{briefing.pk}",
        f"We have your request for a briefing ({briefing.reference})",
        render_to_string("partnership/email/briefing_received.txt", context),
        [briefing.email],
    )
    addresses = partnership_addresses()
    if addresses:
        sent += send_once(
            f"briefing-new:{briefing.pk}",
            f"New briefing request {briefing.reference}: {briefing.organisation}",
            render_to_string("partnership/email/briefing_new.txt", context),
            addresses,
        )
    return sent
