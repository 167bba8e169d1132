"""A safety plan about brothers and sisters together, one of whose records is restricted to
other people (issue 15, finding 2): the plan is refused whole to anyone that child is restricted
from, and a new plan never offers or takes them."""

from __future__ import annotations

import pytest
from django.test import Client

from safetymap.access.models import RestrictedRecord
from safetymap.accounts.roles import Role
from safetymap.people.codes import RelationshipType
from safetymap.people.models import Relationship
from safetymap.safety import services
from safetymap.safety.errors import SafetyRefused
from tests.factories import AllocationFactory, ChildFactory, SafetyPlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def brother_restricted_from_the_worker():
    allocation = AllocationFactory()
    child = allocation.episode.child
    brother = ChildFactory(first_name="Tobi", last_name="Fictional-Restricted")
    Relationship.objects.create(
        child=child, other_child=brother, relationship_type=RelationshipType.SIBLING
    )
    restriction = RestrictedRecord.objects.create(
        child=brother, reason="ADOPTION", restricted_by=UserFactory(roles=[Role.TEAM_MANAGER])
    )
    restriction.people.add(UserFactory(roles=[Role.SOCIAL_WORKER]))
    return allocation.worker, allocation.episode, brother


def test_a_safety_plan_covering_a_restricted_sibling_is_not_found(client: Client):
    worker, episode, brother = brother_restricted_from_the_worker()
    plan = SafetyPlanFactory(episode=episode, children=[episode.child, brother])
    client.force_login(worker)
    assert client.get(f"/safety-plans/{plan.pk}/").status_code == 404
    assert client.get(f"/safety-plans/{plan.pk}/over-time/").status_code == 404


def test_a_new_safety_plan_never_offers_or_takes_a_restricted_sibling(client: Client):
    worker, episode, brother = brother_restricted_from_the_worker()
    assert brother not in services.plan_children_choices(episode, for_user=worker)
    client.force_login(worker)
    page = client.get(f"/episodes/{episode.pk}/safety-plans/new/")
    assert page.status_code == 200 and brother.full_name not in page.content.decode()
    with pytest.raises(SafetyRefused):
        services.start_plan(by=worker, episode=episode, plan_type="FULL", children=[brother])
