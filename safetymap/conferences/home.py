"""The conferences' sections of each person's home page (registered in
ConferencesConfig.ready): conferences to chair and records to finish, conferences the social
worker leads, and agency reports a professional has been asked for. Bounded, a fixed number
of queries, and through the access policy (``conferences_open_to``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from safetymap.access.policy import (
    Capability,
    can,
    conferences_open_to,
    live_conference_invitations,
)
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.conferences.codes import Stage
from safetymap.conferences.models import AgencyReport, Conference, Invitation
from safetymap.core.display import govuk_date
from safetymap.core.home import SECTION_ROWS, HomeRow, HomeSection

FINISHED = (Stage.DISTRIBUTED, Stage.CANCELLED)
NEXT_FOR_CHAIR = {
    Stage.HELD: "Finish the record",
    Stage.RECORD_DRAFTED: "Approve the record",
    Stage.CHAIR_APPROVED: "Distribute the record",
}


def _open(conferences: QuerySet[Conference]) -> QuerySet[Conference]:
    return (
        conferences.exclude(stage__in=FINISHED)
        .prefetch_related("children")
        .order_by("scheduled_on", "due_on", "pk")
    )


def _when(conference: Conference) -> str:
    if conference.held_on:
        return f"Held {govuk_date(conference.held_on)}"
    if conference.scheduled_on:
        return f"On {govuk_date(conference.scheduled_on)}"
    return f"Due by {govuk_date(conference.due_on)}" if conference.due_on else "Not yet dated"


def _rows(conferences, label) -> list[HomeRow]:
    return [
        HomeRow(
            label(conference),
            reverse("conferences:conference", kwargs={"pk": conference.pk}),
            ", ".join(child.full_name for child in conference.children.all()),
            _when(conference),
            conference.get_stage_display(),
            "blue",
        )
        for conference in conferences
    ]


def chair_section(user: User) -> list[HomeSection]:
    """The chair: conferences to chair, and records to finish, approve and distribute."""
    chair = Role.CONFERENCE_CHAIR in user.roles
    if not chair and not _open(Conference.objects.filter(chair=user)).exists():
        return []  # most people: one small query, not the access policy's
    chaired = conferences_open_to(user, _open(Conference.objects.filter(chair=user)))
    if not chair and not chaired.exists():
        return []
    rows = _rows(
        chaired[:SECTION_ROWS],
        lambda c: NEXT_FOR_CHAIR.get(c.stage, f"Chair the {c.get_conference_type_display()}"),
    )
    return [
        HomeSection(
            "Conferences to chair",
            rows,
            priority=10,
            total=chaired.count(),
            see_all_url=reverse("conferences:mine"),
            see_all_text="See all your conferences",
            empty="You have no conferences to chair.",
            key="chair",
        )
    ]


def lead_section(user: User) -> list[HomeSection]:
    """The allocated social worker: conferences about the children they hold."""
    if not can(user, Capability.RECORD_PATHWAY):
        return []
    allocated = Q(episode__allocations__worker=user, episode__allocations__ended_on__isnull=True)
    led = conferences_open_to(user, _open(Conference.objects.filter(allocated)))
    rows = _rows(led[:SECTION_ROWS], lambda c: c.get_conference_type_display())
    return [
        HomeSection(
            "Conferences about the children you hold",
            rows,
            priority=25,
            total=led.count(),
            see_all_url=reverse("conferences:mine"),
            see_all_text="See all your conferences",
            key="lead",
        )
    ]


def reports_section(user: User) -> list[HomeSection]:
    """A professional asked for an agency report that is not yet sent."""
    if not can(user, Capability.USE_CASE_WORK):
        return []
    written = AgencyReport.objects.filter(author=user, submitted_at__isnull=False).values(
        "conference"
    )
    asked = (
        Invitation.objects.filter(
            pk__in=live_conference_invitations(user).values("pk"), report_requested=True
        )
        .exclude(conference__in=written)
        .select_related("conference")
        .order_by("conference__scheduled_on", "pk")
    )
    rows = [
        HomeRow(
            "Write your report",
            reverse("conferences:my-report", kwargs={"pk": invitation.conference_id}),
            invitation.conference.get_conference_type_display(),
            _when(invitation.conference),
        )
        for invitation in asked[:SECTION_ROWS]
    ]
    partner = Role.PARTNER_PRACTITIONER in user.roles
    return [
        HomeSection(
            "Reports you have been asked for",
            rows,
            priority=10 if partner else 20,
            total=asked.count(),
            empty="No reports are waiting for you." if partner else "",
            key="reports",
        )
    ]


def minutes_section(user: User) -> list[HomeSection]:
    """Business support: conferences they take the minutes for, until distributed."""
    minutes_taker = Role.BUSINESS_SUPPORT in user.roles
    if not minutes_taker and not _open(Conference.objects.filter(minute_taker=user)).exists():
        return []
    minuted = conferences_open_to(user, _open(Conference.objects.filter(minute_taker=user)))
    if not minutes_taker and not minuted.exists():
        return []
    rows = _rows(minuted[:SECTION_ROWS], lambda c: f"Minutes: {c.get_conference_type_display()}")
    return [
        HomeSection(
            "Conferences you take the minutes for",
            rows,
            priority=10,
            total=minuted.count(),
            see_all_url=reverse("conferences:mine"),
            see_all_text="See all your conferences",
            empty="You have no conferences to minute.",
            key="minutes",
        )
    ]


PROVIDERS = (chair_section, minutes_section, lead_section, reports_section)
