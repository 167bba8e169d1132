"""Live editing in a meeting: per-item saves, conflicts shown and never silently overwritten."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import transaction
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.core import revisions
from safetymap.mapping import services
from safetymap.mapping.codes import Category
from tests.conftest import ClientPastTheSecondStep
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    SoSMapFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def shared_map():
    """A map that a worker and their team manager can both edit."""
    manager = UserFactory(roles=[Role.TEAM_MANAGER], full_name="Fictional Chair")
    team = TeamFactory(manager=manager)
    allocation = AllocationFactory(
        team=team, episode=EpisodeFactory(referral_date=datetime.date(2026, 3, 2))
    )
    sos_map = SoSMapFactory(episode=allocation.episode, facilitator=allocation.worker)
    return allocation.worker, manager, sos_map


def test_a_save_from_an_older_revision_is_a_conflict_and_overwrites_nothing(client: Client):
    worker, manager, sos_map = shared_map()
    item = services.add_item(
        by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="School attendance"
    )
    chair = ClientPastTheSecondStep()
    chair.force_login(manager)
    path = f"/maps/{sos_map.pk}/items/{item.pk}/"
    assert chair.post(path, {"revision": "1", "text": "Missed 4 Mondays"}).status_code == 302
    client.force_login(worker)
    html = client.post(path, {"revision": "1", "text": "Missed some Mondays"}).content.decode()
    assert "Fictional Chair, on" in html and "saved a change to this after you opened it" in html
    item.refresh_from_db()
    assert item.text == "Missed 4 Mondays" and item.revision == 2


def test_a_save_without_the_revision_it_was_opened_at_saves_nothing(client: Client):
    worker, _, sos_map = shared_map()
    item = services.add_item(
        by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="School attendance"
    )
    client.force_login(worker)
    html = client.post(f"/maps/{sos_map.pk}/items/{item.pk}/", {"text": "New words"})
    assert "cannot be saved" in html.content.decode()
    item.refresh_from_db()
    assert item.text == "School attendance" and item.revision == 1


def test_the_change_page_shows_both_versions_on_a_conflict(client: Client):
    worker, manager, sos_map = shared_map()
    item = services.add_item(
        by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="School attendance"
    )
    with transaction.atomic():
        revisions.claim(item, 1)
        services.change_item(by=manager, item=item, text="Missed 4 Mondays")
    client.force_login(worker)
    html = client.post(
        f"/maps/{sos_map.pk}/items/{item.pk}/", {"revision": "1", "text": "Missed some Mondays"}
    ).content.decode()
    assert "There is a problem" in html and "Missed 4 Mondays" in html
    assert "Missed some Mondays" in html  # their own words are kept in the box
    assert 'name="revision" value="2"' in html
    again = client.post(
        f"/maps/{sos_map.pk}/items/{item.pk}/",
        {"revision": "2", "text": "Missed 4 Mondays; Mum says she was ill"},
    )
    assert again.status_code == 302


def test_the_live_endpoint_answers_nothing_new_then_the_new_columns(client: Client):
    worker, manager, sos_map = shared_map()
    client.force_login(worker)
    first = client.get(f"/maps/{sos_map.pk}/live/", {"token": "start"})
    token = json.loads(first.content)["token"]
    assert client.get(f"/maps/{sos_map.pk}/live/", {"token": token}).status_code == 204
    services.add_item(
        by=manager,
        sos_map=sos_map,
        category=Category.EXISTING_STRENGTH,
        text="Nan visits every Sunday",
    )
    fresh = json.loads(client.get(f"/maps/{sos_map.pk}/live/", {"token": token}).content)
    assert "Nan visits every Sunday" in fresh["sections"]["columns"]
    assert fresh["token"] != token


def live_token(client: Client, sos_map) -> str:
    return json.loads(client.get(f"/maps/{sos_map.pk}/live/", {"token": "start"}).content)["token"]


def test_the_page_token_and_the_live_token_agree_so_an_unchanged_map_costs_nothing(
    client: Client,
):
    worker, manager, sos_map = shared_map()
    danger = services.add_danger_statement(by=worker, sos_map=sos_map, **DANGER)
    services.set_safety_goal(by=worker, danger_statement=danger, what_will_be_happening="Calm")
    services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="Police",
        value=1,
        reason="Call-outs",
    )
    client.force_login(worker)
    page = client.get(f"/maps/{sos_map.pk}/").content.decode()
    token = live_token(client, sos_map)
    assert f'data-token="{token}"' in page
    assert client.get(f"/maps/{sos_map.pk}/live/", {"token": token}).status_code == 204


def test_danger_statements_goals_ratings_and_actions_each_reach_the_live_page(client: Client):
    worker, manager, sos_map = shared_map()
    client.force_login(worker)
    token = live_token(client, sos_map)

    def fresh() -> dict:
        nonlocal token
        answer = json.loads(client.get(f"/maps/{sos_map.pk}/live/", {"token": token}).content)
        token = answer["token"]
        return answer["sections"]

    danger = services.add_danger_statement(by=manager, sos_map=sos_map, **DANGER)
    assert "Dad shouted at Mum" in fresh()["statements"]
    services.set_safety_goal(
        by=manager, danger_statement=danger, what_will_be_happening="Disagreements stay calm"
    )
    assert "Disagreements stay calm" in fresh()["statements"]
    services.set_safety_goal(
        by=manager,
        danger_statement=danger,
        what_will_be_happening="Arguments end calmly",
        replacing=True,
    )
    assert "Arguments end calmly" in fresh()["statements"]
    rating = services.rate(
        by=manager,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="Fictional police",
        value=1,
        reason="Third call-out",
    )
    assert "Fictional police" in fresh()["scale"]
    services.record_escalation_response(by=manager, rating=rating, action_taken="Core group now")
    assert "Core group now" in fresh()["scale"]


DANGER = {
    "who_is_worried": "The school",
    "what_happened": "Dad shouted at Mum in front of Amara twice this month",
    "worry_if_nothing_changes": "Amara could be frightened at home",
    "acknowledged_safety": "",
    "family_position": "AGREES",
}


def test_the_live_endpoint_never_answers_about_a_child_the_person_cannot_see(client: Client):
    _, _, sos_map = shared_map()
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(f"/maps/{sos_map.pk}/live/", {"token": "x"}).status_code == 404
