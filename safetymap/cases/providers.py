"""What the pathway asks of the practice apps, without importing them.

``cases`` sits below mapping, safety, voice and conferences (docs/architecture.md): they use its
models, so it never imports theirs. Where a pathway rule needs something only a practice app
knows, the app registers a provider here in its ``AppConfig.ready()``:

- **The agencies invited to the initial conference** that led to a child protection plan (R16),
  from ``conferences``: ``register_plan_agencies(fn)``, where ``fn(plan)`` gives the
  organisations invited, or ``None`` when no such conference was held in the system.
- **What stops a closure** after a plan (R33), from ``mapping`` (the safety goals reviewed, a
  final scaling): ``register_closure_check(fn)``, where ``fn(episode)`` gives the problems as
  ``(message, field or None)``, empty when nothing stops it.
- **The next steps on the child's latest map**, offered as starting points for a child in need
  plan's "what needs to happen", from ``mapping``: ``register_next_steps(fn)``, where
  ``fn(child_id)`` gives ``SuggestedStep``s (possibly none).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safetymap.accounts.models import Organisation
    from safetymap.cases.models import ChildProtectionPlan, Episode

PlanAgencies = Callable[["ChildProtectionPlan"], "list[Organisation] | None"]
ClosureCheck = Callable[["Episode"], "list[tuple[str, str | None]]"]


@dataclass(frozen=True)
class SuggestedStep:
    """A next step from a map, as a starting point for what needs to happen on a plan.

    ``key`` names it for good ("mapping.MapItem:42"), so a plan can say which one it started
    from; ``source`` says where it is written, in words ("the map of 3 March 2026")."""

    key: str
    what: str
    who: str
    by_when: datetime.date | None
    source: str


NextSteps = Callable[[int], "list[SuggestedStep]"]

_plan_agencies: list[PlanAgencies] = []
_closure_checks: list[ClosureCheck] = []
_next_steps: list[NextSteps] = []


def register_plan_agencies(provider: PlanAgencies) -> PlanAgencies:
    if provider not in _plan_agencies:
        _plan_agencies.append(provider)
    return provider


def register_closure_check(check: ClosureCheck) -> ClosureCheck:
    if check not in _closure_checks:
        _closure_checks.append(check)
    return check


def register_next_steps(provider: NextSteps) -> NextSteps:
    if provider not in _next_steps:
        _next_steps.append(provider)
    return provider


def next_steps_for_child(child_id: int) -> list[SuggestedStep]:
    """The next steps every registered provider offers for this child (none when no app that
    knows of any is installed)."""
    return [step for provider in _next_steps for step in provider(child_id)]


def initial_conference_agencies(plan: ChildProtectionPlan) -> list[Organisation] | None:
    """The agencies invited to the initial conference that led to this plan, from the first
    provider that knows of one; ``None`` when no such conference was held in the system."""
    for provider in _plan_agencies:
        found = provider(plan)
        if found is not None:
            return found
    return None


def closure_problems(episode: Episode) -> list[tuple[str, str | None]]:
    """Everything the registered checks say stops this episode closing."""
    return [problem for check in _closure_checks for problem in check(episode)]
