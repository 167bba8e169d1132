"""Safety plan work for My work (R32): 'reconvene the safety network' after a broken rule or a
red flag. Called from ``safetymap.cases.work.work_due``."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from safetymap.accounts.models import User


def reconvene_items(user: User, mine_or_my_teams: Q) -> list:
    """One item per open task on a plan allocated to this person or their team; a fixed number
    of queries whatever the caseload."""
    from safetymap.cases.work import WorkItem
    from safetymap.safety.selectors import open_reconvene_tasks

    tasks = open_reconvene_tasks(user).filter(mine_or_my_teams).distinct()
    items = []
    for task in tasks:
        episode = task.plan.episode
        current = [a for a in episode.allocations.all() if a.ended_on is None]
        items.append(
            WorkItem(
                "Reconvene the safety network",
                episode.child.full_name,
                task.due_on,
                reverse("safety:plan", kwargs={"pk": task.plan_id}),
                current[0].worker_id if current else None,
            )
        )
    return items
