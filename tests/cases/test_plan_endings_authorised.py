"""Issue 13, management oversight: ending a child in need plan (a step-down) and ending a child
protection plan outside a conference (R15) wait for a manager, who is not the worker; the plan
carries on until then. A review conference's decision ends a plan without a manager."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.cases import oversight, pathway, selectors, services
from safetymap.cases.codes import PlanEndReason
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Authorisation
from safetymap.cases.oversight import OWN_WORK
from tests.factories import (
    AllocationFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def allocated():
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker])
    manager = manager_of(team)
    allocation = AllocationFactory(
        worker=worker,
        team=team,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=100)),
        started_on=TODAY() - datetime.timedelta(days=99),
    )
    return worker, manager, allocation.episode


def ask_to_end_cin(worker, plan, **fields):
    return services.ask_to_end_cin_plan(
        by=worker,
        plan=plan,
        **{
            "ended_on": TODAY(),
            "outcome": "EARLY_HELP",
            "summary": "The family hub takes it on.",
            **fields,
        },
    )


def ask_to_end_cp(worker, plan, reason=PlanEndReason.LEFT_UK):
    return services.end_cp_plan(
        by=worker,
        plan=plan,
        ended_on=TODAY(),
        reason=reason,
        agencies_consulted="School and health visitor agreed",
    )


def offered(worker, episode) -> set[str]:
    steps = pathway.next_steps(selectors.open_episode(worker, episode.pk))
    return {step.url_name for step in steps}


def test_a_step_down_from_a_child_in_need_plan_waits_for_a_manager():
    worker, manager, episode = allocated()
    plan = ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(60))
    asked = ask_to_end_cin(worker, plan)
    plan.refresh_from_db()
    assert asked.kind == Authorisation.Kind.CIN_PLAN_END and asked.cin_plan == plan
    assert plan.ended_on is None  # the plan carries on until a manager agrees
    assert "cases:cin-plan-end" not in offered(worker, episode)
    assert list(selectors.authorisations_waiting_for(manager)) == [asked]
    with pytest.raises(PathwayRefused, match="already waiting"):
        ask_to_end_cin(worker, plan)

    oversight.authorise(by=manager, authorisation=asked)
    plan.refresh_from_db()
    episode.refresh_from_db()
    assert (plan.ended_on, plan.end_outcome) == (TODAY(), "EARLY_HELP")
    assert plan.end_summary == "The family hub takes it on."
    assert episode.is_open  # closing the episode is its own step


def test_a_step_down_asked_without_its_outcome_and_reason_is_refused_and_nothing_waits():
    worker, _, episode = allocated()
    plan = ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(60))
    with pytest.raises(PathwayRefused) as refused:
        ask_to_end_cin(worker, plan, outcome="", summary=" ")
    assert {field for _, field in refused.value.problems} == {"outcome", "summary"}
    assert not Authorisation.objects.exists()


def test_a_returned_step_down_leaves_the_plan_running_and_can_be_asked_again():
    worker, manager, episode = allocated()
    plan = ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(60))
    asked = ask_to_end_cin(worker, plan)
    oversight.return_to_worker(by=manager, authorisation=asked, reason="Review it first")
    plan.refresh_from_db()
    assert plan.ended_on is None
    assert "cases:cin-plan-end" in offered(worker, episode)
    assert ask_to_end_cin(worker, plan).state == Authorisation.State.WAITING


def test_r15_a_plan_ended_outside_a_conference_waits_for_a_manager_not_the_worker():
    worker, manager, episode = allocated()
    plan = ChildProtectionPlanFactory(episode=episode)
    asked = ask_to_end_cp(worker, plan)
    plan.refresh_from_db()
    assert isinstance(asked, Authorisation) and asked.kind == Authorisation.Kind.CP_PLAN_END
    assert plan.ended_on is None
    assert "cases:cp-plan-end" not in offered(worker, episode)
    with pytest.raises(AccessRefused, match="Only team managers and service managers"):
        oversight.authorise(by=worker, authorisation=asked)  # not a manager
    oversight.authorise(by=manager, authorisation=asked)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (TODAY(), PlanEndReason.LEFT_UK)
    assert plan.agencies_consulted == "School and health visitor agreed"


def test_r15_a_manager_cannot_authorise_ending_a_plan_they_asked_to_end():
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team = TeamFactory(members=[manager])
    manager_of(team)
    episode = AllocationFactory(
        worker=manager,
        team=team,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=100)),
    ).episode
    plan = ChildProtectionPlanFactory(episode=episode)
    asked = ask_to_end_cp(manager, plan)
    with pytest.raises(PathwayRefused) as refusal:
        oversight.authorise(by=manager, authorisation=asked)
    assert str(refusal.value) == OWN_WORK
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_a_review_conferences_decision_ends_the_plan_without_a_manager():
    worker, _, episode = allocated()
    plan = ChildProtectionPlanFactory(episode=episode)
    ended = ask_to_end_cp(worker, plan, reason=PlanEndReason.REVIEW_CONFERENCE)
    assert ended == plan and not Authorisation.objects.exists()
    plan.refresh_from_db()
    assert plan.ended_on == TODAY()


def test_a_plan_ended_another_way_while_its_ending_waited_is_not_ended_twice():
    worker, manager, episode = allocated()
    plan = ChildProtectionPlanFactory(episode=episode)
    asked = ask_to_end_cp(worker, plan)
    services.record_review_conference(  # meanwhile a review conference ends the plan
        by=worker,
        plan=plan,
        held_on=TODAY(),
        plan_continues=False,
        latest_category=plan.initial_category,
        summary="Safe enough now",
        late_reason="Held late (fictional)",
    )
    with pytest.raises(PathwayRefused, match="already ended"):
        oversight.authorise(by=manager, authorisation=asked)
    asked.refresh_from_db()
    assert asked.state == Authorisation.State.WAITING  # nothing half-done


def test_the_manager_reads_what_was_asked_for_in_words(client: Client):
    worker, manager, episode = allocated()
    plan = ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(60))
    asked = ask_to_end_cin(worker, plan)
    client.force_login(manager)
    page = client.get(f"/authorisations/{asked.pk}/").content.decode()
    assert "Authorise: ending the child in need plan" in page
    assert "Stepped down to early help" in page and "The family hub takes it on." in page
    assert "EARLY_HELP" not in page
    response = client.post(
        f"/authorisations/{asked.pk}/", {"decision": "authorise", "comment": ""}, follow=True
    )
    assert "Authorised: ending the child in need plan." in response.content.decode()
    plan.refresh_from_db()
    assert plan.ended_on == TODAY()


def test_the_worker_is_told_the_ending_waits_for_a_manager(client: Client):
    worker, _, episode = allocated()
    plan = ChildProtectionPlanFactory(episode=episode)
    client.force_login(worker)
    day = TODAY()
    response = client.post(
        f"/child-protection-plans/{plan.pk}/end/",
        {
            "ended_on-day": day.day,
            "ended_on-month": day.month,
            "ended_on-year": day.year,
            "reason": PlanEndReason.LEFT_UK,
            "agencies_consulted": "School agreed",
        },
        follow=True,
    )
    assert "waiting for a manager to authorise it" in response.content.decode()
    plan.refresh_from_db()
    assert plan.ended_on is None
