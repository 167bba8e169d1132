"""Statutory and local timescales, domain.md §7 R1–R8. Pure: no database needed."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest

from safetymap.cases.timescales import (
    Due,
    LocalTimescales,
    Timescale,
    assessment_due,
    contact_decision_due,
    days_late,
    eighteenth_birthday,
    first_core_group_due,
    first_review_conference_due,
    initial_conference_due,
    is_overdue,
    local_timescales,
    next_cin_review_due,
    next_core_group_due,
    next_review_conference_due,
    next_statutory_visit_due,
    record_distribution_due,
    report_to_chair_due,
    report_to_family_due,
    review_before_eighteen_due,
    strategy_meeting_due,
    transfer_in_conference_due,
)
from safetymap.core.workdays import bank_holidays

DEFAULTS = LocalTimescales()


# --- R1 to R5: working days -------------------------------------------------------------------


def test_r1_contact_decision_is_due_1_working_day_after_the_contact():
    assert contact_decision_due(date(2025, 3, 3)) == date(2025, 3, 4)
    assert contact_decision_due(date(2025, 3, 7)) == date(2025, 3, 10)  # Friday to Monday


def test_r1_contact_decision_skips_christmas_and_easter():
    assert contact_decision_due(date(2021, 12, 24)) == date(2021, 12, 29)
    assert contact_decision_due(date(2025, 4, 17)) == date(2025, 4, 22)


def test_r2_assessment_is_due_45_working_days_after_the_referral():
    # 45 working days from 3 March 2025 would be 5 May without holidays; Good Friday, Easter
    # Monday and the May Day bank holiday push it to Thursday 8 May.
    assert assessment_due(date(2025, 3, 3)) == date(2025, 5, 8)


def test_r3_initial_conference_is_15_working_days_after_the_strategy_discussion():
    assert initial_conference_due(date(2025, 3, 3)) == date(2025, 3, 24)  # Appendix B


def test_r3_initial_conference_over_christmas_and_new_year():
    assert initial_conference_due(date(2025, 12, 10)) == date(2026, 1, 5)


def test_r3_initial_conference_target_is_never_a_weekend_or_bank_holiday():
    # CIN census rule 8870Q: the target must not be a weekend; the calendar adds bank holidays.
    day = date(2021, 1, 1)
    while day <= date(2027, 12, 31):
        due = initial_conference_due(day)
        assert due.weekday() < 5, day
        assert due not in bank_holidays(due.year), day
        day += timedelta(days=1)


def test_r4_transfer_in_conference_is_15_working_days_after_notification():
    assert transfer_in_conference_due(date(2025, 3, 20)) == date(2025, 4, 10)
    # Over Easter 2026: Good Friday 3 April and Easter Monday 6 April are not counted.
    assert transfer_in_conference_due(date(2026, 3, 25)) == date(2026, 4, 17)


def test_r5_first_core_group_is_10_working_days_after_the_initial_conference():
    assert first_core_group_due(date(2025, 3, 20)) == date(2025, 4, 3)  # Appendix B
    assert first_core_group_due(date(2026, 3, 26)) == date(2026, 4, 13)  # over Easter


# --- R6: calendar months --------------------------------------------------------------------------


def test_r6_first_review_conference_is_3_calendar_months_after_the_initial_conference():
    assert first_review_conference_due(date(2025, 3, 20)) == date(2025, 6, 20)  # Appendix B


@pytest.mark.parametrize(
    ("initial", "expected"),
    [
        (date(2024, 11, 30), date(2025, 2, 28)),
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), date(2025, 4, 30)),
        (date(2024, 12, 31), date(2025, 3, 31)),
    ],
)
def test_r6_first_review_conference_clamps_to_the_month_end(initial, expected):
    assert first_review_conference_due(initial) == expected


def test_r6_later_review_conferences_are_at_most_6_calendar_months_apart():
    assert next_review_conference_due(date(2025, 6, 20)) == date(2025, 12, 20)
    assert next_review_conference_due(date(2025, 8, 31)) == date(2026, 2, 28)
    assert next_review_conference_due(date(2027, 8, 31)) == date(2028, 2, 29)


# --- R7: local timers -----------------------------------------------------------------------------


def test_r7_defaults_are_the_documented_local_timescales():
    assert DEFAULTS.core_group_interval_weeks == 6
    assert DEFAULTS.report_to_family_before_initial_conference_working_days == 3
    assert DEFAULTS.report_to_family_before_review_conference_working_days == 5
    assert DEFAULTS.statutory_visit_interval_working_days == 10
    assert DEFAULTS.cin_review_interval_weeks == 4
    assert DEFAULTS.strategy_meeting_after_urgent_discussion_working_days == 5


def test_r7_local_timescales_cannot_be_changed_after_they_are_read():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.core_group_interval_weeks = 4  # type: ignore[misc]


def test_r7_next_core_group_is_6_weeks_after_the_last_by_default():
    assert next_core_group_due(date(2025, 4, 3), DEFAULTS) == date(2025, 5, 15)


def test_r7_next_core_group_follows_a_4_weekly_local_setting():
    four_weekly = LocalTimescales(core_group_interval_weeks=4)
    assert next_core_group_due(date(2025, 4, 3), four_weekly) == date(2025, 5, 1)


def test_r7_reports_reach_the_family_3_working_days_before_an_initial_conference():
    assert report_to_family_due(date(2025, 3, 24), initial=True, local=DEFAULTS) == date(
        2025, 3, 19
    )
    # Tuesday 22 April 2025, after Easter: back over Easter Monday and Good Friday.
    assert report_to_family_due(date(2025, 4, 22), initial=True, local=DEFAULTS) == date(
        2025, 4, 15
    )


def test_r7_reports_reach_the_family_5_working_days_before_a_review_conference():
    assert report_to_family_due(date(2025, 6, 20), initial=False, local=DEFAULTS) == date(
        2025, 6, 13
    )


def test_r7_reports_reach_the_chair_before_the_conference():
    assert report_to_chair_due(date(2025, 3, 24), initial=True, local=DEFAULTS) == date(2025, 3, 20)
    assert report_to_chair_due(date(2025, 6, 20), initial=False, local=DEFAULTS) == date(
        2025, 6, 17
    )


def test_r7_conference_record_is_sent_5_working_days_after_the_conference():
    assert record_distribution_due(date(2025, 3, 20), DEFAULTS) == date(2025, 3, 27)


def test_r7_statutory_visits_every_10_working_days_skip_christmas_and_new_year():
    assert next_statutory_visit_due(date(2025, 12, 19), DEFAULTS) == date(2026, 1, 7)


def test_r7_child_in_need_reviews_are_4_weekly_by_default():
    assert next_cin_review_due(date(2025, 3, 20), DEFAULTS) == date(2025, 4, 17)


def test_r7_strategy_meeting_is_5_working_days_after_an_urgent_discussion():
    # Friday 16 September 2022; Monday 19 was the Queen's state funeral.
    assert strategy_meeting_due(date(2022, 9, 16), DEFAULTS) == date(2022, 9, 26)


def test_r7_local_timescales_are_the_defaults_when_not_configured(settings):
    if hasattr(settings, "SAFETYMAP_TIMESCALES"):
        del settings.SAFETYMAP_TIMESCALES
    assert local_timescales() == LocalTimescales()


def test_r7_local_timescales_take_overrides_from_settings(settings):
    settings.SAFETYMAP_TIMESCALES = {"core_group_interval_weeks": 4}
    local = local_timescales()
    assert local.core_group_interval_weeks == 4
    assert local.statutory_visit_interval_working_days == 10  # the rest keep their defaults


def test_r7_an_unknown_local_timescale_setting_is_refused_by_name(settings):
    settings.SAFETYMAP_TIMESCALES = {"core_group_weeks": 4}
    with pytest.raises(ValueError, match="core_group_weeks"):
        local_timescales()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"core_group_interval_weeks": -1}, ValueError),
        ({"core_group_interval_weeks": 0}, ValueError),
        ({"statutory_visit_interval_working_days": 0}, ValueError),
        ({"statutory_visit_interval_working_days": "10"}, TypeError),
        ({"cin_review_interval_weeks": 2.5}, TypeError),
        ({"record_distribution_working_days": True}, TypeError),
    ],
)
def test_r7_impossible_local_timescales_are_refused(overrides, error):
    with pytest.raises(error):
        LocalTimescales.from_overrides(overrides)


# --- R8: turning 18 -------------------------------------------------------------------------------


def test_r8_eighteenth_birthday():
    assert eighteenth_birthday(date(2007, 5, 14)) == date(2025, 5, 14)


def test_r8_a_child_born_on_29_february_turns_18_on_1_march():
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)


def test_r8_review_is_due_on_the_last_working_day_before_the_eighteenth_birthday():
    assert review_before_eighteen_due(date(2007, 5, 14)) == date(2025, 5, 13)
    # Birthday Monday 29 December 2025: back over the weekend, Boxing Day and Christmas Day.
    assert review_before_eighteen_due(date(2007, 12, 29)) == date(2025, 12, 24)
    # Birthday Tuesday 7 April 2026: back over Easter Monday, the weekend and Good Friday.
    assert review_before_eighteen_due(date(2008, 4, 7)) == date(2026, 4, 2)


# --- Lateness -------------------------------------------------------------------------------------


def test_days_late_is_0_when_done_on_or_before_the_due_date():
    assert days_late(date(2025, 3, 24), date(2025, 3, 24)) == 0
    assert days_late(date(2025, 3, 24), date(2025, 3, 20)) == 0


def test_days_late_counts_working_days_after_the_due_date():
    assert days_late(date(2025, 3, 24), date(2025, 3, 27)) == 3
    # Due Christmas Eve 2025, done Friday 2 January: 29, 30, 31 December and 2 January.
    assert days_late(date(2025, 12, 24), date(2026, 1, 2)) == 4


def test_days_late_is_at_least_1_when_done_on_a_weekend_after_the_due_date():
    assert days_late(date(2025, 3, 21), date(2025, 3, 22)) == 1  # Friday due, Saturday done
    assert days_late(date(2025, 3, 21), date(2025, 3, 24)) == 1  # Friday due, Monday done


def test_overdue_only_when_not_done_and_the_due_date_has_passed():
    due = date(2025, 3, 24)
    assert not is_overdue(due, today=date(2025, 3, 24), done=None)
    assert is_overdue(due, today=date(2025, 3, 25), done=None)
    assert not is_overdue(due, today=date(2025, 3, 28), done=date(2025, 3, 26))
    assert not is_overdue(due, today=date(2025, 3, 20), done=None)


def test_r3_labelled_due_date_for_pages_and_reminders():
    due = Timescale.INITIAL_CONFERENCE.due_on(initial_conference_due(date(2025, 3, 3)))
    assert due == Due(due=date(2025, 3, 24), rule="R3", label="Initial child protection conference")
    assert due.is_overdue(today=date(2025, 3, 25))
    assert due.days_late(date(2025, 3, 26)) == 2


def test_every_label_names_its_rule_and_is_plain_english():
    jargon = re.compile(r"\b(ICPC|RCPC|CPC|CIN|CP|LA|wd|s47)\b")
    for timescale in Timescale:
        assert re.fullmatch(r"R[1-8]", timescale.rule), timescale
        assert timescale.label[0].isupper(), timescale
        assert not jargon.search(timescale.label), timescale


def test_timescales_module_has_no_django_imports_until_local_settings_are_read():
    code = (
        "import sys, safetymap.cases.timescales; "
        "sys.exit(any(m.startswith('django') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
