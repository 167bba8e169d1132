"""Reads about access itself (not about children): emergency openings awaiting review."""

from __future__ import annotations

from safetymap.access.models import AccessGrant, GrantBasis


def emergency_reviews_waiting() -> int:
    return AccessGrant.objects.filter(basis=GrantBasis.EMERGENCY, review__isnull=True).count()
