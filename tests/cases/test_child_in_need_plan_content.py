"""A child in need plan's content (domain.md 3.11, 4.4 ChildInNeedPlan): what needs to happen,
who does it and by when, started from the map's next steps (2.2); visits at the R7 interval."""

from __future__ import annotations

import ast
import datetime
import pathlib
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.cases import cin_plans, pathway, providers, selectors
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import ChildInNeedPlanAction, ChildInNeedVisit
from safetymap.cases.work import work_due
from safetymap.core import revisions
from safetymap.mapping.codes import Category
from safetymap.mapping.models import MapItem
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ChildInNeedPlanActionFactory,
    ChildInNeedPlanFactory,
    ChildInNeedVisitFactory,
    EpisodeFactory,
    SoSMapFactory,
    UserFactory,
)
from tests.forms import date_fields
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Wednesday 11 November 2026, mid-morning: the clock every test here runs at.
TODAY = datetime.date(2026, 11, 11)
PLAN_START = datetime.date(2026, 11, 2)  # a Monday


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    moment = datetime.datetime(2026, 11, 11, 10, 30, tzinfo=LONDON)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert timezone.localdate() == TODAY


def _plan_with_worker(started_on: datetime.date = PLAN_START):
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 10, 1)))
    plan = ChildInNeedPlanFactory(episode=allocation.episode, started_on=started_on)
    return allocation.worker, plan


def _add(worker, plan, **fields):
    values = {
        "what": "Leah goes to the antenatal group at the children's centre",
        "who": "Leah, with Jo Fictional-Worker from the children's centre",
        "by_when": datetime.date(2026, 11, 20),
    }
    return cin_plans.add_action(by=worker, plan=plan, **{**values, **fields})


# --- Visits (R7) ---------------------------------------------------------------------------------


def test_r7_next_cin_visit_due_20_working_days_after_the_plan_starts_then_after_each_visit():
    worker, plan = _plan_with_worker()
    assert pathway.next_cin_visit_due(plan) == datetime.date(2026, 11, 30)
    cin_plans.record_visit(
        by=worker,
        plan=plan,
        visited_on=datetime.date(2026, 11, 10),
        visited_by="Sam Fictional-Worker",
        seen=True,
        seen_alone=False,
    )
    assert pathway.next_cin_visit_due(plan) == datetime.date(2026, 12, 8)


def test_r7_next_cin_visit_due_is_the_councils_interval_and_skips_bank_holidays(settings):
    worker, plan = _plan_with_worker()
    ChildInNeedVisitFactory(plan=plan, visited_on=datetime.date(2026, 12, 14))
    # Christmas Day, Boxing Day (on the Monday) and New Year's Day are not working days.
    assert pathway.next_cin_visit_due(plan) == datetime.date(2027, 1, 14)
    settings.SAFETYMAP_TIMESCALES = {"cin_visit_interval_working_days": 10}
    assert pathway.next_cin_visit_due(plan) == datetime.date(2026, 12, 30)


def test_r7_next_cin_visit_due_is_on_the_episode_and_on_the_workers_my_work():
    worker, plan = _plan_with_worker()
    due = datetime.date(2026, 11, 30)
    assert any(
        item.label == "Visit to the child on the child in need plan" and item.due == due
        for item in pathway.due_items(plan.episode)
    )
    mine = [i for i in work_due(worker) if i.label == "Visit the child (child in need plan)"]
    assert [i.due for i in mine] == [due]
    assert not [
        i for i in work_due(UserFactory()) if i.label == "Visit the child (child in need plan)"
    ]


def test_r7_an_overdue_cin_visit_is_shown_in_words_on_the_episode_page(client):
    worker, plan = _plan_with_worker(started_on=datetime.date(2026, 10, 1))  # due 29 October
    client.force_login(worker)
    body = client.get(reverse("cases:episode", kwargs={"pk": plan.episode_id})).content.decode()
    assert "Next visit to the child" in body
    assert "Overdue: it was due by 29 October 2026, 13 days ago" in body


def test_a_visit_records_who_whether_the_child_was_seen_alone_and_what_they_said(client):
    worker, plan = _plan_with_worker()
    client.force_login(worker)
    url = reverse("cases:cin-visit-new", kwargs={"pk": plan.pk})
    response = client.post(
        url,
        {
            **date_fields("visited_on", TODAY),
            "visited_by": "Sam Fictional-Worker",
            "seen": "yes",
            "seen_alone": "yes",
            "child_said": "I want my own room when the baby comes.",
        },
    )
    assert response.status_code == 302
    visit = ChildInNeedVisit.objects.get()
    assert (visit.seen, visit.seen_alone, visit.recorded_by) == (True, True, worker)
    body = client.get(reverse("cases:episode", kwargs={"pk": plan.episode_id})).content.decode()
    assert "seen alone" in body and "I want my own room when the baby comes." in body
    assert AuditEvent.objects.filter(
        subject_type="cases.ChildInNeedVisit", subject_id=str(visit.pk), action="CREATE"
    ).exists()


def test_a_child_not_seen_cannot_be_seen_alone_and_nothing_is_saved():
    worker, plan = _plan_with_worker()
    with pytest.raises(PathwayRefused, match="cannot be seen alone"):
        cin_plans.record_visit(
            by=worker, plan=plan, visited_on=TODAY, visited_by="Sam", seen=False, seen_alone=True
        )
    with pytest.raises(PathwayRefused, match="today or in the past"):
        cin_plans.record_visit(
            by=worker,
            plan=plan,
            visited_on=TODAY + datetime.timedelta(days=1),
            visited_by="Sam",
            seen=True,
            seen_alone=True,
        )
    assert not ChildInNeedVisit.objects.exists()


def test_the_visit_page_shows_errors_and_keeps_what_was_typed(client):
    worker, plan = _plan_with_worker()
    client.force_login(worker)
    response = client.post(
        reverse("cases:cin-visit-new", kwargs={"pk": plan.pk}),
        {"visited_by": "Sam Fictional-Worker", "child_said": "Words typed before the date"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Enter date of the visit" in body and "Select yes if the child was seen" in body
    assert "Words typed before the date" in body
    assert not ChildInNeedVisit.objects.exists()


# --- What needs to happen --------------------------------------------------------------------


def test_what_needs_to_happen_needs_what_who_and_by_when_and_a_refusal_saves_nothing():
    worker, plan = _plan_with_worker()
    with pytest.raises(PathwayRefused) as refused:
        cin_plans.add_action(by=worker, plan=plan, what=" ", who="", by_when=None)
    assert [field for _, field in refused.value.problems] == ["what", "who", "by_when"]
    with pytest.raises(PathwayRefused, match="on or after the day the plan started"):
        _add(worker, plan, by_when=PLAN_START - datetime.timedelta(days=1))
    assert not ChildInNeedPlanAction.objects.exists()


def test_what_needs_to_happen_is_added_changed_and_done_each_audited():
    worker, plan = _plan_with_worker()
    action = _add(worker, plan)
    assert (action.revision, action.created_by, action.done_on) == (1, worker, None)
    revisions.claim(action, 1)  # as its page does (core/revisions.py)
    action = cin_plans.change_action(
        by=worker,
        action=action,
        what=action.what,
        who=action.who,
        by_when=datetime.date(2026, 11, 27),
    )
    assert (action.revision, action.by_when) == (2, datetime.date(2026, 11, 27))
    action = cin_plans.mark_action_done(by=worker, action=action, done_on=TODAY)
    assert (action.revision, action.done_on) == (3, TODAY)
    events = AuditEvent.objects.filter(
        subject_type="cases.ChildInNeedPlanAction", subject_id=str(action.pk)
    )
    assert [e.action for e in events.order_by("id")] == ["CREATE", "UPDATE", "UPDATE"]
    assert all(e.details["child"] == plan.episode.child_id for e in events)


def test_the_change_page_shows_both_versions_when_someone_saved_first(client):
    worker, plan = _plan_with_worker()
    action = _add(worker, plan)
    ChildInNeedPlanAction.objects.filter(pk=action.pk).update(what="Their words", revision=2)
    client.force_login(worker)
    url = reverse("cases:cin-action-change", kwargs={"pk": action.pk})
    posted = {
        "revision": "1",
        "what": "My words",
        "who": action.who,
        **date_fields("by_when", action.by_when),
    }
    body = client.post(url, posted).content.decode()
    assert "govuk-error-summary" in body and "saved a change to this after you opened" in body
    assert "Their words" in body and "My words" in body
    assert 'name="revision" value="2"' in body
    action.refresh_from_db()
    assert action.what == "Their words"
    # Saving again from the revision now shown replaces theirs, knowingly.
    assert client.post(url, {**posted, "revision": "2"}).status_code == 302
    action.refresh_from_db()
    assert (action.what, action.revision) == ("My words", 3)


def test_marking_done_twice_says_who_did_it_first():
    worker, plan = _plan_with_worker()
    action = _add(worker, plan)
    cin_plans.mark_action_done(by=worker, action=action, done_on=TODAY)
    with pytest.raises(PathwayRefused, match="already recorded this as done on 11 November"):
        cin_plans.mark_action_done(by=worker, action=action, done_on=TODAY)


def test_an_ended_plan_takes_no_more_actions_or_visits():
    worker, plan = _plan_with_worker()
    plan.ended_on = TODAY
    plan.save()
    with pytest.raises(PathwayRefused, match="ended on"):
        _add(worker, plan)
    with pytest.raises(PathwayRefused, match="ended on"):
        cin_plans.record_visit(
            by=worker, plan=plan, visited_on=TODAY, visited_by="Sam", seen=True, seen_alone=True
        )


def test_someone_who_cannot_see_the_child_cannot_add_change_or_visit(client):
    worker, plan = _plan_with_worker()
    action = _add(worker, plan)
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    with pytest.raises(PathwayRefused, match="do not have access"):
        _add(stranger, plan)
    with pytest.raises(PathwayRefused, match="do not have access"):
        cin_plans.mark_action_done(by=stranger, action=action, done_on=TODAY)
    client.force_login(stranger)
    for name, pk in (
        ("cases:cin-action-new", plan.pk),
        ("cases:cin-action-change", action.pk),
        ("cases:cin-action-done", action.pk),
        ("cases:cin-visit-new", plan.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404


def test_the_buttons_are_offered_only_to_people_who_may_record_the_plan(client):
    worker, plan = _plan_with_worker()
    _add(worker, plan)
    episode_url = reverse("cases:episode", kwargs={"pk": plan.episode_id})
    client.force_login(worker)
    body = client.get(episode_url).content.decode()
    assert reverse("cases:cin-action-new", kwargs={"pk": plan.pk}) in body
    assert reverse("cases:cin-visit-new", kwargs={"pk": plan.pk}) in body
    assert "Record that it has happened" in body
    # A practice lead who sees the record (allocated here for the test) reads the plan only.
    reader = AllocationFactory(
        episode=plan.episode, worker=UserFactory(roles=[Role.PRACTICE_LEAD])
    ).worker
    client.force_login(reader)
    body = client.get(episode_url).content.decode()
    assert "Leah goes to the antenatal group" in body
    assert reverse("cases:cin-action-new", kwargs={"pk": plan.pk}) not in body
    assert "Record that it has happened" not in body and "Record a visit" not in body


def test_an_overdue_action_is_shown_in_words_and_a_done_one_with_its_date(client):
    worker, plan = _plan_with_worker()
    _add(worker, plan, what="Book the midwife's home visit", by_when=datetime.date(2026, 11, 6))
    done = _add(worker, plan, what="Apply for the maternity grant", by_when=TODAY)
    cin_plans.mark_action_done(by=worker, action=done, done_on=datetime.date(2026, 11, 10))
    _add(worker, plan, what="Find a cot", by_when=TODAY + datetime.timedelta(days=9))
    client.force_login(worker)
    body = client.get(reverse("cases:episode", kwargs={"pk": plan.episode_id})).content.decode()
    assert "Overdue: it was due by 6 November 2026, 5 days ago" in body
    assert "Done 10 November 2026" in body
    assert "Due by 20 November 2026" in body


def test_what_needs_to_happen_is_on_my_work_of_the_worker_and_of_the_person_named():
    worker, plan = _plan_with_worker()
    named = AllocationFactory(episode=plan.episode).worker  # someone here who sees the child
    _add(worker, plan, what="Visit the nursery with Leah", who_user=named)
    label = "Check it has happened: Visit the nursery with Leah"
    assert [i.due for i in work_due(worker) if i.label.startswith(label)] == [
        datetime.date(2026, 11, 20)
    ]
    assert [i.label for i in work_due(named) if i.label.startswith(label)]
    action = ChildInNeedPlanAction.objects.get()
    cin_plans.mark_action_done(by=worker, action=action, done_on=TODAY)
    assert not [i for i in work_due(worker) if i.label.startswith(label)]


# --- The map's next steps as starting points --------------------------------------------------


def _map_with_next_steps(child):
    sos_map = SoSMapFactory(
        episode=EpisodeFactory(child=child),
        context="ASSESSMENT",
        held_on=datetime.date(2026, 11, 1),
    )
    sibling = ChildFactory()
    for position, (text, owner) in enumerate(
        (
            ("Leah and the midwife plan the first week at home", "Leah and the midwife"),
            ("Grandma Rose says which days she can stay", "Rose Fictional-Brightwater"),
        )
    ):
        MapItem.objects.create(
            map=sos_map,
            category=Category.NEXT_STEP,
            text=text,
            owner=owner,
            due_on=datetime.date(2026, 11, 25),
            position=position,
        )
    other = MapItem.objects.create(
        map=sos_map, category=Category.NEXT_STEP, text="About the sibling only", owner="X"
    )
    other.children.set([sibling])
    MapItem.objects.create(map=sos_map, category=Category.EXISTING_STRENGTH, text="Not a step")
    return sos_map


def test_the_latest_maps_next_steps_about_the_child_are_offered_through_the_provider():
    worker, plan = _plan_with_worker()
    _map_with_next_steps(plan.episode.child)
    steps = providers.next_steps_for_child(plan.episode.child_id)
    assert [(s.what, s.who, s.by_when) for s in steps] == [
        (
            "Leah and the midwife plan the first week at home",
            "Leah and the midwife",
            datetime.date(2026, 11, 25),
        ),
        (
            "Grandma Rose says which days she can stay",
            "Rose Fictional-Brightwater",
            datetime.date(2026, 11, 25),
        ),
    ]
    assert steps[0].source == "Assessment map of 1 November 2026, a draft"


def test_a_next_step_used_on_the_plan_is_not_offered_again_and_the_offer_is_audited():
    worker, plan = _plan_with_worker()
    _map_with_next_steps(plan.episode.child)
    first = selectors.next_steps_to_offer(worker, plan)[0]
    _add(worker, plan, what=first.what, who=first.who, from_next_step=first.key)
    offered = selectors.next_steps_to_offer(worker, plan)
    assert [s.what for s in offered] == ["Grandma Rose says which days she can stay"]
    assert AuditEvent.objects.filter(action="VIEW", subject_type="cases.ChildInNeedPlan").exists()


def test_the_add_page_copies_a_chosen_next_step_into_the_form(client):
    worker, plan = _plan_with_worker()
    _map_with_next_steps(plan.episode.child)
    client.force_login(worker)
    url = reverse("cases:cin-action-new", kwargs={"pk": plan.pk})
    body = client.get(url).content.decode()
    assert "Start from a next step on the map" in body and "Use this" in body
    key = providers.next_steps_for_child(plan.episode.child_id)[1].key
    body = client.get(url, {"from": key}).content.decode()
    assert "Copied below" in body
    assert 'value="Rose Fictional-Brightwater"' in body
    response = client.post(
        url,
        {
            "what": "Grandma Rose says which days she can stay",
            "who": "Rose Fictional-Brightwater",
            "from_next_step": key,
            **date_fields("by_when", datetime.date(2026, 11, 25)),
        },
    )
    assert response.status_code == 302
    assert ChildInNeedPlanAction.objects.get().from_next_step == key


def test_the_add_page_shows_errors_and_keeps_what_was_typed(client):
    worker, plan = _plan_with_worker()
    client.force_login(worker)
    response = client.post(
        reverse("cases:cin-action-new", kwargs={"pk": plan.pk}),
        {"what": "Typed before the rest"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Enter who will do it" in body and "Enter date it needs to happen by" in body
    assert "Typed before the rest" in body
    assert not ChildInNeedPlanAction.objects.exists()


def test_cases_asks_for_the_maps_next_steps_without_importing_mapping():
    cases = pathlib.Path(__file__).resolve().parents[2] / "safetymap" / "cases"
    for name in ("cin_plans.py", "providers.py", "pathway.py"):
        tree = ast.parse((cases / name).read_text())
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in modules if m.startswith("safetymap.mapping")], name


# --- A fixed number of queries --------------------------------------------------------------


def test_the_episode_page_queries_do_not_grow_with_actions_and_visits(client):
    worker, plan = _plan_with_worker()
    client.force_login(worker)

    def add_some() -> None:
        ChildInNeedPlanActionFactory(plan=plan, who_user=UserFactory())
        ChildInNeedPlanActionFactory(plan=plan, done_on=TODAY)
        ChildInNeedVisitFactory(plan=plan)

    add_some()  # prefetches only run when there is something to fetch
    queries = assert_queries_do_not_grow(
        lambda: client.get(reverse("cases:episode", kwargs={"pk": plan.episode_id})),
        lambda: [add_some() for _ in range(5)],
    )
    print(f"episode page with a child in need plan: {queries} queries")


def test_my_work_queries_do_not_grow_with_actions_and_visits():
    worker, plan = _plan_with_worker()

    def add_some() -> None:
        ChildInNeedPlanActionFactory(plan=plan)
        ChildInNeedVisitFactory(plan=plan)
        _, other = _plan_with_worker()
        AllocationFactory(episode=other.episode, worker=worker)
        ChildInNeedPlanActionFactory(plan=other)

    add_some()
    work_due(worker)  # the first call fills caches that later calls do not query again
    queries = assert_queries_do_not_grow(lambda: work_due(worker), lambda: add_some())
    print(f"work_due with child in need plans: {queries} queries")


def test_an_action_goes_on_the_my_work_only_of_someone_who_may_hold_cases():
    from safetymap.access.policy import CASE_HOLDER_REFUSAL

    worker, plan = _plan_with_worker()
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    with pytest.raises(PathwayRefused) as refusal:
        _add(worker, plan, who_user=admin)
    assert (CASE_HOLDER_REFUSAL.format(name=admin.full_name), "who_user") in refusal.value.problems
    assert not ChildInNeedPlanAction.objects.exists()
