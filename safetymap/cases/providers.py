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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safetymap.accounts.models import Organisation
    from safetymap.cases.models import ChildProtectionPlan, Episode

PlanAgencies = Callable[["ChildProtectionPlan"], "list[Organisation] | None"]
ClosureCheck = Callable[["Episode"], "list[tuple[str, str | None]]"]

_plan_agencies: list[PlanAgencies] = []
_closure_checks: list[ClosureCheck] = []


def register_plan_agencies(provider: PlanAgencies) -> PlanAgencies:
    if provider not in _plan_agencies:
        _plan_agencies.append(provider)
    return provider


def register_closure_check(check: ClosureCheck) -> ClosureCheck:
    if check not in _closure_checks:
        _closure_checks.append(check)
    return check


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
