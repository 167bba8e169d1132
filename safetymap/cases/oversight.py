"""Management oversight: a manager authorises a worker's decision (an assessment's outcome,
closing an episode, ending a child in need plan, ending a child protection plan outside a
conference) or returns it with a reason the worker sees, and records oversight and
supervision with the direction given and when it is due.

Nobody authorises their own work. Each function is one transaction, checks the policy first
and writes the audit trail inside it, like the pathway's services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import CASE_HOLDER_REFUSAL, Capability, may_hold_cases, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.cases import services
from safetymap.cases.codes import ChildInNeedPlanOutcome, ClosureReason, PlanEndReason
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Authorisation, Episode, ManagementOversight
from safetymap.core.display import govuk_date


def proposal_rows(authorisation: Authorisation) -> list[tuple[str, str]]:
    """What the worker asked for, in words, for the manager to read before deciding."""
    proposal, kind = authorisation.proposal, authorisation.kind
    if kind == Authorisation.Kind.CLOSURE:
        rows = [
            ("Closure date", govuk_date(datetime.date.fromisoformat(proposal["closure_date"]))),
            ("Reason for closure", ClosureReason(proposal["reason"]).label),
            ("Closure summary", proposal["summary"]),
            ("How it was explained to the child", proposal["explained_to_child"]),
            ("What the safety network will carry on doing", proposal["network_continuation"]),
        ]
    elif kind == Authorisation.Kind.CIN_PLAN_END:
        rows = [
            ("Plan started", govuk_date(authorisation.cin_plan.started_on)),
            ("Date the plan ends", govuk_date(datetime.date.fromisoformat(proposal["ended_on"]))),
            ("How the plan ends", ChildInNeedPlanOutcome(proposal["outcome"]).label),
            ("Why the plan is ending", proposal["summary"]),
        ]
    elif kind == Authorisation.Kind.CP_PLAN_END:
        rows = [
            ("Plan started", govuk_date(authorisation.cp_plan.started_on)),
            ("Date the plan ends", govuk_date(datetime.date.fromisoformat(proposal["ended_on"]))),
            ("Why the plan ends", PlanEndReason(proposal["reason"]).label),
            ("Agencies consulted", proposal["agencies_consulted"]),
        ]
    else:
        rows = []
    return [(label, value) for label, value in rows if value]


OWN_WORK = "You cannot authorise your own work. Another manager needs to do it."


def _waiting(authorisation: Authorisation) -> Authorisation:
    """The request, locked, if it is still waiting for a manager."""
    locked = (
        Authorisation.objects.select_for_update(of=("self",))
        .select_related("episode__child", "assessment", "cin_plan", "cp_plan")
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


def _apply_assessment(by: User, basis: str, authorisation: Authorisation) -> None:
    assessment = authorisation.assessment
    assessment.authorised_on, assessment.authorised_by = timezone.localdate(), by
    assessment.save(update_fields=["authorised_on", "authorised_by"])


# What authorising does, for each kind of request: each re-checks the rules it was asked under.
APPLY: dict[str, Callable[[User, str, Authorisation], object]] = {
    Authorisation.Kind.ASSESSMENT: _apply_assessment,
    Authorisation.Kind.CLOSURE: lambda by, basis, asked: services.apply_closure(
        by=by, basis=basis, episode=asked.episode, proposal=asked.proposal
    ),
    Authorisation.Kind.CIN_PLAN_END: lambda by, basis, asked: services.apply_cin_plan_end(
        by=by, basis=basis, plan=asked.cin_plan, proposal=asked.proposal
    ),
    Authorisation.Kind.CP_PLAN_END: lambda by, basis, asked: services.apply_cp_plan_end(
        by=by, basis=basis, plan=asked.cp_plan, proposal=asked.proposal
    ),
}


@transaction.atomic
def authorise(*, by: User, authorisation: Authorisation, comment: str = "") -> Authorisation:
    """The manager agrees, and what was asked for happens: an assessment's outcome is
    authorised (its date goes to the CIN census); a closure or a plan's end is applied, every
    rule re-checked."""
    require(by, Capability.AUTHORISE_WORK)
    authorisation = _waiting(authorisation)
    basis = _manager_sight(by, authorisation)
    authorisation.episode = Episode.objects.select_for_update().get(pk=authorisation.episode_id)
    APPLY[authorisation.kind](by, basis, authorisation)
    authorisation.state = Authorisation.State.AUTHORISED
    authorisation.decided_by, authorisation.decided_at = by, timezone.now()
    authorisation.manager_comment = comment.strip()
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
        elif not may_hold_cases(direction_for):
            problems.append(
                (CASE_HOLDER_REFUSAL.format(name=direction_for.full_name), "direction_for")
            )
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


def may_mark_direction_done(oversight: ManagementOversight) -> str | None:
    if not oversight.direction:
        return "This oversight gave no direction to carry out."
    if oversight.direction_done_on:
        return "This direction is already recorded as done."
    return None


@transaction.atomic
def mark_direction_done(
    *, by: User, oversight: ManagementOversight, done_on: datetime.date
) -> ManagementOversight:
    """The worker (or a manager) records that a direction has been carried out."""
    require(by, Capability.RECORD_PATHWAY)
    basis = services._require_sight(by, oversight.episode.child)
    oversight = ManagementOversight.objects.select_for_update().get(pk=oversight.pk)
    if why := may_mark_direction_done(oversight):
        raise PathwayRefused(why)
    services._not_in_future(done_on, "The date", "done_on")
    services._not_before(done_on, oversight.recorded_on, "The date", "done_on")
    oversight.direction_done_on = done_on
    oversight.save(update_fields=["direction_done_on"])
    services._audit(by, basis, Action.UPDATE, oversight, oversight.episode.child, done=done_on)
    return oversight
