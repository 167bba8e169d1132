"""Where an episode is on the statutory pathway, what can happen next, and what is due when.

The allowed next steps are listed here, explicitly; the services refuse anything else with a
reason. Pure functions over an episode whose steps are already loaded (see selectors.open_episode).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from safetymap.cases import timescales
from safetymap.cases.models import (
    Authorisation,
    ChildInNeedPlan,
    ChildInNeedPlanAction,
    ChildProtectionPlan,
    Episode,
)
from safetymap.core.display import govuk_date


@dataclass(frozen=True)
class DueItem:
    label: str
    rule: str
    due: datetime.date
    done: datetime.date | None

    def overdue(self, today: datetime.date) -> bool:
        return timescales.is_overdue(self.due, today, self.done)

    @property
    def days_late(self) -> int:
        return timescales.days_late(self.due, self.done) if self.done else 0


@dataclass(frozen=True)
class NextStep:
    label: str
    url_name: str
    pk: int  # the episode, or the step record the page is about


def due_items(episode: Episode) -> list[DueItem]:
    items = []
    if episode.contact:
        decided = episode.contact.decision_at.date() if episode.contact.decision_at else None
        items.append(
            DueItem("Decision on the contact", "R1", episode.contact.decision_due, decided)
        )
    for assessment in episode.assessments.all():
        items.append(
            DueItem("Child and family assessment", "R2", assessment.due_on, assessment.completed_on)
        )
    for enquiry in episode.enquiries.all():
        # R3: the initial conference is taken as held when the child protection plan starts (the
        # conference workflow itself comes with issue 6).
        held = next(
            (p.started_on for p in episode.cp_plans.all() if p.started_on >= enquiry.started_on),
            None,
        )
        items.append(
            DueItem(
                "Initial child protection conference", "R3", enquiry.initial_conference_due, held
            )
        )
    for transfer in episode.transfers_in.all():
        items.append(
            DueItem(
                "Transfer-in child protection conference",
                "R4",
                transfer.conference_due,
                transfer.conference_held_on,
            )
        )
    for plan in episode.cp_plans.all():
        if plan.ended_on is None:
            first = not plan.core_groups.all()
            label = "First core group meeting" if first else "Core group meeting"
            items.append(DueItem(label, "R5" if first else "R7", next_core_group_due(plan), None))
            label = "First review conference" if not plan.reviews.all() else "Review conference"
            items.append(DueItem(label, "R6", next_review_due(plan), None))
            # R7: the statutory visit, counted from the last visit the selector annotated.
            last_visit = getattr(episode, "last_visit", None)
            items.append(
                DueItem("Visit to the child", "R7", next_visit_due(plan, last_visit), None)
            )
    for cin in episode.cin_plans.all():
        if cin.ended_on is None:
            items.append(DueItem("Child in need plan review", "R7", next_cin_review_due(cin), None))
            items.append(
                DueItem(
                    "Visit to the child on the child in need plan",
                    "R7",
                    next_cin_visit_due(cin),
                    None,
                )
            )
    return items


def next_cin_review_due(plan: ChildInNeedPlan) -> datetime.date:
    """R7: a child in need plan is reviewed at the council's interval (4 weeks by default,
    ``SAFETYMAP_TIMESCALES["cin_review_interval_weeks"]``), from its last review or its start."""
    held = [review.held_on for review in plan.reviews.all()]
    since = max([plan.started_on, *held])
    return timescales.next_cin_review_due(since, timescales.local_timescales())


def next_cin_visit_due(
    plan: ChildInNeedPlan, last_visit: datetime.date | None = None
) -> datetime.date:
    """R7: a child on a child in need plan is visited at the council's interval (20 working days
    by default, ``SAFETYMAP_TIMESCALES["cin_visit_interval_working_days"]``), counted from the
    plan's last recorded visit (``last_visit`` if the caller annotated it, else the plan's
    prefetched visits), or from its start."""
    if last_visit is None:
        last_visit = max((visit.visited_on for visit in plan.visits.all()), default=None)
    since = max(last_visit or plan.started_on, plan.started_on)
    return timescales.next_cin_visit_due(since, timescales.local_timescales())


def next_core_group_due(plan: ChildProtectionPlan) -> datetime.date:
    """R5: the first within 10 working days of the initial conference (the plan's start); then
    the local interval after the last one (R7)."""
    held = [meeting.held_on for meeting in plan.core_groups.all()]
    if not held:
        return timescales.first_core_group_due(plan.started_on)
    return timescales.next_core_group_due(max(held), timescales.local_timescales())


# Case notes that record seeing the child (the statutory visit, R7).
VISIT_NOTES = ("VISIT", "SEEN_ALONE")


def next_visit_due(plan: ChildProtectionPlan, last_visit: datetime.date | None) -> datetime.date:
    """R7: a child on a plan is visited at the council's interval (10 working days by default),
    counted from the last recorded visit, or from the plan's start."""
    since = max(last_visit or plan.started_on, plan.started_on)
    return timescales.next_statutory_visit_due(since, timescales.local_timescales())


def next_review_due(plan: ChildProtectionPlan) -> datetime.date:
    """R6: the first within 3 months of the initial conference, then at most every 6 months;
    R8: before the child turns 18, if that comes first."""
    held = [review.held_on for review in plan.reviews.all()]
    due = (
        timescales.next_review_conference_due(max(held))
        if held
        else timescales.first_review_conference_due(plan.started_on)
    )
    born = plan.episode.child.date_of_birth
    if born:
        due = min(due, timescales.review_before_eighteen_due(born))
    return due


def next_steps(episode: Episode) -> list[NextStep]:
    """What may be recorded next, given the steps already recorded."""
    if not episode.is_open:
        return []
    steps: list[NextStep] = []
    assessments = list(episode.assessments.all())
    open_assessment = next((a for a in assessments if a.completed_on is None), None)
    open_cp = next((p for p in episode.cp_plans.all() if p.ended_on is None), None)
    open_cin = next((p for p in episode.cin_plans.all() if p.ended_on is None), None)
    open_enquiry = next((e for e in episode.enquiries.all() if e.completed_on is None), None)
    open_transfer = next(
        (t for t in episode.transfers_in.all() if t.conference_held_on is None), None
    )
    # A decision waiting for a manager is not offered again (the episode page shows it waiting).
    waiting = {
        a.kind for a in episode.authorisations.all() if a.state == Authorisation.State.WAITING
    }
    if open_assessment:
        steps.append(
            NextStep("Complete the assessment", "cases:assessment-complete", open_assessment.pk)
        )
    elif not open_cp:
        steps.append(
            NextStep("Start a child and family assessment", "cases:assessment-start", episode.pk)
        )
    steps.append(NextStep("Record a strategy discussion", "cases:strategy-new", episode.pk))
    if open_enquiry:
        steps.append(
            NextStep(
                "Record the outcome of the section 47 enquiry",
                "cases:enquiry-complete",
                open_enquiry.pk,
            )
        )
    if open_cp:
        steps.append(NextStep("Record a core group meeting", "cases:core-group-new", open_cp.pk))
        steps.append(NextStep("Record a review conference", "cases:review-new", open_cp.pk))
        if Authorisation.Kind.CP_PLAN_END not in waiting:
            steps.append(NextStep("End the child protection plan", "cases:cp-plan-end", open_cp.pk))
    elif open_transfer:
        steps.append(
            NextStep(
                "Record the transfer-in conference: the plan continues",
                "cases:cp-plan-start",
                episode.pk,
            )
        )
        steps.append(
            NextStep(
                "Record the transfer-in conference: no plan needed here",
                "cases:transfer-in-no-plan",
                open_transfer.pk,
            )
        )
    else:
        # A child protection plan starts from an initial conference's decision (the conference
        # pages) or, here, from a transfer-in conference (above).
        steps.append(
            NextStep(
                "Record a child moving here on another council's plan",
                "cases:transfer-in-new",
                episode.pk,
            )
        )
        if not open_cin:
            steps.append(NextStep("Start a child in need plan", "cases:cin-plan-start", episode.pk))
    if open_cin and not open_cp:
        steps.append(
            NextStep("Record a child in need plan review", "cases:cin-review-new", open_cin.pk)
        )
        if Authorisation.Kind.CIN_PLAN_END not in waiting:
            steps.append(NextStep("End the child in need plan", "cases:cin-plan-end", open_cin.pk))
    steps.append(NextStep("Start a Signs of Safety map", "mapping:map-start", episode.pk))
    steps.append(NextStep("Allocate a worker", "cases:allocate", episode.pk))
    if not open_cp and not open_assessment and Authorisation.Kind.CLOSURE not in waiting:
        steps.append(NextStep("Close the episode", "cases:close", episode.pk))
    return steps


def plan_ended_needs_next_plan(episode: Episode) -> ChildProtectionPlan | None:
    """R16: the child protection plan that has ended with nothing planned after it yet (no
    child in need plan started since), while the episode stays open: the episode page prompts
    a child in need plan or early help. None otherwise."""
    if not episode.is_open:
        return None
    plans = list(episode.cp_plans.all())
    if not plans or any(plan.ended_on is None for plan in plans):
        return None
    last = max(plans, key=lambda plan: (plan.ended_on, plan.pk))
    if any(cin.started_on >= last.ended_on for cin in episode.cin_plans.all()):
        return None
    return last


# --- A child in need plan on the episode page ----------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where something due stands today, in words, with the colour of its tag ("" for none)."""

    words: str
    tag: str
    colour: str

    @property
    def overdue(self) -> bool:
        return self.tag == "Overdue"


def standing(due: datetime.date, done: datetime.date | None, today: datetime.date) -> Standing:
    """ "Done 3 March 2026", "Overdue: it was due by 3 March 2026, 5 days ago", "Due today" or
    "Due by 3 March 2026"."""
    if done is not None:
        return Standing(f"Done {govuk_date(done)}", "Done", "green")
    if due < today:
        late = (today - due).days
        return Standing(
            f"Overdue: it was due by {govuk_date(due)}, {late} day{'s' if late != 1 else ''} ago",
            "Overdue",
            "red",
        )
    if due == today:
        return Standing("Due today", "Due today", "orange")
    return Standing(f"Due by {govuk_date(due)}", "", "")


@dataclass(frozen=True)
class ChildInNeedPlanSummary:
    plan: ChildInNeedPlan
    actions: list[tuple[ChildInNeedPlanAction, Standing]]
    next_review: Standing | None  # None once the plan has ended
    next_visit: Standing | None


def cin_plan_summaries(episode: Episode, today: datetime.date) -> list[ChildInNeedPlanSummary]:
    """Each child in need plan of the episode, newest first, with what needs to happen and where
    each stands, and the next review and visit while it is open (from what is prefetched)."""
    summaries = []
    for plan in sorted(episode.cin_plans.all(), key=lambda p: (p.started_on, p.pk), reverse=True):
        is_open = plan.ended_on is None
        summaries.append(
            ChildInNeedPlanSummary(
                plan=plan,
                actions=[
                    (action, standing(action.by_when, action.done_on, today))
                    for action in plan.actions.all()
                ],
                next_review=standing(next_cin_review_due(plan), None, today) if is_open else None,
                next_visit=standing(next_cin_visit_due(plan), None, today) if is_open else None,
            )
        )
    return summaries
