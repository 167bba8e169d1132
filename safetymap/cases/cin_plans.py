"""A child in need plan's content: what needs to happen, who does it and by when (often started
from a next step on the child's latest map), and the visits to the child (R7).

Like the pathway's services: one transaction each, the access policy checked first and the
audit written inside it. Starting, reviewing and ending the plan are in ``services``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safetymap.access.policy import CASE_HOLDER_REFUSAL, Capability, may_hold_cases, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.cases import services
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import ChildInNeedPlan, ChildInNeedPlanAction, ChildInNeedVisit
from safetymap.core.display import govuk_date


def _checked(
    plan: ChildInNeedPlan,
    what: str,
    who: str,
    by_when: datetime.date | None,
    who_user: User | None = None,
) -> tuple[str, str]:
    problems: list[tuple[str, str | None]] = []
    if who_user is not None and not may_hold_cases(who_user):
        # The form offers only case holders (policy.case_holders); the service says the same.
        problems.append((CASE_HOLDER_REFUSAL.format(name=who_user.full_name), "who_user"))
    if not what.strip():
        problems.append(("Enter what needs to happen", "what"))
    if not who.strip():
        problems.append(("Enter who will do it", "who"))
    if by_when is None:
        problems.append(("Enter date it needs to happen by", "by_when"))
    elif by_when < plan.started_on:
        problems.append(
            (
                f"Date it needs to happen by must be on or after the day the plan started, "
                f"{govuk_date(plan.started_on)}",
                "by_when",
            )
        )
    if problems:
        raise PathwayRefused.several(problems)
    return what.strip(), who.strip()


def _sight(by: User, plan: ChildInNeedPlan) -> str:
    require(by, Capability.RECORD_PATHWAY)
    return services._require_sight(by, plan.episode.child)


@transaction.atomic
def add_action(
    *,
    by: User,
    plan: ChildInNeedPlan,
    what: str,
    who: str,
    by_when: datetime.date | None,
    who_user: User | None = None,
    from_next_step: str = "",
) -> ChildInNeedPlanAction:
    """Add what needs to happen to an open plan: what, who does it (in words, and the person's
    account if they have one, so that it is on their My work) and by when."""
    basis = _sight(by, plan)
    services._open_cin_plan(plan)
    what, who = _checked(plan, what, who, by_when, who_user)
    action = ChildInNeedPlanAction.objects.create(
        plan=plan,
        what=what,
        who=who,
        who_user=who_user,
        by_when=by_when,
        from_next_step=from_next_step,
        created_by=by,
        changed_by=by,
        changed_at=timezone.now(),
    )
    services._audit(
        by,
        basis,
        Action.CREATE,
        action,
        plan.episode.child,
        by_when=by_when,
        **({"from_next_step": from_next_step} if from_next_step else {}),
    )
    return action


@transaction.atomic
def change_action(
    *,
    by: User,
    action: ChildInNeedPlanAction,
    what: str,
    who: str,
    by_when: datetime.date | None,
    who_user: User | None = None,
) -> ChildInNeedPlanAction:
    """Change what needs to happen. Its page claims the action's revision first
    (core/revisions.py), so a change from an out-of-date form overwrites nothing."""
    plan = action.plan
    basis = _sight(by, plan)
    services._open_cin_plan(plan)
    what, who = _checked(plan, what, who, by_when, who_user)
    action.what, action.who, action.who_user, action.by_when = what, who, who_user, by_when
    action.changed_by, action.changed_at = by, timezone.now()
    action.save(update_fields=["what", "who", "who_user", "by_when", "changed_by", "changed_at"])
    services._audit(by, basis, Action.UPDATE, action, plan.episode.child, revision=action.revision)
    return action


@transaction.atomic
def mark_action_done(
    *, by: User, action: ChildInNeedPlanAction, done_on: datetime.date
) -> ChildInNeedPlanAction:
    """Record that it has happened. Once only: a second person marking it done is told who did."""
    plan = action.plan
    basis = _sight(by, plan)
    services._open_cin_plan(plan)
    services._not_before(done_on, plan.started_on, "The date it was done", "done_on")
    services._not_in_future(done_on, "The date it was done", "done_on")
    saved = ChildInNeedPlanAction.objects.filter(pk=action.pk, done_on__isnull=True).update(
        done_on=done_on, revision=F("revision") + 1, changed_by=by, changed_at=timezone.now()
    )
    if not saved:
        current = ChildInNeedPlanAction.objects.select_related("changed_by").get(pk=action.pk)
        raise PathwayRefused(
            f"{current.changed_by} has already recorded this as done on "
            f"{govuk_date(current.done_on)}."
        )
    action.refresh_from_db()
    services._audit(by, basis, Action.UPDATE, action, plan.episode.child, done_on=done_on)
    return action


@transaction.atomic
def record_visit(
    *,
    by: User,
    plan: ChildInNeedPlan,
    visited_on: datetime.date,
    visited_by: str,
    seen: bool,
    seen_alone: bool,
    child_said: str = "",
    notes: str = "",
) -> ChildInNeedVisit:
    """A visit to the child on the plan; the next is due at the council's interval after it
    (R7, ``pathway.next_cin_visit_due``)."""
    basis = _sight(by, plan)
    services._open_cin_plan(plan)
    services._not_before(visited_on, plan.started_on, "The visit", "visited_on")
    services._not_in_future(visited_on, "The date of the visit", "visited_on")
    problems: list[tuple[str, str | None]] = []
    if not visited_by.strip():
        problems.append(("Enter who visited", "visited_by"))
    if seen_alone and not seen:
        problems.append(
            ("The child cannot be seen alone if they were not seen. Check your answers", "seen")
        )
    if problems:
        raise PathwayRefused.several(problems)
    visit = ChildInNeedVisit.objects.create(
        plan=plan,
        visited_on=visited_on,
        visited_by=visited_by.strip(),
        seen=seen,
        seen_alone=seen_alone,
        child_said=child_said.strip(),
        notes=notes.strip(),
        recorded_by=by,
    )
    services._audit(
        by, basis, Action.CREATE, visit, plan.episode.child, seen=seen, seen_alone=seen_alone
    )
    return visit
