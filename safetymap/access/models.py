from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.people.models import Child


class GrantBasis(models.TextChoices):
    FRONT_DOOR_ENQUIRY = "FRONT_DOOR_ENQUIRY", "Front door enquiry"
    RECORDED_THE_CHILD = "RECORDED_THE_CHILD", "Recorded this child"
    EMERGENCY = "EMERGENCY", "Emergency access"
    OUT_OF_HOURS = "OUT_OF_HOURS", "Out-of-hours duty enquiry"


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


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "JUSTIFIED", "Justified: the emergency needed it"
    NOT_JUSTIFIED = "NOT_JUSTIFIED", "Not justified: raised with the person's manager"


class EmergencyAccessReview(models.Model):
    """The privacy officer's review of one emergency ("break-glass") opening of a record."""

    grant = models.OneToOneField(AccessGrant, on_delete=models.PROTECT, related_name="review")
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Review of emergency access {self.grant_id}: {self.get_outcome_display()}"


class RestrictionReason(models.TextChoices):
    ADOPTION = "ADOPTION", "Adoption"
    STAFF = "STAFF", "A member of staff, or their relative, is the child or family"
    CONFIDENTIAL_ADDRESS = "ADDRESS", "A confidential address that must not be found"
    OTHER = "OTHER", "Another reason, recorded"


class RestrictedRecord(models.Model):
    """A child's record that only the people listed may see or find, whatever their other
    relationships (allocation, team, grants); emergency access never opens it."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="restriction")
    reason = models.CharField(max_length=20, choices=RestrictionReason.choices)
    note = models.TextField(blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="restricted_records_open_to"
    )
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Restricted record: {self.get_reason_display()}"


class DutyShift(models.Model):
    """A practitioner's out-of-hours (emergency duty) shift on the rota a manager keeps. While it
    lasts, they may search every child and open one for a stated reason until the shift ends,
    as the front door does in the day (access.policy.searches_every_child)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["worker", "ends_at"]), models.Index(fields=["ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="access_duty_shift_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Out-of-hours duty {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%H:%M}"
