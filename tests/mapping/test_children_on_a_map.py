"""A map can be about brothers and sisters together; each item can be about some of them."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from safetymap.mapping import services
from safetymap.mapping.codes import Category
from safetymap.mapping.errors import MapRefused
from safetymap.mapping.models import MapItem
from safetymap.people.models import Household, HouseholdMember
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory

pytestmark = pytest.mark.django_db


def siblings_at_home():
    """A worker, their allocated child's episode, and the child's brother at home."""
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 3, 2)))
    child = allocation.episode.child
    brother = ChildFactory(first_name="Fictional", last_name="Brother")
    home = Household.objects.create(name="Home")
    HouseholdMember.objects.create(household=home, child=child)
    HouseholdMember.objects.create(household=home, child=brother)
    return allocation.worker, allocation.episode, brother


def start(worker, episode, **fields):
    return services.start_map(
        by=worker,
        episode=episode,
        context="ASSESSMENT",
        held_on=datetime.date(2026, 3, 10),
        **fields,
    )


def test_a_map_is_about_its_child_and_the_brothers_and_sisters_chosen():
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    assert set(sos_map.children.all()) == {episode.child, brother}


def test_a_map_cannot_be_about_a_child_outside_the_household():
    worker, episode, _ = siblings_at_home()
    stranger = ChildFactory(first_name="Fictional", last_name="Neighbour")
    with pytest.raises(MapRefused, match="same household. Fictional Neighbour is not"):
        start(worker, episode, children=[stranger])
    assert not episode.maps.exists()


def test_an_item_can_be_about_one_child_and_all_of_them_means_none():
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    one = services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.PAST_HARM,
        text="He had a small cut on his hand",
        children=[brother],
    )
    both = services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.EXISTING_STRENGTH,
        text="Mum brings them to school every day",
        children=[brother, episode.child],
    )
    assert list(one.children.all()) == [brother]
    assert not both.children.exists()
    services.change_item(by=worker, item=one, text=one.text, children=[])
    assert not one.children.exists()


def test_an_item_cannot_be_about_a_child_the_map_is_not_about():
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode)
    with pytest.raises(MapRefused, match="only children this map is about"):
        services.add_item(
            by=worker,
            sos_map=sos_map,
            category=Category.GREY_AREA,
            text="Missed Mondays",
            children=[brother],
        )
    assert not sos_map.items.exists()


def test_the_next_version_keeps_the_children_and_each_items_tags():
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.PAST_HARM,
        text="He had a small cut",
        children=[brother],
    )
    services.finalise(by=worker, sos_map=sos_map)
    following = services.start_map(
        by=worker, episode=episode, context="CORE_GROUP", held_on=datetime.date(2026, 4, 1)
    )
    assert set(following.children.all()) == {episode.child, brother}
    assert list(following.items.get().children.all()) == [brother]


def test_the_tags_of_a_final_map_are_locked_in_the_database():
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    item = services.add_item(
        by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="x", children=[brother]
    )
    services.finalise(by=worker, sos_map=sos_map)
    for change in (
        lambda: item.children.clear(),
        lambda: item.children.add(episode.child),
        lambda: sos_map.children.remove(brother),
        lambda: MapItem.children.through.objects.filter(mapitem=item).update(child=episode.child),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert list(item.children.all()) == [brother]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM mapping_sosmap_children WHERE sosmap_id = %s", [sos_map.pk]
        )
        assert cursor.fetchone()[0] == 2


def test_the_add_page_asks_which_children_only_on_a_shared_map(client: Client):
    worker, episode, brother = siblings_at_home()
    client.force_login(worker)
    solo = start(worker, episode)
    assert (
        "Which children is it about?"
        not in client.get(f"/maps/{solo.pk}/items/new/").content.decode()
    )
    services.finalise(by=worker, sos_map=solo)
    shared = services.start_map(
        by=worker,
        episode=episode,
        context="CORE_GROUP",
        held_on=datetime.date(2026, 4, 1),
        children=[brother],
    )
    page = client.get(f"/maps/{shared.pk}/items/new/").content.decode()
    assert "Which children is it about?" in page
    response = client.post(
        f"/maps/{shared.pk}/items/new/",
        {"category": "PAST_HARM", "text": "He had a small cut", "children": [brother.pk]},
    )
    assert response.status_code == 302
    page = client.get(f"/maps/{shared.pk}/").content.decode()
    assert "about Fictional" in page and "About: " in page


def test_the_start_page_offers_the_brothers_and_sisters_at_home(client: Client):
    worker, episode, brother = siblings_at_home()
    client.force_login(worker)
    page = client.get(f"/episodes/{episode.pk}/maps/new/").content.decode()
    assert "Is the map also about other children in the household?" in page
    assert brother.full_name in page


# --- A brother or sister whose record is restricted (issue 15, finding 2) -------------------


def restrict(child):
    from safetymap.access.models import RestrictedRecord
    from safetymap.accounts.roles import Role
    from tests.factories import UserFactory

    restriction = RestrictedRecord.objects.create(
        child=child, reason="ADOPTION", restricted_by=UserFactory(roles=[Role.TEAM_MANAGER])
    )
    restriction.people.add(UserFactory(roles=[Role.SOCIAL_WORKER]))


def test_a_shared_map_is_not_found_for_someone_a_sibling_on_it_is_restricted_from(
    client: Client,
):
    """The whole map is refused, not shown without him: its worries, danger statements and
    goals are written about the children together, so no part of it can be shown safely."""
    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    restrict(brother)
    client.force_login(worker)
    assert client.get(f"/maps/{sos_map.pk}/").status_code == 404
    with pytest.raises(MapRefused):
        services.add_item(
            by=worker, sos_map=sos_map, category=Category.PAST_HARM, text="Fictional worry"
        )
    page = client.get(f"/episodes/{episode.pk}/").content.decode()
    assert f"/maps/{sos_map.pk}/" not in page


def test_a_new_map_never_offers_or_takes_a_restricted_sibling(client: Client):
    worker, episode, brother = siblings_at_home()
    restrict(brother)
    client.force_login(worker)
    page = client.get(f"/episodes/{episode.pk}/maps/new/")
    assert page.status_code == 200 and brother.full_name not in page.content.decode()
    with pytest.raises(MapRefused):
        start(worker, episode, children=[brother])


def test_a_read_of_a_shared_map_is_in_each_of_its_childrens_access_reports(client: Client):
    """Issue 15: the map is written about the children together, so reading it is a read of
    the brother's record too: one audit event names each child."""
    from safetymap.audit.models import Action, AuditEvent

    worker, episode, brother = siblings_at_home()
    sos_map = start(worker, episode, children=[brother])
    client.force_login(worker)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(f"/maps/{sos_map.pk}/").status_code == 200
    reads = AuditEvent.objects.filter(
        pk__gt=before, action=Action.VIEW, actor=worker, subject_id=str(sos_map.pk)
    )
    assert set(reads.values_list("child_id", flat=True)) == {episode.child_id, brother.pk}
