"""The migration that made the chain keyed keeps the events written before it as they were
(plain SHA-256), records where the keyed chain starts, and the whole trail still verifies."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safetymap.audit import chain
from safetymap.audit.models import Action, AuditEvent, KeyedChainStart
from safetymap.audit.services import record

BEFORE = [("audit", "0002_append_only_triggers")]


# A migration test needs a transactional test, whose flush afterwards SQLite's triggers refuse
# (tests/conftest.py lets the PostgreSQL flush through); the keyed chain's handling of plain
# events is checked on both engines in test_hash_chain.py.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_key_keep_their_plain_hashes_and_the_trail_still_verifies():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # The table as it was then (no lanes yet), not as the model is now.
    EventThen = executor.loader.project_state(BEFORE).apps.get_model("audit", "AuditEvent")
    previous, old = chain.GENESIS, []
    for i in range(3):  # as the code before the key wrote them
        event = EventThen(
            occurred_at=timezone.now(),
            actor_label=f"p{i}@fictional.example",
            action=Action.SIGN_IN_FAILED,
            previous_hash=previous,
        )
        event.hash = chain.unkeyed_hash_of(event)
        event.save()
        previous = event.hash
        old.append(event)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert KeyedChainStart.objects.get().last_unkeyed_id == old[-1].id
    new = record(actor=None, action=Action.SIGN_IN_FAILED, actor_label="after@fictional.example")
    # The old events stay lane 0's chain; a later event follows its own lane's newest event.
    assert {e.lane for e in AuditEvent.objects.filter(pk__lte=old[-1].id)} == {0}
    lane_head = old[-1].hash if new.lane == 0 else chain.GENESIS
    assert new.previous_hash == lane_head and new.hash == chain.hash_of(new)
    assert [e.hash for e in AuditEvent.objects.filter(pk__lte=old[-1].id).order_by("id")] == [
        e.hash for e in old
    ]
    call_command("write_audit_checkpoint")
    call_command("verify_audit")
