"""Any change to who may see whom forgets the bases decided so far in this request, so a page
that changes sight as it is made (rare on a GET) never answers from before the change."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from safetymap.access.policy import forget_decided_bases


def _forget(**_: Any) -> None:
    forget_decided_bases()


def connect() -> None:
    from safetymap.access.models import AccessGrant, DutyShift, RestrictedRecord
    from safetymap.accounts.models import Team
    from safetymap.cases.models import Allocation, CoreGroupMembership, QueueEntry

    for model in (
        AccessGrant,
        DutyShift,
        RestrictedRecord,
        Team,
        Allocation,
        QueueEntry,
        CoreGroupMembership,
    ):
        uid = f"access-basis-{model._meta.label}"
        post_save.connect(_forget, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(_forget, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
    for through in (Team.members.through, RestrictedRecord.people.through):
        m2m_changed.connect(
            _forget, sender=through, dispatch_uid=f"access-basis-{through._meta.label}", weak=False
        )
