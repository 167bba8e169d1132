"""Writers append to the audit trail side by side, each in a lane of its own (services.record,
chain.py), and the trail is still one tamper-evident record: every lane's chain links in id
order, verify_audit proves them all, and a checkpoint holds every lane's newest event."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from safetymap.audit import chain
from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import LANES, record
from tests.at_once import at_once
from tests.audit.tampering import tamper

WRITERS = 8
EACH = 12


def append(n: int, who: str) -> list[int]:
    return [
        record(
            actor=None, action=Action.SIGN_IN_FAILED, actor_label=f"{who}{i}@fictional.example"
        ).pk
        for i in range(n)
    ]


def append_in_one_transaction(n: int, who: str) -> list[int]:
    """Several events in one transaction, holding the lane (or lanes) until it commits, as a
    slow request does: the other writers must find other lanes rather than wait."""
    with transaction.atomic():
        return append(n, who)


def lanes_link_in_id_order() -> bool:
    heads: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("id"):
        if event.previous_hash != heads.get(event.lane, chain.GENESIS):
            return False
        heads[event.lane] = event.hash
    return True


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_writers_at_once_append_in_several_lanes_and_the_trail_verifies(capsys):
    written = at_once(
        [lambda w=w: append_in_one_transaction(EACH, f"w{w}-") for w in range(WRITERS)]
    )
    ids = [pk for batch in written for pk in batch]
    assert len(ids) == len(set(ids)) == WRITERS * EACH
    lanes = set(AuditEvent.objects.values_list("lane", flat=True))
    assert len(lanes) > 1 and lanes <= set(range(LANES))
    assert lanes_link_in_id_order()
    call_command("write_audit_checkpoint")
    call_command("verify_audit")
    assert f"The audit trail is intact: {WRITERS * EACH} events." in capsys.readouterr().out


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_moving_an_event_into_another_lane_is_found():
    at_once([lambda w=w: append_in_one_transaction(3, f"w{w}-") for w in range(2)])
    event = AuditEvent.objects.order_by("id").first()
    other = next(lane for lane in range(LANES) if lane != event.lane)
    tamper("UPDATE audit_auditevent SET lane = %s WHERE id = %s", [other, event.pk])
    with pytest.raises(CommandError, match=f"broken at event {event.pk}"):
        call_command("verify_audit")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_cutting_off_one_lanes_newest_events_is_found_against_the_checkpoint():
    at_once([lambda w=w: append_in_one_transaction(4, f"w{w}-") for w in range(2)])
    call_command("write_audit_checkpoint")
    by_lane = AuditEvent.objects.order_by("lane", "-id")
    lane = by_lane.first().lane
    newest = by_lane.filter(lane=lane).first()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    assert f"event {newest.pk}, the last one the checkpoint" in str(refused.value)


@pytest.mark.django_db
def test_lane_0_events_hash_as_every_event_did_before_lanes():
    event = record(actor=None, action=Action.SIGN_IN_FAILED, actor_label="p@fictional.example")
    event.lane = 0
    assert "lane" not in chain.contents(event)
    event.lane = 1
    assert chain.contents(event)["lane"] == 1


@pytest.mark.django_db
def test_an_events_lane_is_part_of_its_hash_outside_lane_0():
    event = record(actor=None, action=Action.SIGN_IN_FAILED, actor_label="p@fictional.example")
    event.lane = 3
    in_lane_3 = chain.hash_of(event)
    event.lane = 4
    assert chain.hash_of(event) != in_lane_3


@pytest.mark.django_db
def test_a_writer_alone_keeps_to_one_lane():
    """With nobody else writing, one connection's events stay one chain (SQLite: lane 0)."""
    append(4, "p")
    lanes = set(AuditEvent.objects.values_list("lane", flat=True))
    assert len(lanes) == 1 and (connection.vendor == "postgresql" or lanes == {0})
    assert lanes_link_in_id_order()
