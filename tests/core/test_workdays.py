"""Working-day arithmetic (domain.md §8): England and Wales bank holidays, D counts as day 0."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import holidays
import pytest

from safetymap.core.workdays import (
    add_calendar_months,
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    next_working_day_on_or_after,
    previous_working_day_on_or_before,
    working_days_before,
    working_days_between,
)

# Weekday bank holidays in England and Wales as published on GOV.UK (substitute days included).
# An oracle independent of the holidays package, so a change in its data shows up here.
PUBLISHED_BANK_HOLIDAYS = {
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: [
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


def published(year: int) -> set[date]:
    return {
        date.fromisoformat(f"{year}-{month_day}") for month_day in PUBLISHED_BANK_HOLIDAYS[year]
    }


def every_day(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# --- The calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(PUBLISHED_BANK_HOLIDAYS))
def test_weekdays_off_are_exactly_the_published_england_and_wales_bank_holidays(year):
    weekdays_off = {
        day
        for day in every_day(date(year, 1, 1), date(year, 12, 31))
        if day.weekday() < 5 and not is_working_day(day)
    }
    assert weekdays_off == published(year)


def test_the_uk_wide_calendar_lacks_easter_monday_which_is_why_england_is_asked_for():
    # A canary for the package: if plain "GB" ever gains Easter Monday, the choice can be revisited.
    uk_wide = holidays.country_holidays("GB", years=2025)
    assert date(2025, 4, 21) not in uk_wide
    assert date(2025, 4, 21) in bank_holidays(2025)


def test_wales_has_the_same_bank_holidays_as_england():
    for year in range(2000, 2031):
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert set(wales) == set(bank_holidays(year)), year


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2025, 3, 1))  # Saturday
    assert not is_working_day(date(2025, 3, 2))  # Sunday
    assert is_working_day(date(2025, 3, 3))  # Monday
    assert is_working_day(date(2025, 3, 7))  # Friday


def test_substitute_days_are_named_so_a_practitioner_sees_why():
    assert bank_holiday_name(date(2021, 12, 27)) == "Christmas Day (observed)"
    assert bank_holiday_name(date(2021, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday_name(date(2022, 1, 3)) == "New Year's Day (observed)"
    assert bank_holiday_name(date(2025, 3, 3)) is None


def test_bank_holidays_cannot_be_changed_through_the_cache():
    with pytest.raises(TypeError):
        bank_holidays(2025)[date(2025, 3, 3)] = "Made up"  # type: ignore[index]
    assert is_working_day(date(2025, 3, 3))


def test_a_datetime_is_refused_because_it_would_miss_every_bank_holiday():
    with pytest.raises(TypeError, match="datetime"):
        is_working_day(datetime(2025, 12, 25, 10, 0))
    with pytest.raises(TypeError):
        add_working_days(datetime(2025, 12, 24, 10, 0), 1)


def test_the_calendar_module_has_no_django_imports():
    code = (
        "import sys, safetymap.core.workdays; "
        "sys.exit(any(m.startswith('django') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- Christmas and New Year -------------------------------------------------------------------


def test_christmas_2021_on_a_weekend_moves_both_holidays_to_monday_and_tuesday():
    assert not is_working_day(date(2021, 12, 27))
    assert not is_working_day(date(2021, 12, 28))
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_new_year_2022_on_a_saturday_moves_to_monday_3_january():
    assert not is_working_day(date(2022, 1, 3))
    assert add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)
    # 29, 30, 31 December and 4 January: 3 January is the substitute day.
    assert working_days_between(date(2021, 12, 24), date(2022, 1, 4)) == 4


def test_christmas_day_2022_on_a_sunday_gives_boxing_day_and_a_substitute_tuesday():
    assert not is_working_day(date(2022, 12, 26))
    assert not is_working_day(date(2022, 12, 27))
    assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)
    # New Year's Day 2023 was a Sunday: Monday 2 January is the substitute.
    assert add_working_days(date(2022, 12, 30), 1) == date(2023, 1, 3)


def test_boxing_day_2026_on_a_saturday_moves_to_monday_28_december():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_christmas_2027_on_a_weekend_moves_both_holidays_to_monday_and_tuesday():
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    assert add_working_days(date(2027, 12, 24), 5) == date(2028, 1, 5)  # 1 January 2028 Saturday


def test_christmas_2025_on_weekdays_loses_thursday_friday_and_new_years_day():
    # From 10 December: 11-12, 15-19, 22-24, 29-31 December, 2 and 5 January.
    assert add_working_days(date(2025, 12, 10), 15) == date(2026, 1, 5)


# --- Easter ---------------------------------------------------------------------------------------


def test_easter_2025_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2025, 4, 18))
    assert not is_working_day(date(2025, 4, 21))
    assert add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1


def test_easter_2026_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 6))
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


# --- One-off bank holidays ------------------------------------------------------------------------


def test_state_funeral_of_queen_elizabeth_19_september_2022_is_not_a_working_day():
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_coronation_8_may_2023_is_not_a_working_day_as_well_as_may_day():
    assert not is_working_day(date(2023, 5, 1))
    assert not is_working_day(date(2023, 5, 8))
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_platinum_jubilee_moves_the_spring_bank_holiday_to_thursday_and_adds_friday():
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)
    assert is_working_day(date(2022, 5, 30))  # the usual last-Monday-of-May holiday moved


# --- Counting conventions -------------------------------------------------------------------------


def test_appendix_b_15_working_days_after_monday_3_march_2025_is_monday_24_march():
    assert add_working_days(date(2025, 3, 3), 15) == date(2025, 3, 24)
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 24)) == 15


def test_appendix_b_10_working_days_after_thursday_20_march_2025_is_thursday_3_april():
    assert add_working_days(date(2025, 3, 20), 10) == date(2025, 4, 3)


def test_zero_working_days_is_the_start_date_even_on_a_weekend():
    assert add_working_days(date(2025, 3, 1), 0) == date(2025, 3, 1)
    assert working_days_before(date(2025, 3, 1), 0) == date(2025, 3, 1)


def test_a_start_on_a_weekend_still_counts_as_day_0():
    assert add_working_days(date(2025, 3, 1), 1) == date(2025, 3, 3)
    assert add_working_days(date(2025, 3, 1), 15) == date(2025, 3, 21)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2025, 3, 3), -1)
    with pytest.raises(ValueError, match="negative"):
        working_days_before(date(2025, 3, 3), -1)


def test_working_days_between_is_negative_when_the_second_date_is_earlier():
    assert working_days_between(date(2025, 3, 24), date(2025, 3, 3)) == -15
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 9)) == 0  # Friday to Sunday


def test_working_days_before_counts_back_over_easter():
    assert working_days_before(date(2025, 3, 27), 3) == date(2025, 3, 24)
    assert working_days_before(date(2025, 4, 23), 3) == date(2025, 4, 16)


def test_next_working_day_on_or_after_skips_christmas_2021():
    assert next_working_day_on_or_after(date(2021, 12, 25)) == date(2021, 12, 29)
    assert next_working_day_on_or_after(date(2025, 3, 3)) == date(2025, 3, 3)


def test_previous_working_day_on_or_before_skips_easter_2026():
    assert previous_working_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)
    assert previous_working_day_on_or_before(date(2025, 3, 3)) == date(2025, 3, 3)


# --- Calendar months ------------------------------------------------------------------------------


def test_appendix_b_3_calendar_months_after_20_march_2025_is_20_june():
    assert add_calendar_months(date(2025, 3, 20), 3) == date(2025, 6, 20)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 3, 20), 0, date(2025, 3, 20)),
    ],
)
def test_calendar_months_keep_the_day_number_and_clamp_to_the_month_end(start, months, expected):
    assert add_calendar_months(start, months) == expected


# --- Properties over every day of 2025 to 2027 ----------------------------------------------------


def test_working_days_between_agrees_with_counting_day_by_day():
    anchor = date(2024, 12, 31)
    running = 0
    for day in every_day(date(2025, 1, 1), date(2027, 12, 31)):
        running += is_working_day(day)
        assert working_days_between(anchor, day) == running, day
        assert working_days_between(day, anchor) == -running, day


@pytest.mark.parametrize("n", [0, 1, 3, 10, 15, 45])
def test_working_days_between_inverts_add_working_days(n):
    for start in every_day(date(2025, 1, 1), date(2027, 12, 31)):
        due = add_working_days(start, n)
        assert working_days_between(start, due) == n, start
        if n:
            # The due date is a working day, and the first date that far on: not a day later.
            assert is_working_day(due), start
            assert working_days_between(start, due - timedelta(days=1)) == n - 1, start
            assert working_days_before(due, n) == previous_working_day_on_or_before(start), start
