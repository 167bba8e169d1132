"""How dates and times are written on screen, in the GOV.UK style: "27 November 2026 at 3:18pm"."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from safetymap.core.ages import approximate_age_text


def govuk_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: datetime.time | datetime.datetime) -> str:
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """Shown in the service's time zone (Europe/London); stored in UTC."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{govuk_date(local)} at {govuk_time(local)}"


def date_of_birth(child: object) -> str:
    """A child's date of birth as a value on screen: the date, or for an estimated one their
    approximate age ("about 5 years old (date of birth not known)"), or for an unborn child
    the expected date. Duck-typed (core knows nothing of children): ``date_of_birth``,
    ``date_of_birth_is_estimated`` and ``expected_date_of_birth`` (or a form's cleaned data)."""
    born = _part(child, "date_of_birth")
    if born is None:
        due = _part(child, "expected_date_of_birth")
        return f"unborn, due {govuk_date(due)}" if due else "not known"
    if _part(child, "date_of_birth_is_estimated"):
        return approximate_age_text(born, timezone.localdate())
    return govuk_date(born)


def born(child: object) -> str:
    """The same as a phrase that starts a line: "Born 27 March 2019", "About 5 years old (date
    of birth not known)", "Unborn, due 3 May 2027"."""
    text = date_of_birth(child)
    if _part(child, "date_of_birth") and not _part(child, "date_of_birth_is_estimated"):
        text = f"born {text}"
    return text[:1].upper() + text[1:]


def _part(record: object, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)
