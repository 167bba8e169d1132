"""The audit trail is tamper-evident: verify_audit proves the chain, and names where it breaks."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record

pytestmark = pytest.mark.django_db


def tamper(sql: str, params: list) -> None:
    """Change the log outside the application, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        else:
            # A superuser can switch triggers off for their own session.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def some_events(n: int = 5) -> list[AuditEvent]:
    return [
        record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=f"p{i}@fictional.example")
        for i in range(n)
    ]


def test_each_event_is_chained_to_the_one_before():
    events = some_events(3)
    assert events[0].previous_hash == "0" * 64
    assert events[1].previous_hash == events[0].hash and events[2].previous_hash == events[1].hash


def test_verify_audit_passes_on_the_demo(capsys):
    call_command("load_demo", "--quiet-sign-ins")
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_verify_audit_names_an_event_changed_outside_the_application():
    events = some_events()
    tamper("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE id = %s", [events[2].id])
    with pytest.raises(CommandError, match=f"broken at event {events[2].id}: it has been changed"):
        call_command("verify_audit")


def test_verify_audit_finds_a_removed_event():
    events = some_events()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    with pytest.raises(CommandError, match=f"broken at event {events[2].id}: it does not follow"):
        call_command("verify_audit")
