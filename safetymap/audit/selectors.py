from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from safetymap.accounts.models import User
from safetymap.audit.models import Action, AuditEvent
from safetymap.core.display import govuk_datetime


def recent_activity_of(user: User, limit: int = 5) -> QuerySet[AuditEvent]:
    """A person's own latest events, so they can spot a sign-in that was not them."""
    return AuditEvent.objects.filter(actor=user).order_by("-occurred_at", "-id")[:limit]


REPORT_LIMIT = 500


def who_accessed(la_child_id: str):
    """Every event about one child, newest first (the report shows the latest 500)."""
    from safetymap.people.models import Child

    child = Child.objects.filter(la_child_id=la_child_id).first()
    if child is None:
        return None, None
    events = (
        AuditEvent.objects.filter(child_id=child.pk)
        .select_related("actor__organisation")
        .order_by("-occurred_at", "-id")[:REPORT_LIMIT]
    )
    return child, events


def activity_of(user: User) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor=user).order_by("-occurred_at", "-id")[:REPORT_LIMIT]


def last_change_in_words(subject: models.Model) -> str:
    """Who last changed a record, and when: "Sam Example, on 16 November 2026 at 10:04," (for an
    edit conflict, core/revisions.py). Uses the trail's index on the subject."""
    event = (
        AuditEvent.objects.filter(
            subject_type=subject._meta.label,
            subject_id=str(subject.pk),
            action__in=[Action.UPDATE, Action.CREATE],
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    if event is None:
        return ""
    who = event.actor.full_name if event.actor else event.actor_label
    return f"{who}, on {govuk_datetime(event.occurred_at)},"
