"""Child in need plans (domain.md 3.11, R7) and where a child protection plan may start from."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from safetymap.accounts.roles import Role
from safetymap.cases import pathway, services
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import ChildInNeedPlan
from safetymap.cases.work import work_due
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    TransferInFactory,
    UserFactory,
    authorise_as_manager,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _allocated():
    allocation = AllocationFactory(episode=EpisodeFactory())
    return allocation.worker, allocation.episode


def test_r7_a_child_in_need_plan_review_is_due_at_the_councils_interval(settings):
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    assert pathway.next_cin_review_due(plan) == TODAY() + datetime.timedelta(weeks=4)
    settings.SAFETYMAP_TIMESCALES = {"cin_review_interval_weeks": 6}
    assert pathway.next_cin_review_due(plan) == TODAY() + datetime.timedelta(weeks=6)


def test_r7_the_child_in_need_plan_review_is_on_the_episode_and_on_my_work():
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    due = pathway.next_cin_review_due(plan)
    assert any(
        item.label == "Child in need plan review" and item.due == due
        for item in pathway.due_items(episode)
    )
    assert [i.due for i in work_due(worker) if i.label == "Review the child in need plan"] == [due]
    # Nobody else's My work shows it.
    assert not [i for i in work_due(UserFactory()) if i.label == "Review the child in need plan"]


def test_an_ended_child_in_need_plan_is_no_longer_due():
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    ChildInNeedPlan.objects.filter(pk=plan.pk).update(ended_on=TODAY())
    assert not [i for i in work_due(worker) if i.label == "Review the child in need plan"]


def test_a_second_child_in_need_plan_in_the_episode_is_refused_and_nothing_is_saved():
    worker, episode = _allocated()
    services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    with pytest.raises(PathwayRefused, match="already has a child in need plan"):
        services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    assert ChildInNeedPlan.objects.count() == 1


def test_a_plan_is_not_offered_on_an_episode_without_a_conference_or_a_transfer_in():
    _, episode = _allocated()
    labels = [step.label for step in pathway.next_steps(episode)]
    assert "Start a child protection plan" not in labels
    assert "Record a child moving here on another council's plan" in labels


def test_r4_the_transfer_in_route_still_offers_the_plan_start():
    transfer = TransferInFactory()
    steps = {step.label: step.url_name for step in pathway.next_steps(transfer.episode)}
    assert steps["Record the transfer-in conference: the plan continues"] == "cases:cp-plan-start"


def test_r7_a_review_sets_the_next_review_from_its_date_and_is_shown_on_the_episode():
    worker, episode = _allocated()
    plan = services.start_cin_plan(
        by=worker, episode=episode, started_on=TODAY() - datetime.timedelta(days=14)
    )
    services.record_cin_review(by=worker, plan=plan, held_on=TODAY(), summary="Going well.")
    plan.refresh_from_db()
    assert pathway.next_cin_review_due(plan) == TODAY() + datetime.timedelta(weeks=4)


def test_r7_a_late_review_needs_the_reason_and_a_bad_review_saves_nothing():
    worker, episode = _allocated()
    started = TODAY() - datetime.timedelta(weeks=6)
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=started)
    with pytest.raises(PathwayRefused, match="late"):
        services.record_cin_review(by=worker, plan=plan, held_on=TODAY(), summary="Fine.")
    with pytest.raises(PathwayRefused, match="what the review found"):
        services.record_cin_review(by=worker, plan=plan, held_on=TODAY(), summary=" ")
    with pytest.raises(PathwayRefused):
        services.record_cin_review(
            by=worker, plan=plan, held_on=TODAY() + datetime.timedelta(days=1), summary="Fine."
        )
    assert not plan.reviews.exists()
    services.record_cin_review(
        by=worker, plan=plan, held_on=TODAY(), summary="Fine.", late_reason="Mum was ill."
    )
    assert plan.reviews.count() == 1


def test_ending_a_child_in_need_plan_needs_its_outcome_and_why_and_keeps_the_episode_open():
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    with pytest.raises(PathwayRefused) as refused:
        services.ask_to_end_cin_plan(by=worker, plan=plan, ended_on=TODAY(), outcome="", summary="")
    assert {field for _, field in refused.value.problems} == {"outcome", "summary"}
    plan.refresh_from_db()
    assert plan.ended_on is None
    authorise_as_manager(
        services.ask_to_end_cin_plan(
            by=worker, plan=plan, ended_on=TODAY(), outcome="EARLY_HELP", summary="Family hub."
        )
    )
    plan.refresh_from_db()
    episode.refresh_from_db()
    assert plan.ended_on == TODAY() and plan.end_outcome == "EARLY_HELP"
    assert episode.closure_date is None
    with pytest.raises(PathwayRefused, match="ended"):
        services.record_cin_review(by=worker, plan=plan, held_on=TODAY(), summary="x")


def test_someone_who_cannot_see_the_child_cannot_review_or_end_the_plan():
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    other = UserFactory(roles=[Role.SOCIAL_WORKER])
    with pytest.raises(PathwayRefused, match="access"):
        services.record_cin_review(by=other, plan=plan, held_on=TODAY(), summary="x")
    assert not plan.reviews.exists()


def test_the_review_page_shows_errors_and_keeps_what_was_typed(client):
    worker, episode = _allocated()
    plan = services.start_cin_plan(by=worker, episode=episode, started_on=TODAY())
    client.force_login(worker)
    url = reverse("cases:cin-review-new", kwargs={"pk": plan.pk})
    response = client.post(url, {"summary": "Typed before the date"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Typed before the date" in body
    episode_page = client.get(reverse("cases:episode", kwargs={"pk": episode.pk})).content
    assert url.encode() in episode_page
