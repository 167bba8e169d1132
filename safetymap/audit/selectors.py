from __future__ import annotations

from django.db.models import QuerySet

from safetymap.accounts.models import User
from safetymap.audit.models import AuditEvent


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
