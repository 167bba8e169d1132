"""Retention: a schedule per record type, legal holds, the review of each record due, the
record of each disposal, and the short-lived unlock that lets the disposal service (and nothing
else) remove a finalised map.

Nothing here is ever deleted by disposal except the destroyed child's own reviews and released
holds; the audit trail is never touched (its events keep the child's number, not the name)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safetymap.people.models import Child
from safetymap.retention import schedule
from safetymap.retention.schedule import ANCHOR_LABELS, RECORD_TYPE_LABELS, Anchor, Period, Rule

USER = settings.AUTH_USER_MODEL
_T, _A = schedule.RecordType, schedule.Anchor


class RecordType(models.TextChoices):
    CONTACT_ONLY = _T.CONTACT_ONLY.value, RECORD_TYPE_LABELS[_T.CONTACT_ONLY]
    CHILD_RECORD = _T.CHILD_RECORD.value, RECORD_TYPE_LABELS[_T.CHILD_RECORD]
    CHILD_PROTECTION = _T.CHILD_PROTECTION.value, RECORD_TYPE_LABELS[_T.CHILD_PROTECTION]


class AnchorChoice(models.TextChoices):
    DATE_OF_BIRTH = _A.DATE_OF_BIRTH.value, ANCHOR_LABELS[_A.DATE_OF_BIRTH]
    LAST_EPISODE_CLOSED = _A.LAST_EPISODE_CLOSED.value, ANCHOR_LABELS[_A.LAST_EPISODE_CLOSED]
    LAST_PLAN_ENDED = _A.LAST_PLAN_ENDED.value, ANCHOR_LABELS[_A.LAST_PLAN_ENDED]
    LAST_CONTACT_DECIDED = _A.LAST_CONTACT_DECIDED.value, ANCHOR_LABELS[_A.LAST_CONTACT_DECIDED]


class RetentionSchedule(models.Model):
    """How long one type of record is kept: an anchor date plus a period. The council sets it
    (Retention → Schedules); the starting values are seeded by migration 0002."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    record_type = models.CharField(max_length=20, choices=RecordType.choices, unique=True)
    anchor = models.CharField(max_length=24, choices=AnchorChoice.choices)
    years = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(default=0)
    policy_reference = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the council's retention policy says this, for example a section number",
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.CheckConstraint(condition=Q(months__lt=12), name="retention_months_0_to_11"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.get_anchor_display()} + {self.period}"

    @property
    def period(self) -> Period:
        return Period(self.years, self.months)

    @property
    def rule(self) -> Rule:
        return Rule(Anchor(self.anchor), self.period)


class HoldReason(models.TextChoices):
    LITIGATION = "LITIGATION", "Court proceedings, or a claim that may lead to them"
    INQUIRY = "INQUIRY", "A public or statutory inquiry"
    PRACTICE_REVIEW = "PRACTICE_REVIEW", "A child safeguarding practice review"
    POLICE = "POLICE", "A police investigation"
    COMPLAINT = "COMPLAINT", "A complaint or an Ombudsman investigation"
    SUBJECT_ACCESS = "SUBJECT_ACCESS", "A subject access request being answered"
    OTHER = "OTHER", "Another legal reason"


class LegalHold(models.Model):
    """A child's record that must be kept whatever its schedule says. While a hold is in place
    the record is never listed as due and never destroyed (the service refuses, and the foreign
    key refuses too: PROTECT)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=20, choices=HoldReason.choices)
    note = models.TextField(blank=True)
    placed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(released_at__isnull=True),
                name="retention_one_live_hold_per_child",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True, released_by__isnull=True)
                | Q(released_at__isnull=False, released_by__isnull=False),
                name="retention_hold_released_with_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold: {self.get_reason_display()}"

    @property
    def is_live(self) -> bool:
        return self.released_at is None


class ReviewDecision(models.TextChoices):
    APPROVED = "APPROVED", "Approve for destruction"
    DEFERRED = "DEFERRED", "Keep it for now"


class DisposalReview(models.Model):
    """A privacy officer's decision on one record due for disposal: approved (someone else then
    destroys it) or deferred until a date, with the reason. The latest one counts."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="disposal_reviews")
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    due_on = models.DateField(help_text="When the schedule made it due, at the time of review")
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    reason = models.TextField(blank=True)
    deferred_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="APPROVED", deferred_until__isnull=True)
                | Q(decision="DEFERRED", deferred_until__isnull=False),
                name="retention_deferral_has_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"


class DisposalRecord(models.Model):
    """What was destroyed, under which schedule, approved and destroyed by whom, and how many rows
    went. It names the child by their council reference only, never by name. Append-only: the
    database refuses UPDATE and DELETE (migration 0003)."""

    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    la_child_id = models.CharField("Council reference", max_length=20)
    child_number = models.BigIntegerField(help_text="The child's id, as the audit trail has it")
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=200, help_text="The schedule as it stood when destroyed")
    anchor_on = models.DateField()
    due_on = models.DateField()
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    destroyed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    destroyed_at = models.DateTimeField()
    rows_removed = models.JSONField(default=dict)
    files_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-destroyed_at", "-pk"]

    def __str__(self) -> str:
        return f"Disposal of {self.la_child_id} on {self.destroyed_at:%Y-%m-%d}"

    @property
    def total_rows(self) -> int:
        return sum(self.rows_removed.values())


class DisposalUnlock(models.Model):
    """A finalised map the disposal service is removing right now. The final-map triggers
    (mapping migrations 0002 and 0005, as changed by retention migration 0003) let a map listed
    here go, and nothing else. Rows are written and removed inside the disposal's one
    transaction, so no other connection ever sees one."""

    map_id = models.BigIntegerField(unique=True)

    def __str__(self) -> str:
        return f"Unlock map {self.map_id}"
