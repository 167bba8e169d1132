"""Episodes of need and who is allocated to them. The pathway steps (contact, assessment,
strategy discussion, s47, plans, conferences, closure) hang on the episode."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safetymap.accounts.models import Team
from safetymap.cases.codes import ClosureReason, PrimaryNeed, ReferralSource
from safetymap.people.models import Child


class Episode(models.Model):
    """A child's episode of need, from referral to closure (CIN census 'CINdetails')."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0
    )
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, choices=ClosureReason.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True)
                | Q(closure_date__gte=models.F("referral_date")),
                name="cases_episode_closes_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"Episode from {self.referral_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Allocation(models.Model):
    """Who holds an episode: a worker and their team, with history (ended allocations are kept)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.worker}, {self.team}"
