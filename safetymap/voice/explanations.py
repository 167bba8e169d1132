"""R26: every child on a child in need or child protection plan should have had an explanation
of why we are involved (Words and Pictures or another way), with when and how it was given.

An explanation counts once a Words and Pictures record says when it was shared with the child
(and how). It is due a set number of days after the earliest plan still open started
(SAFETYMAP_EXPLANATION_DUE_DAYS, 28 by default) and is flagged once that day has passed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from safetymap.cases.models import Allocation, ChildInNeedPlan, ChildProtectionPlan
from safetymap.people.models import Child
from safetymap.voice.models import WordsAndPictures


@dataclass(frozen=True)
class MissingExplanation:
    child: Child
    plan: str  # "child in need plan" or "child protection plan"
    plan_started_on: datetime.date
    due: datetime.date
    episode_id: int
    worker_id: int | None

    def overdue(self, today: datetime.date) -> bool:
        return today > self.due


def explanation_due(plan_started_on: datetime.date) -> datetime.date:
    return plan_started_on + datetime.timedelta(days=settings.SAFETYMAP_EXPLANATION_DUE_DAYS)


def _given():
    return WordsAndPictures.objects.filter(
        child=OuterRef("episode__child"), shared_with_child_on__isnull=False
    )


def missing(children: QuerySet[Child], plans_filter: Q | None = None) -> list[MissingExplanation]:
    """Children among ``children`` on an open plan with no explanation given, each once (their
    earliest open plan), in two queries whatever the number of children."""
    found: dict[int, MissingExplanation] = {}
    for model, words in (
        (ChildProtectionPlan, "child protection plan"),
        (ChildInNeedPlan, "child in need plan"),
    ):
        plans = (
            model.objects.filter(
                ended_on__isnull=True,
                episode__closure_date__isnull=True,
                episode__child__in=children,
            )
            .filter(plans_filter or Q())
            .exclude(Exists(_given()))
            .select_related("episode__child")
            .prefetch_related("episode__allocations")
            .distinct()
            .order_by("started_on")
        )
        for plan in plans:
            child = plan.episode.child
            known = found.get(child.pk)
            if known is None or plan.started_on < known.plan_started_on:
                current = [a for a in plan.episode.allocations.all() if a.ended_on is None]
                found[child.pk] = MissingExplanation(
                    child,
                    words,
                    plan.started_on,
                    explanation_due(plan.started_on),
                    plan.episode_id,
                    current[0].worker_id if current else None,
                )
    return sorted(found.values(), key=lambda m: (m.due, m.child.last_name))


def missing_for_child(child: Child) -> MissingExplanation | None:
    """The same answer as ``missing`` for one child, in one light query (the child's page):
    the earliest open plan of either kind, unless an explanation was given."""
    plans = [
        model.objects.filter(
            episode__child=child, ended_on__isnull=True, episode__closure_date__isnull=True
        )
        .exclude(Exists(_given()))
        .annotate(words=Value(words))
        .values_list("started_on", "episode_id", "words")
        .order_by()
        for model, words in (
            (ChildProtectionPlan, "child protection plan"),
            (ChildInNeedPlan, "child in need plan"),
        )
    ]
    # On the same day, the child protection plan first, as ``missing`` does.
    earliest = plans[0].union(plans[1], all=True).order_by("started_on", "-words")[:1]
    first = next(iter(earliest), None)
    if first is None:
        return None
    started_on, episode_id, words = first
    current = Allocation.objects.filter(episode_id=episode_id, ended_on__isnull=True)
    worker = current.values_list("worker_id", flat=True).first()
    return MissingExplanation(
        child, words, started_on, explanation_due(started_on), episode_id, worker
    )
