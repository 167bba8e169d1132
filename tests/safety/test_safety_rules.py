"""Rules R29–R32 as the services enforce them: refused with plain reasons, nothing half-saved,
every change audited."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.core.workdays import add_working_days
from safetymap.people.models import Relationship
from safetymap.safety import services
from safetymap.safety.errors import SafetyRefused
from safetymap.safety.models import NetworkMember, PlanRule, ReconveneTask, SafetyPlan
from tests.factories import DangerStatementFactory, SoSMapFactory, UserFactory
from tests.safety.helpers import (
    DAY,
    a_new_member,
    a_plan_ready_to_agree,
    an_active_plan,
    an_episode_with_a_map,
)

pytestmark = pytest.mark.django_db


def test_a_new_adult_is_recorded_through_the_people_services_and_joins_the_network():
    worker, episode, _ = an_episode_with_a_map()
    member = a_new_member(worker, episode, "Noor Fictional-Aunt")
    assert member.person.search_keys.exists()  # stored by people.services.add_relative
    assert Relationship.objects.filter(child=episode.child, person=member.person).exists()
    assert AuditEvent.objects.filter(subject_type="safety.NetworkMember").exists()


def test_someone_outside_the_childs_family_cannot_be_added_as_known():
    worker, episode, _ = an_episode_with_a_map()
    _, other_episode, _ = an_episode_with_a_map()
    stranger = a_new_member(other_episode.allocations.get().worker, other_episode, "Ann Other")
    with pytest.raises(SafetyRefused, match="not in"):
        services.add_member(
            by=worker, episode=episode, person=stranger.person, relationship_to_family="Friend"
        )


def test_r29_informed_means_a_date_and_a_way_never_one_alone():
    worker, episode, _ = an_episode_with_a_map()
    with pytest.raises(SafetyRefused) as refusal:
        a_new_member(worker, episode, "Noor Aunt", informed=False, informed_on=DAY)
    assert refusal.value.field == "informed_via"
    assert not NetworkMember.objects.exists()
    member = a_new_member(worker, episode, "Noor Aunt", informed=False)
    with transaction.atomic(), pytest.raises(IntegrityError):
        NetworkMember.objects.filter(pk=member.pk).update(informed_via="MEETING")


def test_r29_the_plan_cannot_be_agreed_while_someone_with_a_part_is_not_informed():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, _ = a_plan_ready_to_agree(worker, episode, statement, informed=False)
    with pytest.raises(SafetyRefused) as refusal:
        services.move_plan(by=worker, plan=plan, to="NETWORK_INFORMED")
    assert "Noor Fictional-Aunt has a part in this plan but has not been recorded as informed" in (
        str(refusal.value)
    )
    services.change_member(
        by=worker,
        member=member,
        informed_on=DAY,
        informed_via="WORDS_AND_PICTURES",
        relationship_to_family="Aunt",
        status="ACTIVE",
    )
    services.move_plan(by=worker, plan=plan, to="NETWORK_INFORMED")
    services.move_plan(by=worker, plan=plan, to="AGREED")
    assert SafetyPlan.objects.get(pk=plan.pk).status == "AGREED"


def test_r29_someone_stepped_back_cannot_be_given_a_part():
    worker, episode, statement = an_episode_with_a_map()
    member = a_new_member(worker, episode, "Jamie Fictional-Uncle", status="STEPPED_BACK")
    plan = services.start_plan(by=worker, episode=episode, plan_type="IMMEDIATE")
    with pytest.raises(SafetyRefused, match="stepped back"):
        services.add_rule(
            by=worker,
            plan=plan,
            text="Jamie stays over at weekends",
            danger_statements=[statement],
            responsible_members=[member],
            monitored_by_others="Social worker",
            if_broken="Call the social worker",
        )


def test_r30_a_rule_needs_a_danger_statement_who_does_it_who_checks_and_what_if_broken():
    worker, episode, _ = an_episode_with_a_map()
    plan = services.start_plan(by=worker, episode=episode, plan_type="FULL")
    with pytest.raises(SafetyRefused) as refusal:
        services.add_rule(by=worker, plan=plan, text="Be calm", danger_statements=[], if_broken="")
    assert {field for _, field in refusal.value.problems} == {
        "danger_statements",
        "responsible_members",
        "monitoring_members",
        "if_broken",
    }
    assert not PlanRule.objects.exists()


def test_r30_a_rule_is_about_the_plans_own_danger_statements():
    worker, episode, _ = an_episode_with_a_map()
    plan = services.start_plan(by=worker, episode=episode, plan_type="FULL")
    elsewhere = DangerStatementFactory(map=SoSMapFactory())
    with pytest.raises(SafetyRefused):
        services.add_rule(
            by=worker,
            plan=plan,
            text="Rule",
            danger_statements=[elsewhere],
            responsible_others="Mum",
            monitored_by_others="Nan",
            if_broken="Call",
        )


def test_a_new_plan_is_linked_to_the_latest_maps_danger_statements_and_goals():
    worker, episode, statement = an_episode_with_a_map()
    plan = services.start_plan(by=worker, episode=episode, plan_type="FULL")
    assert list(plan.danger_statements.all()) == [statement]
    assert list(plan.safety_goals.all()) == [statement.safety_goal]
    assert list(plan.children.all()) == [episode.child]


def test_r31_the_plan_cannot_be_agreed_until_every_bottom_line_is_addressed():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = a_plan_ready_to_agree(worker, episode, statement)
    services.add_bottom_line(by=worker, plan=plan, text="Callum does not drink at home")
    services.move_plan(by=worker, plan=plan, to="NETWORK_INFORMED")
    with pytest.raises(SafetyRefused, match="Callum does not drink at home"):
        services.move_plan(by=worker, plan=plan, to="AGREED")
    assert SafetyPlan.objects.get(pk=plan.pk).status == "NETWORK_INFORMED"


def test_r31_marking_a_bottom_line_addressed_needs_how():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = a_plan_ready_to_agree(worker, episode, statement)
    line = services.add_bottom_line(by=worker, plan=plan, text="No contact overnight")
    with pytest.raises(SafetyRefused) as refusal:
        services.address_bottom_line(by=worker, line=line, addressed=True)
    assert refusal.value.field == "how_addressed"


def test_an_agreed_plans_rules_cannot_change_but_it_can_be_revised():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, _ = an_active_plan(worker, episode, statement)
    with pytest.raises(SafetyRefused, match="revised version"):
        services.add_bottom_line(by=worker, plan=plan, text="Another")
    new = services.revise_plan(by=worker, plan=plan)
    assert new.version == 2 and new.supersedes == plan and new.status == "DRAFT"
    assert new.rules.count() == 1 and new.bottom_lines.get().addressed
    assert not new.agreements.exists()  # agreed afresh
    plan.refresh_from_db()
    assert plan.status == "ACTIVE"  # the old plan holds until the new one is agreed
    services.record_agreement(
        by=worker, plan=new, person_name="Callum", role="Dad", agreed_on=DAY, method="VERBAL"
    )
    services.move_plan(by=worker, plan=new, to="NETWORK_INFORMED")
    services.move_plan(by=worker, plan=new, to="AGREED")
    plan.refresh_from_db()
    assert plan.status == "SUPERSEDED"


def test_r32_a_partly_kept_rule_creates_a_reconvene_task_and_review_never_failure():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = an_active_plan(worker, episode, statement)
    on = datetime.date(2026, 9, 14)
    services.record_check(
        by=worker,
        plan=plan,
        checked_on=on,
        checked_by="Noor and the social worker",
        results=[(rule, "PARTLY", "Dad went out but came back after an hour, still cross")],
    )
    task = ReconveneTask.objects.get()
    assert task.reason == "Rule 1 was only partly kept."
    assert task.due_on == add_working_days(on, 5)
    plan.refresh_from_db()
    assert plan.status == "UNDER_REVIEW"
    assert "FAIL" not in plan.status


def test_r32_a_red_flag_reported_on_its_own_creates_the_task_too():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, _ = an_active_plan(worker, episode, statement)
    revised = services.revise_plan(by=worker, plan=plan)
    flag = services.add_red_flag(
        by=worker,
        plan=revised,
        sign="Zara stays off school on a Monday",
        watched_by_others="School",
        response="School rings Mum and the social worker",
    )
    services.move_plan(by=worker, plan=revised, to="NETWORK_INFORMED")
    services.record_agreement(
        by=worker, plan=revised, person_name="Samira", role="Mum", agreed_on=DAY, method="SIGNED"
    )
    services.move_plan(by=worker, plan=revised, to="AGREED")
    services.record_check(
        by=worker,
        plan=revised,
        kind="CONCERN",
        checked_on=DAY,
        checked_by="School",
        red_flags_seen=[flag],
        incidents="Zara was not in school on Monday",
    )
    revised.refresh_from_db()
    assert revised.status == "UNDER_REVIEW"
    assert ReconveneTask.objects.get().reason == "Red flag seen: Zara stays off school on a Monday."


def test_r32_rules_kept_create_no_task():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = an_active_plan(worker, episode, statement)
    services.record_check(
        by=worker, plan=plan, checked_on=DAY, checked_by="Noor", results=[(rule, "KEPT", "")]
    )
    assert not ReconveneTask.objects.exists()
    assert SafetyPlan.objects.get(pk=plan.pk).status == "ACTIVE"


def test_r32_a_network_meeting_completes_the_reconvene_task():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, rule = an_active_plan(worker, episode, statement)
    services.record_check(
        by=worker, plan=plan, checked_on=DAY, checked_by="Noor", results=[(rule, "BROKEN", "")]
    )
    meeting = services.record_network_meeting(
        by=worker,
        episode=episode,
        held_on=DAY,
        notes="Agreed Noor visits on Fridays too",
        attendance={member.pk: "PRESENT"},
    )
    assert ReconveneTask.objects.get().done_at_meeting == meeting
    services.move_plan(by=worker, plan=plan, to="ACTIVE")


def test_a_check_must_say_for_every_rule_whether_it_was_kept():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = an_active_plan(worker, episode, statement)
    with pytest.raises(SafetyRefused, match="every rule"):
        services.record_check(by=worker, plan=plan, checked_on=DAY, checked_by="Noor")


def test_checks_only_on_a_plan_in_force():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = a_plan_ready_to_agree(worker, episode, statement)
    with pytest.raises(SafetyRefused, match="agreed, active or under review"):
        services.record_check(
            by=worker, plan=plan, checked_on=DAY, checked_by="Noor", results=[(rule, "KEPT", "")]
        )


def test_someone_who_cannot_see_the_child_cannot_change_the_plan():
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = a_plan_ready_to_agree(worker, episode, statement)
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    with pytest.raises(SafetyRefused, match="do not have access"):
        services.add_bottom_line(by=stranger, plan=plan, text="Anything")


def test_one_plan_at_a_time_per_episode():
    worker, episode, _ = an_episode_with_a_map()
    services.start_plan(by=worker, episode=episode, plan_type="IMMEDIATE")
    with pytest.raises(SafetyRefused, match="already has a safety plan"):
        services.start_plan(by=worker, episode=episode, plan_type="FULL")


def test_every_change_is_audited_with_the_child():
    worker, episode, statement = an_episode_with_a_map()
    an_active_plan(worker, episode, statement)
    events = AuditEvent.objects.filter(subject_type__startswith="safety.")
    assert events.count() >= 8
    assert set(events.values_list("child_id", flat=True)) == {episode.child_id}


def test_r29_someone_with_a_part_in_an_agreed_plan_stays_recorded_as_informed():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, _ = an_active_plan(worker, episode, statement)
    with pytest.raises(SafetyRefused, match="must stay recorded as informed"):
        services.change_member(
            by=worker, member=member, relationship_to_family="Aunt", status="ACTIVE"
        )
    assert NetworkMember.objects.get(pk=member.pk).is_informed


def test_r30_changing_a_draft_rule_checks_it_again_and_an_agreed_rule_cannot_change():
    worker, episode, statement = an_episode_with_a_map()
    plan, member, rule = a_plan_ready_to_agree(worker, episode, statement)
    fields = {
        "text": "Callum leaves as soon as he feels cross",
        "danger_statements": [statement],
        "if_broken": "Samira rings Noor",
        "responsible_others": "Callum",
    }
    with pytest.raises(SafetyRefused) as refusal:
        services.change_rule(by=worker, rule=rule, **fields)
    assert refusal.value.field == "monitoring_members"
    services.change_rule(by=worker, rule=rule, monitoring_members=[member], **fields)
    assert PlanRule.objects.get(pk=rule.pk).text == "Callum leaves as soon as he feels cross"
    for status in ("NETWORK_INFORMED", "AGREED"):
        services.move_plan(by=worker, plan=plan, to=status)
    rule.refresh_from_db()
    with pytest.raises(SafetyRefused, match="revised version"):
        services.change_rule(by=worker, rule=rule, monitoring_members=[member], **fields)
