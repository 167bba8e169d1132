"""Map pages: what they show, who can open them, and that they stay fast as maps grow."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.mapping.codes import Category
from safetymap.mapping.models import (
    DangerStatement,
    EscalationResponse,
    MapItem,
    SafetyGoal,
    ScaleRating,
    SoSMap,
)
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    ScaleRatingFactory,
    SoSMapFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def allocated_map():
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 3, 2)))
    return allocation.worker, SoSMapFactory(
        episode=allocation.episode, facilitator=allocation.worker
    )


def grow(sos_map: SoSMap, n: int) -> None:
    start = sos_map.danger_statements.count()
    for seq in range(start + 1, start + n + 1):
        danger = DangerStatement.objects.create(
            map=sos_map,
            seq_no=seq,
            who_is_worried="School",
            what_happened="Shouting at home",
            worry_if_nothing_changes="Amara could be hurt",
            family_position="AGREES",
        )
        SafetyGoal.objects.create(
            map=sos_map,
            danger_statement=danger,
            what_will_be_happening="Calm",
            for_how_long="6 months",
        )
        MapItem.objects.create(
            map=sos_map,
            category=Category.EXISTING_SAFETY,
            danger_statement=danger,
            text="Nan helps",
        )
        ScaleRating.objects.create(
            map=sos_map,
            danger_statement=danger,
            rater_group="FAMILY",
            rater="Mum",
            value=5,
            reason="Better",
            orientation="TEN_IS_SAFE",
            anchor_0="a",
            anchor_10="b",
        )
        EscalationResponse.objects.create(
            rating=ScaleRatingFactory(map=sos_map, value=1, escalated=True),
            action_taken="Strategy discussion arranged",
            recorded_by=sos_map.facilitator,
        )
    MapItem.objects.bulk_create(
        MapItem(map=sos_map, category=Category.GREY_AREA, text=f"Grey {i}", position=i)
        for i in range(n * 10)
    )


def test_the_map_page_queries_do_not_grow_with_the_number_of_items(client: Client):
    worker, sos_map = allocated_map()
    grow(sos_map, 1)
    client.force_login(worker)
    assert_queries_do_not_grow(lambda: client.get(f"/maps/{sos_map.pk}/"), lambda: grow(sos_map, 5))
    assert client.get(f"/maps/{sos_map.pk}/family/").status_code == 200


def test_the_map_page_shows_jargon_warnings_in_plain_words(client: Client):
    worker, sos_map = allocated_map()
    MapItem.objects.create(
        map=sos_map, category=Category.PAST_HARM, text="Domestic violence and neglect reported"
    )
    client.force_login(worker)
    html = client.get(f"/maps/{sos_map.pk}/").content.decode()
    assert "domestic violence" in html.lower() and "Plain language" in html


def test_a_map_of_a_child_the_person_cannot_see_is_not_found(client: Client):
    _, sos_map = allocated_map()
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(f"/maps/{sos_map.pk}/").status_code == 404


def test_adding_a_danger_statement_through_the_page_and_a_refusal_on_its_field(client: Client):
    worker, sos_map = allocated_map()
    client.force_login(worker)
    html = client.post(
        f"/maps/{sos_map.pk}/danger-statements/new/",
        {
            "who_is_worried": "School",
            "what_happened": "Shouting",
            "worry_if_nothing_changes": "Hurt",
            "family_position": "DISPUTES",
        },
    ).content.decode()
    assert "There is a problem" in html and 'href="#id_dispute_text"' in html
    response = client.post(
        f"/maps/{sos_map.pk}/danger-statements/new/",
        {
            "who_is_worried": "School",
            "what_happened": "Shouting",
            "worry_if_nothing_changes": "Hurt",
            "family_position": "DISPUTES",
            "dispute_text": "We only argue",
        },
    )
    assert response.status_code == 302 and sos_map.danger_statements.count() == 1


def test_comparing_the_demo_versions_shows_scale_movement(client: Client):
    from django.core.management import call_command

    from safetymap.accounts.models import User

    call_command("load_demo", "--quiet-sign-ins")
    latest = SoSMap.objects.filter(episode__child__first_name="Zara").order_by("-version").first()
    client.force_login(User.objects.get(email="social.worker@larkford.example"))
    html = client.get(f"/maps/{latest.pk}/compare/").content.decode()
    assert "What changed between version 2 and version 3" in html
    assert "up 1" in html  # e.g. Samira from 6 to 7


def test_r24_the_map_page_asks_for_the_action_on_an_alert_and_records_it(client: Client):
    worker, sos_map = allocated_map()
    rating = ScaleRatingFactory(map=sos_map, value=1, escalated=True, rater="Fictional police")
    client.force_login(worker)
    page = client.get(f"/maps/{sos_map.pk}/").content.decode()
    assert "1 low safety rating from a professional alerted the chair" in page
    assert f"/ratings/{rating.pk}/action/" in page
    refused = client.post(f"/ratings/{rating.pk}/action/", {"action_taken": ""}).content.decode()
    assert "There is a problem" in refused
    response = client.post(
        f"/ratings/{rating.pk}/action/", {"action_taken": "Strategy discussion today"}
    )
    assert response.status_code == 302
    page = client.get(f"/maps/{sos_map.pk}/").content.decode()
    assert "Action taken: Strategy discussion today" in page
    assert "alerted the chair and team manager. Record" not in page
