"""Queues and hand-offs (issue 13): a referral waits in a team's queue for its manager, only a
children's social care practitioner or manager may hold a case, and transfers between teams are
offered, accepted, declined or withdrawn, every one kept."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.access import services as access_services
from safetymap.access.forms import DutyShiftForm
from safetymap.access.models import DutyShift
from safetymap.access.policy import (
    CASE_HOLDER_REFUSAL,
    QUEUE_BASIS,
    basis_for,
    open_queue_entries_managed_by,
    visible_children,
)
from safetymap.accounts.forms import TeamForm
from safetymap.accounts.roles import Role
from safetymap.cases import queues, services
from safetymap.cases.codes import ContactDecision, ReferralSource
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Allocation, Contact, Episode, QueueEntry
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def managed_team(**fields):
    """A team with a manager, a service manager over it and one social worker member."""
    member = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[member], **fields)
    manager = manager_of(team)
    team.service_manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    team.save(update_fields=["service_manager"])
    return team, manager, member


def refer(team, *children):
    """The front door decides a contact about these children is a referral for ``team``."""
    contact = ContactFactory(children=list(children) or [ChildFactory()])
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    return services.decide_contact(
        by=front_door,
        contact=contact,
        decision=ContactDecision.ASSESSMENT,
        rationale="Needs an assessment",
        referral_source=ReferralSource.SCHOOLS,
        team=team,
    )


def allocated_in(team, worker):
    allocation = AllocationFactory(
        team=team,
        worker=worker,
        episode=EpisodeFactory(referral_date=TODAY() - datetime.timedelta(days=40)),
        started_on=TODAY() - datetime.timedelta(days=30),
    )
    return allocation


# --- Queues ------------------------------------------------------------------------------------


def test_a_referral_puts_each_new_episode_in_the_chosen_teams_queue_for_its_managers_only():
    team, manager, member = managed_team()
    children = [ChildFactory(), ChildFactory()]
    episodes = refer(team, *children)
    assert {e.child for e in episodes} == set(children)
    for episode in episodes:
        entry = episode.queue_entries.get()
        assert entry.team == team and entry.kind == QueueEntry.Kind.NEW_REFERRAL
        assert entry.is_open
        for boss in (manager, team.service_manager):
            basis = basis_for(boss, episode.child_id)
            assert basis == QUEUE_BASIS.format(pk=entry.pk) and "queue" in basis
            assert visible_children(boss).filter(pk=episode.child_id).exists()
        assert basis_for(member, episode.child_id) is None
        assert not visible_children(member).filter(pk=episode.child_id).exists()


def test_a_team_with_no_manager_cannot_take_a_referral_and_nothing_is_saved():
    team = TeamFactory()  # no manager: nobody would see its queue
    contact = ContactFactory()
    with pytest.raises(PathwayRefused, match="no team manager") as refusal:
        services.decide_contact(
            by=UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]),
            contact=contact,
            decision=ContactDecision.ASSESSMENT,
            rationale="Needs an assessment",
            referral_source=ReferralSource.SCHOOLS,
            team=team,
        )
    assert "team" in [field for _, field in refusal.value.problems]
    assert not Episode.objects.exists() and not QueueEntry.objects.exists()
    contact.refresh_from_db()
    assert contact.decision == "" and not contact.is_decided
    assert Contact.objects.get().decision_by is None


def test_allocating_closes_the_queue_entry_and_the_manager_keeps_sight_through_the_team():
    team, manager, member = managed_team()
    (episode,) = refer(team)
    services.allocate(by=manager, episode=episode, worker=member, team=team, started_on=TODAY())
    entry = episode.queue_entries.get()
    assert entry.closed_at is not None and entry.closed_by == manager
    assert entry.outcome == QueueEntry.Outcome.ALLOCATED
    assert not open_queue_entries_managed_by(manager).exists()
    assert basis_for(manager, episode.child_id) == "team of the allocated worker"
    assert basis_for(member, episode.child_id) == "allocated worker"


def test_after_allocation_to_another_teams_worker_the_queue_gives_no_sight():
    team, manager, _ = managed_team()
    other_team, other_manager, other_worker = managed_team()
    (episode,) = refer(team)
    services.allocate(
        by=manager, episode=episode, worker=other_worker, team=other_team, started_on=TODAY()
    )
    for boss in (manager, team.service_manager):
        assert basis_for(boss, episode.child_id) is None
        assert not visible_children(boss).filter(pk=episode.child_id).exists()
    assert basis_for(other_manager, episode.child_id) == "team of the allocated worker"


# --- The one case-holder rule ------------------------------------------------------------------

NOT_CASE_HOLDERS = [
    Role.PARTNER_PRACTITIONER,
    Role.SYSTEM_ADMINISTRATOR,
    Role.PRIVACY_OFFICER,
    Role.CONFERENCE_CHAIR,
]


@pytest.mark.parametrize("role", NOT_CASE_HOLDERS)
def test_only_childrens_social_care_practitioners_and_managers_can_be_allocated(role):
    team, manager, _ = managed_team()
    (episode,) = refer(team)
    person = UserFactory(roles=[role])
    with pytest.raises(PathwayRefused) as refusal:
        services.allocate(by=manager, episode=episode, worker=person, team=team, started_on=TODAY())
    assert str(refusal.value) == CASE_HOLDER_REFUSAL.format(name=person.full_name)
    assert refusal.value.field == "worker"
    assert not Allocation.objects.exists()
    assert episode.queue_entries.get().is_open


def worker_options(html: str) -> list[int]:
    select = re.search(r'<select[^>]*name="worker".*?</select>', html, re.S)
    assert select, "no worker picker on the page"
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(0))]


def test_the_allocate_page_offers_only_case_holders_the_teams_members_first(client: Client):
    member = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Zara Teammember")
    team = TeamFactory(members=[member])
    manager = manager_of(team)
    outsider = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Aaron Outsider")
    refused = [UserFactory(roles=[role], full_name=f"Aardvark {role}") for role in NOT_CASE_HOLDERS]
    (episode,) = refer(team)
    client.force_login(manager)
    response = client.get(f"/episodes/{episode.pk}/allocate/")
    assert response.status_code == 200
    offered = worker_options(response.content.decode())
    assert offered[0] == member.pk
    assert outsider.pk in offered and manager.pk in offered
    assert not {p.pk for p in refused} & set(offered)


def test_the_team_form_and_the_duty_rota_refuse_people_who_cannot_hold_cases():
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    form = TeamForm(
        data={
            "organisation": OrganisationFactory().pk,
            "name": "Fictional Assessment Team",
            "manager": admin.pk,
            "members": [partner.pk],
            "is_active": "on",
        }
    )
    assert not form.is_valid()
    assert "members" in form.errors and "manager" in form.errors
    offered = DutyShiftForm().fields["worker"].queryset
    assert not offered.filter(pk__in=[partner.pk, admin.pk]).exists()
    now = timezone.now()
    with pytest.raises(access_services.RotaRefused) as refusal:
        access_services.record_duty_shift(
            by=UserFactory(roles=[Role.TEAM_MANAGER]),
            worker=partner,
            starts_at=now + datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=9),
        )
    assert (CASE_HOLDER_REFUSAL.format(name=partner.full_name), "worker") in (
        refusal.value.problems
    )
    assert not DutyShift.objects.exists()


# --- Transfers between teams -------------------------------------------------------------------


def transfer_setup():
    from_team, from_manager, old_worker = managed_team()
    to_team, to_manager, new_worker = managed_team()
    allocation = allocated_in(from_team, old_worker)
    return allocation, from_manager, to_team, to_manager, new_worker


def test_an_offered_transfer_waits_in_the_receiving_managers_queue(client: Client):
    allocation, from_manager, to_team, to_manager, _ = transfer_setup()
    episode = allocation.episode
    entry = queues.offer_transfer(
        by=from_manager, episode=episode, to_team=to_team, reason="Needs the CP team"
    )
    assert entry.kind == QueueEntry.Kind.TRANSFER and entry.from_team == allocation.team
    assert basis_for(to_manager, episode.child_id) == QUEUE_BASIS.format(pk=entry.pk)
    allocation.refresh_from_db()
    assert allocation.ended_on is None  # it stays with its worker until accepted
    client.force_login(to_manager)
    page = client.get(f"/teams/{to_team.pk}/queue/").content.decode()
    assert episode.child.full_name in page and "Needs the CP team" in page
    assert f"/episodes/{episode.pk}/allocate/" in page and f"/queue/{entry.pk}/decline/" in page
    client.force_login(from_manager)
    assert client.get(f"/teams/{to_team.pk}/queue/").status_code == 404


def test_accepting_a_transfer_allocates_a_receiving_worker_and_ends_the_old_allocation(
    client: Client,
):
    allocation, from_manager, to_team, to_manager, new_worker = transfer_setup()
    episode = allocation.episode
    entry = queues.offer_transfer(
        by=from_manager, episode=episode, to_team=to_team, reason="Needs the CP team"
    )
    client.force_login(to_manager)
    response = client.post(
        f"/episodes/{episode.pk}/allocate/",
        {"worker": new_worker.pk, "team": to_team.pk, **date_fields("started_on", TODAY())},
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.ended_on == TODAY() - datetime.timedelta(days=1)  # history kept
    current = episode.allocations.get(ended_on__isnull=True)
    assert (current.worker, current.team) == (new_worker, to_team)
    assert episode.allocations.count() == 2
    entry.refresh_from_db()
    assert entry.outcome == QueueEntry.Outcome.ALLOCATED and entry.closed_by == to_manager
    assert basis_for(to_manager, episode.child_id) == "team of the allocated worker"


def test_declining_a_transfer_needs_a_reason_and_keeps_the_episode_where_it_is():
    allocation, from_manager, to_team, to_manager, _ = transfer_setup()
    entry = queues.offer_transfer(
        by=from_manager, episode=allocation.episode, to_team=to_team, reason="Needs the CP team"
    )
    with pytest.raises(PathwayRefused) as refusal:
        queues.decline_transfer(by=to_manager, entry=entry, reason="   ")
    assert refusal.value.field == "reason"
    entry.refresh_from_db()
    assert entry.is_open and entry.outcome == "" and entry.decline_reason == ""
    queues.decline_transfer(by=to_manager, entry=entry, reason="We have no capacity")
    entry.refresh_from_db()
    assert entry.outcome == QueueEntry.Outcome.DECLINED
    assert entry.decline_reason == "We have no capacity" and entry.closed_by == to_manager
    allocation.refresh_from_db()
    assert allocation.ended_on is None
    assert basis_for(to_manager, allocation.episode.child_id) is None


def test_only_the_receiving_teams_managers_can_decline_a_transfer(client: Client):
    allocation, from_manager, to_team, _, _ = transfer_setup()
    entry = queues.offer_transfer(
        by=from_manager, episode=allocation.episode, to_team=to_team, reason="Needs the CP team"
    )
    for outsider in (from_manager, allocation.team.service_manager):
        with pytest.raises(PathwayRefused, match="managers can decline"):
            queues.decline_transfer(by=outsider, entry=entry, reason="Not ours")
    client.force_login(from_manager)
    assert client.get(f"/queue/{entry.pk}/decline/").status_code == 404
    assert client.post(f"/queue/{entry.pk}/decline/", {"reason": "No"}).status_code == 404
    entry.refresh_from_db()
    assert entry.is_open
    queues.decline_transfer(by=to_team.service_manager, entry=entry, reason="No capacity")
    entry.refresh_from_db()
    assert entry.outcome == QueueEntry.Outcome.DECLINED


def test_only_the_offering_side_can_withdraw_a_transfer(client: Client):
    allocation, from_manager, to_team, to_manager, _ = transfer_setup()
    entry = queues.offer_transfer(
        by=from_manager, episode=allocation.episode, to_team=to_team, reason="Needs the CP team"
    )
    with pytest.raises(PathwayRefused, match="Only the team that offered"):
        queues.withdraw_transfer(by=to_manager, entry=entry)
    client.force_login(to_manager)
    client.post(f"/queue/{entry.pk}/withdraw/")
    entry.refresh_from_db()
    assert entry.is_open
    client.force_login(from_manager)
    assert client.post(f"/queue/{entry.pk}/withdraw/").status_code == 302
    entry.refresh_from_db()
    assert entry.outcome == QueueEntry.Outcome.WITHDRAWN and entry.closed_by == from_manager


def test_a_transfer_to_the_same_team_or_without_a_reason_is_refused():
    allocation, from_manager, _, _, _ = transfer_setup()
    with pytest.raises(PathwayRefused) as refusal:
        queues.offer_transfer(
            by=from_manager, episode=allocation.episode, to_team=allocation.team, reason=" "
        )
    assert {field for _, field in refusal.value.problems} == {"to_team", "reason"}
    no_manager = TeamFactory()
    with pytest.raises(PathwayRefused, match="no team manager") as refusal:
        queues.offer_transfer(
            by=from_manager, episode=allocation.episode, to_team=no_manager, reason="Move it"
        )
    assert refusal.value.field == "to_team"
    assert not QueueEntry.objects.exists()


def test_a_second_offer_while_one_waits_is_refused():
    allocation, from_manager, to_team, _, _ = transfer_setup()
    third_team, _, _ = managed_team()
    queues.offer_transfer(
        by=from_manager, episode=allocation.episode, to_team=to_team, reason="Needs the CP team"
    )
    with pytest.raises(PathwayRefused, match="already waiting"):
        queues.offer_transfer(
            by=from_manager, episode=allocation.episode, to_team=third_team, reason="Or this one"
        )
    assert QueueEntry.objects.get().team == to_team
