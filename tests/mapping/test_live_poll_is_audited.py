"""Issue 15, finding 5: the live map's poll sends the whole map (every danger statement, item
and rating); it is audited, without a row for every poll."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.audit import services as audit_services
from safetymap.audit.models import Action, AuditEvent
from safetymap.mapping import services
from safetymap.mapping.codes import Category
from tests.conftest import ClientPastTheSecondStep
from tests.factories import AllocationFactory, SoSMapFactory

pytestmark = pytest.mark.django_db


def a_map_and_its_worker():
    allocation = AllocationFactory()
    sos_map = SoSMapFactory(episode=allocation.episode, facilitator=allocation.worker)
    services.add_item(
        by=allocation.worker,
        sos_map=sos_map,
        category=Category.EXISTING_STRENGTH,
        text="Nan visits every Sunday",
    )
    return allocation.worker, sos_map


def live_reads(sos_map, person) -> int:
    return AuditEvent.objects.filter(
        action=Action.VIEW,
        actor=person,
        subject_type="mapping.SoSMap",
        subject_id=str(sos_map.pk),
        child_id=sos_map.episode.child_id,
        details__page="live map",
    ).count()


def test_a_live_map_poll_without_a_token_writes_an_audit_event_naming_the_child(client: Client):
    worker, sos_map = a_map_and_its_worker()
    client.force_login(worker)
    response = client.get(f"/maps/{sos_map.pk}/live/")
    assert response.status_code == 200
    assert "Nan visits every Sunday" in response.json()["sections"]["columns"]
    assert live_reads(sos_map, worker) == 1


def test_polling_the_live_map_is_audited_once_per_session_and_again_after_ten_minutes(
    client: Client, monkeypatch
):
    worker, sos_map = a_map_and_its_worker()
    client.force_login(worker)
    for _ in range(20):  # a script reading the JSON, or a busy map changing at every poll
        assert client.get(f"/maps/{sos_map.pk}/live/").status_code == 200
    assert live_reads(sos_map, worker) == 1

    later = timezone.now() + audit_services.READ_AGAIN_AFTER + datetime.timedelta(seconds=1)
    monkeypatch.setattr(audit_services.timezone, "now", lambda: later)
    assert client.get(f"/maps/{sos_map.pk}/live/").status_code == 200
    assert live_reads(sos_map, worker) == 2


def test_a_new_sign_in_session_is_audited_afresh(client: Client):
    worker, sos_map = a_map_and_its_worker()
    client.force_login(worker)
    client.get(f"/maps/{sos_map.pk}/live/")
    second = ClientPastTheSecondStep()
    second.force_login(worker)
    second.get(f"/maps/{sos_map.pk}/live/")
    assert live_reads(sos_map, worker) == 2


def test_a_poll_with_nothing_new_writes_nothing(client: Client):
    worker, sos_map = a_map_and_its_worker()
    client.force_login(worker)
    token = client.get(f"/maps/{sos_map.pk}/live/").json()["token"]
    before = AuditEvent.objects.count()
    assert client.get(f"/maps/{sos_map.pk}/live/", {"token": token}).status_code == 204
    assert AuditEvent.objects.count() == before
