import datetime
from zoneinfo import ZoneInfo

from safetymap.core.display import govuk_date, govuk_datetime, govuk_time

UTC = ZoneInfo("UTC")


def test_dates_are_written_in_full_without_a_leading_zero():
    assert govuk_date(datetime.date(2026, 3, 7)) == "7 March 2026"


def test_times_use_am_and_pm_midday_and_midnight():
    assert govuk_time(datetime.time(15, 18)) == "3:18pm"
    assert govuk_time(datetime.time(9, 5)) == "9:05am"
    assert govuk_time(datetime.time(12, 0)) == "midday"
    assert govuk_time(datetime.time(0, 0)) == "midnight"


def test_stored_utc_is_shown_in_london_time(settings):
    summer = datetime.datetime(2026, 7, 1, 14, 30, tzinfo=UTC)
    winter = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert govuk_datetime(summer) == "1 July 2026 at 3:30pm"
    assert govuk_datetime(winter) == "1 December 2026 at 2:30pm"
