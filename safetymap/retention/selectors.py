"""Reads for retention: which records are due for disposal and what stands in their way.

Every function starts from the access policy: only a person who may manage retention (the
privacy officer) reads any of this. The list shows council references, never names: deciding
whether a record is due needs its dates, not who the child is.

The due list reads a fixed number of queries whatever the number of records (facts about every
child in a handful of aggregate queries, then the pure arithmetic in ``schedule.py``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from safetymap.access.policy import Capability, require
from safetymap.cases.models import ChildProtectionPlan, Contact, Episode, StrategyDiscussion
from safetymap.conferences.models import ChildViews, Conference, Decision, ReportScale
from safetymap.mapping.models import MapItem, SoSMap
from safetymap.people.models import Child
from safetymap.retention import schedule
from safetymap.retention.models import (
    DisposalRecord,
    DisposalReview,
    LegalHold,
    RetentionSchedule,
    ReviewDecision,
)
from safetymap.safety.models import SafetyPlan

# An approval is acted on within this many days, or the record is reviewed again: the record,
# its holds and its schedule may all have moved on since.
APPROVAL_LASTS_DAYS = 30


class Status:
    WAITING = "WAITING"  # due, waiting for a privacy officer's review
    APPROVED = "APPROVED"  # approved: someone else may now destroy it
    DEFERRED = "DEFERRED"  # a privacy officer chose to keep it until a date
    SHARED = "SHARED"  # due, but shares records with a child whose record is kept
    HELD = "HELD"  # on legal hold: never listed as due


@dataclass
class Candidate:
    child_id: int
    la_child_id: str
    due: schedule.Due
    status: str = Status.WAITING
    review: DisposalReview | None = None
    shares_with: list[str] = field(default_factory=list)  # council references kept

    @property
    def record_type_label(self) -> str:
        return schedule.RECORD_TYPE_LABELS[self.due.record_type]

    @property
    def anchor_label(self) -> str:
        return schedule.ANCHOR_LABELS[self.due.rule.anchor]


def _episodes_of(ref: str = "pk") -> Q:
    """The child's own episodes and those of duplicate records merged into theirs."""
    return Q(child=OuterRef(ref)) | Q(child__merged_into=OuterRef(ref))


def _latest(queryset, field_name: str) -> Subquery:
    dated = queryset.filter(**{f"{field_name}__isnull": False}).order_by(f"-{field_name}")
    return Subquery(dated.values(field_name)[:1])


def _facts(only: set[int] | None) -> dict[int, tuple[str, schedule.ChildFacts]]:
    episodes = Episode.objects.filter(_episodes_of())
    plans = ChildProtectionPlan.objects.filter(
        Q(episode__child=OuterRef("pk")) | Q(episode__child__merged_into=OuterRef("pk"))
    )
    contacts = Contact.objects.filter(
        Q(children=OuterRef("pk")) | Q(children__merged_into=OuterRef("pk"))
    )
    children = Child.objects.filter(merged_into__isnull=True)
    if only is not None:
        children = children.filter(pk__in=only)
    rows = children.annotate(
        has_episode=Exists(episodes),
        has_open_episode=Exists(episodes.filter(closure_date__isnull=True)),
        last_closed=_latest(episodes, "closure_date"),
        had_plan=Exists(plans),
        has_open_plan=Exists(plans.filter(ended_on__isnull=True)),
        last_ended=_latest(plans, "ended_on"),
        has_undecided=Exists(contacts.filter(decision="")),
        last_decided=_latest(contacts, "decision_at"),
    ).values_list(
        "pk",
        "la_child_id",
        "date_of_birth",
        "expected_date_of_birth",
        "has_episode",
        "has_open_episode",
        "last_closed",
        "had_plan",
        "has_open_plan",
        "last_ended",
        "has_undecided",
        "last_decided",
    )
    facts = {}
    for pk, ref, born, expected, has_ep, open_ep, closed, had, open_p, ended, undecided, at in rows:
        facts[pk] = (
            ref,
            schedule.ChildFacts(
                child_id=pk,
                born_on=born or expected,
                has_episode=has_ep,
                has_open_episode=open_ep,
                last_episode_closed=closed,
                had_plan=had,
                has_open_plan=open_p,
                last_plan_ended=ended,
                has_undecided_contact=undecided,
                last_contact_decided=timezone.localdate(at) if at else None,
            ),
        )
    return facts


def _masters() -> dict[int, int]:
    """Duplicate record -> the record it was merged into."""
    return dict(Child.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))


# Records about more than one child, as (the child whose episode holds it, a child it covers).
_SHARED = (
    (SoSMap.children.through.objects, "sosmap__episode__child_id"),
    (MapItem.children.through.objects, "mapitem__map__episode__child_id"),
    (Conference.children.through.objects, "conference__episode__child_id"),
    (SafetyPlan.children.through.objects, "safetyplan__episode__child_id"),
    (Decision.objects, "conference__episode__child_id"),
    (ChildViews.objects, "conference__episode__child_id"),
    (ReportScale.objects, "report__conference__episode__child_id"),
    (
        StrategyDiscussion.children_considered.through.objects,
        "strategydiscussion__episode__child_id",
    ),
)


def _links(only: set[int] | None, masters: dict[int, int]) -> dict[int, set[int]]:
    """Which children share a record with which (both ways), by their kept record."""
    links: dict[int, set[int]] = defaultdict(set)
    for manager, holder in _SHARED:
        rows = manager.exclude(**{holder: F("child_id")})
        if only is not None:
            ids = only | {d for d, m in masters.items() if m in only}
            rows = rows.filter(Q(**{f"{holder}__in": ids}) | Q(child_id__in=ids))
        for a, b in rows.values_list(holder, "child_id").distinct():
            a, b = masters.get(a, a), masters.get(b, b)
            if a != b:
                links[a].add(b)
                links[b].add(a)
    return links


def _held(ids: set[int] | None, masters: dict[int, int]) -> set[int]:
    holds = LegalHold.objects.filter(released_at__isnull=True)
    if ids is not None:
        holds = holds.filter(Q(child__in=ids) | Q(child__merged_into__in=ids))
    return {masters.get(pk, pk) for pk in holds.values_list("child_id", flat=True)}


def _rules() -> tuple[dict[schedule.RecordType, schedule.Rule], dict[str, RetentionSchedule]]:
    schedules = {s.record_type: s for s in RetentionSchedule.objects.all()}
    return {schedule.RecordType(k): s.rule for k, s in schedules.items()}, schedules


def _latest_reviews(ids: set[int] | None) -> dict[int, DisposalReview]:
    reviews = DisposalReview.objects.select_related("decided_by").order_by(
        "child_id", "-decided_at", "-pk"
    )
    if ids is not None:
        reviews = reviews.filter(child__in=ids)
    latest: dict[int, DisposalReview] = {}
    for review in reviews:
        latest.setdefault(review.child_id, review)
    return latest


def _assess(today: datetime.date, only: set[int] | None) -> tuple[list[Candidate], set[int]]:
    """Every record due on ``today`` (or only those in ``only``), with its status; and the held
    children among those that would otherwise be due."""
    rules, _ = _rules()
    masters = _masters()
    facts = _facts(only)
    links = _links(only, masters)
    if only is not None:  # the linked children's own facts too, to see whether they are due
        others = set().union(*(links.get(pk, set()) for pk in only)) - set(facts)
        facts |= _facts(others) if others else {}
    held = _held(None if only is None else set(facts), masters)
    own_due = {
        pk: due
        for pk, (_, f) in facts.items()
        if (due := schedule.due_date(f, rules)) is not None and due.is_due(today)
    }
    reviews = _latest_reviews(None if only is None else set(own_due))
    candidates, held_due = [], set()
    for pk, due in own_due.items():
        if only is not None and pk not in only:
            continue
        if pk in held:
            held_due.add(pk)
            continue
        candidate = Candidate(child_id=pk, la_child_id=facts[pk][0], due=due)
        kept = sorted(
            facts[other][0] if other in facts else "another child's record"
            for other in links.get(pk, ())
            if other not in own_due or other in held
        )
        review = reviews.get(pk)
        if kept:
            candidate.status, candidate.shares_with = Status.SHARED, kept
        elif review is not None and review_counts(review, due, today):
            candidate.review = review
            candidate.status = (
                Status.APPROVED if review.decision == ReviewDecision.APPROVED else Status.DEFERRED
            )
        candidates.append(candidate)
    candidates.sort(key=lambda c: (c.due.due_on, c.la_child_id))
    return candidates, held_due


def review_counts(review: DisposalReview, due: schedule.Due, today: datetime.date) -> bool:
    """Whether a review still stands: it was about the record as it is now (same type, same due
    date), a deferral has not reached its date, an approval is not too old."""
    if review.record_type != due.record_type or review.due_on != due.due_on:
        return False
    if review.decision == ReviewDecision.DEFERRED:
        return review.deferred_until > today
    age = today - timezone.localdate(review.decided_at)
    return age.days <= APPROVAL_LASTS_DAYS


@dataclass
class DueList:
    waiting: list[Candidate]
    approved: list[Candidate]
    deferred: list[Candidate]
    shared: list[Candidate]
    held_count: int

    @property
    def due_count(self) -> int:
        return len(self.waiting) + len(self.approved) + len(self.deferred) + len(self.shared)


def records_due(user, today: datetime.date | None = None) -> DueList:
    require(user, Capability.MANAGE_RETENTION)
    return due_list(today or timezone.localdate())


def due_list(today: datetime.date) -> DueList:
    """The due list itself, for the page and the council's scheduler (``retention_due``)."""
    candidates, held = _assess(today, None)
    by_status = defaultdict(list)
    for candidate in candidates:
        by_status[candidate.status].append(candidate)
    return DueList(
        waiting=by_status[Status.WAITING],
        approved=by_status[Status.APPROVED],
        deferred=by_status[Status.DEFERRED],
        shared=by_status[Status.SHARED],
        held_count=len(held),
    )


def candidate_for(user, child_id: int, today: datetime.date | None = None) -> Candidate | None:
    """This record, if it is due for disposal now (and not held); None otherwise."""
    require(user, Capability.MANAGE_RETENTION)
    return assess_one(child_id, today or timezone.localdate())


def assess_one(child_id: int, today: datetime.date) -> Candidate | None:
    candidates, _ = _assess(today, {child_id})
    return candidates[0] if candidates else None


def schedules(user) -> list[RetentionSchedule]:
    require(user, Capability.MANAGE_RETENTION)
    return list(RetentionSchedule.objects.select_related("changed_by"))


def schedule_by_pk(user, pk: int) -> RetentionSchedule | None:
    require(user, Capability.MANAGE_RETENTION)
    return RetentionSchedule.objects.filter(pk=pk).first()


def holds(user) -> tuple[list[LegalHold], list[LegalHold]]:
    require(user, Capability.MANAGE_RETENTION)
    every = list(
        LegalHold.objects.select_related("child", "placed_by", "released_by").order_by("-placed_at")
    )
    return [h for h in every if h.is_live], [h for h in every if not h.is_live]


def live_hold(user, pk: int) -> LegalHold | None:
    require(user, Capability.MANAGE_RETENTION)
    return (
        LegalHold.objects.filter(pk=pk, released_at__isnull=True)
        .select_related("child", "placed_by")
        .first()
    )


def disposals(user) -> list[DisposalRecord]:
    require(user, Capability.MANAGE_RETENTION)
    return list(DisposalRecord.objects.select_related("approved_by", "destroyed_by"))
