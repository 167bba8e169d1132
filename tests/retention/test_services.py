"""Never delete without review: the destroy step refuses anything not approved, approved by the
same person, on hold, or no longer due; refusals change nothing. Holds, reviews and schedules."""

from __future__ import annotations

import datetime

import pytest

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.people.models import Child
from safetymap.retention import services
from safetymap.retention.models import DisposalRecord, DisposalReview, RetentionSchedule
from safetymap.retention.services import RetentionRefused
from tests.factories import (
    EpisodeFactory,
    LegalHoldFactory,
    UserFactory,
    approved_for_disposal,
    due_for_disposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers():
    return UserFactory(roles=[Role.PRIVACY_OFFICER]), UserFactory(roles=[Role.PRIVACY_OFFICER])


def destroy(by, child, reference=None):
    return services.destroy_record(
        by=by, child_id=child.pk, confirm_reference=reference or child.la_child_id
    )


def assert_nothing_destroyed(child):
    assert Child.objects.filter(pk=child.pk).exists()
    assert not DisposalRecord.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.DISPOSE).exists()


def test_a_record_not_yet_reviewed_is_not_destroyed(officers):
    child = due_for_disposal()
    with pytest.raises(RetentionRefused, match="has not been approved"):
        destroy(officers[1], child)
    assert_nothing_destroyed(child)
    refused = AuditEvent.objects.get(action=Action.REFUSED)
    assert refused.child_id == child.pk and refused.actor == officers[1]


def test_the_person_who_approved_cannot_also_destroy(officers):
    approver, _ = officers
    child = approved_for_disposal(by=approver)
    with pytest.raises(RetentionRefused, match="someone else must destroy it"):
        destroy(approver, child)
    assert_nothing_destroyed(child)


def test_a_hold_placed_after_approval_stops_the_destruction(officers):
    approver, destroyer = officers
    child = approved_for_disposal(by=approver)
    services.place_hold(by=destroyer, la_child_id=child.la_child_id, reason="INQUIRY")
    with pytest.raises(RetentionRefused, match="not due for disposal"):
        destroy(destroyer, child)
    assert_nothing_destroyed(child)


def test_a_record_back_in_use_after_approval_is_not_destroyed(officers):
    approver, destroyer = officers
    child = approved_for_disposal(by=approver)
    EpisodeFactory(child=child, referral_date=datetime.date(2026, 1, 5))  # open again
    with pytest.raises(RetentionRefused, match="not due"):
        destroy(destroyer, child)
    assert_nothing_destroyed(child)


def test_a_schedule_changed_after_approval_needs_a_new_review(officers):
    approver, destroyer = officers
    child = approved_for_disposal(by=approver)  # born 1990, due at 25 (2015)
    schedule = RetentionSchedule.objects.get(record_type="CHILD_RECORD")
    services.change_schedule(
        by=approver, retention_schedule=schedule, anchor="DATE_OF_BIRTH", years=30, months=0
    )  # now due in 2020: still due, but on another date than was approved
    with pytest.raises(RetentionRefused, match="has not been approved"):
        destroy(destroyer, child)
    assert_nothing_destroyed(child)


def test_an_approval_lapses_after_30_days(officers):
    approver, destroyer = officers
    child = approved_for_disposal(by=approver)
    DisposalReview.objects.update(decided_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(RetentionRefused, match="has not been approved"):
        destroy(destroyer, child)
    assert_nothing_destroyed(child)


def test_the_council_reference_must_be_typed_to_confirm(officers):
    approver, destroyer = officers
    child = approved_for_disposal(by=approver)
    with pytest.raises(RetentionRefused) as refusal:
        destroy(destroyer, child, reference="TST-WRONG")
    assert refusal.value.field == "confirm_reference"
    assert_nothing_destroyed(child)


def test_a_record_not_due_cannot_be_approved(officers):
    young = due_for_disposal(born=datetime.date(2012, 1, 1))
    with pytest.raises(RetentionRefused, match="not due for disposal"):
        services.review_record(by=officers[0], child_id=young.pk, decision="APPROVED")
    assert not DisposalReview.objects.exists()


def test_keeping_a_record_for_now_needs_a_reason_and_a_future_date(officers):
    child = due_for_disposal()
    with pytest.raises(RetentionRefused) as refusal:
        services.review_record(by=officers[0], child_id=child.pk, decision="DEFERRED")
    assert refusal.value.field == "reason"
    with pytest.raises(RetentionRefused) as refusal:
        services.review_record(
            by=officers[0],
            child_id=child.pk,
            decision="DEFERRED",
            reason="A complaint is open (fictional)",
            deferred_until=datetime.date(2001, 1, 1),
        )
    assert refusal.value.field == "deferred_until"
    assert not DisposalReview.objects.exists()


def test_approved_then_destroyed_by_someone_else_writes_the_disposal_record_and_audit(officers):
    approver, destroyer = officers
    child = due_for_disposal(born=datetime.date(1991, 7, 8))
    services.review_record(by=approver, child_id=child.pk, decision="APPROVED")
    events_before = list(AuditEvent.objects.values_list("pk", "hash"))
    disposal = destroy(destroyer, child)
    assert not Child.objects.filter(pk=child.pk).exists()
    assert disposal.la_child_id == child.la_child_id and disposal.child_number == child.pk
    assert (disposal.approved_by, disposal.destroyed_by) == (approver, destroyer)
    assert disposal.due_on == datetime.date(2016, 7, 8)
    assert disposal.rows_removed["people.Child"] == 1
    assert disposal.rows_removed["cases.Episode"] == 1
    event = AuditEvent.objects.get(action=Action.DISPOSE)
    assert event.child_id == child.pk and event.actor == destroyer
    assert event.subject_type == "retention.DisposalRecord"
    assert "Testchild" not in str(event.details)  # the reference, never the name
    # the audit trail before the disposal is exactly as it was
    assert list(
        AuditEvent.objects.filter(pk__lte=events_before[-1][0])
        .values_list("pk", "hash")
        .order_by("pk")
    ) == sorted(events_before)


def test_the_database_refuses_to_change_or_remove_a_disposal_record(officers):
    from django.db import DatabaseError, transaction

    child = approved_for_disposal(by=officers[0])
    disposal = destroy(officers[1], child)
    for change in (
        lambda: DisposalRecord.objects.filter(pk=disposal.pk).update(files_removed=9),
        lambda: DisposalRecord.objects.filter(pk=disposal.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()


def test_holds_one_at_a_time_and_released_with_a_reason(officers):
    child = due_for_disposal()
    hold = services.place_hold(
        by=officers[0], la_child_id=child.la_child_id.lower(), reason="LITIGATION"
    )
    with pytest.raises(RetentionRefused, match="already on legal hold"):
        services.place_hold(by=officers[0], la_child_id=child.la_child_id, reason="INQUIRY")
    with pytest.raises(RetentionRefused, match="No child's record"):
        services.place_hold(by=officers[0], la_child_id="NOSUCH", reason="INQUIRY")
    with pytest.raises(RetentionRefused):
        services.release_hold(by=officers[1], hold=hold, reason=" ")
    services.release_hold(by=officers[1], hold=hold, reason="Proceedings ended (fictional)")
    hold.refresh_from_db()
    assert hold.released_by == officers[1] and not hold.is_live


def test_a_schedule_uses_only_dates_its_records_have(officers):
    contact_only = RetentionSchedule.objects.get(record_type="CONTACT_ONLY")
    with pytest.raises(RetentionRefused) as refusal:
        services.change_schedule(
            by=officers[0],
            retention_schedule=contact_only,
            anchor="LAST_PLAN_ENDED",
            years=6,
            months=0,
        )
    assert refusal.value.field == "anchor"
    with pytest.raises(RetentionRefused, match="at least 1 month"):
        services.change_schedule(
            by=officers[0],
            retention_schedule=contact_only,
            anchor="LAST_CONTACT_DECIDED",
            years=0,
            months=0,
        )


def test_only_privacy_officers_hold_review_or_destroy():
    from safetymap.access.policy import AccessRefused

    manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    child = approved_for_disposal()
    with pytest.raises(AccessRefused):
        destroy(manager, child)
    with pytest.raises(AccessRefused):
        services.place_hold(by=manager, la_child_id=child.la_child_id, reason="INQUIRY")
    assert LegalHoldFactory._meta.model.objects.count() == 0
