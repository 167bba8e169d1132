"""The list of records due for disposal: what is on it, what never is, and what it costs."""

from __future__ import annotations

import datetime

import pytest

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.retention.models import DisposalReview
from safetymap.retention.selectors import Status, assess_one, due_list, records_due
from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    EpisodeFactory,
    LegalHoldFactory,
    SoSMapFactory,
    UserFactory,
    due_for_disposal,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def refs(candidates) -> set[str]:
    return {c.la_child_id for c in candidates}


def test_a_closed_record_past_its_schedule_is_waiting_for_review():
    child = due_for_disposal(born=datetime.date(2000, 1, 10))
    due = due_list(TODAY)
    assert refs(due.waiting) == {child.la_child_id}
    assert due.waiting[0].due.due_on == datetime.date(2025, 1, 10)  # the 25th birthday


def test_young_children_open_cases_and_open_plans_are_never_due():
    ChildFactory()  # nothing recorded yet
    due_for_disposal(born=datetime.date(2010, 1, 1))  # 16 years old
    open_episode = ChildFactory(date_of_birth=datetime.date(1990, 1, 1))
    EpisodeFactory(child=open_episode, referral_date=datetime.date(2001, 1, 1))
    waiting_contact = ChildFactory(date_of_birth=datetime.date(1990, 1, 1))
    ContactFactory(children=[waiting_contact])
    assert due_list(TODAY).due_count == 0


def test_a_child_protection_record_follows_its_own_schedule():
    child = due_for_disposal(born=datetime.date(1980, 1, 1))
    plan = ChildProtectionPlanFactory(episode=child.episodes.get())
    assert due_list(TODAY).due_count == 0  # the plan never ended: kept
    plan.ended_on = datetime.date(1992, 6, 1)
    plan.save()
    assert due_list(TODAY).due_count == 0  # 35 years after the plan ended: 2027
    assert refs(due_list(datetime.date(2027, 6, 1)).waiting) == {child.la_child_id}


def test_a_record_on_legal_hold_is_never_listed():
    held = due_for_disposal()
    LegalHoldFactory(child=held)
    due = due_list(TODAY)
    assert due.due_count == 0 and due.held_count == 1
    assert assess_one(held.pk, TODAY) is None


def test_a_released_hold_lets_the_record_be_listed_again():
    child = due_for_disposal()
    hold = LegalHoldFactory(child=child)
    hold.released_at, hold.released_by = hold.placed_at, hold.placed_by
    hold.save()
    assert refs(due_list(TODAY).waiting) == {child.la_child_id}


def test_a_record_sharing_a_map_with_a_child_whose_record_is_kept_waits_for_them():
    older = due_for_disposal(born=datetime.date(1990, 1, 1))
    younger = ChildFactory(date_of_birth=datetime.date(2015, 1, 1))
    SoSMapFactory(episode=older.episodes.get(), children=[younger])
    due = due_list(TODAY)
    assert [c.status for c in due.shared] == [Status.SHARED]
    assert due.shared[0].shares_with == [younger.la_child_id]


def test_a_deferral_keeps_the_record_off_the_review_list_until_its_date():
    child = due_for_disposal()
    candidate = assess_one(child.pk, TODAY)
    DisposalReview.objects.create(
        child=child,
        record_type=candidate.due.record_type,
        due_on=candidate.due.due_on,
        decision="DEFERRED",
        reason="Sibling's proceedings (fictional)",
        deferred_until=datetime.date(2026, 9, 1),
        decided_by=UserFactory(roles=[Role.PRIVACY_OFFICER]),
        decided_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    assert refs(due_list(TODAY).deferred) == {child.la_child_id}
    assert refs(due_list(datetime.date(2026, 9, 1)).waiting) == {child.la_child_id}


def test_only_privacy_officers_read_the_list():
    with pytest.raises(AccessRefused, match="Only privacy officers"):
        records_due(UserFactory(roles=[Role.SERVICE_MANAGER]))
    records_due(UserFactory(roles=[Role.PRIVACY_OFFICER]))


def test_the_due_list_reads_the_same_number_of_queries_whatever_the_number_of_records():
    due_for_disposal()

    def grow():
        for _ in range(5):
            child = due_for_disposal(born=datetime.date(1985, 2, 3))
            LegalHoldFactory(child=due_for_disposal())
            ChildProtectionPlanFactory(
                episode=child.episodes.get(), ended_on=datetime.date(1990, 1, 1)
            )
            SoSMapFactory(episode=child.episodes.get(), children=[due_for_disposal()])
            ContactFactory(children=[child], decision="NFA", decision_at=child.created_at)

    assert_queries_do_not_grow(lambda: due_list(TODAY), grow)
