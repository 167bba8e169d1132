from __future__ import annotations

import datetime

from django.db import models
from django.db.models import QuerySet

from safetymap.accounts.models import User
from safetymap.audit.models import Action, AuditEvent
from safetymap.core.display import govuk_datetime
from safetymap.core.paging import KeysetPage, keyset_page


def recent_activity_of(user: User, limit: int = 5) -> QuerySet[AuditEvent]:
    """A person's own latest events, so they can spot a sign-in that was not them."""
    return AuditEvent.objects.filter(actor=user).order_by("-occurred_at", "-id")[:limit]


REPORT_PAGE_SIZE = 50
NEWEST_FIRST = ("-occurred_at", "-id")
# What the reports can be narrowed to: the record's views, or its changes.
WHAT = {
    "views": [Action.VIEW],
    "changes": [Action.CREATE, Action.UPDATE, Action.DISPOSE],
}


def _narrowed(
    events: QuerySet[AuditEvent],
    start: datetime.date | None,
    end: datetime.date | None,
    what: str,
) -> QuerySet[AuditEvent]:
    if start:
        events = events.filter(occurred_at__date__gte=start)
    if end:
        events = events.filter(occurred_at__date__lte=end)
    if what in WHAT:
        events = events.filter(action__in=WHAT[what])
    return events


def who_accessed(
    la_child_id: str,
    cursor: str | None = None,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    what: str = "",
):
    """The child, and one page of the events about them, newest first (``core.paging``: one
    query a page however long the trail), optionally within dates (UK time) or only views or
    only changes; (None, None) for an unknown ID."""
    from safetymap.people.models import Child

    child = Child.objects.filter(la_child_id=la_child_id).first()
    if child is None:
        return None, None
    events = _narrowed(
        AuditEvent.objects.filter(child_id=child.pk).select_related("actor__organisation"),
        start,
        end,
        what,
    )
    return child, keyset_page(events, NEWEST_FIRST, REPORT_PAGE_SIZE, cursor)


def activity_of(
    user: User,
    cursor: str | None = None,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    what: str = "",
) -> KeysetPage:
    """One page of what a person has done, newest first, narrowed as ``who_accessed``."""
    events = _narrowed(AuditEvent.objects.filter(actor=user), start, end, what)
    return keyset_page(events, NEWEST_FIRST, REPORT_PAGE_SIZE, cursor)


def last_change_in_words(subject: models.Model) -> str:
    """Who last changed a record, and when: "Sam Example, on 16 November 2026 at 10:04," (for an
    edit conflict, core/revisions.py). Uses the trail's index on the subject."""
    event = (
        AuditEvent.objects.filter(
            subject_type=subject._meta.label,
            subject_id=str(subject.pk),
            action__in=[Action.UPDATE, Action.CREATE],
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    if event is None:
        return ""
    who = event.actor.full_name if event.actor else event.actor_label
    return f"{who}, on {govuk_datetime(event.occurred_at)},"
