"""Retention's writes: setting a schedule, placing and releasing legal holds, reviewing a record
due for disposal, and destroying it. One transaction each, audited in the same transaction.

Never delete without review: ``destroy_record`` refuses anything not approved by a privacy
officer, approved by the same person who asks to destroy it, on hold, not (or no longer) due,
approved when it was due on another date or as another type of record, or approved too long
ago; and it re-checks all of it under a lock on the child's record, inside the transaction that
destroys it."""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from safetymap.access.policy import AccessRefused, Capability, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.core import revisions
from safetymap.core.errors import Refused
from safetymap.people.models import Child
from safetymap.retention import destruction, schedule
from safetymap.retention.models import (
    DisposalRecord,
    DisposalReview,
    DisposalUnlock,
    LegalHold,
    RetentionSchedule,
    ReviewDecision,
)
from safetymap.retention.selectors import APPROVAL_LASTS_DAYS, Status, assess_one
from safetymap.uploads import storage

logger = logging.getLogger(__name__)

BASIS = "privacy officer: retention"
LONGEST_YEARS = 150
NOT_DUE = (
    "This record is not due for disposal: it may still be in use, be on legal hold, or its "
    "retention period may not have ended. Check the list of records due."
)


class RetentionRefused(Refused, AccessRefused):
    """A retention action refused (see core.errors.Refused)."""


def _refuse_if_shared(candidate, then: str) -> None:
    """A record that shares records (a map, a conference) with a child whose record is kept."""
    if candidate.status == Status.SHARED:
        raise RetentionRefused(
            "This record shares records with a child whose record is kept ("
            + ", ".join(candidate.shares_with)
            + f"). {then}"
        )


# --- Schedules --------------------------------------------------------------------------------


@transaction.atomic
def change_schedule(
    *,
    by: User,
    retention_schedule: RetentionSchedule,
    anchor: str,
    years: int,
    months: int,
    policy_reference: str = "",
) -> RetentionSchedule:
    require(by, Capability.MANAGE_RETENTION)
    kind = schedule.RecordType(retention_schedule.record_type)
    if anchor not in {a.value for a in schedule.ANCHORS_FOR[kind]}:
        raise RetentionRefused("Choose a date that this kind of record has", "anchor")
    if not 0 <= months <= 11:
        raise RetentionRefused("Months must be between 0 and 11", "months")
    if not 0 <= years <= LONGEST_YEARS:
        raise RetentionRefused(f"Years must be between 0 and {LONGEST_YEARS}", "years")
    if years == 0 and months == 0:
        raise RetentionRefused("A record must be kept for at least 1 month", "years")
    before = str(retention_schedule)
    retention_schedule.anchor, retention_schedule.years = anchor, years
    retention_schedule.months = months
    retention_schedule.policy_reference = policy_reference.strip()
    retention_schedule.changed_by, retention_schedule.changed_at = by, timezone.now()
    revisions.save_only(
        retention_schedule,
        ["anchor", "years", "months", "policy_reference", "changed_by", "changed_at"],
    )
    record(
        actor=by,
        action=Action.UPDATE,
        subject=retention_schedule,
        basis=BASIS,
        details={"before": before, "after": str(retention_schedule)},
    )
    return retention_schedule


# --- Legal holds ------------------------------------------------------------------------------


@transaction.atomic
def place_hold(*, by: User, la_child_id: str, reason: str, note: str = "") -> LegalHold:
    require(by, Capability.MANAGE_RETENTION)
    child = (
        Child.objects.select_for_update()
        .filter(la_child_id__iexact=la_child_id.strip(), merged_into__isnull=True)
        .first()
    )
    if child is None:
        raise RetentionRefused(
            "No child's record has that council reference. Check the reference.", "la_child_id"
        )
    if LegalHold.objects.filter(child=child, released_at__isnull=True).exists():
        raise RetentionRefused("This record is already on legal hold.", "la_child_id")
    hold = LegalHold.objects.create(
        child=child, reason=reason, note=note.strip(), placed_by=by, placed_at=timezone.now()
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=hold,
        basis=BASIS,
        details={"child": child.pk, "legal hold": reason},
    )
    return hold


@transaction.atomic
def release_hold(*, by: User, hold: LegalHold, reason: str) -> LegalHold:
    require(by, Capability.MANAGE_RETENTION)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise RetentionRefused("This legal hold has already been released.")
    if not reason.strip():
        raise RetentionRefused("Enter why the hold can be released", "reason")
    hold.released_by, hold.released_at = by, timezone.now()
    hold.release_reason = reason.strip()
    hold.save()
    record(
        actor=by,
        action=Action.UPDATE,
        subject=hold,
        basis=BASIS,
        details={"child": hold.child_id, "legal hold": "released"},
    )
    return hold


# --- Review -----------------------------------------------------------------------------------


@transaction.atomic
def review_record(
    *,
    by: User,
    child_id: int,
    decision: str,
    reason: str = "",
    deferred_until: datetime.date | None = None,
) -> DisposalReview:
    """Approve a record due for disposal (someone else then destroys it), or keep it until a
    date, saying why."""
    require(by, Capability.MANAGE_RETENTION)
    Child.objects.select_for_update().filter(pk=child_id).first()
    today = timezone.localdate()
    candidate = assess_one(child_id, today)
    if candidate is None:
        raise RetentionRefused(NOT_DUE)
    _refuse_if_shared(candidate, "It can be reviewed when theirs is due too.")
    if decision == ReviewDecision.DEFERRED:
        if not reason.strip():
            raise RetentionRefused("Enter why the record should be kept for now", "reason")
        if deferred_until is None:
            raise RetentionRefused("Enter the date to review it again", "deferred_until")
        if deferred_until <= today:
            raise RetentionRefused(
                "The date to review it again must be in the future", "deferred_until"
            )
    elif decision == ReviewDecision.APPROVED:
        deferred_until = None
    else:
        raise RetentionRefused("Select whether to approve it for destruction", "decision")
    review = DisposalReview.objects.create(
        child_id=child_id,
        record_type=candidate.due.record_type,
        due_on=candidate.due.due_on,
        decision=decision,
        reason=reason.strip(),
        deferred_until=deferred_until,
        decided_by=by,
        decided_at=timezone.now(),
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=review,
        basis=BASIS,
        details={"child": child_id, "disposal review": decision, "due_on": candidate.due.due_on},
    )
    return review


# --- Destruction ------------------------------------------------------------------------------


def destroy_record(*, by: User, child_id: int, confirm_reference: str) -> DisposalRecord:
    """Destroy an approved record's case data in one transaction, write the disposal record and
    the audit event; its stored files leave the disk once that transaction has committed. A
    refusal changes nothing and is itself audited."""
    try:
        return _destroy(by=by, child_id=child_id, confirm_reference=confirm_reference)
    except RetentionRefused as refusal:
        if refusal.field is None:  # a typing slip in the confirmation is not worth an event
            with transaction.atomic():
                record(
                    actor=by,
                    action=Action.REFUSED,
                    subject_type="people.Child",
                    subject_id=str(child_id),
                    basis=BASIS,
                    details={"destroy": str(refusal)[:200]},
                )
        raise


@transaction.atomic
def _destroy(*, by: User, child_id: int, confirm_reference: str) -> DisposalRecord:
    require(by, Capability.MANAGE_RETENTION)
    locked = Child.objects.select_for_update().filter(pk=child_id).first()
    if locked is None:
        raise RetentionRefused("This record no longer exists: it may have been destroyed already.")
    if confirm_reference.strip().upper() != locked.la_child_id.upper():
        raise RetentionRefused(
            "Type the record's council reference exactly as shown to confirm", "confirm_reference"
        )
    candidate = assess_one(locked.pk, timezone.localdate())
    if candidate is None:
        raise RetentionRefused(NOT_DUE)
    _refuse_if_shared(candidate, "It cannot be destroyed yet.")
    review = candidate.review
    if candidate.status != Status.APPROVED or review is None:
        raise RetentionRefused(
            "This record has not been approved for destruction. A privacy officer must review "
            "it first (again, if the approval is more than "
            f"{APPROVAL_LASTS_DAYS} days old or the record or its schedule has changed since)."
        )
    if review.decided_by_id == by.pk:
        raise RetentionRefused(
            "You approved this record for destruction, so someone else must destroy it."
        )
    retention_schedule = RetentionSchedule.objects.get(record_type=candidate.due.record_type)
    children = destruction.record_ids(locked)
    file_names = destruction.stored_file_names(children)
    unlocks = destruction.map_ids_to_unlock(children)
    DisposalUnlock.objects.bulk_create(DisposalUnlock(map_id=pk) for pk in unlocks)
    try:
        with transaction.atomic():
            removed = destruction.destroy(children)
    except (ProtectedError, IntegrityError) as problem:
        logger.warning("Disposal of child %s stopped by the database: %s", locked.pk, problem)
        raise RetentionRefused(
            "Another record still depends on this one, so nothing was destroyed. Ask the "
            "system's administrators to look at it (the details are in the server log)."
        ) from problem
    DisposalUnlock.objects.filter(map_id__in=unlocks).delete()
    disposal = DisposalRecord.objects.create(
        record_type=candidate.due.record_type,
        la_child_id=locked.la_child_id,
        child_number=locked.pk,
        schedule=retention_schedule,
        rule=f"{schedule.ANCHOR_LABELS[candidate.due.rule.anchor]} + {candidate.due.rule.period}",
        anchor_on=candidate.due.anchor_on,
        due_on=candidate.due.due_on,
        approved_by_id=review.decided_by_id,
        approved_at=review.decided_at,
        destroyed_by=by,
        destroyed_at=timezone.now(),
        rows_removed=dict(sorted(removed.items())),
        files_removed=len(file_names),
    )
    record(
        actor=by,
        action=Action.DISPOSE,
        subject=disposal,
        basis=f"retention schedule; approved by user {review.decided_by_id}",
        details={
            "child": locked.pk,
            "la_child_id": locked.la_child_id,
            "record_type": candidate.due.record_type,
            "rule": disposal.rule,
            "due_on": candidate.due.due_on,
            "rows_removed": disposal.total_rows,
            "files_removed": len(file_names),
        },
    )

    def remove_files() -> None:
        for name in file_names:
            try:
                storage.remove(name)
            except OSError:  # the rows are gone: say which file to remove by hand
                logger.exception("Disposal %s: could not remove stored file %s", disposal.pk, name)

    transaction.on_commit(remove_files)
    return disposal
