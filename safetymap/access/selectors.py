"""Reads about access itself (not about children): emergency openings awaiting review, and the
out-of-hours rota."""

from __future__ import annotations

import datetime

from django.utils import timezone

from safetymap.access.models import AccessGrant, DutyShift, GrantBasis


def emergency_reviews_waiting() -> int:
    return AccessGrant.objects.filter(basis=GrantBasis.EMERGENCY, review__isnull=True).count()


def duty_rota(days_back: int = 7) -> list[DutyShift]:
    """The out-of-hours rota: shifts now and to come, and those of the last week, in one
    query."""
    since = timezone.now() - datetime.timedelta(days=days_back)
    return list(
        DutyShift.objects.filter(ends_at__gte=since)
        .select_related("worker__organisation", "recorded_by")
        .order_by("starts_at")
    )
