"""The migration that made a contact's decision due at a time fills it for existing contacts
(R1), with the breach flag of those decided late."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ChildFactory, UserFactory

BEFORE = [("cases", "0005_core_group_membership")]
AFTER = [("cases", "0006_contact_decision_due_at")]
LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db(transaction=True)
def test_r1_existing_contacts_get_their_due_time_and_breach_flag():
    recorder = UserFactory()
    child = ChildFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("cases", "Contact")
    friday = datetime.datetime(2026, 11, 20, 16, 30, tzinfo=LONDON)
    common = {
        "received_at": friday,
        "channel": "PHONE",
        "referrer_name": "Fictional Referrer",
        "worried_about": "Fictional",
        "consent": "OBTAINED",
        "recorded_by_id": recorder.pk,
        "decision_due": datetime.date(2026, 11, 23),
    }
    waiting = old.objects.create(**common)
    late = old.objects.create(
        **common,
        decision="ADVICE_SIGNPOST",
        decision_at=datetime.datetime(2026, 11, 23, 17, 0, tzinfo=LONDON),
        late_reason="Fictional",
    )
    in_time = old.objects.create(
        **common,
        decision="ADVICE_SIGNPOST",
        decision_at=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON),
    )
    old.children.through.objects.create(contact_id=waiting.pk, child_id=child.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("cases", "Contact")
    monday = datetime.datetime(2026, 11, 23, 16, 30, tzinfo=LONDON)
    assert new.objects.get(pk=waiting.pk).decision_due_at == monday
    assert not new.objects.get(pk=waiting.pk).decision_late
    assert new.objects.get(pk=late.pk).decision_late
    assert not new.objects.get(pk=in_time.pk).decision_late
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
