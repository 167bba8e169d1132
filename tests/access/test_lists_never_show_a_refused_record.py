"""A property test (hypothesis): whatever the allocations, teams, grants and restrictions, no list
or search shows a person a child whose record page would refuse them, and the policy's two
answers (the set of visible children, and the basis for one child) always agree."""

from __future__ import annotations

import datetime

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from safetymap.access.models import AccessGrant, DutyShift, GrantBasis, RestrictedRecord
from safetymap.access.policy import (
    basis_for,
    is_restricted,
    plan_basis_for,
    searchable_children,
    searches_every_child,
    visible_children,
)
from safetymap.accounts.roles import Role
from safetymap.cases.models import ChildProtectionPlan
from safetymap.cases.selectors import episodes_visible_to, plans_in_my_core_groups
from safetymap.cases.work import work_due
from safetymap.people.models import details_of
from safetymap.people.selectors import find_children, my_children
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ChildProtectionPlanFactory,
    CoreGroupMembershipFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
)

ROLES = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR_PRACTITIONER,
    Role.PARTNER_PRACTITIONER,
    Role.PRIVACY_OFFICER,
    Role.SYSTEM_ADMINISTRATOR,
]

# One child's situation: who holds it (a person, their team, nobody), whether the allocation has
# ended, a grant to someone (live or expired), and a restriction with its list.
child_situation = st.fixed_dictionaries(
    {
        "worker": st.none() | st.integers(0, 3),
        "team_member": st.none() | st.integers(0, 3),
        "team_manager": st.none() | st.integers(0, 3),
        "service_manager": st.none() | st.integers(0, 3),
        "allocation_ended": st.booleans(),
        "grant_to": st.none() | st.integers(0, 3),
        "grant_live": st.booleans(),
        "restricted": st.booleans(),
        "listed": st.lists(st.integers(0, 3), max_size=2),
        "core_group_member": st.none() | st.integers(0, 3),
        "membership_ended": st.booleans(),
        "plan_ended": st.booleans(),
    }
)
world = st.fixed_dictionaries(
    {
        "roles": st.lists(st.sampled_from(ROLES), min_size=4, max_size=4),
        # people on out-of-hours duty now (the rota gives the wider search to practitioners)
        "on_duty": st.sets(st.integers(0, 3), max_size=2),
        "children": st.lists(child_situation, min_size=1, max_size=4),
    }
)


def build(spec: dict):
    people = [UserFactory(roles=[role]) for role in spec["roles"]]
    now, today = timezone.now(), timezone.localdate()
    children = []
    for situation in spec["children"]:
        child = ChildFactory()
        children.append(child)
        episode = EpisodeFactory(child=child)
        if situation["worker"] is not None:
            team = TeamFactory(
                members=[people[situation["team_member"]]]
                if situation["team_member"] is not None
                else [],
                manager=people[situation["team_manager"]]
                if situation["team_manager"] is not None
                else None,
                service_manager=people[situation["service_manager"]]
                if situation["service_manager"] is not None
                else None,
            )
            AllocationFactory(
                episode=episode,
                worker=people[situation["worker"]],
                team=team,
                ended_on=today - datetime.timedelta(days=1)
                if situation["allocation_ended"]
                else None,
            )
        if situation["grant_to"] is not None:
            ends = datetime.timedelta(hours=2 if situation["grant_live"] else -1)
            AccessGrant.objects.create(
                user=people[situation["grant_to"]],
                child=child,
                basis=GrantBasis.FRONT_DOOR_ENQUIRY,
                reason="Fictional enquiry",
                starts_at=now - datetime.timedelta(hours=3),
                expires_at=now + ends,
            )
        if situation["core_group_member"] is not None:
            plan = ChildProtectionPlanFactory(
                episode=episode,
                ended_on=today if situation["plan_ended"] else None,
            )
            CoreGroupMembershipFactory(
                plan=plan,
                user=people[situation["core_group_member"]],
                ended_at=now if situation["membership_ended"] else None,
            )
        if situation["restricted"]:
            restriction = RestrictedRecord.objects.create(
                child=child, reason="STAFF", restricted_by=people[0]
            )
            restriction.people.add(*(people[i] for i in situation["listed"]))
    for index in spec["on_duty"]:
        DutyShift.objects.create(
            worker=people[index],
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=8),
            recorded_by=people[0],
        )
    return people, children


class ListsNeverShowARefusedRecord(TestCase):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(world)
    def test_no_list_or_search_shows_a_record_the_page_would_refuse(self, spec):
        people, children = build(spec)
        for person in people:
            may_open = {c.pk for c in children if basis_for(person, c.pk) is not None}
            # The policy's two answers agree: the set, and the basis for each child.
            assert set(visible_children(person).values_list("pk", flat=True)) == may_open
            assert set(my_children(person).values_list("pk", flat=True)) <= may_open
            assert {e.child_id for e in episodes_visible_to(person)} <= may_open
            # My work's core groups list only plans whose page opens; a plan's page opens for
            # the whole record or a live membership, never on a restricted record they are
            # not listed on; and membership never opens the rest of the child's record.
            may_open_plans = {
                plan.pk
                for plan in ChildProtectionPlan.objects.select_related("episode")
                if plan_basis_for(person, plan) is not None
            }
            assert {plan.pk for plan in plans_in_my_core_groups(person)} <= may_open_plans
            for plan in ChildProtectionPlan.objects.select_related("episode"):
                basis = plan_basis_for(person, plan)
                if is_restricted(plan.episode.child_id, for_user=person):
                    assert basis is None
                if plan.episode.child_id not in may_open:
                    assert basis is None or basis.startswith("core group member")
            for item in work_due(person):
                assert item.child_names in {c.full_name for c in children if c.pk in may_open}
            searchable = set(searchable_children(person).values_list("pk", flat=True))
            for child in children:
                if is_restricted(child.pk, for_user=person):
                    assert child.pk not in searchable and child.pk not in may_open
                for found in find_children(person, details_of(child), limit=10):
                    opened = found.child.pk in may_open
                    assert found.visible == opened
                    # A search may show a child the person cannot open only to the front door
                    # (or out-of-hours duty on shift), whose job is to check whether a child is
                    # known, and never a restricted one.
                    assert opened or (
                        searches_every_child(person)
                        and not is_restricted(found.child.pk, for_user=person)
                    )
