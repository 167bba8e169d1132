"""The core group of a child protection plan (domain.md §9, issue 7 §1): a professional added to
it (a school, a health visitor) sees the plan, its actions and dates while they are in it and the
plan is open; never the rest of the child's record, and never a restricted record they are not
listed on. Only someone who may change the child's record adds or removes them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.access.models import RestrictedRecord
from safetymap.access.policy import basis_for, plan_basis_for, visible_children
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.cases import services
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import CoreGroupMeeting, CoreGroupMembership
from tests.factories import (
    AllocationFactory,
    ChildProtectionPlanFactory,
    SoSMapFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _plan_with_worker():
    allocation = AllocationFactory()
    plan = ChildProtectionPlanFactory(
        episode=allocation.episode,
        outline_action="School to tell the social worker the same day if Amy has a mark",
        outline_action_owner="Designated safeguarding lead (fictional)",
        outline_action_due=datetime.date(2026, 10, 1),
    )
    return plan, allocation.worker


def _plan_url(plan) -> str:
    return reverse("cases:cp-plan", kwargs={"pk": plan.pk})


def test_a_core_group_member_sees_the_plan_and_its_actions_and_the_read_is_audited(client):
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    membership = services.add_core_group_member(by=worker, plan=plan, member=school)
    client.force_login(school)
    page = client.get(_plan_url(plan))
    assert page.status_code == 200
    text = page.content.decode()
    assert "School to tell the social worker the same day" in text
    assert "because you are in its core group" in text
    read = AuditEvent.objects.filter(actor=school, action="VIEW").get()
    assert read.subject_id == str(plan.pk)
    assert read.basis.startswith(f"core group member (membership {membership.pk})")


def test_a_core_group_member_cannot_open_the_rest_of_the_record(client):
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    services.add_core_group_member(by=worker, plan=plan, member=school)
    child, episode = plan.episode.child, plan.episode
    sos_map = SoSMapFactory(episode=episode)
    assert basis_for(school, child.pk) is None
    assert child not in visible_children(school)
    client.force_login(school)
    for name, kwargs in (
        ("people:child", {"pk": child.pk}),
        ("cases:episode", {"pk": episode.pk}),
        ("cases:chronology", {"pk": child.pk}),
        ("voice:child", {"pk": child.pk}),
        ("mapping:map", {"pk": sos_map.pk}),
        ("safety:network", {"pk": episode.pk}),
        ("cases:core-group-member-add", {"pk": plan.pk}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code in (403, 404), name


def test_someone_not_in_the_core_group_gets_not_found(client):
    plan, _ = _plan_with_worker()
    client.force_login(UserFactory(roles=[Role.PARTNER_PRACTITIONER]))
    assert client.get(_plan_url(plan)).status_code == 404
    assert client.get(reverse("cases:cp-plan", kwargs={"pk": 999_999})).status_code == 404


def test_leaving_the_core_group_ends_sight_of_the_plan(client):
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    membership = services.add_core_group_member(by=worker, plan=plan, member=school)
    client.force_login(worker)
    leave = reverse("cases:core-group-member-leave", kwargs={"pk": membership.pk})
    assert client.get(leave).status_code == 200
    assert client.post(leave, {}).status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None and membership.ended_by == worker
    assert plan_basis_for(school, plan) is None
    client.force_login(school)
    assert client.get(_plan_url(plan)).status_code == 404


def test_sight_ends_when_the_plan_ends():
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    services.add_core_group_member(by=worker, plan=plan, member=school)
    assert plan_basis_for(school, plan) is not None
    plan.ended_on = timezone.localdate()
    plan.save()
    assert plan_basis_for(school, plan) is None


def test_a_restricted_record_closes_the_plan_to_a_member_not_on_its_list():
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    services.add_core_group_member(by=worker, plan=plan, member=school)
    restriction = RestrictedRecord.objects.create(
        child=plan.episode.child, reason="STAFF", restricted_by=worker
    )
    restriction.people.add(worker)
    assert plan_basis_for(school, plan) is None
    assert plan_basis_for(worker, plan) == "allocated worker"


def test_refusals_say_why_and_change_nothing():
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    services.add_core_group_member(by=worker, plan=plan, member=school)
    before = (CoreGroupMembership.objects.count(), AuditEvent.objects.count())
    refusals = {
        "already in": (school, "is already in the core group"),
        "administrator": (
            UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR]),
            "works with children's records",
        ),
        "inactive": (
            UserFactory(roles=[Role.PARTNER_PRACTITIONER], is_active=False),
            "active account",
        ),
    }
    for case, (member, words) in refusals.items():
        with pytest.raises(PathwayRefused) as refused:
            services.add_core_group_member(by=worker, plan=plan, member=member)
        assert words in str(refused.value.problems), case
    # Someone who cannot see the child cannot add anyone.
    with pytest.raises(PathwayRefused):
        services.add_core_group_member(
            by=UserFactory(roles=[Role.SOCIAL_WORKER]),
            plan=plan,
            member=UserFactory(roles=[Role.PARTNER_PRACTITIONER]),
        )
    # Nobody joins an ended plan.
    plan.ended_on = timezone.localdate()
    plan.save()
    with pytest.raises(PathwayRefused, match="ended"):
        services.add_core_group_member(
            by=worker, plan=plan, member=UserFactory(roles=[Role.PARTNER_PRACTITIONER])
        )
    assert (CoreGroupMembership.objects.count(), AuditEvent.objects.count()) == before


def test_a_member_not_on_a_restricted_records_list_cannot_be_added():
    plan, worker = _plan_with_worker()
    restriction = RestrictedRecord.objects.create(
        child=plan.episode.child, reason="ADOPTION", restricted_by=worker
    )
    restriction.people.add(worker)
    with pytest.raises(PathwayRefused, match="restricted"):
        services.add_core_group_member(
            by=worker, plan=plan, member=UserFactory(roles=[Role.PARTNER_PRACTITIONER])
        )


def test_the_worker_adds_a_member_through_the_page_and_my_work_lists_the_plan(client):
    plan, worker = _plan_with_worker()
    school = UserFactory(roles=[Role.PARTNER_PRACTITIONER], full_name="Fictional Teacher")
    client.force_login(worker)
    page = client.get(_plan_url(plan))
    assert "Add someone to the core group" in page.content.decode()
    add = reverse("cases:core-group-member-add", kwargs={"pk": plan.pk})
    empty = client.post(add, {})
    assert "Choose the person joining the core group" in empty.content.decode()
    assert client.post(add, {"member": school.pk}).status_code == 302
    assert "Fictional Teacher" in client.get(_plan_url(plan)).content.decode()
    client.force_login(school)
    my_work = client.get(reverse("accounts:my-work")).content.decode()
    assert "Core groups you are in" in my_work
    assert _plan_url(plan) in my_work


def test_the_plan_page_queries_do_not_grow_with_the_core_group_or_meetings(client):
    plan, worker = _plan_with_worker()
    client.force_login(worker)

    def grow() -> None:
        for day in (3, 10):
            CoreGroupMeeting.objects.create(
                plan=plan, held_on=datetime.date(2026, 9, day), attended_by="Fictional people"
            )
        for _ in range(3):
            services.add_core_group_member(
                by=worker, plan=plan, member=UserFactory(roles=[Role.PARTNER_PRACTITIONER])
            )

    assert_queries_do_not_grow(lambda: client.get(_plan_url(plan)), grow)
