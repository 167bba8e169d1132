"""R33: a case closes after a plan only once each safety goal of the latest map is reviewed
(achieved, or not applicable with the reason), with a final scaling."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.cases.codes import ClosureReason
from safetymap.cases.errors import PathwayRefused
from safetymap.mapping import closure
from safetymap.mapping import services as map_services
from safetymap.mapping.errors import MapRefused
from safetymap.mapping.models import SafetyGoalReview
from tests.factories import (
    AllocationFactory,
    ChildProtectionPlanFactory,
    EpisodeFactory,
    UserFactory,
    close_with_authorisation,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def closing_after_a_plan(goals: int = 2):
    """A worker, and their episode whose plan has ended, with a final closure map carrying
    ``goals`` danger statements and their safety goals, and an overall rating."""
    allocation = AllocationFactory(
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=200))
    )
    worker, episode = allocation.worker, allocation.episode
    ChildProtectionPlanFactory(episode=episode, ended_on=TODAY())
    sos_map = map_services.start_map(by=worker, episode=episode, context="CLOSURE", held_on=TODAY())
    for n in range(goals):
        statement = map_services.add_danger_statement(
            by=worker,
            sos_map=sos_map,
            who_is_worried="Children's social care and the school",
            what_happened=f"Fictional worry {n + 1}: Dad shouted and threw a cup",
            worry_if_nothing_changes="the fictional child could be hurt",
            acknowledged_safety="",
            family_position="AGREES",
        )
        map_services.set_safety_goal(
            by=worker,
            danger_statement=statement,
            what_will_be_happening=f"Fictional goal {n + 1}: everyone stays calm",
            for_how_long="6 months",
        )
    map_services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="Social worker",
        value=8,
        reason="Six calm months",
    )
    map_services.finalise(by=worker, sos_map=sos_map)
    return worker, episode


def close(worker, episode):
    return close_with_authorisation(
        worker,
        episode,
        closure_date=TODAY(),
        reason=ClosureReason.RC7,
        summary="Safe now",
        explained_to_child="Told in person, with Words and Pictures",
        network_continuation="Nan checks in every Sunday",
    )


def test_r33_closure_is_refused_until_every_goal_is_reviewed():
    worker, episode = closing_after_a_plan(goals=2)
    with pytest.raises(PathwayRefused, match="2 of 2 not reviewed"):
        close(worker, episode)
    goals = closure.goals_to_review(episode)
    SafetyGoalReview.objects.create(
        goal=goals[0],
        outcome="ACHIEVED",
        reviewed_by=worker,
        reviewed_at=goals[0].changed_at,
    )
    with pytest.raises(PathwayRefused, match="1 of 2 not reviewed"):
        close(worker, episode)
    episode.refresh_from_db()
    assert episode.is_open
    closure.review_safety_goals(
        by=worker,
        episode=episode,
        outcomes={1: ("ACHIEVED", ""), 2: ("NOT_APPLICABLE", "Dad has moved abroad")},
    )
    close(worker, episode)
    episode.refresh_from_db()
    assert not episode.is_open


def test_r33_not_applicable_needs_a_reason_and_nothing_is_saved():
    worker, episode = closing_after_a_plan(goals=2)
    with pytest.raises(MapRefused) as refused:
        closure.review_safety_goals(
            by=worker,
            episode=episode,
            outcomes={1: ("ACHIEVED", ""), 2: ("NOT_APPLICABLE", "  ")},
        )
    assert refused.value.problems == [("Say why safety goal 2 is not applicable", "reason_2")]
    assert not SafetyGoalReview.objects.exists()


def test_r33_the_review_is_audited_and_can_be_done_again():
    worker, episode = closing_after_a_plan(goals=1)
    closure.review_safety_goals(by=worker, episode=episode, outcomes={1: ("ACHIEVED", "")})
    closure.review_safety_goals(
        by=worker, episode=episode, outcomes={1: ("NOT_APPLICABLE", "No longer living there")}
    )
    review = SafetyGoalReview.objects.get()
    assert review.outcome == "NOT_APPLICABLE" and review.reason == "No longer living there"
    assert AuditEvent.objects.filter(subject_type="mapping.SafetyGoalReview").count() == 2


def test_r33_someone_without_sight_of_the_child_cannot_review():
    _, episode = closing_after_a_plan(goals=1)
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    with pytest.raises(MapRefused, match="do not have access"):
        closure.review_safety_goals(by=stranger, episode=episode, outcomes={1: ("ACHIEVED", "")})


def date_fields(name: str, day: datetime.date) -> dict[str, int]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_r33_the_review_page_shows_a_govuk_error_and_gives_back_what_was_typed(client: Client):
    worker, episode = closing_after_a_plan(goals=2)
    client.force_login(worker)
    url = f"/episodes/{episode.pk}/safety-goals/review/"
    page = client.get(url).content.decode()
    assert "Fictional goal 1" in page and "Fictional goal 2" in page
    response = client.post(
        url,
        {"outcome_1": "ACHIEVED", "reason_1": "Kept up for a year", "outcome_2": "NOT_APPLICABLE"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Say why safety goal 2 is not applicable" in html
    assert "Kept up for a year" in html
    assert not SafetyGoalReview.objects.exists()
    response = client.post(
        url,
        {"outcome_1": "ACHIEVED", "outcome_2": "NOT_APPLICABLE", "reason_2": "Dad moved away"},
    )
    assert response.status_code == 302
    assert SafetyGoalReview.objects.count() == 2
    episode_page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Review the safety goals" in episode_page and "Dad moved away" in episode_page
    closing = {
        **date_fields("closure_date", TODAY()),
        "reason": "RC7",
        "summary": "Safe now",
        "explained_to_child": "Told in person",
        "network_continuation": "Nan checks in every Sunday",
    }
    assert client.post(f"/episodes/{episode.pk}/close/", closing).status_code == 302


def test_r33_a_missing_outcome_is_a_govuk_error(client: Client):
    worker, episode = closing_after_a_plan(goals=1)
    client.force_login(worker)
    html = client.post(f"/episodes/{episode.pk}/safety-goals/review/", {}).content.decode()
    assert "Select whether safety goal 1 was achieved or is not applicable" in html
    assert not SafetyGoalReview.objects.exists()
