"""R26: each child on a child in need or child protection plan should have had an explanation
of why we are involved, with when and how; flagged once it is overdue."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.cases.models import ChildInNeedPlan
from safetymap.cases.work import work_due
from tests.factories import AllocationFactory, ChildProtectionPlanFactory, WordsAndPicturesFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LABEL = "Explain to the child why we are involved (Words and Pictures)"


def on_a_plan(days_ago: int, kind: str = "CP"):
    allocation = AllocationFactory()
    started = timezone.localdate() - datetime.timedelta(days=days_ago)
    if kind == "CP":
        ChildProtectionPlanFactory(episode=allocation.episode, started_on=started)
    else:
        ChildInNeedPlan.objects.create(episode=allocation.episode, started_on=started)
    return allocation.worker, allocation.episode.child


def flag_shown(client: Client, child) -> bool:
    return (
        "no explanation of why we are involved has been recorded"
        in client.get(f"/children/{child.pk}/").content.decode()
    )


@pytest.mark.parametrize("kind", ["CP", "CIN"])
def test_r26_a_child_on_a_plan_without_an_explanation_is_flagged_after_the_set_days(
    client: Client, kind
):
    worker, child = on_a_plan(days_ago=29, kind=kind)
    client.force_login(worker)
    assert flag_shown(client, child)
    (item,) = [i for i in work_due(worker) if i.label == LABEL]
    assert item.child_names == child.full_name and item.overdue(timezone.localdate())
    assert item.url == f"/children/{child.pk}/voice/"
    assert LABEL in client.get("/").content.decode()


def test_r26_before_the_set_days_it_is_due_on_my_work_but_not_yet_flagged(client: Client):
    worker, child = on_a_plan(days_ago=3)
    client.force_login(worker)
    assert not flag_shown(client, child)
    (item,) = [i for i in work_due(worker) if i.label == LABEL]
    assert item.due == timezone.localdate() + datetime.timedelta(days=25)


def test_r26_the_number_of_days_is_a_setting(client: Client, settings):
    settings.SAFETYMAP_EXPLANATION_DUE_DAYS = 2
    worker, child = on_a_plan(days_ago=3)
    client.force_login(worker)
    assert flag_shown(client, child)


def test_r26_an_explanation_shared_with_the_child_clears_the_flag(client: Client):
    worker, child = on_a_plan(days_ago=40)
    draft = WordsAndPicturesFactory(child=child, drafted_by=worker)
    client.force_login(worker)
    assert flag_shown(client, child)  # drafted, not yet given
    draft.shared_with_child_on = timezone.localdate()
    draft.shared_by = "Fictional Worker"
    draft.how_shared = "Read together with Mum"
    draft.save()
    assert not flag_shown(client, child)
    assert LABEL not in [i.label for i in work_due(worker)]


def test_r26_an_ended_plan_needs_no_explanation_item(client: Client):
    worker, child = on_a_plan(days_ago=40)
    child.episodes.get().cp_plans.update(ended_on=timezone.localdate())
    assert LABEL not in [i.label for i in work_due(worker)]


def test_r26_my_work_queries_do_not_grow_with_the_children_on_plans(client: Client):
    worker, _child = on_a_plan(days_ago=40)
    team = worker.allocations.get().team

    def grow():
        for _ in range(5):
            allocation = AllocationFactory(worker=worker, team=team)
            ChildProtectionPlanFactory(episode=allocation.episode)

    work_due(worker)  # the person's roles are cached on first use
    assert_queries_do_not_grow(lambda: work_due(worker), grow)
