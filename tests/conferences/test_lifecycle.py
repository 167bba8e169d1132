"""The conference lifecycle (domain.md §5.2) as a pure module: each move allowed or refused in
plain words."""

from __future__ import annotations

import pytest

from safetymap.conferences import lifecycle as lc

HAPPY_PATH = [
    lc.REQUESTED,
    lc.SCHEDULED,
    lc.INVITATIONS_SENT,
    lc.REPORTS_DUE,
    lc.HELD,
    lc.RECORD_DRAFTED,
    lc.CHAIR_APPROVED,
    lc.DISTRIBUTED,
]


def test_the_whole_way_from_request_to_distribution_is_allowed():
    for current, target in zip(HAPPY_PATH, HAPPY_PATH[1:], strict=False):
        assert lc.refusal(current, target) is None, (current, target)


@pytest.mark.parametrize("stage", [lc.SCHEDULED, lc.INVITATIONS_SENT, lc.REPORTS_DUE])
def test_a_conference_not_yet_held_can_be_postponed_or_cancelled(stage):
    assert lc.can_move(stage, lc.POSTPONED) and lc.can_move(stage, lc.CANCELLED)


@pytest.mark.parametrize("stage", [lc.HELD, lc.RECORD_DRAFTED, lc.CHAIR_APPROVED])
def test_a_held_conference_cannot_be_postponed_or_cancelled(stage):
    assert lc.refusal(stage, lc.POSTPONED) == (
        "Only a conference that has not yet been held can be postponed."
    )
    assert "cancelled" in lc.refusal(stage, lc.CANCELLED)


def test_a_postponed_conference_is_given_a_new_date():
    assert lc.can_move(lc.POSTPONED, lc.SCHEDULED)
    assert not lc.can_move(lc.POSTPONED, lc.HELD)


def test_steps_cannot_be_skipped_and_each_refusal_says_why():
    assert lc.refusal(lc.REQUESTED, lc.HELD) == (
        "A conference can only be recorded as held after its invitations have gone."
    )
    assert lc.refusal(lc.HELD, lc.CHAIR_APPROVED) == (
        "The chair can only approve a record that has been sent to them."
    )
    assert lc.refusal(lc.RECORD_DRAFTED, lc.DISTRIBUTED) == (
        "The record can only be distributed after the chair has approved it."
    )


def test_nothing_follows_distribution_or_cancellation():
    for target in HAPPY_PATH + [lc.POSTPONED, lc.CANCELLED]:
        assert lc.refusal(lc.DISTRIBUTED, target).startswith("This conference's record has been")
        assert lc.refusal(lc.CANCELLED, target) == "This conference was cancelled."


def test_reports_are_taken_until_the_record_is_distributed():
    assert lc.takes_reports(lc.REPORTS_DUE) and lc.takes_reports(lc.CHAIR_APPROVED)
    assert not lc.takes_reports(lc.DISTRIBUTED) and not lc.takes_reports(lc.CANCELLED)
