"""My work lists what is due for me and my team; reminder emails go out from the worker."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.cases.tasks import send_due_reminders
from safetymap.cases.work import work_due
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    TeamFactory,
    TransferInFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def assessment_for(worker, due: datetime.date, **allocation):
    allocation = AllocationFactory(worker=worker, **allocation)
    return AssessmentFactory(episode=allocation.episode, due_on=due)


def test_my_work_lists_my_and_my_teams_items_overdue_first():
    worker = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Fictional Worker")
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker, colleague])
    later = assessment_for(worker, TODAY() + datetime.timedelta(days=10), team=team)
    overdue = assessment_for(colleague, TODAY() - datetime.timedelta(days=3), team=team)
    assessment_for(UserFactory(roles=[Role.SOCIAL_WORKER]), TODAY())  # someone else's team
    items = work_due(worker)
    assert [i.child_names for i in items] == [
        overdue.episode.child.full_name,
        later.episode.child.full_name,
    ]
    assert items[0].overdue(TODAY()) and not items[1].overdue(TODAY())


def test_the_initial_conference_target_is_on_my_work_until_the_enquiry_ends():
    allocation = AllocationFactory()
    enquiry = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(episode=allocation.episode)
    )
    labels = [i.label for i in work_due(allocation.worker)]
    assert "Hold the initial child protection conference" in labels
    enquiry.completed_on = TODAY()
    enquiry.save()
    assert "Hold the initial child protection conference" not in [
        i.label for i in work_due(allocation.worker)
    ]


def test_r4_a_transfer_in_conference_is_on_my_work_until_it_is_held():
    allocation = AllocationFactory()
    transfer = TransferInFactory(episode=allocation.episode)
    due = {i.label: i.due for i in work_due(allocation.worker)}
    assert due["Hold the transfer-in child protection conference"] == transfer.conference_due
    transfer.conference_held_on, transfer.plan_continues = TODAY(), False
    transfer.save()
    labels = [i.label for i in work_due(allocation.worker)]
    assert "Hold the transfer-in child protection conference" not in labels


def test_my_work_page_shows_due_items_and_its_queries_do_not_grow(client: Client):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    assessment_for(worker, TODAY() - datetime.timedelta(days=1))
    client.force_login(worker)
    html = client.get("/").content.decode()
    assert "Complete the child and family assessment" in html and "Overdue" in html
    assert_queries_do_not_grow(
        lambda: client.get("/"),
        lambda: [assessment_for(worker, TODAY()) for _ in range(10)],
    )


def test_reminders_email_each_worker_their_own_due_and_overdue_items(mailoutbox):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Fictional O'Worker")
    overdue = assessment_for(worker, TODAY() - datetime.timedelta(days=2))
    assessment_for(worker, TODAY() + datetime.timedelta(days=60))  # not due soon
    assert send_due_reminders.call() == 1
    (email,) = mailoutbox
    assert email.to == [worker.email] and "1 overdue" in email.subject
    assert overdue.episode.child.full_name in email.body and "(OVERDUE)" in email.body
    assert "Fictional O'Worker" in email.body  # plain text, not HTML-escaped


def test_nobody_gets_an_email_when_nothing_is_due(mailoutbox):
    assessment_for(UserFactory(roles=[Role.SOCIAL_WORKER]), TODAY() + datetime.timedelta(days=60))
    assert send_due_reminders.call() == 0 and mailoutbox == []


def test_the_daily_command_queues_the_reminders(mailoutbox):
    assessment_for(UserFactory(roles=[Role.SOCIAL_WORKER]), TODAY())
    call_command("send_reminders")
    assert len(mailoutbox) == 1  # the test run executes queued tasks at once


def test_core_groups_and_reviews_on_a_plan_appear_on_my_work():
    from tests.factories import ChildProtectionPlanFactory

    allocation = AllocationFactory()
    ChildProtectionPlanFactory(episode=allocation.episode)
    labels = {i.label for i in work_due(allocation.worker)}
    assert {"Hold the core group meeting", "Hold the review conference"} <= labels


def test_r7_the_next_visit_to_a_child_on_a_plan_is_on_my_work_from_the_last_visit():
    from safetymap.cases import timescales
    from safetymap.cases.models import CaseNote
    from tests.factories import ChildProtectionPlanFactory

    allocation = AllocationFactory()
    plan = ChildProtectionPlanFactory(
        episode=allocation.episode, started_on=TODAY() - datetime.timedelta(days=30)
    )
    local = timescales.local_timescales()
    visit = {i.label: i.due for i in work_due(allocation.worker)}["Visit the child"]
    assert visit == timescales.next_statutory_visit_due(plan.started_on, local)
    seen = TODAY() - datetime.timedelta(days=3)
    CaseNote.objects.create(
        child=plan.episode.child,
        happened_on=seen,
        note_type="SEEN_ALONE",
        text="Seen alone at school",
        author=allocation.worker,
    )
    CaseNote.objects.create(
        child=plan.episode.child,
        happened_on=TODAY(),
        note_type="PHONE",
        text="Phoned Mum",
        author=allocation.worker,
    )  # not a visit
    visit = {i.label: i.due for i in work_due(allocation.worker)}["Visit the child"]
    assert visit == timescales.next_statutory_visit_due(seen, local)


def test_past_the_listed_bound_my_work_finds_the_same_items_through_the_subquery(monkeypatch):
    """A manager over several large teams: the episodes are not listed one by one, and nothing
    due is lost or added (cases.work.MyEpisodes)."""
    from safetymap.cases import work

    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker, colleague])
    for days, who in ((3, worker), (-2, colleague), (9, worker)):
        assessment_for(who, TODAY() + datetime.timedelta(days=days), team=team)
    assessment_for(UserFactory(roles=[Role.SOCIAL_WORKER]), TODAY())  # someone else's team
    listed = work_due(worker)
    monkeypatch.setattr(work, "LISTED_AT_MOST", 1)
    assert work.my_episodes(worker).episode_ids is None
    assert work_due(worker) == listed and len(listed) == 3
