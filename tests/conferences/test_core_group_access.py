"""Issue 6 §2: an invited partner's access to the conference materials ends when the record is
distributed, or continues while they are in the core group (and the plan is open)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.access.policy import basis_for, conference_basis_for
from safetymap.cases import services as case_services
from tests.factories import ChildProtectionPlanFactory

pytestmark = pytest.mark.django_db


def _distributed(conference):
    conference.stage, conference.distributed_at = "DISTRIBUTED", timezone.now()
    conference.save()
    return conference


def test_a_core_group_member_keeps_the_conference_materials_after_distribution(client, family):
    conference = _distributed(family.invited())
    plan = ChildProtectionPlanFactory(episode=family.episode)
    case_services.add_core_group_member(by=family.worker, plan=plan, member=family.school)
    # The school is in the core group: the conference stays open to it, and only it.
    assert conference_basis_for(family.school, conference).startswith("core group member")
    assert conference_basis_for(family.health, conference) is None
    assert basis_for(family.school, family.amy.pk) is None
    client.force_login(family.school)
    page = reverse("conferences:conference", kwargs={"pk": conference.pk})
    assert client.get(page).status_code == 200
    assert conference.reference in client.get(reverse("conferences:mine")).content.decode()
    # Health, invited but not in the core group, lost it at distribution.
    client.force_login(family.health)
    assert client.get(page).status_code == 404


def test_the_conference_closes_when_the_member_leaves_or_the_plan_ends(family):
    conference = _distributed(family.invited())
    plan = ChildProtectionPlanFactory(episode=family.episode)
    membership = case_services.add_core_group_member(
        by=family.worker, plan=plan, member=family.school
    )
    case_services.end_core_group_membership(by=family.worker, membership=membership)
    assert conference_basis_for(family.school, conference) is None
    case_services.add_core_group_member(by=family.worker, plan=plan, member=family.school)
    assert conference_basis_for(family.school, conference) is not None
    plan.ended_on = timezone.localdate()
    plan.save()
    assert conference_basis_for(family.school, conference) is None


def test_lists_of_conferences_agree_with_the_page_for_every_person(family):
    """conferences_open_to (lists: My conferences, the plan page) gives, in one query, the same
    answer as conference_basis_for (the conference's pages), whoever asks."""
    from safetymap.access.models import RestrictedRecord
    from safetymap.access.policy import conferences_open_to
    from safetymap.conferences.models import Conference

    conferences = [family.invited(), _distributed(family.invited()), family.requested()]
    plan = ChildProtectionPlanFactory(episode=family.episode)
    case_services.add_core_group_member(by=family.worker, plan=plan, member=family.health)
    people = (family.worker, family.manager, family.chair, family.school, family.health)

    def lists_agree_with_pages() -> int:
        opened_count = 0
        for person in (*people, family.stranger):
            listed = set(conferences_open_to(person, Conference.objects.all()))
            for conference in conferences:
                opened = conference_basis_for(person, conference) is not None
                assert (conference in listed) == opened, (person, conference)
                opened_count += opened
        return opened_count

    # worker 3, team manager 3, chair 2 (not the requested one), school 1 (its live invitation),
    # health 3 (the core group: every conference about Amy)
    assert lists_agree_with_pages() == 12
    RestrictedRecord.objects.create(
        child=family.ben, reason="STAFF", restricted_by=family.manager
    ).people.add(family.worker)
    assert lists_agree_with_pages() == 3  # the worker, who is on the list
