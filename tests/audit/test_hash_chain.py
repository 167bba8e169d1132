"""The audit trail is tamper-evident: verify_audit proves the keyed chain, and names where it
breaks, even when everything after an edit was hashed again (without the key)."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.management import CommandError, call_command

from safetymap.audit import chain
from safetymap.audit.models import Action, AuditEvent
from safetymap.audit.services import record
from tests.audit.tampering import guessed_key, move_keyed_start, plain_sha256, rehash_from, tamper

pytestmark = pytest.mark.django_db


def some_events(n: int = 5) -> list[AuditEvent]:
    return [
        record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=f"p{i}@fictional.example")
        for i in range(n)
    ]


def test_each_event_is_chained_to_the_one_before():
    events = some_events(3)
    assert events[0].previous_hash == "0" * 64
    assert events[1].previous_hash == events[0].hash and events[2].previous_hash == events[1].hash


def test_each_events_hash_is_an_hmac_under_the_audit_key_not_a_plain_hash(settings):
    event = some_events(1)[0]
    canonical = json.dumps(chain.contents(event), sort_keys=True, ensure_ascii=False, default=str)
    expected = hmac.new(
        settings.SAFETYMAP_AUDIT_KEY.encode(),
        chain.EVENT_PURPOSE + canonical.encode(),
        hashlib.sha256,
    ).hexdigest()
    assert event.hash == expected
    assert event.hash != hashlib.sha256(canonical.encode()).hexdigest()


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


@pytest.mark.parametrize("digest", [plain_sha256, guessed_key], ids=["sha256", "guessed-key"])
def test_an_edit_with_every_later_event_rehashed_without_the_key_is_found(digest):
    events = some_events()
    tamper("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE id = %s", [events[2].id])
    rehash_from(events[2].id, digest)
    with pytest.raises(CommandError, match=f"broken at event {events[2].id}: it has been changed"):
        call_command("verify_audit")


def test_the_trail_verifies_only_under_the_key_it_was_written_with(settings):
    events = some_events(2)
    settings.SAFETYMAP_AUDIT_KEY = "another-key-altogether-another-key-altogether"
    with pytest.raises(CommandError, match=f"broken at event {events[0].id}: it has been changed"):
        call_command("verify_audit")


def test_events_written_before_the_key_are_checked_as_plain_sha256_and_held_by_the_first_keyed():
    old = some_events(3)
    # As migration audit 0003 finds a trail written before the key: plain SHA-256 throughout.
    rehash_from(old[0].id, plain_sha256)
    move_keyed_start(old[-1].id)
    new = some_events(2)
    call_command("verify_audit")
    assert new[0].previous_hash == AuditEvent.objects.get(pk=old[-1].id).hash
    # The plain part can be rewritten by anyone, but not without breaking the first keyed event.
    tamper("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE id = %s", [old[1].id])
    rehash_from(old[1].id, plain_sha256)  # and every later event, keyed ones too
    with pytest.raises(CommandError, match=f"broken at event {new[0].id}: it has been changed"):
        call_command("verify_audit")
