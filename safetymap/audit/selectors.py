from __future__ import annotations

from django.db.models import QuerySet

from safetymap.accounts.models import User
from safetymap.audit.models import AuditEvent


def recent_activity_of(user: User, limit: int = 5) -> QuerySet[AuditEvent]:
    """A person's own latest events, so they can spot a sign-in that was not them."""
    return AuditEvent.objects.filter(actor=user).order_by("-occurred_at", "-id")[:limit]
