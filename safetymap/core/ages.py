"""Ages in whole years, and the date of birth recorded when only an approximate age is known.

Pure rules, no Django: the front door often knows only roughly how old a child is (a baby, a
boy of about 15 who has arrived alone), and a record still needs a date (R36).
"""

from __future__ import annotations

import datetime

# An estimated date of birth is 1 July of the likely year: the middle of the year, so the age
# shown is never more than six months out on either side.
ESTIMATE_MONTH, ESTIMATE_DAY = 7, 1


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Completed years between ``born`` and ``day`` (0 before the first birthday)."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


def estimated_date_of_birth(age: int, today: datetime.date) -> datetime.date:
    """1 July of the year a child who is ``age`` today was most likely born in, chosen so that
    the child is ``age`` today (and never born in the future)."""
    before_midyear = (today.month, today.day) < (ESTIMATE_MONTH, ESTIMATE_DAY)
    return datetime.date(
        today.year - age - (1 if before_midyear else 0), ESTIMATE_MONTH, ESTIMATE_DAY
    )


def approximate_age_text(born: datetime.date, today: datetime.date) -> str:
    """'about 5 years old (date of birth not known)', for an estimated date of birth."""
    years = age_on(born, today)
    if years < 1:
        return "under 1 year old (date of birth not known)"
    return f"about {years} year{'' if years == 1 else 's'} old (date of birth not known)"
