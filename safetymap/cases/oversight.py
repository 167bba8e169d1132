"""Management oversight: a manager authorises a worker's decision (an assessment's outcome,
closing an episode) or returns it with a reason the worker sees, and records oversight and
supervision with the direction given and when it is due.

Nobody authorises their own work. Each function is one transaction, checks the policy first
and writes the audit trail inside it, like the pathway's services.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import Capability, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.cases import services
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Authorisation, Episode, ManagementOversight

OWN_WORK = "You cannot authorise your own work. Another manager needs to do it."


def _waiting(authorisation: Authorisation) -> Authorisation:
    """The request, locked, if it is still waiting for a manager."""
    locked = (
        Authorisation.objects.select_for_update(of=("self",))
        .select_related("episode__child", "assessment")
        .get(pk=authorisation.pk)
    )
    if locked.state != Authorisation.State.WAITING:
        who = locked.decided_by.full_name if locked.decided_by else "another manager"
        raise PathwayRefused(
            f"This has already been {locked.get_state_display().lower()} by {who}."
        )
    return locked


def _manager_sight(by: User, authorisation: Authorisation) -> str:
    require(by, Capability.AUTHORISE_WORK)
    basis = services._require_sight(by, authorisation.episode.child)
    if authorisation.requested_by_id == by.pk:
        raise PathwayRefused(OWN_WORK)
    return basis


@transaction.atomic
def authorise(*, by: User, authorisation: Authorisation, comment: str = "") -> Authorisation:
    """The manager agrees. An assessment's outcome is authorised (its date goes to the CIN
    census); a closure is applied, every rule re-checked."""
    require(by, Capability.AUTHORISE_WORK)
    authorisation = _waiting(authorisation)
    basis = _manager_sight(by, authorisation)
    today = timezone.localdate()
    episode = Episode.objects.select_for_update().get(pk=authorisation.episode_id)
    if authorisation.kind == Authorisation.Kind.ASSESSMENT:
        assessment = authorisation.assessment
        assessment.authorised_on, assessment.authorised_by = today, by
        assessment.save(update_fields=["authorised_on", "authorised_by"])
    elif authorisation.kind == Authorisation.Kind.CLOSURE:
        services.apply_closure(by=by, basis=basis, episode=episode, proposal=authorisation.proposal)
    authorisation.state = Authorisation.State.AUTHORISED
    authorisation.decided_by, authorisation.decided_at = by, timezone.now()
    authorisation.manager_comment = comment.strip()
    authorisation.save(update_fields=["state", "decided_by", "decided_at", "manager_comment"])
    services._audit(
        by, basis, Action.UPDATE, authorisation, episode.child, state=authorisation.state
    )
    return authorisation


@transaction.atomic
def return_to_worker(*, by: User, authorisation: Authorisation, reason: str) -> Authorisation:
    """The manager sends it back with a reason. A returned assessment opens again for the
    worker to mend (what they wrote is kept in the form); a returned closure leaves the
    episode open."""
    require(by, Capability.AUTHORISE_WORK)
    authorisation = _waiting(authorisation)
    basis = _manager_sight(by, authorisation)
    if not reason.strip():
        raise PathwayRefused("Say what needs to change before you can authorise it", "reason")
    if authorisation.kind == Authorisation.Kind.ASSESSMENT:
        assessment = authorisation.assessment
        assessment.completed_on = None
        assessment.save(update_fields=["completed_on"])
    authorisation.state = Authorisation.State.RETURNED
    authorisation.decided_by, authorisation.decided_at = by, timezone.now()
    authorisation.manager_comment = reason.strip()
    authorisation.save(update_fields=["state", "decided_by", "decided_at", "manager_comment"])
    services._audit(
        by,
        basis,
        Action.UPDATE,
        authorisation,
        authorisation.episode.child,
        state=authorisation.state,
    )
    return authorisation


@transaction.atomic
def record_oversight(
    *,
    by: User,
    episode: Episode,
    recorded_on: datetime.date,
    summary: str,
    is_supervision: bool = False,
    direction: str = "",
    direction_due: datetime.date | None = None,
    direction_for: User | None = None,
) -> ManagementOversight:
    """A manager's oversight or supervision of the case; a direction needs who and by when."""
    require(by, Capability.AUTHORISE_WORK)
    basis = services._require_sight(by, episode.child)
    services._not_in_future(recorded_on, "The date", "recorded_on")
    problems: list[tuple[str, str | None]] = []
    if not summary.strip():
        problems.append(("Enter what was discussed and decided", "summary"))
    if direction.strip():
        if direction_due is None:
            problems.append(("Enter when the direction is due", "direction_due"))
        elif direction_due < recorded_on:
            problems.append(("The direction must be due on or after the date", "direction_due"))
        if direction_for is None:
            problems.append(("Choose who the direction is for", "direction_for"))
    elif direction_due or direction_for:
        problems.append(("Enter the direction given", "direction"))
    if problems:
        raise PathwayRefused.several(problems)
    oversight = ManagementOversight.objects.create(
        episode=episode,
        recorded_by=by,
        recorded_on=recorded_on,
        is_supervision=is_supervision,
        summary=summary.strip(),
        direction=direction.strip(),
        direction_due=direction_due if direction.strip() else None,
        direction_for=direction_for if direction.strip() else None,
    )
    services._audit(by, basis, Action.CREATE, oversight, episode.child)
    return oversight


@transaction.atomic
def mark_direction_done(
    *, by: User, oversight: ManagementOversight, done_on: datetime.date
) -> ManagementOversight:
    """The worker (or a manager) records that a direction has been carried out."""
    require(by, Capability.RECORD_PATHWAY)
    basis = services._require_sight(by, oversight.episode.child)
    oversight = ManagementOversight.objects.select_for_update().get(pk=oversight.pk)
    if not oversight.direction:
        raise PathwayRefused("This oversight gave no direction to carry out.")
    if oversight.direction_done_on:
        raise PathwayRefused("This direction is already recorded as done.")
    services._not_in_future(done_on, "The date", "done_on")
    services._not_before(done_on, oversight.recorded_on, "The date", "done_on")
    oversight.direction_done_on = done_on
    oversight.save(update_fields=["direction_done_on"])
    services._audit(by, basis, Action.UPDATE, oversight, oversight.episode.child, done=done_on)
    return oversight
