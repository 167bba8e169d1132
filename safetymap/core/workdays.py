"""Working days and calendar months for statutory due dates (domain.md §8).

A working day is Monday to Friday, excluding bank holidays in England and Wales, including
substitute days ("Christmas Day (observed)") and one-off holidays such as the Coronation.

Conventions (also shown to practitioners, because local procedures vary):

- "Within N working days of D" means D + N working days, with D itself as day 0: 15 working days
  after Monday 3 March 2025 is Monday 24 March 2025.
- "Within N calendar months of D" keeps the day number and clamps to the month end: 3 months after
  30 November is 28 or 29 February.

Bank holidays come from the maintained ``holidays`` package, whose data ships with it: nothing is
fetched at run time. This module is pure Python (no Django) so the rules can be unit tested alone.
"""

from __future__ import annotations

import calendar
import functools
import types
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import holidays

__all__ = [
    "add_calendar_months",
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "is_working_day",
    "next_working_day_on_or_after",
    "previous_working_day_on_or_before",
    "working_days_before",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)


@functools.cache
def bank_holidays(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays in ``year``, as a read-only ``{date: name}`` mapping.

    Weekend dates such as Christmas Day on a Saturday are included with their substitute
    ("observed") weekday, so use :func:`is_working_day` rather than membership to decide.
    """
    # subdiv="ENG" is required: plain "GB" gives only the UK-wide days and silently drops
    # Easter Monday and the August bank holiday. England and Wales ("WLS") share one calendar.
    # The previous year is built too so that a substitute day spilling over New Year would be
    # kept; none does under the current rules, but the cost is one extra year, once.
    calendar_ = holidays.country_holidays("GB", subdiv="ENG", years=(year - 1, year))
    return types.MappingProxyType(
        {day: name for day, name in sorted(calendar_.items()) if day.year == year}
    )


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name ("Boxing Day (observed)"), or None if ``day`` is not one."""
    return bank_holidays(_plain_date(day).year).get(day)


def is_working_day(day: date) -> bool:
    """True for Monday to Friday, unless it is an England and Wales bank holiday."""
    day = _plain_date(day)
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start``, counting ``start`` as day 0.

    ``add_working_days(date(2025, 3, 3), 15) == date(2025, 3, 24)``. If ``start`` is itself a
    weekend or bank holiday it is still day 0: a strategy discussion held on a Saturday starts
    the clock that Saturday, so day 1 is the next working day. ``n == 0`` returns ``start``
    unchanged. For dates before another, see :func:`working_days_before`.
    """
    start = _plain_date(start)
    _check_not_negative(n)
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_before(end: date, n: int) -> date:
    """The date ``n`` working days before ``end``, counting ``end`` as day 0.

    Used for "reports to the family 3 working days before the conference": a Thursday
    conference gives the Monday. ``n == 0`` returns ``end`` unchanged.
    """
    end = _plain_date(end)
    _check_not_negative(n)
    day = end
    remaining = n
    while remaining:
        day -= _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """The number of working days after ``a`` up to and including ``b``; negative if ``b < a``.

    The inverse of :func:`add_working_days`: if ``add_working_days(a, n) == b`` then
    ``working_days_between(a, b) == n``. Weekends and bank holidays between the two are not
    counted, and neither is ``a`` itself.
    """
    a, b = _plain_date(a), _plain_date(b)
    if b < a:
        return -working_days_between(b, a)
    # Counted arithmetically rather than day by day, so spans of years stay cheap.
    weekdays = _weekdays_up_to(b) - _weekdays_up_to(a)
    holidays_on_weekdays = sum(
        1
        for year in range(a.year, b.year + 1)
        for day in bank_holidays(year)
        if a < day <= b and day.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def next_working_day_on_or_after(day: date) -> date:
    """``day`` if it is a working day, otherwise the first working day after it."""
    day = _plain_date(day)
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def previous_working_day_on_or_before(day: date) -> date:
    """``day`` if it is a working day, otherwise the last working day before it.

    Useful when a calendar-month limit falls on a weekend: the meeting has to be held earlier.
    """
    day = _plain_date(day)
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def add_calendar_months(start: date, months: int) -> date:
    """The same day number ``months`` later (or earlier, if negative), clamped to the month end.

    31 January + 1 month is 28 February (29 in a leap year); 30 November + 3 months is the last
    day of February. The result is a calendar date and may fall on a weekend or bank holiday.
    """
    start = _plain_date(start)
    month_index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def _weekdays_up_to(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including ``day``."""
    ordinal = day.toordinal()
    full_weeks, extra_days = divmod(ordinal, 7)
    return full_weeks * 5 + min(extra_days, 5)


def _plain_date(day: date) -> date:
    # A datetime is a date subclass but never equals a date, so it would silently miss every
    # bank holiday; refuse it rather than give a wrong due date.
    if isinstance(day, datetime):
        raise TypeError(f"Expected a date, not a datetime: {day!r}. Use .date() first.")
    return day


def _check_not_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"The number of working days must not be negative, not {n}.")
