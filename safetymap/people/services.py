"""Recording children: one transaction each, audited."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import Capability, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.people.matching import PersonDetails, search_keys
from safetymap.people.models import Child, SearchKey


def details_of(child: Child) -> PersonDetails:
    return PersonDetails(
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth or child.expected_date_of_birth,
        nhs_number=child.nhs_number,
        key=child.pk,
    )


def store_search_keys(child: Child) -> None:
    SearchKey.objects.filter(child=child).delete()
    SearchKey.objects.bulk_create(
        SearchKey(child=child, key=key) for key in sorted(search_keys(details_of(child)))
    )


def _grant(user: User, child: Child, basis: GrantBasis, reason: str, hours: int) -> AccessGrant:
    now = timezone.now()
    return AccessGrant.objects.create(
        user=user,
        child=child,
        basis=basis,
        reason=reason,
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=hours),
    )


@transaction.atomic
def record_child(*, by: User, details: dict[str, Any]) -> Child:
    """Record a new child (after the practitioner has checked they are not already known).

    The person who records the child can see them for SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS,
    long enough to start the contact; after that, sight comes from allocation.
    """
    require(by, Capability.RECORD_CHILDREN)
    child = Child(**details, created_by=by, la_child_id=uuid.uuid4().hex[:20])
    child.full_clean(exclude=["la_child_id"])
    child.save()
    child.la_child_id = f"{settings.SAFETYMAP_LA_CHILD_ID_PREFIX}{child.pk:07d}"
    child.save(update_fields=["la_child_id"])
    store_search_keys(child)
    _grant(
        by,
        child,
        GrantBasis.RECORDED_THE_CHILD,
        "Recorded this child",
        settings.SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS,
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=child,
        basis="recorded the child",
        details={"la_child_id": child.la_child_id},
    )
    return child


@transaction.atomic
def open_front_door_enquiry(*, by: User, child: Child, reason: str) -> AccessGrant:
    """The front door opens a child it cannot yet see, for a stated reason, for a limited time."""
    require(by, Capability.SEARCH_ALL_CHILDREN)
    grant = _grant(
        by,
        child,
        GrantBasis.FRONT_DOOR_ENQUIRY,
        reason,
        settings.SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS,
    )
    record(
        actor=by,
        action=Action.ACCESS_GRANTED,
        subject=child,
        basis="front door enquiry",
        details={"reason": reason, "expires_at": grant.expires_at.isoformat()},
    )
    return grant
