"""The retention arithmetic: anchor + period, never a day early."""

from __future__ import annotations

import datetime

import pytest

from safetymap.retention.schedule import (
    Anchor,
    ChildFacts,
    Period,
    RecordType,
    Rule,
    add_period,
    due_date,
    record_type_of,
)

D = datetime.date
RULES = {
    RecordType.CONTACT_ONLY: Rule(Anchor.LAST_CONTACT_DECIDED, Period(6)),
    RecordType.CHILD_RECORD: Rule(Anchor.DATE_OF_BIRTH, Period(25)),
    RecordType.CHILD_PROTECTION: Rule(Anchor.LAST_PLAN_ENDED, Period(35)),
}


@pytest.mark.parametrize(
    ("anchor", "period", "expected"),
    [
        (D(2001, 5, 17), Period(25), D(2026, 5, 17)),
        (D(2020, 1, 31), Period(0, 1), D(2020, 3, 1)),  # no 31 February: the 1st of March
        (D(2019, 8, 31), Period(0, 6), D(2020, 3, 1)),
        (D(2020, 11, 30), Period(1, 3), D(2022, 2, 28) + datetime.timedelta(days=1)),
        (D(2020, 12, 15), Period(0, 1), D(2021, 1, 15)),
        (D(2020, 6, 1), Period(6, 11), D(2027, 5, 1)),
    ],
)
def test_anchor_plus_period(anchor, period, expected):
    assert add_period(anchor, period) == expected


def test_a_29_february_birthday_turns_25_on_1_march_when_the_year_is_not_a_leap_year():
    assert add_period(D(2004, 2, 29), Period(25)) == D(2029, 3, 1)
    assert add_period(D(2004, 2, 29), Period(24)) == D(2028, 2, 29)  # 2028 is a leap year


def test_a_period_is_never_negative_and_months_stay_under_12():
    for bad in ((-1, 0), (0, -1), (0, 12)):
        with pytest.raises(ValueError):
            Period(*bad)
    assert str(Period(6)) == "6 years" and str(Period(1, 1)) == "1 year and 1 month"


def test_a_record_counts_as_its_most_serious_kind():
    contact = ChildFacts(1, D(2010, 1, 1), last_contact_decided=D(2012, 1, 1))
    episode = ChildFacts(1, D(2010, 1, 1), has_episode=True, last_episode_closed=D(2012, 1, 1))
    plan = ChildFacts(1, D(2010, 1, 1), has_episode=True, had_plan=True)
    assert record_type_of(contact) == RecordType.CONTACT_ONLY
    assert record_type_of(episode) == RecordType.CHILD_RECORD
    assert record_type_of(plan) == RecordType.CHILD_PROTECTION
    assert record_type_of(ChildFacts(1, D(2010, 1, 1))) is None


def test_a_record_in_use_is_never_due():
    old = {"born_on": D(1980, 1, 1), "has_episode": True, "last_episode_closed": D(1990, 1, 1)}
    assert due_date(ChildFacts(1, **old), RULES).due_on == D(2005, 1, 1)
    for in_use in ("has_open_episode", "has_open_plan", "has_undecided_contact"):
        assert due_date(ChildFacts(1, **old, **{in_use: True}), RULES) is None


def test_a_record_without_its_anchor_date_is_kept():
    plan_never_ended = ChildFacts(1, D(1980, 1, 1), has_episode=True, had_plan=True)
    assert due_date(plan_never_ended, RULES) is None


def test_a_record_is_due_on_its_due_date_and_not_the_day_before():
    due = due_date(ChildFacts(1, D(2000, 3, 1), last_contact_decided=D(2001, 3, 1)), RULES)
    assert due.due_on == D(2007, 3, 1)
    assert not due.is_due(D(2007, 2, 28)) and due.is_due(D(2007, 3, 1))
