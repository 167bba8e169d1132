"""Which children a person may see: allocation, team, live grants; never a role alone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import basis_for, searchable_children, visible_children
from safetymap.accounts.roles import Role
from tests.factories import AllocationFactory, ChildFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_allocated_worker_sees_the_child_and_says_why():
    allocation = AllocationFactory()
    child = allocation.episode.child
    assert list(visible_children(allocation.worker)) == [child]
    assert basis_for(allocation.worker, child.pk) == "allocated worker"


def test_the_allocated_team_and_its_manager_see_the_child():
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team = TeamFactory(members=[colleague], manager=manager)
    child = AllocationFactory(team=team).episode.child
    for person in (colleague, manager):
        assert list(visible_children(person)) == [child]
        assert basis_for(person, child.pk) == "team of the allocated worker"


def test_the_line_management_chain_sees_the_teams_children_and_my_work():
    """Issue 7 §1: the service manager over the team manager sees the team's children, and
    their work is on My work; a service manager over another team does not."""
    from safetymap.cases.work import work_due
    from tests.factories import ContactFactory

    service_manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    team = TeamFactory(manager=UserFactory(roles=[Role.TEAM_MANAGER]))
    team.service_manager = service_manager
    team.save()
    allocation = AllocationFactory(team=team)
    child = allocation.episode.child
    assert list(visible_children(service_manager)) == [child]
    assert basis_for(service_manager, child.pk) == (
        "service manager over the allocated worker's team"
    )
    contact = ContactFactory()
    contact.children.set([child])
    assert [item.child_names for item in work_due(service_manager)] == [child.full_name]
    elsewhere = UserFactory(roles=[Role.SERVICE_MANAGER])
    TeamFactory(service_manager=elsewhere)
    assert not visible_children(elsewhere).exists()
    assert work_due(elsewhere) == []


def test_a_closed_team_gives_nobody_sight_but_the_allocated_worker_keeps_theirs():
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[colleague], manager=UserFactory(roles=[Role.TEAM_MANAGER]))
    allocation = AllocationFactory(team=team)
    team.is_active = False
    team.save()
    child = allocation.episode.child
    for person in (colleague, team.manager):
        assert not visible_children(person).exists()
        assert basis_for(person, child.pk) is None
    assert basis_for(allocation.worker, child.pk) == "allocated worker"


def test_an_ended_allocation_no_longer_gives_sight():
    allocation = AllocationFactory(ended_on=timezone.localdate() - datetime.timedelta(days=1))
    assert not visible_children(allocation.worker).exists()
    assert basis_for(allocation.worker, allocation.episode.child.pk) is None


def test_a_role_alone_shows_no_child():
    ChildFactory()
    for role in Role:
        assert not visible_children(UserFactory(roles=[role])).exists(), role


def test_a_grant_gives_sight_only_until_it_expires():
    worker, child = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]), ChildFactory()
    now = timezone.now()
    AccessGrant.objects.create(
        user=worker,
        child=child,
        basis=GrantBasis.FRONT_DOOR_ENQUIRY,
        reason="Call from school",
        starts_at=now - datetime.timedelta(hours=2),
        expires_at=now + datetime.timedelta(hours=1),
    )
    assert list(visible_children(worker)) == [child]
    grant = AccessGrant.objects.get()
    assert basis_for(worker, child.pk) == f"front door enquiry (grant {grant.pk})"
    AccessGrant.objects.update(expires_at=now - datetime.timedelta(minutes=1))
    assert not visible_children(worker).exists()


def test_system_administrators_never_see_children_even_when_allocated():
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    AllocationFactory(worker=admin)
    assert not visible_children(admin).exists()


def test_only_the_front_door_searches_every_child():
    ChildFactory.create_batch(3)
    assert searchable_children(UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])).count() == 3
    assert searchable_children(UserFactory(roles=[Role.SOCIAL_WORKER])).count() == 0
