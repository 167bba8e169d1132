"""The access policy's sections of the home page (registered in AccessConfig.ready): for a
privacy officer, emergency openings to review and records due for disposal; for the person on
out-of-hours duty, that they are on shift."""

from __future__ import annotations

from django.urls import reverse

from safetymap.access.policy import Capability, can, duty_shift_now
from safetymap.access.selectors import emergency_reviews_waiting
from safetymap.accounts.models import User
from safetymap.core.display import govuk_datetime
from safetymap.core.home import HomeRow, HomeSection


def privacy_section(user: User) -> list[HomeSection]:
    rows = []
    if can(user, Capability.VIEW_ACCESS_REPORTS):
        waiting = emergency_reviews_waiting()
        if waiting:
            rows.append(
                HomeRow(
                    f"{waiting} emergency opening{'s' if waiting != 1 else ''} of a record "
                    "waiting for your review",
                    reverse("access:emergency-list"),
                    "Emergency access",
                )
            )
    if can(user, Capability.MANAGE_RETENTION):
        rows.append(
            HomeRow("Review records due for disposal", reverse("retention:due"), "Retention")
        )
    if not rows:
        return []
    return [HomeSection("Reviews waiting for you", rows, priority=10, key="privacy")]


def duty_section(user: User) -> list[HomeSection]:
    shift = duty_shift_now(user)
    if shift is None:
        return []
    row = HomeRow(
        "Search every child's record",
        reverse("people:search"),
        "Open one for a reason you give, until your shift ends",
        f"You are on out-of-hours duty until {govuk_datetime(shift.ends_at)}",
        "On duty",
        "blue",
    )
    return [HomeSection("You are on out-of-hours duty", [row], priority=1, key="duty")]


PROVIDERS = (privacy_section, duty_section)
