"""What the conference app tells the pathway (``safetymap.cases.providers``), registered in
``ConferencesConfig.ready()``."""

from __future__ import annotations

from safetymap.accounts.models import Organisation
from safetymap.cases.models import ChildProtectionPlan
from safetymap.conferences.codes import ConferenceType, InviteeKind
from safetymap.conferences.models import Conference, Decision


def initial_conference_of(plan: ChildProtectionPlan) -> Conference | None:
    """The initial (or transfer-in) conference whose decision started this plan; for a plan
    recorded on the episode, the latest initial conference about the child held on or before
    the plan started. None when no such conference was held in the system."""
    decision = (
        Decision.objects.filter(plan=plan)
        .exclude(conference__conference_type=ConferenceType.REVIEW)
        .select_related("conference")
        .order_by("conference__held_on", "pk")
        .first()
    )
    if decision is not None:
        return decision.conference
    return (
        Conference.objects.filter(
            episode__child=plan.episode.child_id,
            children=plan.episode.child_id,
            held_on__isnull=False,
            held_on__lte=plan.started_on,
        )
        .exclude(conference_type=ConferenceType.REVIEW)
        .order_by("-held_on", "-pk")
        .first()
    )


def plan_agencies(plan: ChildProtectionPlan) -> list[Organisation] | None:
    """R16: the agencies invited to the initial conference that led to the plan, each once."""
    conference = initial_conference_of(plan)
    if conference is None:
        return None
    invited = conference.invitations.filter(
        kind=InviteeKind.PROFESSIONAL, organisation__isnull=False
    ).values("organisation")
    return list(Organisation.objects.filter(pk__in=invited).order_by("name"))
