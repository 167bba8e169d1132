"""The map's rules R18–R25, each enforced or warned as domain.md §7 says."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from safetymap.accounts.roles import Role
from safetymap.mapping import services
from safetymap.mapping.codes import Category, FamilyPosition, MapStatus
from safetymap.mapping.errors import MapRefused
from safetymap.mapping.models import EscalationResponse, MapItem, SoSMap
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    SoSMapFactory,
    UserFactory,
)
from tests.queries import queries_during

pytestmark = pytest.mark.django_db


def a_map(context: str = "ASSESSMENT"):
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 3, 2)))
    return allocation.worker, SoSMapFactory(
        episode=allocation.episode, context=context, facilitator=allocation.worker
    )


def statement(worker, sos_map, **overrides):
    fields = {
        "who_is_worried": "Children's social care and the school",
        "what_happened": "Dad shouted at and pushed Mum three times since January",
        "worry_if_nothing_changes": "Amara could be hurt and grow up frightened",
        "acknowledged_safety": "",
        "family_position": FamilyPosition.AGREES,
        "dispute_text": "",
    }
    return services.add_danger_statement(by=worker, sos_map=sos_map, **{**fields, **overrides})


def test_r18_a_danger_statement_needs_who_what_and_the_worry():
    worker, sos_map = a_map()
    with pytest.raises(MapRefused) as refusal:
        statement(
            worker, sos_map, who_is_worried="", what_happened=" ", worry_if_nothing_changes=""
        )
    assert {field for _, field in refusal.value.problems} == {
        "who_is_worried",
        "what_happened",
        "worry_if_nothing_changes",
    }
    assert not sos_map.danger_statements.exists()


def test_r20_a_disputed_worry_needs_the_familys_words():
    worker, sos_map = a_map()
    with pytest.raises(MapRefused, match="what the family disagrees with"):
        statement(worker, sos_map, family_position=FamilyPosition.PARTLY)
    done = statement(
        worker,
        sos_map,
        family_position=FamilyPosition.PARTLY,
        dispute_text="Dad agrees he shouted; he does not agree he pushed Mum.",
    )
    assert done.dispute_text.startswith("Dad agrees")


def test_r22_more_than_three_is_a_warning_and_more_than_four_at_conference_needs_the_chair():
    worker, sos_map = a_map(context="ICPC")
    for _ in range(4):
        statement(worker, sos_map)
    assert "Three or fewer" in services.soft_cap_warning(sos_map)
    with pytest.raises(MapRefused, match="the chair agrees") as refusal:
        statement(worker, sos_map)
    assert refusal.value.problems[0][1] == "confirm_over_cap"
    statement(worker, sos_map, confirm_over_cap=True)
    assert sos_map.danger_statements.count() == 5


def test_r21_existing_safety_without_a_danger_statement_is_kept_as_a_strength():
    worker, sos_map = a_map()
    item = services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.EXISTING_SAFETY,
        text="Nan takes the children when Dad has been drinking",
    )
    assert item.category == Category.EXISTING_STRENGTH
    danger = statement(worker, sos_map)
    linked = services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.EXISTING_SAFETY,
        text="Mum took the children to Nan's",
        danger_statement=danger,
    )
    assert linked.category == Category.EXISTING_SAFETY


def test_r25_a_next_step_needs_an_owner_and_a_due_date():
    worker, sos_map = a_map()
    with pytest.raises(MapRefused) as refusal:
        services.add_item(
            by=worker,
            sos_map=sos_map,
            category=Category.NEXT_STEP,
            text="Meet Nan to talk about the safety plan",
        )
    assert {field for _, field in refusal.value.problems} == {"owner", "due_on"}
    services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.NEXT_STEP,
        text="Meet Nan",
        owner="Sam",
        due_on=datetime.date(2026, 4, 1),
    )


def test_r19_a_map_is_final_only_when_every_danger_statement_has_a_goal_with_a_duration():
    worker, sos_map = a_map()
    danger = statement(worker, sos_map)
    with pytest.raises(MapRefused, match="needs a safety goal"):
        services.finalise(by=worker, sos_map=sos_map)
    services.set_safety_goal(
        by=worker,
        danger_statement=danger,
        what_will_be_happening="Disagreements sorted without shouting",
    )
    with pytest.raises(MapRefused, match="for how long"):
        services.finalise(by=worker, sos_map=sos_map)
    services.set_safety_goal(
        by=worker,
        danger_statement=danger,
        replacing=True,
        what_will_be_happening="Disagreements sorted without shouting",
        for_how_long="6 months",
    )
    services.finalise(by=worker, sos_map=sos_map)
    sos_map.refresh_from_db()
    assert sos_map.status == MapStatus.FINAL and len(sos_map.content_hash) == 64


def test_r23_a_rating_needs_a_rater_a_number_from_0_to_10_and_a_reason_and_carries_the_scale():
    worker, sos_map = a_map()
    with pytest.raises(MapRefused) as refusal:
        services.rate(
            by=worker, sos_map=sos_map, rater_group="FAMILY", rater="", value=11, reason=""
        )
    assert {field for _, field in refusal.value.problems} == {"rater", "value", "reason"}
    rating = services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="FAMILY",
        rater="Mum",
        value=6,
        reason="Dad has not drunk at home for 3 weeks",
    )
    assert rating.orientation == "TEN_IS_SAFE" and rating.anchor_10 and rating.anchor_0


def test_r24_a_low_professional_rating_alerts_the_chair_and_team_manager(mailoutbox):
    worker, sos_map = a_map()
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    allocation = sos_map.episode.allocations.get()
    allocation.team.manager = manager
    allocation.team.save()
    family = services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="FAMILY",
        rater="Dad",
        value=1,
        reason="Feels judged",
    )
    assert not family.escalated
    low = services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="School DSL",
        value=2,
        reason="Amara still hides at home time",
    )
    assert low.escalated


def test_r24_the_alert_email_goes_to_the_facilitator_and_the_team_manager(mailoutbox):
    from safetymap.mapping.tasks import alert_low_rating

    worker, sos_map = a_map()
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team = sos_map.episode.allocations.get().team
    team.manager = manager
    team.save()
    rating = services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="Police",
        value=1,
        reason="Third call-out this month",
    )
    assert alert_low_rating.call(rating_id=rating.pk) == 2
    assert set(mailoutbox[-1].to) == {worker.email, manager.email}


def low_rating(worker, sos_map):
    return services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="Police",
        value=1,
        reason="Third call-out this month",
    )


def test_r24_the_action_taken_on_an_alert_is_recorded_even_after_the_map_is_final():
    worker, sos_map = a_map()
    rating = low_rating(worker, sos_map)
    SoSMap.objects.filter(pk=sos_map.pk).update(status=MapStatus.FINAL)
    rating.refresh_from_db()
    response = services.record_escalation_response(
        by=worker, rating=rating, action_taken="Strategy discussion arranged for today"
    )
    assert response.rating == rating and response.recorded_by == worker
    with pytest.raises(MapRefused, match="already been recorded"):
        services.record_escalation_response(by=worker, rating=rating, action_taken="Again")


def test_r24_the_action_needs_words_and_someone_who_leads_or_manages():
    worker, sos_map = a_map()
    rating = low_rating(worker, sos_map)
    with pytest.raises(MapRefused, match="Say what action"):
        services.record_escalation_response(by=worker, rating=rating, action_taken="  ")
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    AllocationFactory(episode=sos_map.episode, worker=colleague)
    with pytest.raises(MapRefused, match="Only the person who led the meeting"):
        services.record_escalation_response(by=colleague, rating=rating, action_taken="Noted")
    calm = services.rate(
        by=worker,
        sos_map=sos_map,
        rater_group="PROFESSIONAL",
        rater="School",
        value=7,
        reason="Settled in class",
    )
    with pytest.raises(MapRefused, match="did not raise an alert"):
        services.record_escalation_response(by=worker, rating=calm, action_taken="Noted")
    assert not EscalationResponse.objects.exists()


def test_r24_an_alert_awaiting_action_is_on_my_work_until_the_action_is_recorded():
    from safetymap.cases.work import work_due

    worker, sos_map = a_map()
    rating = low_rating(worker, sos_map)
    label = "Record the action taken on a low safety rating"
    assert label in [item.label for item in work_due(worker)]
    services.record_escalation_response(by=worker, rating=rating, action_taken="Network told")
    assert label not in [item.label for item in work_due(worker)]


def test_a_final_map_cannot_be_changed_through_the_services():
    worker, sos_map = a_map()
    services.finalise(by=worker, sos_map=sos_map)
    with pytest.raises(MapRefused, match="final and cannot be changed"):
        services.add_item(by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="x")


@pytest.mark.parametrize(
    "statement_sql",
    [
        "UPDATE mapping_sosmap SET overall_judgement = 'changed' WHERE id = {map}",
        "DELETE FROM mapping_sosmap WHERE id = {map}",
        "UPDATE mapping_mapitem SET text = 'changed' WHERE map_id = {map}",
        "DELETE FROM mapping_mapitem WHERE map_id = {map}",
        "INSERT INTO mapping_mapitem (map_id, category, text, source, agreed_by, disputed_by, "
        "owner, position) VALUES ({map}, 'GREY_AREA', 'sneaked in', '', '', '', '', 9)",
    ],
)
def test_a_final_map_cannot_be_changed_even_by_sql(statement_sql):
    worker, sos_map = a_map()
    services.add_item(by=worker, sos_map=sos_map, category=Category.GREY_AREA, text="Original")
    services.finalise(by=worker, sos_map=sos_map)
    with (
        pytest.raises(DatabaseError, match="final map cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement_sql.format(map=sos_map.pk))
    assert MapItem.objects.get(map=sos_map).text == "Original"


def test_the_next_version_starts_from_the_final_map():
    worker, sos_map = a_map()
    danger = statement(worker, sos_map)
    services.set_safety_goal(
        by=worker, danger_statement=danger, what_will_be_happening="Calm", for_how_long="6 months"
    )
    services.add_item(
        by=worker,
        sos_map=sos_map,
        category=Category.EXISTING_SAFETY,
        text="Nan helps",
        danger_statement=danger,
    )
    services.rate(
        by=worker, sos_map=sos_map, rater_group="FAMILY", rater="Mum", value=5, reason="Better"
    )
    services.finalise(by=worker, sos_map=sos_map)
    following = services.start_map(
        by=worker, episode=sos_map.episode, context="CORE_GROUP", held_on=datetime.date(2026, 4, 1)
    )
    assert following.version == 2 and following.supersedes == sos_map
    copy = following.danger_statements.get()
    assert copy.safety_goal.for_how_long == "6 months"
    assert following.items.get().danger_statement == copy
    assert not following.ratings.exists()


def test_only_one_map_in_progress_per_episode():
    worker, sos_map = a_map()
    with pytest.raises(MapRefused, match="already has a map in progress"):
        services.start_map(
            by=worker,
            episode=sos_map.episode,
            context="CORE_GROUP",
            held_on=datetime.date(2026, 4, 1),
        )


def test_saving_a_sixty_item_map_as_a_new_version_takes_a_bounded_number_of_queries():
    worker, sos_map = a_map()
    for _ in range(4):
        danger = statement(worker, sos_map)
        services.set_safety_goal(
            by=worker,
            danger_statement=danger,
            what_will_be_happening="Calm",
            for_how_long="6 months",
        )
    MapItem.objects.bulk_create(
        MapItem(map=sos_map, category=Category.GREY_AREA, text=f"Item {n}", position=n)
        for n in range(60)
    )
    finalise_queries = queries_during(lambda: services.finalise(by=worker, sos_map=sos_map))
    version_queries = queries_during(
        lambda: services.start_map(
            by=worker,
            episode=sos_map.episode,
            context="CORE_GROUP",
            held_on=datetime.date(2026, 4, 1),
        )
    )
    assert finalise_queries < 25 and version_queries < 30, (finalise_queries, version_queries)
    assert SoSMap.objects.get(version=2).items.count() == 60


def test_the_lock_triggers_exist_after_every_migration():
    """A later migration that rebuilds a table (SQLite does, to add some columns) drops its
    triggers; this fails until the migration puts them back."""
    tables = [
        "mapping_sosmap",
        "mapping_dangerstatement",
        "mapping_safetygoal",
        "mapping_mapitem",
        "mapping_scalerating",
        "mapping_sosmap_children",
        "mapping_mapitem_children",
        "audit_auditevent",
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT DISTINCT event_object_table FROM information_schema.triggers")
        with_triggers = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= with_triggers
