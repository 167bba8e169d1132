"""How dates and times are written on screen, in the GOV.UK style: "27 November 2026 at 3:18pm"."""

from __future__ import annotations

import datetime

from django.utils import timezone


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
