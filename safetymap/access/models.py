from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.people.models import Child


class GrantBasis(models.TextChoices):
    FRONT_DOOR_ENQUIRY = "FRONT_DOOR_ENQUIRY", "Front door enquiry"
    RECORDED_THE_CHILD = "RECORDED_THE_CHILD", "Recorded this child"


class AccessGrant(models.Model):
    """Time-limited sight of one child for one person, with the reason given. Allocations and
    team membership give sight without a grant (see policy.visible_children)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="access_grants")
    basis = models.CharField(max_length=30, choices=GrantBasis.choices)
    reason = models.TextField()
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} until {self.expires_at:%Y-%m-%d %H:%M}"
