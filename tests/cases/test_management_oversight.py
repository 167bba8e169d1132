"""Management oversight (issue 13): assessments and closures wait for a manager who is not the
worker, who authorises them or returns them with a reason; directions are given and done."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.cases import oversight, selectors, services
from safetymap.cases.codes import AssessmentOutcome, ClosureReason
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Authorisation, ManagementOversight
from safetymap.cases.oversight import OWN_WORK
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    AuthorisationFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def allocated(worker=None):
    """A worker allocated in a team with a manager; the episode began ten days ago."""
    worker = worker or UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker])
    manager = manager_of(team)
    allocation = AllocationFactory(
        worker=worker,
        team=team,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=10)),
        started_on=TODAY() - datetime.timedelta(days=9),
    )
    return worker, manager, allocation


def completed(worker, episode, outcome=AssessmentOutcome.CIN_PLAN):
    assessment = AssessmentFactory(episode=episode)
    services.complete_assessment(
        by=worker, assessment=assessment, completed_on=TODAY(), outcome=outcome, analysis="Worry"
    )
    assessment.refresh_from_db()
    return assessment, Authorisation.objects.get(assessment=assessment, state="WAITING")


def ask_to_close(worker, episode, reason=ClosureReason.RC7):
    return services.ask_to_close(
        by=worker,
        episode=episode,
        closure_date=TODAY(),
        reason=reason,
        summary="Safer now",
        explained_to_child="Told at home",
    )


def test_completing_an_assessment_makes_it_wait_for_a_manager():
    worker, manager, allocation = allocated()
    assessment, asked = completed(worker, allocation.episode)
    assert asked.kind == Authorisation.Kind.ASSESSMENT and asked.requested_by == worker
    assert assessment.authorised_on is None and assessment.authorised_by is None
    assert list(selectors.authorisations_waiting_for(manager)) == [asked]


def test_nobody_authorises_their_own_work_even_a_manager():
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    _, team_manager, allocation = allocated(worker=manager)
    assessment, asked = completed(manager, allocation.episode)
    with pytest.raises(PathwayRefused) as refusal:
        oversight.authorise(by=manager, authorisation=asked)
    assert str(refusal.value) == OWN_WORK
    with pytest.raises(PathwayRefused, match="your own work"):
        oversight.return_to_worker(by=manager, authorisation=asked, reason="Mend it")
    asked.refresh_from_db()
    assessment.refresh_from_db()
    assert asked.state == Authorisation.State.WAITING and assessment.authorised_on is None
    assert assessment.completed_on == TODAY()
    assert not selectors.authorisations_waiting_for(manager).exists()
    assert list(selectors.authorisations_waiting_for(team_manager)) == [asked]


def test_returning_without_a_reason_is_refused_and_nothing_changes():
    worker, manager, allocation = allocated()
    assessment, asked = completed(worker, allocation.episode)
    with pytest.raises(PathwayRefused) as refusal:
        oversight.return_to_worker(by=manager, authorisation=asked, reason="  ")
    assert refusal.value.field == "reason"
    asked.refresh_from_db()
    assessment.refresh_from_db()
    assert asked.state == Authorisation.State.WAITING and asked.decided_by is None
    assert assessment.completed_on == TODAY()


def test_a_returned_assessment_reopens_for_the_worker_until_they_complete_it_again():
    worker, manager, allocation = allocated()
    assessment, asked = completed(worker, allocation.episode)
    oversight.return_to_worker(by=manager, authorisation=asked, reason="Add the father's view")
    assessment.refresh_from_db()
    asked.refresh_from_db()
    assert assessment.completed_on is None and assessment.analysis == "Worry"
    assert asked.state == Authorisation.State.RETURNED
    assert asked.manager_comment == "Add the father's view" and asked.decided_by == manager
    assert list(selectors.returned_to(worker)) == [asked]
    services.complete_assessment(
        by=worker,
        assessment=assessment,
        completed_on=TODAY(),
        outcome=AssessmentOutcome.CIN_PLAN,
        analysis="Worry, and the father's view",
    )
    assert not selectors.returned_to(worker).exists()
    again = Authorisation.objects.get(state="WAITING")
    assert again.assessment == assessment and again.pk != asked.pk


def test_authorising_an_assessment_records_who_and_when():
    worker, manager, allocation = allocated()
    assessment, asked = completed(worker, allocation.episode)
    oversight.authorise(by=manager, authorisation=asked, comment="Agreed")
    assessment.refresh_from_db()
    asked.refresh_from_db()
    assert (assessment.authorised_on, assessment.authorised_by) == (TODAY(), manager)
    assert asked.state == Authorisation.State.AUTHORISED and asked.decided_by == manager
    assert asked.manager_comment == "Agreed"


def test_a_decision_cannot_be_made_twice():
    worker, manager, allocation = allocated()
    _, asked = completed(worker, allocation.episode)
    oversight.authorise(by=manager, authorisation=asked)
    with pytest.raises(PathwayRefused, match="already"):
        oversight.authorise(by=manager, authorisation=asked)
    with pytest.raises(PathwayRefused, match="already"):
        oversight.return_to_worker(by=manager, authorisation=asked, reason="Change it")
    asked.refresh_from_db()
    assert asked.state == Authorisation.State.AUTHORISED


def test_asking_to_close_leaves_the_episode_open_until_a_manager_authorises_it():
    worker, manager, allocation = allocated()
    episode = allocation.episode
    asked = ask_to_close(worker, episode)
    episode.refresh_from_db()
    allocation.refresh_from_db()
    assert episode.is_open and allocation.ended_on is None
    assert asked.proposal["reason"] == ClosureReason.RC7
    oversight.authorise(by=manager, authorisation=asked)
    episode.refresh_from_db()
    allocation.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (TODAY(), ClosureReason.RC7)
    assert episode.closure_summary == "Safer now"
    assert allocation.ended_on == TODAY()


def test_a_closure_waiting_for_a_manager_blocks_a_second_ask():
    worker, _, allocation = allocated()
    ask_to_close(worker, allocation.episode)
    with pytest.raises(PathwayRefused, match="already waiting for a manager"):
        ask_to_close(worker, allocation.episode)
    assert Authorisation.objects.filter(kind="CLOSURE").count() == 1


def test_an_assessment_waiting_for_authorisation_blocks_asking_to_close():
    worker, manager, allocation = allocated()
    _, asked = completed(worker, allocation.episode, outcome=AssessmentOutcome.NO_FURTHER_ACTION)
    with pytest.raises(PathwayRefused, match="waiting for a manager to authorise"):
        ask_to_close(worker, allocation.episode, reason=ClosureReason.RC8)
    assert not Authorisation.objects.filter(kind="CLOSURE").exists()
    oversight.authorise(by=manager, authorisation=asked)
    assert ask_to_close(worker, allocation.episode, reason=ClosureReason.RC8).state == "WAITING"


def test_a_returned_closure_leaves_the_episode_open_and_is_returned_to_the_worker():
    worker, manager, allocation = allocated()
    episode = allocation.episode
    asked = ask_to_close(worker, episode)
    oversight.return_to_worker(by=manager, authorisation=asked, reason="Visit once more first")
    episode.refresh_from_db()
    allocation.refresh_from_db()
    assert episode.is_open and allocation.ended_on is None
    assert list(selectors.returned_to(worker)) == [asked]
    ask_to_close(worker, episode)
    assert not selectors.returned_to(worker).exists()


def test_a_direction_needs_a_due_date_and_a_person_and_nothing_is_saved_without():
    worker, manager, allocation = allocated()
    with pytest.raises(PathwayRefused) as refusal:
        oversight.record_oversight(
            by=manager,
            episode=allocation.episode,
            recorded_on=TODAY(),
            summary="Reviewed the case",
            direction="Visit the family this week",
        )
    assert {field for _, field in refusal.value.problems} == {"direction_due", "direction_for"}
    with pytest.raises(PathwayRefused) as refusal:
        oversight.record_oversight(
            by=manager,
            episode=allocation.episode,
            recorded_on=TODAY(),
            summary="Reviewed the case",
            direction_due=TODAY(),
        )
    assert refusal.value.field == "direction"
    assert not ManagementOversight.objects.exists()
    given = oversight.record_oversight(
        by=manager,
        episode=allocation.episode,
        recorded_on=TODAY(),
        summary="Reviewed the case",
        direction="Visit the family this week",
        direction_due=TODAY() + datetime.timedelta(days=7),
        direction_for=worker,
    )
    assert list(selectors.directions_for(worker)) == [given]


def test_a_direction_is_marked_done_once():
    worker, manager, allocation = allocated()
    given = oversight.record_oversight(
        by=manager,
        episode=allocation.episode,
        recorded_on=TODAY(),
        summary="Reviewed the case",
        direction="Visit the family this week",
        direction_due=TODAY() + datetime.timedelta(days=7),
        direction_for=worker,
    )
    oversight.mark_direction_done(by=worker, oversight=given, done_on=TODAY())
    given.refresh_from_db()
    assert given.direction_done_on == TODAY()
    assert not selectors.directions_for(worker).exists()
    with pytest.raises(PathwayRefused, match="already recorded as done"):
        oversight.mark_direction_done(by=worker, oversight=given, done_on=TODAY())


def test_a_second_assessment_completed_while_the_first_waits_is_refused_not_a_crash():
    """One request per kind waits at a time (a database constraint): the service must refuse
    in words, not fail on the constraint."""
    worker, _, allocation = allocated()
    completed(worker, allocation.episode)
    with pytest.raises(PathwayRefused):
        second = services.start_assessment(
            by=worker, episode=allocation.episode, started_on=TODAY()
        )
        services.complete_assessment(
            by=worker,
            assessment=second,
            completed_on=TODAY(),
            outcome=AssessmentOutcome.CIN_PLAN,
            analysis="Again",
        )
    assert Authorisation.objects.filter(state="WAITING").count() == 1


# --- Pages ---------------------------------------------------------------------------------------


def managers_own_request():
    """A manager allocated to the episode asks for their own assessment to be authorised; the
    team's manager is another manager."""
    requester = UserFactory(roles=[Role.TEAM_MANAGER])
    _, other_manager, allocation = allocated(worker=requester)
    assessment, asked = completed(requester, allocation.episode)
    return requester, other_manager, assessment, asked


def test_the_requester_is_told_they_cannot_authorise_and_their_post_changes_nothing(
    client: Client,
):
    requester, _, assessment, asked = managers_own_request()
    client.force_login(requester)
    page = client.get(f"/authorisations/{asked.pk}/").content.decode()
    assert "you cannot authorise it" in page
    assert 'name="decision"' not in page and 'name="comment"' not in page
    client.post(f"/authorisations/{asked.pk}/", {"decision": "authorise", "comment": ""})
    asked.refresh_from_db()
    assessment.refresh_from_db()
    assert asked.state == Authorisation.State.WAITING and assessment.authorised_on is None


def test_returning_on_the_page_without_a_reason_shows_an_error_and_changes_nothing(
    client: Client,
):
    _, other_manager, assessment, asked = managers_own_request()
    client.force_login(other_manager)
    response = client.post(f"/authorisations/{asked.pk}/", {"decision": "return", "comment": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Say what needs to change" in page
    asked.refresh_from_db()
    assessment.refresh_from_db()
    assert asked.state == Authorisation.State.WAITING and assessment.completed_on == TODAY()


def test_the_authorisations_page_lists_what_waits_for_a_manager_but_not_their_own(
    client: Client,
):
    worker, manager, allocation = allocated()
    completed(worker, allocation.episode)
    theirs = AllocationFactory(
        worker=manager,
        team=allocation.team,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=10)),
        started_on=TODAY() - datetime.timedelta(days=9),
    )
    completed(manager, theirs.episode)
    client.force_login(manager)
    page = client.get("/authorisations/").content.decode()
    assert allocation.episode.child.full_name in page
    assert theirs.episode.child.full_name not in page


def test_the_authorisations_page_is_keyset_pages_of_50_every_request_once(client: Client):
    import re

    from safetymap.cases.models import Authorisation

    worker, manager, allocation = allocated()
    for _ in range(53):
        episode = AllocationFactory(worker=worker, team=allocation.team).episode
        AuthorisationFactory(episode=episode, requested_by=worker)
    client.force_login(manager)
    html = client.get("/authorisations/").content.decode()
    assert "53 waiting" in html
    later = re.search(r'href="([^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    second = client.get("/authorisations/" + later).content.decode()
    shown = set(re.findall(r'href="/authorisations/(\d+)/"', html))
    shown_later = set(re.findall(r'href="/authorisations/(\d+)/"', second))
    assert not shown & shown_later
    waiting = Authorisation.objects.filter(state=Authorisation.State.WAITING)
    assert len(shown | shown_later) == waiting.count() == 53


def test_the_work_due_page_opens_for_a_social_worker(client: Client):
    worker, _, allocation = allocated()
    AssessmentFactory(episode=allocation.episode)
    client.force_login(worker)
    response = client.get("/work/due/")
    assert response.status_code == 200
    assert "Everything due for you and your team" in response.content.decode()


def test_two_managers_deciding_the_same_request_one_after_the_other(client: Client):
    worker, manager, allocation = allocated()
    service_manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    allocation.team.service_manager = service_manager
    allocation.team.save(update_fields=["service_manager"])
    assessment, asked = completed(worker, allocation.episode)
    seen_by_first = Authorisation.objects.get(pk=asked.pk)
    seen_by_second = Authorisation.objects.get(pk=asked.pk)  # both read it while it waited
    oversight.authorise(by=manager, authorisation=seen_by_first)
    with pytest.raises(PathwayRefused, match=f"already been authorised by {manager.full_name}"):
        oversight.return_to_worker(
            by=service_manager, authorisation=seen_by_second, reason="Not yet"
        )
    client.force_login(service_manager)
    response = client.post(
        f"/authorisations/{asked.pk}/", {"decision": "return", "comment": "Not yet"}
    )
    assert response.status_code == 200
    assert "Authorised by" in response.content.decode()
    asked.refresh_from_db()
    assessment.refresh_from_db()
    assert asked.state == Authorisation.State.AUTHORISED and asked.decided_by == manager
    assert assessment.completed_on == TODAY() and assessment.authorised_by == manager


def test_the_closure_page_shows_the_safety_network_and_audits_that_read(client: Client):
    from safetymap.audit.models import Action, AuditEvent

    worker, _, allocation = allocated()
    client.force_login(worker)
    response = client.get(f"/episodes/{allocation.episode.pk}/close/")
    assert response.status_code == 200
    assert "Nobody is recorded as active in the safety network" in response.content.decode()
    read = AuditEvent.objects.get(action=Action.VIEW, actor=worker)
    assert read.details.get("page") == "close the episode"


def test_a_direction_is_only_for_someone_who_may_hold_cases():
    from safetymap.access.policy import CASE_HOLDER_REFUSAL

    worker, manager, allocation = allocated()
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    with pytest.raises(PathwayRefused) as refusal:
        oversight.record_oversight(
            by=manager,
            episode=allocation.episode,
            recorded_on=TODAY(),
            summary="Reviewed the case",
            direction="Visit the family this week",
            direction_due=TODAY(),
            direction_for=partner,
        )
    assert (CASE_HOLDER_REFUSAL.format(name=partner.full_name), "direction_for") in (
        refusal.value.problems
    )
    assert not ManagementOversight.objects.exists()
