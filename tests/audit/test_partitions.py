"""On PostgreSQL the audit trail is partitioned by month (migration 0006, audit/partitions.py):
each event lands in its month's partition, every partition refuses change as the table does,
the coming months are made ahead of time, and the chain runs across months unbroken."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from safetymap.audit import partitions, services
from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

TODAY = timezone.now().date()
# Far enough ahead to be past the partition of events from before partitioning.
LATER = partitions.months_from(TODAY, 3)[2]


def at(moment: datetime.datetime, monkeypatch) -> None:
    monkeypatch.setattr(services.timezone, "now", lambda: moment)


def partition_of(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk]
        )
        return cursor.fetchone()[0]


def one_event(label: str = "p@fictional.example") -> AuditEvent:
    return record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=label)


def test_the_trail_is_a_table_partitioned_by_month_with_the_coming_months_made():
    assert partitions.is_partitioned(connection)
    names = partitions.attached(connection)
    assert partitions.DEFAULT in names
    assert partitions.partition_name(LATER) in names
    assert any(partitions.BEFORE_NAME.match(name) for name in names)


def test_an_event_lands_in_its_months_partition(monkeypatch):
    at(datetime.datetime(LATER.year, LATER.month, 15, 10, tzinfo=datetime.UTC), monkeypatch)
    assert partition_of(one_event()) == partitions.partition_name(LATER)


def test_an_event_outside_every_month_made_lands_in_the_default_partition(monkeypatch):
    at(datetime.datetime(2199, 1, 1, tzinfo=datetime.UTC), monkeypatch)
    assert partition_of(one_event()) == partitions.DEFAULT


@pytest.mark.parametrize(
    "change", ["UPDATE {} SET actor_label = 'x'", "DELETE FROM {}", "TRUNCATE {}"]
)
def test_every_partition_refuses_change_even_to_its_owner(change, monkeypatch):
    """An event in each kind of partition: the one from before partitioning, a month's, the
    default one."""
    holding = set()
    for month in (TODAY, LATER, datetime.date(2199, 1, 1)):
        at(datetime.datetime(month.year, month.month, 1, 12, tzinfo=datetime.UTC), monkeypatch)
        holding.add(partition_of(one_event()))
    assert len(holding) == 3
    with connection.cursor() as cursor:
        # The new events' deferred foreign key checks would otherwise hold TRUNCATE back first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in holding:
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(change.format(f'"{name}"'))


def test_every_partition_has_the_triggers_that_refuse_change():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, count(*) FILTER (WHERE t.tgtype & 32 = 32), "  # TRUNCATE
            "count(*) FILTER (WHERE t.tgtype & 24 = 24) "  # UPDATE and DELETE
            "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_trigger t ON t.tgrelid = c.oid "
            "WHERE i.inhparent = 'audit_auditevent'::regclass GROUP BY c.relname"
        )
        triggers = {name: (truncate, change) for name, truncate, change in cursor.fetchall()}
    assert set(triggers) == set(partitions.attached(connection))
    assert set(triggers.values()) == {(1, 1)}


def test_ensure_audit_partitions_makes_the_missing_months_and_is_safe_to_run_again():
    far = datetime.date(2150, 6, 1)
    made = partitions.ensure(connection, far, months=2)
    assert made == ["audit_auditevent_2150_06", "audit_auditevent_2150_07"]
    assert partitions.ensure(connection, far, months=2) == []
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute('TRUNCATE "audit_auditevent_2150_06"')


def test_a_month_whose_events_went_to_the_default_partition_is_left_there(monkeypatch):
    at(datetime.datetime(2160, 3, 4, tzinfo=datetime.UTC), monkeypatch)
    stranded = one_event()
    assert partitions.ensure(connection, datetime.date(2160, 3, 1), months=2) == [
        "audit_auditevent_2160_04"
    ]
    assert partition_of(stranded) == partitions.DEFAULT


def test_the_command_says_what_it_made(capsys):
    call_command("ensure_audit_partitions")
    first = capsys.readouterr().out
    assert "already there" in first or first.startswith("Made ")
    call_command("ensure_audit_partitions")
    assert "already there" in capsys.readouterr().out


def test_the_chain_runs_across_months_and_verifies(monkeypatch, capsys):
    for month in (TODAY, LATER, datetime.date(2199, 1, 1)):
        at(datetime.datetime(month.year, month.month, 1, 12, tzinfo=datetime.UTC), monkeypatch)
        one_event(f"{month}@fictional.example")
    events = list(AuditEvent.objects.order_by("id"))
    assert len({partition_of(event) for event in events}) == 3
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    call_command("verify_audit")
    assert "The audit trail is intact: 3 events." in capsys.readouterr().out


def test_ids_stay_unique_across_partitions(monkeypatch):
    ids = []
    for month in (TODAY, LATER):
        at(datetime.datetime(month.year, month.month, 1, 12, tzinfo=datetime.UTC), monkeypatch)
        ids += [one_event().pk for _ in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 6
