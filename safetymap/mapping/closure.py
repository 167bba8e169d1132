"""R33, the map's part of closing a case after a child in need or child protection plan: the
safety goals of the latest map each reviewed (achieved, or not applicable with the reason), and
a final scaling (a final closure map with an overall rating).

Registered with the pathway in ``MappingConfig.ready()`` (``safetymap.cases.providers``), so
that ``cases`` asks without importing this app."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import Capability, basis_for, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Episode
from safetymap.mapping.codes import GoalOutcome, MapContext, MapStatus
from safetymap.mapping.errors import MapRefused
from safetymap.mapping.models import SafetyGoal, SafetyGoalReview, SoSMap


def latest_map(episode: Episode) -> SoSMap | None:
    return episode.maps.order_by("-held_on", "-version").first()


def goals_to_review(episode: Episode) -> list[SafetyGoal]:
    """The safety goals of the episode's latest map, in the order of their danger statements,
    each with its review if there is one (two queries)."""
    latest = latest_map(episode)
    if latest is None:
        return []
    return list(
        latest.safety_goals.select_related("danger_statement", "review").order_by(
            "danger_statement__seq_no"
        )
    )


def closure_problems(episode: Episode) -> list[tuple[str, str | None]]:
    """What stops the episode closing, as far as the map goes (R33)."""
    problems: list[tuple[str, str | None]] = []
    latest = latest_map(episode)
    closure_map_ready = (
        latest is not None
        and latest.context == MapContext.CLOSURE
        and latest.status == MapStatus.FINAL
        and latest.ratings.filter(danger_statement__isnull=True).exists()
    )
    if not closure_map_ready:
        problems.append(
            (
                "Scale safety at a closure meeting first: make a final closure map with an "
                "overall rating",
                None,
            )
        )
    goals = goals_to_review(episode)
    waiting = [goal for goal in goals if not _has_review(goal)]
    if waiting:
        problems.append(
            (
                f"Review each safety goal first ({len(waiting)} of {len(goals)} not reviewed "
                "yet): choose “Review the safety goals” on the episode page",
                None,
            )
        )
    return problems


def _has_review(goal: SafetyGoal) -> bool:
    try:
        goal.review  # noqa: B018 (reading the reverse one-to-one is the check)
    except SafetyGoalReview.DoesNotExist:
        return False
    return True


@transaction.atomic
def may_review_goals(episode: Episode, goals: list[SafetyGoal]) -> str | None:
    """Why the safety goals cannot be reviewed now, or None: asked by the page before it shows
    the form and by ``review_safety_goals`` before it saves."""
    if not episode.is_open:
        return "This episode is closed."
    if not goals:
        return "The latest map has no safety goals to review."
    return None


def review_safety_goals(
    *, by: User, episode: Episode, outcomes: Mapping[int, tuple[str, str]]
) -> list[SafetyGoalReview]:
    """Record how each safety goal of the latest map stands (R33): ``outcomes`` maps each
    danger statement's number to (outcome, reason). "Not applicable" needs the reason. Every
    goal is reviewed at once, or nothing is saved; a goal reviewed before is reviewed again."""
    require(by, Capability.RECORD_PATHWAY)
    from safetymap.mapping.selectors import map_basis

    latest = latest_map(episode)
    basis = map_basis(by, latest) if latest else basis_for(by, episode.child_id)
    if basis is None:
        raise MapRefused("You do not have access to this child's record.")
    goals = goals_to_review(episode)
    if why := may_review_goals(episode, goals):
        raise MapRefused(why)
    problems: list[tuple[str, str | None]] = []
    for goal in goals:
        seq = goal.danger_statement.seq_no
        outcome, reason = outcomes.get(seq, ("", ""))
        if outcome not in GoalOutcome.values:
            problems.append(
                (
                    f"Select whether safety goal {seq} was achieved or is not applicable",
                    f"outcome_{seq}",
                )
            )
        elif outcome == GoalOutcome.NOT_APPLICABLE and not reason.strip():
            problems.append((f"Say why safety goal {seq} is not applicable", f"reason_{seq}"))
    if problems:
        raise MapRefused.several(problems)
    now = timezone.now()
    reviews = []
    for goal in goals:
        outcome, reason = outcomes[goal.danger_statement.seq_no]
        review, created = SafetyGoalReview.objects.update_or_create(
            goal=goal,
            defaults={
                "outcome": outcome,
                "reason": reason.strip(),
                "reviewed_by": by,
                "reviewed_at": now,
            },
        )
        record(
            actor=by,
            action=Action.CREATE if created else Action.UPDATE,
            subject=review,
            basis=basis,
            details={"map": goal.map_id, "child": episode.child_id, "outcome": outcome},
        )
        reviews.append(review)
    return reviews


def reviewed_on(goals: list[SafetyGoal]) -> datetime.date | None:
    """When the goals were last reviewed, for the page (None if never)."""
    times = [goal.review.reviewed_at for goal in goals if _has_review(goal)]
    return timezone.localtime(max(times)).date() if times else None
