"""Restricted records (adoption, staff, confidential addresses): only the people listed see or
find them, whatever other relationship anyone has."""

from __future__ import annotations

import pytest
from django.test import Client

from safetymap.access.models import RestrictedRecord
from safetymap.access.policy import basis_for, searchable_children, visible_children
from safetymap.accounts.roles import Role
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def restricted_child(*listed):
    allocation = AllocationFactory()
    child = allocation.episode.child
    restriction = RestrictedRecord.objects.create(
        child=child, reason="STAFF", restricted_by=UserFactory()
    )
    restriction.people.add(*listed)
    return allocation, child


def test_even_the_allocated_worker_needs_to_be_on_the_list():
    listed = UserFactory(roles=[Role.SOCIAL_WORKER])
    allocation, child = restricted_child(listed)
    assert child not in visible_children(allocation.worker)
    assert basis_for(allocation.worker, child.pk) is None
    AllocationFactory(episode=allocation.episode, worker=listed)
    assert child in visible_children(listed) and basis_for(listed, child.pk)


def test_the_front_door_does_not_find_a_restricted_child():
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    _, child = restricted_child()
    assert child not in searchable_children(front_door)
    other = AllocationFactory().episode.child
    assert other in searchable_children(front_door)


def test_a_restricted_record_is_not_found_the_same_as_a_missing_one(client: Client):
    allocation, child = restricted_child()
    client.force_login(allocation.worker)
    assert client.get(f"/children/{child.pk}/").status_code == 404
    assert client.get("/children/999999/").status_code == 404
    assert client.get(f"/episodes/{allocation.episode.pk}/").status_code == 404


def test_a_team_manager_restricts_a_record_keeping_the_worker_and_themselves(client: Client):
    from safetymap.accounts.roles import Role as R

    manager = UserFactory(roles=[R.TEAM_MANAGER])
    allocation = AllocationFactory()
    allocation.team.manager = manager
    allocation.team.save()
    child = allocation.episode.child
    client.force_login(manager)
    assert "Restrict this record" in client.get(f"/children/{child.pk}/").content.decode()
    refused = client.post(f"/children/{child.pk}/restrict/", {}).content.decode()
    assert "Select why the record must be restricted" in refused
    response = client.post(f"/children/{child.pk}/restrict/", {"reason": "ADOPTION"})
    assert response.status_code == 302
    restriction = RestrictedRecord.objects.get(child=child)
    assert manager in restriction.people.all() and allocation.worker in restriction.people.all()
    assert basis_for(manager, child.pk) is not None
