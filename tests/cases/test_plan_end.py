"""R16 (who is told when a child protection plan ends, and what comes next) and R8 (the plan
ends at 18, once, with a record)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safetymap.accounts.organisation_types import OrganisationType
from safetymap.audit.models import AuditEvent
from safetymap.cases import services
from safetymap.cases.codes import PlanEndReason
from safetymap.cases.tasks import end_plans_at_eighteen
from safetymap.conferences.models import Decision
from tests.factories import (
    AllocationFactory,
    ChildProtectionPlanFactory,
    ConferenceFactory,
    EpisodeFactory,
    FamilyInvitationFactory,
    InvitationFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def allocated(**episode_fields):
    allocation = AllocationFactory(episode=EpisodeFactory(**episode_fields))
    return allocation.worker, allocation.episode


def plan_from_a_conference(episode, *, via_decision: bool = True):
    """A plan started by an initial conference with two agencies and a parent invited; the
    child's school was not invited."""
    held = episode.referral_date + datetime.timedelta(days=20)
    conference = ConferenceFactory(episode=episode, stage="DISTRIBUTED", held_on=held)
    school = InvitationFactory(conference=conference).organisation
    health = InvitationFactory(
        conference=conference,
        user__organisation=OrganisationFactory(organisation_type=OrganisationType.HEALTH_VISITING),
    ).organisation
    FamilyInvitationFactory(conference=conference)
    plan = ChildProtectionPlanFactory(episode=episode, started_on=held)
    if via_decision:
        Decision.objects.create(
            conference=conference,
            child=episode.child,
            outcome="CP_PLAN",
            reason="Fictional",
            plan=plan,
            recorded_by=conference.requested_by,
        )
    episode.child.school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    episode.child.save()
    return plan, {school, health}


@pytest.mark.parametrize("via_decision", [True, False])
def test_r16_the_agencies_told_are_those_invited_to_the_initial_conference(via_decision):
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=200))
    plan, invited = plan_from_a_conference(episode, via_decision=via_decision)
    # A review conference's invitations do not count.
    review = ConferenceFactory(
        episode=episode, conference_type="RCPC", stage="DISTRIBUTED", held_on=TODAY()
    )
    InvitationFactory(conference=review)
    assert set(services.agencies_to_tell(plan)) == invited
    services.end_cp_plan(
        by=worker, plan=plan, ended_on=TODAY(), reason=PlanEndReason.REVIEW_CONFERENCE
    )
    assert {notice.organisation for notice in plan.end_notices.all()} == invited


def test_r16_without_a_conference_in_the_system_the_childs_school_and_gp_are_told():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=100))
    child = episode.child
    child.school, child.gp = OrganisationFactory(), OrganisationFactory()
    child.save()
    plan = ChildProtectionPlanFactory(episode=episode)
    assert set(services.agencies_to_tell(plan)) == {child.school, child.gp}


def test_r16_a_review_conference_ending_the_plan_tells_the_agencies_too():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=200))
    plan, invited = plan_from_a_conference(episode)
    services.record_review_conference(
        by=worker,
        plan=plan,
        held_on=TODAY(),
        plan_continues=False,
        latest_category=plan.latest_category,
        summary="Safe enough now",
        late_reason="Fictional delay",
    )
    assert {notice.organisation for notice in plan.end_notices.all()} == invited


def test_r16_the_end_page_lists_the_invited_agencies_and_prompts_the_next_plan(client: Client):
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=200))
    plan, invited = plan_from_a_conference(episode)
    client.force_login(worker)
    page = client.get(f"/child-protection-plans/{plan.pk}/end/").content.decode()
    for agency in invited:
        assert agency.name in page
    assert episode.child.school.name not in page
    today = TODAY()
    response = client.post(
        f"/child-protection-plans/{plan.pk}/end/",
        {
            "ended_on-day": today.day,
            "ended_on-month": today.month,
            "ended_on-year": today.year,
            "reason": "RCPC",
        },
    )
    assert response.status_code == 302
    assert {notice.organisation for notice in plan.end_notices.all()} == invited
    episode.refresh_from_db()
    assert episode.is_open  # no automatic closure
    html = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Plan what happens next" in html
    assert f"/episodes/{episode.pk}/child-in-need-plan/" in html


def test_r16_the_prompt_goes_once_a_child_in_need_plan_starts():
    from safetymap.cases.pathway import plan_ended_needs_next_plan
    from safetymap.cases.selectors import open_episode

    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=200))
    plan = ChildProtectionPlanFactory(episode=episode)
    services.end_cp_plan(
        by=worker, plan=plan, ended_on=TODAY(), reason=PlanEndReason.REVIEW_CONFERENCE
    )
    assert plan_ended_needs_next_plan(open_episode(worker, episode.pk)) == plan
    services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    assert plan_ended_needs_next_plan(open_episode(worker, episode.pk)) is None


def eighteen_yesterday() -> datetime.date:
    today = timezone.localdate()
    birthday = today - datetime.timedelta(days=1)
    return birthday.replace(year=birthday.year - 18)


def test_r8_a_plan_ends_at_18_once_with_a_record_by_the_system(django_capture_on_commit_callbacks):
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=300))
    episode.child.date_of_birth = eighteen_yesterday()
    episode.child.school = OrganisationFactory(secure_email="dsl@school.example")
    episode.child.save()
    plan = ChildProtectionPlanFactory(episode=episode)
    younger = ChildProtectionPlanFactory()  # born 2018: years to go
    with django_capture_on_commit_callbacks(execute=True):
        assert end_plans_at_eighteen.call() == 1
    assert end_plans_at_eighteen.call() == 0  # run twice: nothing ends twice
    plan.refresh_from_db()
    younger.refresh_from_db()
    assert plan.end_reason == PlanEndReason.EIGHTEEN
    assert plan.ended_on == TODAY() - datetime.timedelta(days=1)  # the birthday
    assert younger.ended_on is None
    events = AuditEvent.objects.filter(
        subject_type="cases.ChildProtectionPlan", subject_id=str(plan.pk)
    )
    assert [(e.actor_id, e.actor_label) for e in events] == [(None, services.SYSTEM_ACTOR)]
    assert [n.organisation for n in plan.end_notices.all()] == [episode.child.school]  # R16
    episode.refresh_from_db()
    assert episode.is_open


def test_r8_a_plan_ends_on_the_18th_birthday_itself_and_not_the_day_before():
    _, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=300))
    today = timezone.localdate()
    episode.child.date_of_birth = today.replace(year=today.year - 18) + datetime.timedelta(days=1)
    episode.child.save()
    plan = ChildProtectionPlanFactory(episode=episode)
    assert services.plans_reaching_eighteen(today) == []
    tomorrow = today + datetime.timedelta(days=1)
    assert services.plans_reaching_eighteen(tomorrow) == [plan]
    assert services.end_plan_at_eighteen(plan.pk, tomorrow) is not None
    assert services.end_plan_at_eighteen(plan.pk, tomorrow) is None


def test_r8_the_daily_command_queues_the_ending():
    _, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=300))
    episode.child.date_of_birth = eighteen_yesterday()
    episode.child.save()
    plan = ChildProtectionPlanFactory(episode=episode)
    call_command("end_plans_at_eighteen")
    plan.refresh_from_db()
    assert plan.end_reason == PlanEndReason.EIGHTEEN


def test_r8_the_review_is_due_before_the_18th_birthday():
    from safetymap.cases.pathway import next_review_due
    from safetymap.cases.timescales import eighteenth_birthday

    _, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    today = timezone.localdate()
    episode.child.date_of_birth = today.replace(year=today.year - 18) + datetime.timedelta(days=40)
    episode.child.save()
    plan = ChildProtectionPlanFactory(episode=episode)
    assert next_review_due(plan) < eighteenth_birthday(episode.child.date_of_birth)
