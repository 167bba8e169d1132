"""Issue 15, finding 5: a read of something that belongs to a child (a case note, a decision)
names that child, so it is in the privacy officer's "who has accessed this record" report."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.audit.models import Action, AuditEvent
from safetymap.cases.models import CaseNote
from tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def test_the_case_note_shown_on_the_significant_event_page_is_audited_naming_its_child(
    client: Client,
):
    allocation = AllocationFactory()
    child = allocation.episode.child
    note = CaseNote.objects.create(
        child=child,
        happened_on=datetime.date(2026, 3, 2),
        note_type="VISIT",
        text="Home visit: fictional words",
        author=allocation.worker,
    )
    client.force_login(allocation.worker)
    response = client.get(f"/children/{child.pk}/significant-events/new/", {"note": note.pk})
    assert "Home visit: fictional words" in response.content.decode()
    read = AuditEvent.objects.get(subject_type="cases.CaseNote", subject_id=str(note.pk))
    assert read.action == Action.VIEW and read.child_id == child.pk
