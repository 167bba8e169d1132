from __future__ import annotations

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    """What happened. Later issues add their own (VIEW_CHILD, FINALISE_MAP…)."""

    SIGN_IN = "SIGN_IN", "Signed in"
    SIGN_IN_FAILED = "SIGN_IN_FAILED", "Sign-in failed"
    SIGN_OUT = "SIGN_OUT", "Signed out"
    SECOND_STEP = "SECOND_STEP", "Passed the second sign-in step"
    SECOND_STEP_FAILED = "SECOND_STEP_FAILED", "Entered a wrong security code"
    PASSWORD_SET = "PASSWORD_SET", "Set a new password"
    VIEW = "VIEW", "Viewed"
    CREATE = "CREATE", "Created"
    UPDATE = "UPDATE", "Changed"
    REFUSED = "REFUSED", "Refused"
    ACCESS_GRANTED = "ACCESS_GRANTED", "Opened a record for a stated reason"
    DISPOSE = "DISPOSE", "Destroyed a record under the retention schedule"


class AuditEvent(models.Model):
    """One entry in the append-only audit trail.

    Written only through safetymap.audit.services.record(). The database itself refuses UPDATE
    and DELETE on this table (triggers in migration 0002), on SQLite and on PostgreSQL, and
    TRUNCATE on PostgreSQL (migration 0004); the application's role may only SELECT and INSERT
    (docs/deploy.md, "Database roles and the audit trail").

    On PostgreSQL the table is partitioned by month of ``occurred_at`` (migration 0006,
    partitions.py), so its primary key there is (id, occurred_at); to the ORM it stays ``id``,
    which is unique on its own (one identity sequence for every partition) and which nothing
    points a foreign key at.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users are deactivated, never deleted, so the trail stays whole
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, help_text="Who it was, as known at the time")
    action = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    basis = models.CharField(
        max_length=200, blank=True, help_text="Why the actor could do this, e.g. 'allocated worker'"
    )
    request_id = models.CharField(max_length=64, blank=True)
    # The child the event is about, if any: what the "who has accessed this record" report reads.
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    # Tamper evidence: each event's hash (HMAC under a key the database does not hold) covers its
    # contents and the previous event's hash, so a change, removal or insertion anywhere breaks
    # the chain (manage.py verify_audit finds where; chain.py).
    previous_hash = models.CharField(max_length=64)
    # Not unique in the database (migration 0005): PostgreSQL's unique indexes on a partitioned
    # table must hold the partition key, which would make "unique" mean nothing; and the chain
    # already shows a copied event (its successor, or itself, no longer follows). SQLite's
    # tables keep the UNIQUE they were created with.
    hash = models.CharField(max_length=64)
    # Which chain the event is in (chain.py): writers in different lanes append side by side.
    # Always 0 on SQLite, which lets one writer in at a time anyway.
    lane = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["subject_type", "subject_id", "occurred_at"]),
            # A lane's newest event, for the next append (services.record).
            models.Index(fields=["lane", "id"], name="audit_event_lane_id"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def action_label(self) -> str:
        """What happened, in words: "Signed in" rather than SIGN_IN."""
        if self.action in Action.values:
            return str(Action(self.action).label)
        return self.action.replace("_", " ").capitalize()


class KeyedChainStart(models.Model):
    """Where the keyed chain starts: events up to ``last_unkeyed_id`` were written before the
    audit key existed and keep their plain SHA-256 hashes. One row, written by migration 0003
    if the trail had events then (none: every event is keyed), and never changed (triggers
    refuse UPDATE and DELETE; the application's role may only read it). Moving it
    would not help anyone: keyed events checked as plain ones fail, and rewriting them all as
    plain changes the hash the last signed checkpoint holds (checkpoints.py)."""

    last_unkeyed_id = models.BigIntegerField()
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Keyed from event {self.last_unkeyed_id + 1}"
