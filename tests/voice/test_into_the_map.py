"""From the child's houses to the map: a worry or good thing goes onto the current draft map in
the child's own words, through the map's own rules."""

from __future__ import annotations

import pytest
from django.test import Client

from safetymap.mapping.codes import Category, MapStatus
from safetymap.mapping.models import MapItem
from safetymap.voice.models import SharingOverride
from tests.factories import ChildVoiceRecordFactory, SoSMapFactory
from tests.uploads.helpers import allocated

pytestmark = pytest.mark.django_db


def add(client: Client, item, field: str, index: int):
    return client.post(
        f"/voice/{item.pk}/to-map/", {"field": field, "index": str(index)}, follow=True
    )


@pytest.fixture
def setting():
    worker, child, allocation = allocated()
    sos_map = SoSMapFactory(episode=allocation.episode, facilitator=worker)
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    return worker, child, sos_map, item


def test_a_worry_goes_to_what_are_we_worried_about_in_the_childs_words(client: Client, setting):
    worker, child, sos_map, item = setting
    client.force_login(worker)
    response = add(client, item, "worries", 1)
    assert "Added to the map" in response.content.decode()
    map_item = MapItem.objects.get(map=sos_map)
    assert map_item.text == "When there is no food"
    assert map_item.category == Category.GREY_AREA and map_item.column == "WORRIED"
    assert map_item.source.startswith(f"{child.first_name}, in their own words")


def test_a_good_thing_goes_to_whats_working_well(client: Client, setting):
    worker, _child, sos_map, item = setting
    client.force_login(worker)
    add(client, item, "good_things", 0)
    map_item = MapItem.objects.get(map=sos_map)
    assert map_item.column == "WORKING_WELL" and map_item.text == "Playing football with Nan"


def test_refused_with_a_clear_message_when_the_map_is_final(client: Client, setting):
    worker, _child, sos_map, item = setting
    sos_map.status = MapStatus.FINAL
    sos_map.save()
    client.force_login(worker)
    page = add(client, item, "worries", 0).content.decode()
    assert "The map is final and cannot be changed" in page
    assert not MapItem.objects.exists()


def test_refused_with_a_clear_message_when_there_is_no_map(client: Client):
    worker, child, _ = allocated()
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(worker)
    page = add(client, item, "worries", 0).content.decode()
    assert "There is no map for" in page and not MapItem.objects.exists()


def test_r27_the_map_only_gets_the_childs_words_if_they_agreed_everyone_may_see_them(
    client: Client, setting
):
    worker, child, sos_map, item = setting
    item.share_scope = "CONFERENCE"
    item.save()
    client.force_login(worker)
    page = add(client, item, "worries", 0).content.decode()
    assert f"{child.first_name} has not agreed to share this with everyone" in page
    assert not MapItem.objects.exists()
    SharingOverride.objects.create(
        voice_record=item, audience="PROFESSIONALS", reason="Needed", recorded_by=worker
    )
    add(client, item, "worries", 0)
    assert MapItem.objects.filter(map=sos_map).count() == 1


def test_only_worries_and_good_things_of_houses_and_fairies_go_to_the_map(client: Client, setting):
    worker, _child, _map, item = setting
    client.force_login(worker)
    assert "Only worries and good things" in add(client, item, "dreams", 0).content.decode()
    assert "no longer in the record" in add(client, item, "worries", 9).content.decode()
    assert not MapItem.objects.exists()
