"""Changes to who may see a child outside the workflow: emergency ("break-glass") access and its
review by the privacy officer, restricted records, and the out-of-hours duty rota. One
transaction each, audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safetymap.access.models import (
    AccessGrant,
    DutyShift,
    EmergencyAccessReview,
    GrantBasis,
    RestrictedRecord,
)
from safetymap.access.policy import (
    CASE_HOLDER_REFUSAL,
    AccessRefused,
    Capability,
    basis_for,
    is_restricted,
    may_hold_cases,
    require,
)
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.core.errors import Refused
from safetymap.people.models import Child

# The same words whether the number is unknown or the record is restricted: an emergency opening
# must not tell anyone that a restricted record exists.
NO_RECORD = (
    "No record you can open in an emergency has that number. Check the number, or ask the "
    "front door."
)


class EmergencyRefused(Refused, AccessRefused):
    """An emergency opening or a restriction refused (see core.errors.Refused)."""


@transaction.atomic
def open_in_emergency(
    *, request: HttpRequest, by: User, la_child_id: str, reason: str, password: str
) -> AccessGrant:
    """Break-glass: a front door practitioner or a manager opens a record they have no
    relationship to, after typing their password again and giving a reason. The access lasts
    SAFETYMAP_EMERGENCY_ACCESS_HOURS; the privacy officers and the allocated worker are told
    at once, and a privacy officer must review it."""
    require(by, Capability.OPEN_IN_EMERGENCY)
    if authenticate(request, username=by.email, password=password) != by:
        # A wrong password here counts towards the sign-in lockout, like any other.
        raise EmergencyRefused("Your password is not right", "password")
    if not reason.strip():
        raise EmergencyRefused("Enter why you need to open this record now", "reason")
    child = Child.objects.filter(
        la_child_id__iexact=la_child_id.strip(), merged_into__isnull=True
    ).first()
    if child is None or is_restricted(child.pk, for_user=by):
        record(
            actor=by,
            action=Action.REFUSED,
            subject=by,
            basis="emergency access",
            details={"why": "no record, or a restricted one"},
        )
        raise EmergencyRefused(NO_RECORD, "la_child_id")
    existing = basis_for(by, child.pk)
    if existing:
        raise EmergencyRefused(
            f"You can already open this record ({existing}): you do not need emergency access.",
            "la_child_id",
        )
    now = timezone.now()
    grant = AccessGrant.objects.create(
        user=by,
        child=child,
        basis=GrantBasis.EMERGENCY,
        reason=reason.strip(),
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=settings.SAFETYMAP_EMERGENCY_ACCESS_HOURS),
    )
    record(
        actor=by,
        action=Action.ACCESS_GRANTED,
        subject=child,
        basis="emergency access",
        details={"grant": grant.pk, "expires_at": grant.expires_at.isoformat()},
    )
    from safetymap.access.tasks import tell_about_emergency_access

    transaction.on_commit(lambda: tell_about_emergency_access.enqueue(grant_id=grant.pk))
    return grant


@transaction.atomic
def review_emergency_access(
    *, by: User, grant: AccessGrant, outcome: str, note: str
) -> EmergencyAccessReview:
    """The privacy officer records whether an emergency opening was justified."""
    require(by, Capability.VIEW_ACCESS_REPORTS)
    if grant.basis != GrantBasis.EMERGENCY:
        raise EmergencyRefused("Only emergency openings are reviewed here.")
    if grant.user_id == by.pk:
        raise EmergencyRefused("Someone else must review your own emergency access.")
    if EmergencyAccessReview.objects.filter(grant=grant).exists():
        raise EmergencyRefused("This emergency access has already been reviewed.")
    if not note.strip():
        raise EmergencyRefused("Say what you found", "note")
    review = EmergencyAccessReview.objects.create(
        grant=grant, outcome=outcome, note=note.strip(), reviewed_by=by
    )
    record(
        actor=by,
        action=Action.UPDATE,
        subject=grant,
        basis="privacy officer",
        details={"review": outcome, "child": grant.child_id},
    )
    return review


@transaction.atomic
def restrict_record(
    *, by: User, child: Child, reason: str, note: str = "", people: list[User] = ()
) -> RestrictedRecord:
    """Make a child's record visible and findable only to the people listed: the manager doing
    it, the allocated worker and their team manager always, and anyone else chosen."""
    require(by, Capability.RESTRICT_RECORDS)
    basis = basis_for(by, child.pk)
    if basis is None:
        raise EmergencyRefused("You can only restrict a record you can see.")
    if RestrictedRecord.objects.filter(child=child).exists():
        raise EmergencyRefused("This record is already restricted.")
    from safetymap.cases.models import Allocation

    current = Allocation.objects.filter(episode__child=child, ended_on__isnull=True).select_related(
        "team"
    )
    keepers = {by, *people}
    keepers |= {a.worker for a in current} | {a.team.manager for a in current if a.team.manager}
    restriction = RestrictedRecord.objects.create(
        child=child, reason=reason, note=note.strip(), restricted_by=by
    )
    restriction.people.set(keepers)
    record(
        actor=by,
        action=Action.UPDATE,
        subject=child,
        basis=basis,
        details={"restricted": reason, "people": sorted(p.pk for p in keepers)},
    )
    return restriction


# --- The out-of-hours duty rota --------------------------------------------------------------

LONGEST_SHIFT = datetime.timedelta(hours=24)


class RotaRefused(Refused, AccessRefused):
    """A change to the out-of-hours rota refused (see core.errors.Refused)."""


# A shift gives its worker sight of every unrestricted record: another manager must decide it,
# as with emergency access reviewed by someone else.
NOT_YOURSELF = "You cannot put yourself on the rota: ask another manager to add your shift"


@transaction.atomic
def record_duty_shift(
    *, by: User, worker: User, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> DutyShift:
    """A manager puts a practitioner on the out-of-hours rota. During the shift the worker may
    search every child and open one for a stated reason until the shift ends (the policy's
    ``searches_every_child``); the rota, not the worker, decides it."""
    require(by, Capability.ALLOCATE_WORK)
    problems: list[tuple[str, str]] = []
    if worker.pk == by.pk:
        problems.append((NOT_YOURSELF, "worker"))
    elif not may_hold_cases(worker):
        problems.append((CASE_HOLDER_REFUSAL.format(name=worker.full_name), "worker"))
    if ends_at <= starts_at:
        problems.append(("The shift must end after it starts", "ends_on"))
    elif ends_at - starts_at > LONGEST_SHIFT:
        problems.append(("A shift can be 24 hours at most", "ends_on"))
    if ends_at <= timezone.now():
        problems.append(
            ("The shift has already ended: enter a shift that is still to come", "ends_on")
        )
    overlapping = DutyShift.objects.filter(
        worker=worker, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlapping and not problems:
        problems.append(("They are already on the rota for part of this time", "starts_on"))
    if problems:
        raise RotaRefused.several(problems)
    shift = DutyShift.objects.create(
        worker=worker, starts_at=starts_at, ends_at=ends_at, recorded_by=by
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=shift,
        basis="manager keeping the out-of-hours rota",
        details={
            "worker": worker.pk,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    return shift


@transaction.atomic
def end_duty_shift(*, by: User, shift: DutyShift) -> None:
    """End a shift now: the worker's wider search, and the records they opened on it, end at
    once. A shift still to come is taken off the rota (it never gave anyone sight)."""
    require(by, Capability.ALLOCATE_WORK)
    now = timezone.now()
    if shift.ends_at <= now:
        raise RotaRefused("This shift has already ended.")
    basis = "manager keeping the out-of-hours rota"
    if shift.starts_at > now:
        record(
            actor=by,
            action=Action.UPDATE,
            subject=shift,
            basis=basis,
            details={"taken_off_the_rota": "before it started"},
        )
        shift.delete()
        return
    record(
        actor=by,
        action=Action.UPDATE,
        subject=shift,
        basis=basis,
        details={"ended_early_at": now.isoformat()},
    )
    shift.ends_at = now
    shift.save(update_fields=["ends_at"])
    AccessGrant.objects.filter(
        user=shift.worker, basis=GrantBasis.OUT_OF_HOURS, expires_at__gt=now
    ).update(expires_at=now)
