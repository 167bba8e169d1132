"""Each person's home page (My work), gathered from the apps' providers (core.home): what the
person must do next, bounded whatever the caseload, and different for each role."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.cases.models import Allocation, Episode, QueueEntry
from safetymap.people.models import Child
from tests.factories import (
    AllocationFactory,
    AuthorisationFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

SECTION = re.compile(r'data-home-section="([^"]*)"')


def sections(client: Client) -> list[str]:
    response = client.get("/")
    assert response.status_code == 200
    return SECTION.findall(response.content.decode())


def many_cases(team, worker, count: int) -> None:
    """``count`` open cases allocated to the team, and a tenth of that waiting in its queue."""
    start = Child.objects.count()
    children = Child.objects.bulk_create(
        Child(
            la_child_id=f"BULK{start + n:06d}",
            first_name="Fictional",
            last_name=f"Child {n}",
            date_of_birth=datetime.date(2018, 1, 1),
        )
        for n in range(count)
    )
    episodes = Episode.objects.bulk_create(
        Episode(child=child, referral_date=datetime.date(2026, 9, 1), referral_source="2A")
        for child in children
    )
    Allocation.objects.bulk_create(
        Allocation(episode=episode, worker=worker, team=team, started_on=datetime.date(2026, 9, 2))
        for episode in episodes
    )
    QueueEntry.objects.bulk_create(
        QueueEntry(
            episode=episode, team=team, kind="NEW", queued_at=timezone.now(), queued_by=worker
        )
        for episode in episodes[: count // 10]
    )


def test_a_service_manager_over_6000_open_cases_gets_a_small_page_and_fixed_queries(
    client: Client,
):
    service_manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    teams = [TeamFactory(service_manager=service_manager, members=[worker]) for _ in range(3)]
    client.force_login(service_manager)

    def home() -> None:
        assert client.get("/").status_code == 200

    many_cases(teams[0], worker, 100)
    assert_queries_do_not_grow(home, lambda: many_cases(teams[1], worker, 6000))
    page = client.get("/").content.decode()
    assert len(page.encode()) < 200_000
    assert "6000 open cases" in page and "600 waiting to be allocated" in page
    assert sections(client)[0] == "teams"


def test_a_team_managers_home_page_is_bounded_with_a_see_all_link(client: Client):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(manager=manager, members=[worker])
    client.force_login(manager)

    def home() -> None:
        assert client.get("/").status_code == 200

    many_cases(team, worker, 20)
    assert_queries_do_not_grow(home, lambda: many_cases(team, worker, 300))
    page = client.get("/").content.decode()
    assert "32 in all" in page  # the queue: 2 + 30 waiting, 8 shown
    assert f"/teams/{team.pk}/queue/" in page
    assert page.count('href="/episodes/') <= 40


def test_every_role_sees_its_own_work_first(client: Client):
    """What each role's home page shows first differs (a role with nothing to do yet sees the
    empty state of its own first section)."""
    first: dict[Role, str] = {}
    team = TeamFactory()
    for role in Role:
        person = UserFactory(roles=[role])
        if role == Role.TEAM_MANAGER:
            team.manager = person
            team.save()
        if role == Role.SERVICE_MANAGER:
            team.service_manager = person
            team.save()
        client.force_login(person)
        shown = sections(client)
        first[role] = shown[0] if shown else ""
    assert first[Role.FRONT_DOOR_PRACTITIONER] == "contacts"
    assert first[Role.TEAM_MANAGER] == "queue"
    assert first[Role.SERVICE_MANAGER] == "teams"
    assert first[Role.CONFERENCE_CHAIR] == "chair"
    assert first[Role.BUSINESS_SUPPORT] == "minutes"
    assert first[Role.PARTNER_PRACTITIONER] == "reports"
    assert first[Role.PRIVACY_OFFICER] == "privacy"
    assert first[Role.PARTNERSHIP_ADMINISTRATOR] == "briefings"
    assert first[Role.TRAINER] == "sessions"
    assert first[Role.SOCIAL_WORKER] == "due"
    case_workers = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER}
    assert len({first[role] for role in case_workers}) == 3


def test_the_front_door_sees_contacts_by_when_the_decision_is_due(client: Client):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    now = timezone.now()
    later = ContactFactory(decision_due_at=now + datetime.timedelta(days=3))
    sooner = ContactFactory(decision_due_at=now + datetime.timedelta(hours=5))
    client.force_login(front_door)
    page = client.get("/").content.decode()
    assert page.index(f"/contacts/{sooner.pk}/") < page.index(f"/contacts/{later.pk}/")


def test_a_manager_is_not_asked_to_authorise_their_own_work(client: Client):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    allocation = AllocationFactory(team=TeamFactory(manager=manager))
    mine = AuthorisationFactory(episode=allocation.episode, requested_by=manager)
    theirs = AuthorisationFactory(episode=allocation.episode, kind="ASSESSMENT")
    client.force_login(manager)
    page = client.get("/").content.decode()
    assert f"/authorisations/{theirs.pk}/" in page
    assert f"/authorisations/{mine.pk}/" not in page


def test_a_partner_gets_no_case_list_and_no_links_they_cannot_use(client: Client):
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    AllocationFactory()
    client.force_login(partner)
    page = client.get("/").content.decode()
    assert "Due and overdue" not in page and "/episodes/" not in page
