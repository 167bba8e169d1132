"""Merging two records of one child: a manager who can see both, both histories kept."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.cases.models import Episode
from safetymap.people import services
from safetymap.people.codes import RelationshipType
from safetymap.people.models import Child, Household, HouseholdMember, Person, Relationship
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

BORN = datetime.date(2019, 6, 14)


def twin_records():
    """Two records of one child, both allocated to a worker in a team this manager manages."""
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker], manager=manager)
    keep = ChildFactory(first_name="Amara", last_name="Fictional-Okafor", date_of_birth=BORN)
    duplicate = ChildFactory(first_name="Amarah", last_name="Fictional Okafor", date_of_birth=BORN)
    for child in (keep, duplicate):
        AllocationFactory(worker=worker, team=team, episode=EpisodeFactory(child=child))
    return manager, worker, keep, duplicate


def give_history(duplicate: Child, worker) -> dict:
    mother = Person.objects.create(first_name="Grace", last_name="Fictional")
    Relationship.objects.create(
        child=duplicate, person=mother, relationship_type=RelationshipType.MOTHER
    )
    household = Household.objects.create(name="Mum's home")
    HouseholdMember.objects.create(household=household, child=duplicate)
    now = timezone.now()
    grant = AccessGrant.objects.create(
        user=worker,
        child=duplicate,
        basis=GrantBasis.RECORDED_THE_CHILD,
        reason="Recorded this child",
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=1),
    )
    return {"mother": mother, "household": household, "grant": grant}


def test_a_manager_picks_the_duplicate_and_the_record_to_keep(client: Client):
    manager, _, keep, duplicate = twin_records()
    client.force_login(manager)
    html = client.get(f"/children/{keep.pk}/merge/").content.decode()
    assert duplicate.la_child_id in html and keep.la_child_id in html
    response = client.post(
        f"/children/{keep.pk}/merge/", {"other": str(duplicate.pk), "keep": "this"}
    )
    assert response["Location"] == f"/children/{duplicate.pk}/merge-into/{keep.pk}/"
    flipped = client.post(
        f"/children/{keep.pk}/merge/", {"other": str(duplicate.pk), "keep": "other"}
    )
    assert flipped["Location"] == f"/children/{keep.pk}/merge-into/{duplicate.pk}/"
    refused = client.post(f"/children/{keep.pk}/merge/", {}).content.decode()
    assert "Choose the record that is the same child" in refused
    assert "Choose the record to keep" in refused


def test_the_confirmation_shows_both_records_side_by_side_and_changes_nothing(client: Client):
    manager, worker, keep, duplicate = twin_records()
    give_history(duplicate, worker)
    client.force_login(manager)
    html = client.get(f"/children/{duplicate.pk}/merge-into/{keep.pk}/").content.decode()
    assert "Record to keep" in html and "Duplicate to merge into it" in html
    assert keep.la_child_id in html and duplicate.la_child_id in html and "Grace Fictional" in html
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merging_moves_the_whole_history_and_keeps_the_duplicate(client: Client):
    manager, worker, keep, duplicate = twin_records()
    history = give_history(duplicate, worker)
    duplicate_keys = set(duplicate.search_keys.values_list("key", flat=True))
    client.force_login(manager)
    response = client.post(f"/children/{duplicate.pk}/merge-into/{keep.pk}/")
    assert response["Location"] == f"/children/{keep.pk}/"

    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep and duplicate.merged_at is not None
    assert Episode.objects.filter(child=keep).count() == 2
    assert not Episode.objects.filter(child=duplicate).exists()
    assert Relationship.objects.get(person=history["mother"]).child == keep
    assert HouseholdMember.objects.get(household=history["household"]).child == keep
    history["grant"].refresh_from_db()
    assert history["grant"].child == keep
    assert duplicate_keys <= set(keep.search_keys.values_list("key", flat=True))
    assert Child.objects.count() == 2  # nothing deleted
    for child in (keep, duplicate):
        event = AuditEvent.objects.get(action=services.MERGED, subject_id=str(child.pk))
        assert event.actor == manager
        assert event.details["kept"] == keep.la_child_id
        assert event.details["moved"]["episodes"] == 1

    page = client.get(f"/children/{keep.pk}/").content.decode()
    assert f"This record includes {duplicate.la_child_id}" in page and "Grace Fictional" in page


def test_a_merged_duplicate_opens_the_kept_record_and_leaves_lists_and_search(client: Client):
    manager, worker, keep, duplicate = twin_records()
    services.merge_children(by=manager, keep=keep, duplicate=duplicate)
    client.force_login(worker)
    response = client.get(f"/children/{duplicate.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/children/{keep.pk}/"
    listed = client.get("/children/").context["children"]
    assert list(listed) == [keep]
    found = client.get("/search/", {"q": "Amarah Fictional Okafor"})
    assert [f.child for f in found.context["found"]] == [keep]
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    client.force_login(front_door)
    found = client.get("/search/", {"q": "Amarah Fictional Okafor"})
    assert [f.child for f in found.context["found"]] == [keep]


def test_someone_who_may_not_see_the_kept_record_learns_nothing_from_the_duplicate(
    client: Client,
):
    manager, _, keep, duplicate = twin_records()
    services.merge_children(by=manager, keep=keep, duplicate=duplicate)
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(f"/children/{duplicate.pk}/").status_code == 404


def test_only_managers_merge_records(client: Client):
    _, worker, keep, duplicate = twin_records()
    client.force_login(worker)
    assert client.post(f"/children/{duplicate.pk}/merge-into/{keep.pk}/").status_code == 403
    with pytest.raises(AccessRefused, match="Only team managers and service managers"):
        services.merge_children(by=worker, keep=keep, duplicate=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.episodes.exists()


def test_a_manager_who_cannot_see_both_records_cannot_merge_them(client: Client):
    manager, _, keep, _ = twin_records()
    hidden = ChildFactory(first_name="Amara", last_name="Fictional-Okafor", date_of_birth=BORN)
    EpisodeFactory(child=hidden)
    client.force_login(manager)
    assert hidden.la_child_id not in client.get(f"/children/{keep.pk}/merge/").content.decode()
    assert client.get(f"/children/{hidden.pk}/merge-into/{keep.pk}/").status_code == 404
    assert client.post(f"/children/{hidden.pk}/merge-into/{keep.pk}/").status_code == 404
    with pytest.raises(AccessRefused):
        services.merge_children(by=manager, keep=keep, duplicate=hidden)
    hidden.refresh_from_db()
    assert hidden.merged_into is None and hidden.episodes.count() == 1


def test_a_record_cannot_be_merged_into_itself_or_merged_twice(client: Client):
    manager, _, keep, duplicate = twin_records()
    client.force_login(manager)
    assert client.get(f"/children/{keep.pk}/merge-into/{keep.pk}/").status_code == 404
    with pytest.raises(services.PeopleChangeRefused, match="cannot be merged into itself"):
        services.merge_children(by=manager, keep=keep, duplicate=keep)
    services.merge_children(by=manager, keep=keep, duplicate=duplicate)
    with pytest.raises(services.PeopleChangeRefused, match="already been merged"):
        services.merge_children(by=manager, keep=duplicate, duplicate=keep)
    assert client.get(f"/children/{duplicate.pk}/merge-into/{keep.pk}/").status_code == 404


def test_the_confirmation_page_queries_do_not_grow_with_the_records(client: Client):
    manager, worker, keep, duplicate = twin_records()
    client.force_login(manager)

    def more_history() -> None:
        for child in (keep, duplicate):
            give_history(child, worker)
            AllocationFactory(worker=worker, episode=EpisodeFactory(child=child))

    assert_queries_do_not_grow(
        lambda: client.get(f"/children/{duplicate.pk}/merge-into/{keep.pk}/"), more_history
    )


def test_the_kept_record_page_queries_do_not_grow_with_merged_duplicates(client: Client):
    manager, worker, keep, duplicate = twin_records()
    services.merge_children(by=manager, keep=keep, duplicate=duplicate)
    client.force_login(worker)

    def more_duplicates() -> None:
        for _ in range(3):
            another = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=BORN)
            AllocationFactory(
                worker=worker, team=worker.teams.get(), episode=EpisodeFactory(child=another)
            )
            services.merge_children(by=manager, keep=keep, duplicate=another)

    assert_queries_do_not_grow(lambda: client.get(f"/children/{keep.pk}/"), more_duplicates)


def test_the_merge_choice_page_queries_do_not_grow_with_the_candidates(client: Client):
    manager, worker, keep, _ = twin_records()
    client.force_login(manager)

    def more_candidates() -> None:
        for n in range(4):
            other = ChildFactory(
                first_name="Amara", last_name=f"Okafor{'x' * n}", date_of_birth=BORN
            )
            AllocationFactory(
                worker=worker, team=worker.teams.get(), episode=EpisodeFactory(child=other)
            )

    assert_queries_do_not_grow(lambda: client.get(f"/children/{keep.pk}/merge/"), more_candidates)


def test_merging_moves_contacts_notes_and_strategy_links_without_doubling_them():
    from safetymap.cases.models import CaseNote, SignificantEvent
    from tests.factories import ContactFactory, StrategyDiscussionFactory

    manager, worker, keep, duplicate = twin_records()
    both = ContactFactory(children=[keep, duplicate])
    only_duplicate = ContactFactory(children=[duplicate])
    discussion = StrategyDiscussionFactory(episode=keep.episodes.get())
    discussion.children_considered.set([keep, duplicate])
    note = CaseNote.objects.create(
        child=duplicate, happened_on=BORN, note_type="VISIT", text="Seen at home", author=worker
    )
    SignificantEvent.objects.create(
        child=duplicate,
        occurred_on=BORN,
        what_happened="Born",
        source="Midwife",
        impact_on_child="None",
        significance="LOW",
        from_note=note,
        recorded_by=worker,
    )
    services.merge_children(by=manager, keep=keep, duplicate=duplicate)
    assert list(both.children.all()) == [keep]
    assert list(only_duplicate.children.all()) == [keep]
    assert list(discussion.children_considered.all()) == [keep]
    assert keep.case_notes.get() == note and keep.significant_events.count() == 1
