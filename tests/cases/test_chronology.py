"""The chronology (domain.md 4.2) gathers management oversight, a manager's decisions and child
in need plans with the rest of the record (issue 13); partners do not see oversight; the page
costs the same number of queries whatever the history."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.accounts.roles import Role
from safetymap.cases import chronology, oversight, services
from safetymap.cases.models import Authorisation, ChildInNeedVisit
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildInNeedPlanFactory,
    EpisodeFactory,
    ManagementOversightFactory,
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
    episode = AllocationFactory(
        worker=worker,
        team=team,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=100)),
        started_on=TODAY() - datetime.timedelta(days=99),
    ).episode
    return worker, manager, episode


def summaries(child_id: int, **filters) -> list[str]:
    return [entry.summary for entry in chronology.build(child_id, **filters)]


def test_oversight_and_a_managers_decisions_are_in_the_chronology():
    worker, manager, episode = allocated()
    ManagementOversightFactory(
        episode=episode,
        recorded_by=manager,
        summary="Talked through the safety plan",
        direction="Visit dad",
        direction_for=worker,
        direction_due=TODAY(),
    )
    assessment = AssessmentFactory(episode=episode, due_on=TODAY())
    services.complete_assessment(
        by=worker, assessment=assessment, completed_on=TODAY(), outcome="CIN_PLAN", analysis="x"
    )
    asked = Authorisation.objects.get(assessment=assessment)
    oversight.return_to_worker(by=manager, authorisation=asked, reason="Add Kacper's words")
    entries = chronology.build(episode.child_id, kinds={"oversight"})
    texts = [(entry.summary, entry.detail) for entry in entries]
    assert (
        f"Returned to {worker} by {manager}: the assessment's outcome",
        "Add Kacper's words",
    ) in texts
    oversight_entry = next(e for e in entries if e.summary.startswith("Management oversight"))
    assert "Talked through the safety plan" in oversight_entry.detail
    assert f"Direction for {worker}" in oversight_entry.detail


def test_child_in_need_plans_their_reviews_and_their_end_are_in_the_chronology():
    worker, _, episode = allocated()
    plan = ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(20))
    services.record_cin_review(by=worker, plan=plan, held_on=TODAY(), summary="Going well")
    ChildInNeedVisit.objects.create(
        plan=plan,
        visited_on=TODAY(),
        visited_by="Sam Social-Worker",
        seen=True,
        seen_alone=True,
        child_said="I like my new bed",
        recorded_by=worker,
    )
    plan.ended_on, plan.end_outcome, plan.end_summary = TODAY(), "EARLY_HELP", "Family hub"
    plan.save()
    found = summaries(episode.child_id, kinds={"plan"})
    assert "Child in need plan started" in found
    assert "Child in need plan review" in found
    assert "Child in need plan ended: Stepped down to early help" in found
    assert "Child in need plan visit by Sam Social-Worker: the child was seen alone" in found


def test_a_partners_chronology_leaves_out_management_oversight(client: Client):
    worker, manager, episode = allocated()
    ManagementOversightFactory(episode=episode, recorded_by=manager, summary="Private direction")
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])  # a police officer, say
    AccessGrant.objects.create(
        user=partner,
        child=episode.child,
        basis=GrantBasis.EMERGENCY,
        reason="Police checks out of hours (fictional)",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(worker)
    url = f"/children/{episode.child_id}/chronology/"
    assert "Private direction" in client.get(url).content.decode()
    client.force_login(partner)
    response = client.get(url)
    assert response.status_code == 200
    assert "Private direction" not in response.content.decode()


def test_the_chronology_costs_the_same_queries_with_a_long_history(
    client: Client, django_assert_max_num_queries
):
    worker, manager, episode = allocated()
    client.force_login(worker)
    url = f"/children/{episode.child_id}/chronology/"
    ManagementOversightFactory(episode=episode, recorded_by=manager)
    ChildInNeedPlanFactory(episode=episode, started_on=TODAY() - datetime.timedelta(30))
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        ManagementOversightFactory(episode=episode, recorded_by=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
