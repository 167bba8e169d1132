"""On PostgreSQL the service runs as a role that may only read and append to the audit trail
(manage.py grant_application_role, docs/deploy.md): it cannot change, remove or empty events, nor
drop or disable the triggers. What someone with more power (the owner, a superuser, a copy of
the database) does without the audit key is found: the newest events removed, against the signed
checkpoint; an edit with every later event re-hashed, by the keyed chain."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from safetymap.audit import partitions
from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record
from tests.audit.tampering import guessed_key, plain_sha256, rehash_from, tamper

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-fictional-application-password"  # noqa: S105 - a throwaway test role


def as_superuser(statement: sql.Composable) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(connection.connection))


@pytest.fixture
def application_role() -> Iterator[str]:
    """A role made as the deployment guide says, granted by the service's own command. Roles
    belong to the whole server, so each test's has a name of its own and is dropped after."""
    name = f"safetymap_app_{uuid.uuid4().hex[:12]}"
    as_superuser(
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(PASSWORD)
        )
    )
    call_command("grant_application_role", name)
    yield name
    as_superuser(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
    as_superuser(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


class Service:
    """The service itself (Django's connection) signed in as the application's role, and a way
    to act for a moment with the test run's superuser's powers instead."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.superuser = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}

    def connect_as(self, credentials: dict[str, str | None]) -> None:
        connection.close()
        connection.settings_dict.update(credentials)

    @contextmanager
    def with_more_power(self) -> Iterator[None]:
        """The database's owner or a superuser, or someone with a copy of the database."""
        self.connect_as(self.superuser)
        try:
            yield
        finally:
            self.connect_as({"USER": self.role, "PASSWORD": PASSWORD})


@pytest.fixture
def application(application_role: str) -> Iterator[Service]:
    service = Service(application_role)
    service.connect_as({"USER": application_role, "PASSWORD": PASSWORD})
    yield service
    service.connect_as(service.superuser)


@pytest.fixture
def second_connection(application_role: str) -> Iterator[psycopg.Connection]:
    """A second, separate connection as the application's role, with psycopg."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        dbname=db["NAME"],
        user=application_role,
        password=PASSWORD,
        autocommit=True,
    ) as opened:
        yield opened


def some_events(n: int) -> list[AuditEvent]:
    return [
        record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=f"p{i}@fictional.example")
        for i in range(n)
    ]


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_service_records_checkpoints_and_verifies_as_its_application_role(application, capsys):
    assert current_user() == application.role
    some_events(3)
    call_command("write_audit_checkpoint")
    call_command("verify_audit")
    assert "It reaches its last checkpoint" in capsys.readouterr().out


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'TAMPERED'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "DROP TRIGGER audit_auditevent_no_update_or_delete ON audit_auditevent",
        "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditevent DROP COLUMN hash",
        "DROP TABLE audit_auditevent CASCADE",
        "DROP FUNCTION audit_refuse_change() CASCADE",
        "UPDATE audit_keyedchainstart SET last_unkeyed_id = 1000",
        "INSERT INTO audit_keyedchainstart (last_unkeyed_id, recorded_at) VALUES (1000, now())",
        "TRUNCATE audit_keyedchainstart",
        "SET session_replication_role = replica",
    ],
)
def test_the_application_role_cannot_change_remove_empty_or_unprotect_the_audit_trail(
    second_connection, statement
):
    some_events(2)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        second_connection.execute(statement)
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).count() == 2
    call_command("verify_audit")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {} SET action = 'TAMPERED'",
        "DELETE FROM {}",
        "TRUNCATE {}",
        "INSERT INTO {} (occurred_at) VALUES (now())",
        "ALTER TABLE {} DISABLE TRIGGER ALL",
    ],
)
def test_the_application_role_cannot_touch_the_trails_partitions_directly(
    second_connection, statement
):
    """Those migration 0006 made and one made later by ensure_audit_partitions, whose new table
    took the schema's default privileges first."""
    partitions.ensure(connection, datetime.date(2170, 1, 1), months=1)
    for name in partitions.attached(connection):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            second_connection.execute(statement.format(f'"{name}"'))


def test_the_application_role_may_read_and_append_to_the_audit_trail(second_connection):
    some_events(1)
    [(count,)] = second_connection.execute("SELECT count(*) FROM audit_auditevent").fetchall()
    assert count == 1


def test_a_truncate_is_refused_even_for_the_owner():
    some_events(2)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 2


def test_deleting_the_newest_events_is_found_against_the_checkpoint_on_postgresql(application):
    events = some_events(5)
    call_command("write_audit_checkpoint")
    with application.with_more_power():
        tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].id])
    assert current_user() == application.role
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    said = str(refused.value)
    assert f"tampered with: it has 3 events up to event {events[4].id}" in said
    assert f"event {events[4].id}, the last one the checkpoint" in said and "is missing" in said


@pytest.mark.parametrize("digest", [plain_sha256, guessed_key], ids=["sha256", "guessed-key"])
def test_an_edit_with_every_later_event_rehashed_is_found_on_postgresql(application, digest):
    events = some_events(5)
    call_command("write_audit_checkpoint")
    events += some_events(2)
    with application.with_more_power():
        tamper("UPDATE audit_auditevent SET basis = 'made up' WHERE id = %s", [events[2].id])
        rehash_from(events[2].id, digest)
    with pytest.raises(CommandError, match=f"broken at event {events[2].id}: it has been changed"):
        call_command("verify_audit")
    with pytest.raises(CommandError, match="No checkpoint written"):
        call_command("write_audit_checkpoint")


def test_grant_application_role_refuses_a_role_that_could_drop_the_triggers(application_role):
    with pytest.raises(CommandError, match="owns the audit table"):
        call_command("grant_application_role", current_user())
    as_superuser(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(application_role)))
    with pytest.raises(CommandError, match="can create roles"):
        call_command("grant_application_role", application_role)
    with pytest.raises(CommandError, match="There is no role called nobody_at_all"):
        call_command("grant_application_role", "nobody_at_all")
