"""The audit trail is append-only: the database refuses UPDATE and DELETE on both engines."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record
from safetymap.core import request_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_record_writes_who_what_subject_basis_and_request():
    person = UserFactory()
    token = request_context.set_request_id("req-123456789")
    try:
        event = record(actor=person, action=Action.VIEW, subject=person, basis="own account")
    finally:
        request_context.reset_request_id(token)
    event.refresh_from_db()
    assert event.actor == person and event.actor_label == person.email
    assert (event.subject_type, event.subject_id) == ("accounts.User", str(person.pk))
    assert event.basis == "own account" and event.request_id == "req-123456789"
    assert event.occurred_at is not None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'TAMPERED'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_to_change_or_remove_events(statement):
    record(actor=None, action=Action.SIGN_IN_FAILED, actor_label="someone@fictional.example")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().action == Action.SIGN_IN_FAILED


def test_the_orm_cannot_change_or_remove_events_either():
    event = record(actor=None, action=Action.SIGN_IN_FAILED, actor_label="x@fictional.example")
    event.action = "TAMPERED"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).count() == 1


def test_a_person_with_audit_events_cannot_be_deleted():
    from django.db.models import ProtectedError

    person = UserFactory()
    record(actor=person, action=Action.SIGN_IN)
    with pytest.raises(ProtectedError):
        person.delete()
