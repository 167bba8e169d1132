"""A child from contact to closure through the web pages alone, every due date shown."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.cases.models import (
    Authorisation,
    Contact,
    CoreGroupMeeting,
    Episode,
    PlanEndNotice,
    ReviewConference,
)
from safetymap.mapping import services as map_services
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    EpisodeFactory,
    OrganisationFactory,
    StrategyDiscussionFactory,
    TeamFactory,
    TransferInFactory,
    UserFactory,
)
from tests.forms import date_fields
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_from_contact_to_closure_through_the_pages(client: Client):
    today = timezone.localdate()
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team = TeamFactory(manager=manager)
    allocation = AllocationFactory(
        team=team,
        episode=EpisodeFactory(
            referral_date=today - datetime.timedelta(days=400),
            closure_date=today - datetime.timedelta(days=300),
            closure_reason="RC7",
        ),
    )
    child = allocation.episode.child
    client.force_login(manager)

    response = client.post(
        "/contacts/new/",
        {
            "children": [child.pk],
            **date_fields("received_on", today),
            "channel": "PHONE",
            "referrer_name": "Fictional Teacher",
            "worried_about": "A bruise on the arm",
            "consent": "OBTAINED",
        },
    )
    contact = Contact.objects.get()
    assert response["Location"] == f"/contacts/{contact.pk}/"
    page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Decision due" in page and "A bruise on the arm" in page

    response = client.post(
        f"/contacts/{contact.pk}/",
        {
            "decision": "CSC_ASSESSMENT",
            "rationale": "Needs an assessment",
            "referral_source": "2A",
            "primary_need": "N1",
            "team": team.pk,
        },
    )
    episode = Episode.objects.get(contact=contact)
    assert episode.queue_entries.get().team == team
    assert response["Location"] == f"/episodes/{episode.pk}/"

    steps = [
        (
            f"/episodes/{episode.pk}/allocate/",
            {"worker": manager.pk, "team": team.pk, **date_fields("started_on", today)},
        ),
        (f"/episodes/{episode.pk}/assessment/", date_fields("started_on", today)),
    ]
    for url, data in steps:
        assert client.post(url, data).status_code == 302, url
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Child and family assessment" in page and "(R2)" in page
    assessment = episode.assessments.get()
    assert (
        client.post(
            f"/assessments/{assessment.pk}/complete/",
            {
                **date_fields("completed_on", today),
                "outcome": "STRATEGY",
                "analysis": "Worrying",
            },
        ).status_code
        == 302
    )
    # Nobody authorises their own work: the service manager over the team authorises it.
    other_manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    team.service_manager = other_manager
    team.save(update_fields=["service_manager"])

    def authorised_by_other_manager() -> None:
        asked = Authorisation.objects.get(episode=episode, state="WAITING")
        own = client.get(f"/authorisations/{asked.pk}/").content.decode()
        assert "you cannot authorise it" in own
        client.force_login(other_manager)
        done = client.post(f"/authorisations/{asked.pk}/", {"decision": "authorise"})
        assert done.status_code == 302
        client.force_login(manager)

    authorised_by_other_manager()
    assessment.refresh_from_db()
    assert assessment.authorised_by == other_manager
    assert (
        client.post(
            f"/episodes/{episode.pk}/strategy-discussion/",
            {
                **date_fields("held_on", today),
                "meeting_format": "VIRTUAL",
                "social_care_took_part": "on",
                "police_took_part": "on",
                "health_took_part": "on",
                "participants": "Fictional people",
                "children_considered": [child.pk],
                "section_47_decision": "YES_JOINT_WITH_POLICE",
            },
        ).status_code
        == 302
    )
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Initial child protection conference" in page and "(R3)" in page
    enquiry = episode.enquiries.get()
    assert (
        client.post(
            f"/enquiries/{enquiry.pk}/complete/",
            {
                **date_fields("completed_on", today),
                "outcome": "ICPC",
                "findings": "Harm likely",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/episodes/{episode.pk}/child-protection-plan/",
            {
                **date_fields("started_on", today),
                "category": "EMO",
                "chair": UserFactory(roles=[Role.CONFERENCE_CHAIR]).pk,
                "threshold_rationale": "Harm likely without a plan",
                "lead_social_worker": UserFactory(roles=[Role.SOCIAL_WORKER]).pk,
                "core_group_members": "Mum, school",
                **date_fields("first_core_group_on", today),
                **date_fields("first_review_on", today + datetime.timedelta(days=60)),
                "outline_action": "Agree a safety plan",
                "outline_action_owner": "Mum and the social worker",
                **date_fields("outline_action_due", today + datetime.timedelta(days=14)),
            },
        ).status_code
        == 302
    )
    plan = episode.cp_plans.get()
    assert (
        client.post(
            f"/child-protection-plans/{plan.pk}/end/",
            {
                **date_fields("ended_on", today),
                "reason": "RCPC",
            },
        ).status_code
        == 302
    )
    closing = {
        **date_fields("closure_date", today),
        "reason": "RC7",
        "summary": "Safe now",
        "explained_to_child": "Told in person",
    }
    refused = client.post(f"/episodes/{episode.pk}/close/", closing).content.decode()
    assert "make a final closure map" in refused  # R33
    closure_map = map_services.start_map(
        by=manager, episode=episode, context="CLOSURE", held_on=today
    )
    map_services.rate(
        by=manager,
        sos_map=closure_map,
        rater_group="FAMILY",
        rater="Mum",
        value=8,
        reason="Calm at home for six months",
    )
    map_services.finalise(by=manager, sos_map=closure_map)
    closing["network_continuation"] = "Nan keeps checking in every Sunday"
    assert client.post(f"/episodes/{episode.pk}/close/", closing).status_code == 302
    episode.refresh_from_db()
    assert episode.is_open  # until a manager authorises the closure
    authorised_by_other_manager()
    episode.refresh_from_db()
    assert not episode.is_open
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Closed" in page and "What can happen next" not in page


def test_a_refused_step_shows_a_govuk_error_on_the_field_and_saves_nothing(client: Client):
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 3, 2)))
    client.force_login(allocation.worker)
    html = client.post(
        f"/episodes/{allocation.episode.pk}/assessment/",
        date_fields("started_on", datetime.date(2026, 3, 1)),
    ).content.decode()
    assert "There is a problem" in html
    assert "The assessment start date must be on or after 2 March 2026" in html
    assert 'href="#id_started_on_day"' in html
    assert not allocation.episode.assessments.exists()


def test_r4_a_transfer_in_through_the_pages(client: Client):
    today = timezone.localdate()
    allocation = AllocationFactory(
        episode=EpisodeFactory(referral_date=today - datetime.timedelta(days=2))
    )
    episode = allocation.episode
    client.force_login(allocation.worker)
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Record a child moving here on another council" in page
    refused = client.post(
        f"/episodes/{episode.pk}/transfer-in/",
        {
            **date_fields("notified_on", today - datetime.timedelta(days=2)),
            "from_authority": "Fictional County Council",
            **date_fields("their_plan_started_on", today),
            "their_category": "PHY",
        },
    ).content.decode()
    assert "The plan must have started before this council was told" in refused
    assert not episode.transfers_in.exists()
    response = client.post(
        f"/episodes/{episode.pk}/transfer-in/",
        {
            **date_fields("notified_on", today - datetime.timedelta(days=2)),
            "from_authority": "Fictional County Council",
            **date_fields("their_plan_started_on", today - datetime.timedelta(days=200)),
            "their_category": "PHY",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Transfer-in child protection conference" in page and "(R4)" in page
    assert "Record the transfer-in conference: the plan continues" in page
    transfer = episode.transfers_in.get()
    form = client.get(f"/episodes/{episode.pk}/child-protection-plan/").content.decode()
    assert "the plan from Fictional County Council continues here" in form
    assert (
        client.post(
            f"/transfers-in/{transfer.pk}/no-plan/", date_fields("held_on", today)
        ).status_code
        == 302
    )
    transfer.refresh_from_db()
    assert transfer.plan_continues is False


def test_the_episode_page_queries_do_not_grow_with_the_record(client: Client):
    allocation = AllocationFactory()
    episode = allocation.episode
    client.force_login(allocation.worker)

    def add_one_of_each() -> None:
        AssessmentFactory(episode=episode)
        StrategyDiscussionFactory(episode=episode).children_considered.add(episode.child)
        plan = ChildProtectionPlanFactory(episode=episode)
        CoreGroupMeeting.objects.create(plan=plan, held_on=plan.started_on, attended_by="All")
        ReviewConference.objects.create(
            plan=plan,
            held_on=plan.started_on,
            plan_continues=True,
            latest_category="NEG",
            summary="Continue",
        )
        AllocationFactory(episode=episode, worker=allocation.worker)
        TransferInFactory(episode=episode, conference_held_on=plan.started_on)
        PlanEndNotice.objects.create(plan=plan, organisation=OrganisationFactory())

    add_one_of_each()  # prefetches only run when there is something to fetch
    assert_queries_do_not_grow(
        lambda: client.get(f"/episodes/{episode.pk}/"),
        lambda: [add_one_of_each() for _ in range(4)],
    )
