"""Signed checkpoints outside the database show the newest events were not cut off: verify_audit
checks the trail against the last one, and a checkpoint file changed without the key is refused."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from safetymap.audit import checkpoints
from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record
from tests.audit.tampering import move_keyed_start, plain_sha256, rehash_from, tamper

pytestmark = pytest.mark.django_db


def some_events(n: int) -> list[AuditEvent]:
    return [
        record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=f"p{i}@fictional.example")
        for i in range(n)
    ]


def lines(checkpoint_dir) -> list[dict]:
    text = (checkpoint_dir / checkpoints.FILE_NAME).read_text()
    return [json.loads(line) for line in text.splitlines()]


def test_write_audit_checkpoint_appends_the_count_last_event_and_head_signed(checkpoint_dir):
    events = some_events(3)
    call_command("write_audit_checkpoint")
    [line] = lines(checkpoint_dir)
    assert (line["events"], line["last_id"], line["head"]) == (3, events[-1].id, events[-1].hash)
    assert line["written_at"] and len(line["signature"]) == 64
    assert checkpoints.last_checkpoint().events == 3


def test_each_checkpoint_carries_on_from_the_one_before(checkpoint_dir, capsys):
    some_events(2)
    call_command("write_audit_checkpoint")
    newer = some_events(3)
    call_command("write_audit_checkpoint")
    assert [(line["events"], line["last_id"]) for line in lines(checkpoint_dir)][-1] == (
        5,
        newer[-1].id,
    )
    call_command("verify_audit")
    assert f"It reaches its last checkpoint: event {newer[-1].id}, 5 events" in (
        capsys.readouterr().out
    )


def test_verify_audit_says_when_no_checkpoint_has_been_written_yet(capsys):
    some_events(1)
    call_command("verify_audit")
    assert "No checkpoint has been written yet" in capsys.readouterr().out


def test_deleting_the_newest_events_is_found_against_the_checkpoint():
    events = some_events(5)
    call_command("write_audit_checkpoint")
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].id])
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    said = str(refused.value)
    assert said.startswith("The audit trail has been tampered with")
    assert f"it has 3 events up to event {events[4].id}, but the checkpoint" in said
    assert f"event {events[4].id}, the last one the checkpoint" in said and "is missing" in said


def test_deleting_the_newest_events_then_writing_more_is_found_against_the_checkpoint():
    events = some_events(4)
    call_command("write_audit_checkpoint")
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[2].id])
    some_events(5)  # the trail goes on from event 2 as a good chain, longer than before
    with pytest.raises(CommandError, match=f"event {events[3].id}, the last one .* is missing"):
        call_command("verify_audit")


def test_no_checkpoint_is_written_over_a_trail_cut_short_since_the_last(checkpoint_dir):
    events = some_events(3)
    call_command("write_audit_checkpoint")
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    with pytest.raises(CommandError, match="No checkpoint written: the audit trail does not reach"):
        call_command("write_audit_checkpoint")
    assert len(lines(checkpoint_dir)) == 1


def test_no_checkpoint_is_written_over_events_changed_since_the_last(checkpoint_dir):
    some_events(2)
    call_command("write_audit_checkpoint")
    newer = some_events(2)
    tamper("UPDATE audit_auditevent SET basis = 'made up' WHERE id = %s", [newer[0].id])
    with pytest.raises(CommandError, match=f"broken at event {newer[0].id}: it has been changed"):
        call_command("write_audit_checkpoint")
    assert len(lines(checkpoint_dir)) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda line: {**line, "events": line["events"] - 2},
        lambda line: {**line, "head": "f" * 64},
        lambda line: {**line, "signature": "0" * 64},
        lambda line: {k: v for k, v in line.items() if k != "signature"},
    ],
    ids=["fewer-events", "another-head", "another-signature", "unsigned"],
)
def test_a_checkpoint_changed_without_the_key_is_rejected(checkpoint_dir, change):
    some_events(3)
    call_command("write_audit_checkpoint")
    path = checkpoint_dir / checkpoints.FILE_NAME
    path.write_text(json.dumps(change(lines(checkpoint_dir)[0])) + "\n")
    with pytest.raises(
        CommandError, match="Line 1 of .* is not a checkpoint signed with the audit"
    ):
        call_command("verify_audit")
    with pytest.raises(CommandError, match="not a checkpoint signed"):
        call_command("write_audit_checkpoint")


def test_a_checkpoint_signed_with_another_key_is_rejected(checkpoint_dir):
    [event] = some_events(1)
    forged = checkpoints.Checkpoint(9, event.id + 8, "e" * 64, "2026-01-01T00:00:00", 0)
    checkpoint_dir.mkdir(parents=True)
    (checkpoint_dir / checkpoints.FILE_NAME).write_text(
        json.dumps(forged.signed(key=b"someone-elses-key")) + "\n"
    )
    with pytest.raises(CommandError, match="or was written with another key"):
        call_command("verify_audit")


def test_a_checkpoint_counting_fewer_events_than_the_one_before_is_rejected(checkpoint_dir):
    events = some_events(2)
    call_command("write_audit_checkpoint")
    earlier = checkpoints.Checkpoint(1, events[0].id, events[0].hash, "2026-01-01T00:00:00", 0)
    with (checkpoint_dir / checkpoints.FILE_NAME).open("a") as out:
        out.write(json.dumps(earlier.signed()) + "\n")
    with pytest.raises(CommandError, match="Line 2 of .* counts fewer events"):
        call_command("verify_audit")


def test_calling_the_whole_trail_unkeyed_and_rehashing_it_is_found_against_the_checkpoint():
    events = some_events(3)
    call_command("write_audit_checkpoint")
    # Anyone can compute plain SHA-256: say no event was ever keyed, and re-hash them all.
    move_keyed_start(events[-1].id + 1000)
    tamper("UPDATE audit_auditevent SET basis = 'made up' WHERE id = %s", [events[1].id])
    rehash_from(events[0].id, plain_sha256)
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    said = str(refused.value)
    assert "tampered with: the start of the keyed chain has been moved" in said
    assert f"event {events[-1].id} does not have the hash the checkpoint" in said
