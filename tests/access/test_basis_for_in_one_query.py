"""The access basis is one query, decided once per read-only request, and agrees with
visible_children() for every kind of relationship (issue 17: the child page asked it four times)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis, RestrictedRecord, RestrictionReason
from safetymap.access.policy import basis_decided_once, basis_for, visible_children
from safetymap.accounts.roles import Role
from tests.factories import AllocationFactory, ChildFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grant(user, child, hours: float = 2) -> AccessGrant:
    now = timezone.now()
    return AccessGrant.objects.create(
        user=user,
        child=child,
        basis=GrantBasis.FRONT_DOOR_ENQUIRY,
        reason="Checking whether the child is known",
        starts_at=now - datetime.timedelta(minutes=1),
        expires_at=now + datetime.timedelta(hours=hours),
    )


def test_basis_for_is_one_query_whatever_the_relationship():
    allocation = AllocationFactory()
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    for person in (allocation.worker, stranger):
        assert person.roles  # the roles are read once per request, not by the policy
        with CaptureQueriesContext(connection) as queries:
            basis_for(person, allocation.episode.child_id)
        assert len(queries) == 1


def test_basis_for_agrees_with_visible_children_for_each_relationship():
    member, manager, service_manager, granted, stranger = (
        UserFactory(roles=[role])
        for role in (
            Role.SOCIAL_WORKER,
            Role.TEAM_MANAGER,
            Role.SERVICE_MANAGER,
            Role.FRONT_DOOR_PRACTITIONER,
            Role.SOCIAL_WORKER,
        )
    )
    team = TeamFactory(members=[member], manager=manager)
    team.service_manager = service_manager
    team.save()
    allocation = AllocationFactory(team=team)
    child = allocation.episode.child
    ended = AllocationFactory(ended_on=timezone.localdate() - datetime.timedelta(days=3))
    other = ChildFactory()
    _grant(granted, other)
    expired = _grant(granted, ChildFactory(), hours=-1)
    expected = {
        allocation.worker: "allocated worker",
        member: "team of the allocated worker",
        manager: "team of the allocated worker",
        service_manager: "service manager over the allocated worker's team",
    }
    for person, words in expected.items():
        assert basis_for(person, child.pk) == words
    assert basis_for(granted, other.pk).startswith("front door enquiry (grant ")
    for person in (*expected, granted, stranger):
        seen = set(visible_children(person).values_list("pk", flat=True))
        for candidate in (child, other, ended.episode.child, expired.child):
            assert (basis_for(person, candidate.pk) is not None) == (candidate.pk in seen)


def test_a_restricted_record_gives_no_basis_to_those_not_listed_even_the_allocated_worker():
    allocation = AllocationFactory()
    child = allocation.episode.child
    listed = UserFactory(roles=[Role.TEAM_MANAGER])
    restriction = RestrictedRecord.objects.create(
        child=child, reason=RestrictionReason.choices[0][0], restricted_by=listed
    )
    restriction.people.set([listed])
    assert basis_for(allocation.worker, child.pk) is None
    assert basis_for(listed, child.pk) is None  # listed, but no relationship to the child
    restriction.people.add(allocation.worker)
    assert basis_for(allocation.worker, child.pk) == "allocated worker"


def test_within_a_request_the_basis_is_decided_once_and_afresh_after_a_change_of_sight():
    child = ChildFactory()
    person = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    assert person.roles  # read once per request, before the queries counted
    with basis_decided_once():
        assert basis_for(person, child.pk) is None
        with CaptureQueriesContext(connection) as queries:
            assert basis_for(person, child.pk) is None
        assert len(queries) == 0
        _grant(person, child)  # a grant made while the page is made is seen at once
        assert basis_for(person, child.pk) is not None
    assert basis_for(person, child.pk) is not None


def test_a_page_asks_the_database_for_the_basis_once(client):
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    url = f"/children/{allocation.episode.child_id}/"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    asked = [q for q in queries.captured_queries if "access_accessgrant g" in q["sql"]]
    assert len(asked) == 1


def test_within_a_request_the_children_a_person_sees_are_worked_out_afresh_after_a_change():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    first = AllocationFactory(worker=person)
    with basis_decided_once():
        assert set(visible_children(person)) == {first.episode.child}
        changed = visible_children(person)
        assert list(changed.filter(pk=-1)) == []  # a caller's filter leaves the next one whole
        assert set(visible_children(person)) == {first.episode.child}
        second = AllocationFactory(worker=person)  # allocated while the page is made
        assert set(visible_children(person)) == {first.episode.child, second.episode.child}


def test_asked_twice_in_a_request_the_children_a_person_sees_become_a_short_list():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    seen = {AllocationFactory(worker=person).episode.child for _ in range(3)}
    unseen = ChildFactory()
    with basis_decided_once():
        first = visible_children(person)
        assert "cases_allocation" in str(first.query)  # the rule itself, for a single use
        with CaptureQueriesContext(connection) as listing:
            second = visible_children(person)
        assert len(listing) == 1  # the ids, once
        with CaptureQueriesContext(connection) as later:
            third = visible_children(person)
        assert len(later) == 0
        assert "cases_allocation" not in str(third.query)
        assert set(second) == set(third) == set(first) == seen
        assert unseen not in set(third)


def test_a_person_who_sees_too_many_children_for_a_list_keeps_the_rule(monkeypatch):
    from safetymap.access import policy

    monkeypatch.setattr(policy, "_LISTED_AT_MOST", 2)
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    seen = {AllocationFactory(worker=person).episode.child for _ in range(3)}
    with basis_decided_once():
        visible_children(person)
        visible_children(person)
        third = visible_children(person)
        assert "cases_allocation" in str(third.query)
        assert set(third) == seen
