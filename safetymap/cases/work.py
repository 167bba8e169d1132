"""What is due and overdue for a practitioner and their team: My work, and reminder emails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.text import Truncator

from safetymap.access.policy import in_team_or_its_management, visible_children
from safetymap.accounts.models import User
from safetymap.cases import timescales
from safetymap.cases.models import (
    Allocation,
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanAction,
    ChildProtectionPlan,
    Section47Enquiry,
    TransferIn,
)
from safetymap.cases.pathway import (
    VISIT_NOTES,
    next_cin_review_due,
    next_cin_visit_due,
    next_core_group_due,
    next_review_due,
    next_visit_due,
)
from safetymap.core.workdays import add_working_days


@dataclass(frozen=True)
class WorkItem:
    label: str
    child_names: str
    due: datetime.date
    url: str
    worker_id: int | None  # who it is allocated to (None: the front door's)

    def overdue(self, today: datetime.date) -> bool:
        return timescales.is_overdue(self.due, today, None)


CONTACTS_ON_MY_WORK = 20


def contacts_to_decide(user: User, limit: int = CONTACTS_ON_MY_WORK) -> list[WorkItem]:
    """R1: the contacts waiting for a decision that this person sees (every one for the front
    door and the out-of-hours duty worker on shift), soonest due first, at most ``limit``; the
    rest are on the contacts page. Two queries whatever the number."""
    from safetymap.cases.selectors import contacts_awaiting_decision

    return [
        WorkItem(
            "Decide on the contact",
            ", ".join(c.full_name for c in contact.children.all()),
            contact.decision_due,
            reverse("cases:contact", kwargs={"pk": contact.pk}),
            None,
        )
        for contact in contacts_awaiting_decision(user)[:limit]
    ]


@dataclass(frozen=True)
class MyEpisodes:
    """The open episodes allocated to this person or their teams whose child they may see,
    found once: every kind of step then filters on these ids, rather than compiling and running
    the access policy again for each kind (at a council's size that was most of My work's time;
    issue 17). Past ``LISTED_AT_MOST`` episodes (a manager over several large teams) the ids
    would cost more to send than the subquery costs to run (6,000 ids: about 43 ms a query), so
    the filters use the query itself."""

    episode_ids: list[int] | None  # None: too many to list, use ``episodes``
    child_ids: list[int] | None
    episodes: QuerySet = field(repr=False)
    children: QuerySet = field(repr=False)

    def q(self, prefix: str = "") -> Q:
        ids = self.episodes if self.episode_ids is None else self.episode_ids
        return Q(**{f"{prefix}episode_id__in": ids})

    def their_children(self) -> QuerySet:
        from safetymap.people.models import Child

        ids = self.children if self.child_ids is None else self.child_ids
        return Child.objects.filter(pk__in=ids)


LISTED_AT_MOST = 1_000


def my_episodes(user: User, children: QuerySet | None = None) -> MyEpisodes:
    """One query: the episodes My work is about (see MyEpisodes)."""
    children = visible_children(user) if children is None else children
    allocations = Allocation.objects.filter(
        ended_on__isnull=True, episode__child__in=children
    ).filter(Q(worker=user) | in_team_or_its_management(user))
    episodes = allocations.values("episode_id")
    kids_rule = allocations.values("episode__child_id")
    pairs = list(
        allocations.values_list("episode_id", "episode__child_id")
        .order_by()
        .distinct()[: LISTED_AT_MOST + 1]
    )
    if len(pairs) > LISTED_AT_MOST:
        return MyEpisodes(None, None, episodes, kids_rule)
    return MyEpisodes(
        sorted({episode for episode, _ in pairs}),
        sorted({child for _, child in pairs}),
        episodes,
        kids_rule,
    )


def work_due(user: User) -> list[WorkItem]:
    """Items due for this person and their team, overdue first, then soonest; a fixed number of
    queries whatever the caseload (one per kind of item)."""
    children = visible_children(user)
    mine = my_episodes(user, children)
    items: list[WorkItem] = []
    items.extend(contacts_to_decide(user))

    def open_steps(model: type, still_open: dict, *prefetch: str):
        """Open steps of this kind on episodes allocated to this person or their team."""
        return (
            model.objects.filter(mine.q(), **still_open)
            .select_related("episode__child")
            .prefetch_related("episode__allocations", *prefetch)
        )

    def item(step, label: str, due: datetime.date) -> WorkItem:
        return WorkItem(
            label,
            step.episode.child.full_name,
            due,
            reverse("cases:episode", kwargs={"pk": step.episode_id}),
            _current_worker(step.episode),
        )

    for assessment in open_steps(Assessment, {"completed_on__isnull": True}):
        items.append(
            item(assessment, "Complete the child and family assessment", assessment.due_on)
        )
    for enquiry in open_steps(Section47Enquiry, {"completed_on__isnull": True}):
        items.append(
            item(
                enquiry,
                "Hold the initial child protection conference",
                enquiry.initial_conference_due,
            )
        )
    for transfer in open_steps(TransferIn, {"conference_held_on__isnull": True}):
        items.append(
            item(
                transfer,
                "Hold the transfer-in child protection conference",
                transfer.conference_due,
            )
        )
    last_visit = CaseNote.objects.filter(
        child=OuterRef("episode__child"), note_type__in=VISIT_NOTES
    ).order_by("-happened_on")
    plans = open_steps(
        ChildProtectionPlan, {"ended_on__isnull": True}, "core_groups", "reviews"
    ).annotate(last_visit=Subquery(last_visit.values("happened_on")[:1]))
    for plan in plans:
        items.append(item(plan, "Hold the core group meeting", next_core_group_due(plan)))
        items.append(item(plan, "Hold the review conference", next_review_due(plan)))
        items.append(item(plan, "Visit the child", next_visit_due(plan, plan.last_visit)))
    items.extend(_alerts_awaiting_action(mine))
    items.extend(_explanations_due(mine))

    # --- Child in need plans (R7): the review, the visit, what needs to happen ----------------
    items.extend(cin_plan_items(user, children, mine))

    # --- Safety plans (safetymap/safety, R32): reconvene the network after a breach ----------
    from safetymap.safety.work import reconvene_items

    items.extend(reconvene_items(user, mine.q("plan__")))
    return sorted(items, key=lambda item: (item.due, item.label))


def cin_plan_items(user: User, children: QuerySet, mine: MyEpisodes) -> list[WorkItem]:
    """My work's items for open child in need plans on episodes allocated to this person or
    their team (``mine``, a filter from the episode): the plan's review and the next visit to
    the child (R7), and what needs to happen that has not happened yet, by when (also on the
    My work of the person it is for, when they work here and see the child). Three queries and
    their prefetches, whatever the caseload. Kept apart so that a role's home page can register
    it as a provider."""
    plans = (
        ChildInNeedPlan.objects.filter(mine.q(), ended_on__isnull=True)
        .select_related("episode__child")
        .prefetch_related("episode__allocations", "reviews", "visits")
    )
    items = []
    for plan in plans:
        url = reverse("cases:episode", kwargs={"pk": plan.episode_id})
        worker = _current_worker(plan.episode)
        name = plan.episode.child.full_name
        items.append(
            WorkItem("Review the child in need plan", name, next_cin_review_due(plan), url, worker)
        )
        items.append(
            WorkItem(
                "Visit the child (child in need plan)", name, next_cin_visit_due(plan), url, worker
            )
        )
    actions = (
        ChildInNeedPlanAction.objects.filter(
            mine.q("plan__") | Q(who_user=user, plan__episode__child__in=children),
            done_on__isnull=True,
            plan__ended_on__isnull=True,
            plan__episode__closure_date__isnull=True,
        )
        .select_related("plan__episode__child")
        .prefetch_related("plan__episode__allocations")
    )
    for action in actions:
        items.append(
            WorkItem(
                f"Check it has happened: {Truncator(action.what).chars(80)} ({action.who})",
                action.plan.episode.child.full_name,
                action.by_when,
                reverse("cases:episode", kwargs={"pk": action.plan.episode_id}),
                _current_worker(action.plan.episode),
            )
        )
    return items


def _alerts_awaiting_action(mine: MyEpisodes) -> list[WorkItem]:
    """R24: low professional ratings on my or my team's episodes with no action recorded yet,
    due the working day after the meeting."""
    from safetymap.mapping.models import ScaleRating

    ratings = (
        ScaleRating.objects.filter(mine.q("map__"), escalated=True, response__isnull=True)
        .select_related("map__episode__child")
        .prefetch_related("map__episode__allocations")
    )
    return [
        WorkItem(
            "Record the action taken on a low safety rating",
            rating.map.episode.child.full_name,
            add_working_days(rating.map.held_on, 1),
            reverse("mapping:escalation-response", kwargs={"pk": rating.pk}),
            _current_worker(rating.map.episode),
        )
        for rating in ratings
    ]


# --- The child's voice (issue 5, safetymap/voice/): R26, an explanation for each child on a plan


def _explanations_due(mine: MyEpisodes) -> list[WorkItem]:
    from safetymap.voice.explanations import missing

    return [
        WorkItem(
            "Explain to the child why we are involved (Words and Pictures)",
            gap.child.full_name,
            gap.due,
            reverse("voice:child", kwargs={"pk": gap.child.pk}),
            gap.worker_id,
        )
        for gap in missing(mine.their_children(), mine.q())
    ]


def _current_worker(episode) -> int | None:
    current = [a for a in episode.allocations.all() if a.ended_on is None]
    return current[0].worker_id if current else None
