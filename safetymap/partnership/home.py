"""The partnership's sections of each person's home page (registered in
PartnershipConfig.ready): briefing requests to answer, sessions to run, bookings to approve."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from safetymap.access.policy import Capability, can
from safetymap.accounts.models import User
from safetymap.core.display import govuk_date
from safetymap.core.home import SECTION_ROWS, HomeRow, HomeSection
from safetymap.partnership import selectors


def briefings_section(user: User) -> list[HomeSection]:
    if not can(user, Capability.MANAGE_PARTNERSHIP):
        return []
    waiting = selectors.outstanding_briefing_requests()
    rows = [
        HomeRow(
            f"Briefing for {briefing.organisation}",
            reverse("partnership:briefing-request-detail", kwargs={"pk": briefing.pk}),
            briefing.get_status_display(),
            f"Asked {govuk_date(timezone.localtime(briefing.received_at).date())}",
        )
        for briefing in waiting[:SECTION_ROWS]
    ]
    return [
        HomeSection(
            "Briefing requests to answer",
            rows,
            priority=10,
            total=waiting.count(),
            see_all_url=reverse("partnership:briefing-requests"),
            see_all_text="See every briefing request",
            empty="No briefing requests are waiting.",
            key="briefings",
        )
    ]


def sessions_section(user: User) -> list[HomeSection]:
    if not can(user, Capability.RUN_TRAINING):
        return []
    sessions = selectors.upcoming_sessions(timezone.localdate())
    if not can(user, Capability.MANAGE_PARTNERSHIP):
        sessions = sessions.filter(trainer=user)
    rows = [
        HomeRow(
            session.course.title,
            reverse("partnership:session", kwargs={"pk": session.pk}),
            f"{session.places_taken} booked, {session.waiting} waiting",
            govuk_date(session.starts_on),
        )
        for session in sessions[:SECTION_ROWS]
    ]
    trainer_only = not can(user, Capability.MANAGE_PARTNERSHIP)
    return [
        HomeSection(
            "Training sessions coming up",
            rows,
            priority=10 if trainer_only else 20,
            total=sessions.count(),
            see_all_url=reverse("partnership:sessions"),
            see_all_text="See all training",
            empty="No sessions are coming up.",
            key="sessions",
        )
    ]


def approvals_section(user: User) -> list[HomeSection]:
    waiting = selectors.bookings_waiting_for(user)
    rows = [
        HomeRow(
            f"Approve {booking.user.full_name}'s booking",
            reverse("partnership:booking-decide", kwargs={"pk": booking.pk}),
            booking.session.course.title,
            govuk_date(booking.session.starts_on),
        )
        for booking in waiting[:SECTION_ROWS]
    ]
    return [
        HomeSection(
            "Training bookings to approve",
            rows,
            priority=45,
            total=waiting.count(),
            see_all_url=reverse("partnership:booking-approvals"),
            see_all_text="See every booking to approve",
            key="bookings",
        )
    ]


PROVIDERS = (briefings_section, sessions_section, approvals_section)
