"""The statutory pathway's steps: one transaction each, rules checked, audit written.

A refused step raises PathwayRefused with words a practitioner understands; nothing is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import (
    CASE_HOLDER_REFUSAL,
    Capability,
    basis_for,
    can,
    conference_basis_for,
    contact_basis,
    is_restricted,
    may_hold_cases,
    require,
    restricted_children,
    visible_children,
)
from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases import providers, timescales
from safetymap.cases.codes import (
    ENDS_OUTSIDE_CONFERENCE,
    REFERRAL_DECISIONS,
    SECTION_47_STARTS,
    AssessmentOutcome,
    ChildInNeedPlanOutcome,
    ClosureReason,
    PlanEndReason,
)
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import (
    Allocation,
    Assessment,
    Authorisation,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    CoreGroupMembership,
    Episode,
    PlanEndNotice,
    QueueEntry,
    ReviewConference,
    Section47Enquiry,
    SignificantEvent,
    StrategyDiscussion,
    TransferIn,
)
from safetymap.cases.pathway import next_cin_review_due, next_core_group_due, next_review_due
from safetymap.core.display import govuk_date, govuk_datetime
from safetymap.core.workdays import add_calendar_months
from safetymap.people.models import Child, HouseholdMember


def _require_sight(by: User, child: Child) -> str:
    basis = basis_for(by, child.pk)
    if basis is None:
        raise PathwayRefused("You do not have access to this child's record.")
    return basis


class DecidingConference(Protocol):
    """The conference whose decision starts, continues or ends a plan (a
    ``conferences.models.Conference``; cases never imports the conferences app)."""

    pk: int
    chair_id: int | None
    held_on: datetime.date | None
    children: Any  # the related manager of the children it is about


def _deciding(by: User, child: Child, conference: DecidingConference | None) -> str:
    """Who may record a plan decision, and on what basis (for the audit trail).

    Without a conference: the social work side, who may record the pathway and see the child's
    whole record. With one: also, and only, that conference's chair, for a child the conference
    is about, on the chair's conference-materials-only basis. This is the narrow path for "started
    by the conference's decision": it never widens ``basis_for`` and gives the chair no other
    step on the record."""
    if conference is not None and conference.chair_id == by.pk:
        basis = conference_basis_for(by, conference)
        if basis is None:
            raise PathwayRefused("You do not have access to this conference.")
        if not conference.children.filter(pk=child.pk).exists():
            raise PathwayRefused("That child is not a subject of this conference.")
        return basis
    require(by, Capability.RECORD_PATHWAY)
    return _require_sight(by, child)


def _audit(by: User, basis: str, action: str, subject: Any, child: Child, **details: Any) -> None:
    """Audit one change. ``basis`` is read before the change, which may itself end it."""
    record(
        actor=by,
        action=action,
        subject=subject,
        basis=basis,
        details={"child": child.pk, **{k: str(v) for k, v in details.items()}},
    )


# --- What the record allows now ------------------------------------------------------------
# Each ``may_…`` question says why a step cannot be taken now (the record's state, whatever is
# typed), or None. The step's page asks it before showing its form (core.views.not_now), and the
# service asks the same question before it saves: one copy of each rule.


def episode_closed(episode: Episode) -> str | None:
    if episode.is_open:
        return None
    return (
        f"This episode closed on {govuk_date(episode.closure_date)}. Record a new contact to "
        "start a new one."
    )


def _open_episode(episode: Episode) -> None:
    if why := episode_closed(episode):
        raise PathwayRefused(why)


def may_decide_contact(contact: Contact) -> str | None:
    return "A decision has already been recorded for this contact." if contact.is_decided else None


def _assessment_waiting(episode: Episode) -> bool:
    return episode.authorisations.filter(
        kind=Authorisation.Kind.ASSESSMENT, state=Authorisation.State.WAITING
    ).exists()


def may_start_assessment(episode: Episode) -> str | None:
    if why := episode_closed(episode):
        return why
    if episode.assessments.filter(completed_on__isnull=True).exists():
        return "An assessment is already in progress for this episode."
    if _assessment_waiting(episode):
        return (
            "The last assessment is waiting for a manager to authorise its outcome. Start a new "
            "one once it is authorised."
        )
    return None


def may_complete_assessment(assessment: Assessment) -> str | None:
    if why := episode_closed(assessment.episode):
        return why
    if assessment.completed_on:
        if _assessment_waiting(assessment.episode):
            return "This assessment is complete and waiting for a manager to authorise it."
        return "This assessment has already been completed."
    return None


def may_complete_enquiry(enquiry: Section47Enquiry) -> str | None:
    if why := episode_closed(enquiry.episode):
        return why
    return "This enquiry has already been completed." if enquiry.completed_on else None


def _on_a_plan_here(child: Child) -> bool:
    return ChildProtectionPlan.objects.filter(episode__child=child, ended_on__isnull=True).exists()


def may_record_transfer_in(episode: Episode) -> str | None:
    if why := episode_closed(episode):
        return why
    if _on_a_plan_here(episode.child):
        return "This child is already on a child protection plan here."
    if _open_transfer_in(episode):
        return (
            "This episode already has a transfer-in waiting for its conference. Record that "
            "conference first."
        )
    return None


def may_record_transfer_in_conference(transfer: TransferIn) -> str | None:
    if why := episode_closed(transfer.episode):
        return why
    if transfer.conference_held_on:
        return "The transfer-in conference has already been recorded."
    return None


def may_start_cin_plan(episode: Episode) -> str | None:
    if why := episode_closed(episode):
        return why
    if episode.cin_plans.filter(ended_on__isnull=True).exists():
        return "This child already has a child in need plan in this episode."
    return None


def may_change_cin_plan(plan: ChildInNeedPlan) -> str | None:
    if why := episode_closed(plan.episode):
        return why
    if plan.ended_on:
        return f"This child in need plan ended on {govuk_date(plan.ended_on)}."
    return None


def may_start_cp_plan(episode: Episode) -> str | None:
    if why := episode_closed(episode):
        return why
    return (
        "This child is already on a child protection plan."
        if _on_a_plan_here(episode.child)
        else None
    )


def may_change_cp_plan(plan: ChildProtectionPlan) -> str | None:
    """Core group meetings and members, review conferences: only while the plan is open."""
    if why := episode_closed(plan.episode):
        return why
    return f"This plan ended on {govuk_date(plan.ended_on)}." if plan.ended_on else None


def may_end_core_group_membership(membership: CoreGroupMembership) -> str | None:
    return "They have already left the core group." if membership.ended_at is not None else None


def waiting_for_a_manager(episode: Episode, kind: str) -> str | None:
    """One request of each kind waits for a manager at a time (closing, ending a plan)."""
    if episode.authorisations.filter(kind=kind, state=Authorisation.State.WAITING).exists():
        return f"{Authorisation.Kind(kind).label} is already waiting for a manager to authorise it."
    return None


def may_ask_to_close(episode: Episode) -> str | None:
    return episode_closed(episode) or waiting_for_a_manager(episode, Authorisation.Kind.CLOSURE)


def may_end_cin_plan(plan: ChildInNeedPlan) -> str | None:
    return may_change_cin_plan(plan) or waiting_for_a_manager(
        plan.episode, Authorisation.Kind.CIN_PLAN_END
    )


def may_end_cp_plan(plan: ChildProtectionPlan) -> str | None:
    """Outside a conference; a review conference's decision recorded here is refused only
    when the plan has already ended."""
    return may_change_cp_plan(plan) or waiting_for_a_manager(
        plan.episode, Authorisation.Kind.CP_PLAN_END
    )


def _not_before(day: datetime.date, earliest: datetime.date, what: str, field: str) -> None:
    if day < earliest:
        raise PathwayRefused(f"{what} must be on or after {govuk_date(earliest)}", field)


def _not_in_future(day: datetime.date, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise PathwayRefused(f"{what} must be today or in the past", field)


# --- Contact and the front door's decision ------------------------------------------------------


@transaction.atomic
def record_contact(*, by: User, children: Iterable[Child], **fields: Any) -> Contact:
    """R1: the decision is due 1 working day after the contact is received."""
    require(by, Capability.RECORD_PATHWAY)
    children = list(children)
    if not children:
        raise PathwayRefused("Select the children the contact is about", "children")
    seen = set(
        visible_children(by).filter(pk__in=[c.pk for c in children]).values_list("pk", flat=True)
    )
    if len(seen) != len(children):
        raise PathwayRefused(
            "You do not have access to one of these children's records.", "children"
        )
    received = timezone.localtime(fields["received_at"]).date()
    _not_in_future(received, "The date the contact was received", "received_at")
    contact = Contact.objects.create(
        recorded_by=by,
        decision_due_at=timescales.contact_decision_due_at(fields["received_at"]),
        **fields,
    )
    contact.children.set(children)
    for child in children:
        _audit(by, _require_sight(by, child), Action.CREATE, contact, child)
    return contact


@transaction.atomic
def decide_contact(
    *,
    by: User,
    contact: Contact,
    decision: str,
    rationale: str,
    referral_source: str = "",
    primary_need: str = "",
    late_reason: str = "",
    team: Team | None = None,
) -> list[Episode]:
    """Record the front door's decision. A referral decision starts an episode for each child,
    waiting in the chosen team's queue for its manager to allocate (nothing waits unseen)."""
    require(by, Capability.RECORD_PATHWAY)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if why := may_decide_contact(contact):
        raise PathwayRefused(why)
    now = timezone.now()
    late = now > contact.decision_due_at
    if late and not late_reason.strip():
        # R1: a decision after it fell due is a breach; the reason is kept for the record.
        raise PathwayRefused(
            f"The decision was due by {govuk_datetime(contact.decision_due_at)}. Say why it is "
            "late",
            "late_reason",
        )
    if decision in REFERRAL_DECISIONS:
        problems = []
        if not referral_source:
            problems.append(("Select who made the referral", "referral_source"))
        if team is None:
            problems.append(("Choose the team to take this on", "team"))
        elif not team.is_active or team.manager_id is None:
            problems.append(
                (
                    f"{team.name} has no team manager to allocate its work. Choose another team",
                    "team",
                )
            )
        if problems:
            raise PathwayRefused.several(problems)
    contact.decision = decision
    contact.decision_rationale = rationale
    contact.decision_at = now
    contact.decision_by = by
    contact.late_reason = late_reason if late else ""
    contact.decision_late = late  # R1: the breach flag
    contact.save()
    episodes = []
    children = list(contact.children.all())
    bases = {}
    for child in children:
        basis = contact_basis(by, child.pk, awaiting_decision=True)
        if basis is None:
            raise PathwayRefused("You do not have access to this child's record.")
        bases[child.pk] = basis
    for child in children:
        _audit(by, bases[child.pk], Action.UPDATE, contact, child, decision=decision)
        if decision in REFERRAL_DECISIONS:
            episode = Episode.objects.create(
                child=child,
                contact=contact,
                referral_date=timezone.localtime(contact.received_at).date(),
                referral_source=referral_source,
                primary_need=primary_need or "N0",
            )
            _audit(by, bases[child.pk], Action.CREATE, episode, child)
            entry = QueueEntry.objects.create(
                episode=episode,
                team=team,
                kind=QueueEntry.Kind.NEW_REFERRAL,
                queued_at=timezone.now(),
                queued_by=by,
            )
            _audit(by, bases[child.pk], Action.CREATE, entry, child, team=team.name)
            episodes.append(episode)
    return episodes


@transaction.atomic
def allocate(
    *, by: User, episode: Episode, worker: User, team: Team, started_on: datetime.date
) -> Allocation:
    """Allocate a worker and team; the previous allocation ends the day before (history kept).
    Allocating takes the episode out of a team's queue (a new referral, or an accepted
    transfer). Only a children's social care practitioner or manager may hold a case."""
    require(by, Capability.ALLOCATE_WORK)
    basis = _require_sight(by, episode.child)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    _open_episode(episode)
    if not worker.is_active:
        raise PathwayRefused("This person's account is closed", "worker")
    if not may_hold_cases(worker):
        raise PathwayRefused(CASE_HOLDER_REFUSAL.format(name=worker.full_name), "worker")
    if not team.is_active:
        raise PathwayRefused(f"{team.name} is closed. Choose an active team", "team")
    current = episode.allocations.filter(ended_on__isnull=True).first()
    if current:
        _not_before(started_on, current.started_on, "The new allocation", "started_on")
        current.ended_on = max(current.started_on, started_on - datetime.timedelta(days=1))
        current.save(update_fields=["ended_on"])
    allocation = Allocation.objects.create(
        episode=episode, worker=worker, team=team, started_on=started_on, allocated_by=by
    )
    _audit(by, basis, Action.CREATE, allocation, episode.child, worker=worker.email, team=team.name)
    for entry in episode.queue_entries.filter(closed_at__isnull=True):
        entry.closed_at, entry.closed_by = timezone.now(), by
        # A transfer is accepted only by allocating into the team it was offered to; the
        # offering team keeping the case withdraws the offer.
        accepted = entry.kind != QueueEntry.Kind.TRANSFER or team.pk == entry.team_id
        entry.outcome = QueueEntry.Outcome.ALLOCATED if accepted else QueueEntry.Outcome.WITHDRAWN
        entry.save(update_fields=["closed_at", "closed_by", "outcome"])
        _audit(by, basis, Action.UPDATE, entry, episode.child, outcome=entry.outcome)
    return allocation


# --- Assessment ---------------------------------------------------------------------------------


@transaction.atomic
def start_assessment(*, by: User, episode: Episode, started_on: datetime.date) -> Assessment:
    """R2: due 45 working days from the referral, whenever the assessment starts."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, episode.child)
    if why := may_start_assessment(episode):
        raise PathwayRefused(why)
    _not_before(started_on, episode.referral_date, "The assessment start date", "started_on")
    _not_in_future(started_on, "The assessment start date", "started_on")
    assessment = Assessment.objects.create(
        episode=episode,
        started_on=started_on,
        due_on=timescales.assessment_due(episode.referral_date),
    )
    _audit(by, basis, Action.CREATE, assessment, episode.child, due_on=assessment.due_on)
    return assessment


@transaction.atomic
def complete_assessment(
    *,
    by: User,
    assessment: Assessment,
    completed_on: datetime.date,
    outcome: str,
    analysis: str,
    overdue_reason: str = "",
) -> Assessment:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, assessment.episode.child)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if why := may_complete_assessment(assessment):
        raise PathwayRefused(why)
    _not_before(completed_on, assessment.started_on, "The completion date", "completed_on")
    _not_in_future(completed_on, "The completion date", "completed_on")
    if completed_on > assessment.due_on and not overdue_reason.strip():
        late = timescales.days_late(assessment.due_on, completed_on)
        raise PathwayRefused(
            f"The assessment was due on {govuk_date(assessment.due_on)} and is {late} working "
            f"day{'s' if late != 1 else ''} late. Say why",
            "overdue_reason",
        )  # R2
    assessment.completed_on = completed_on
    assessment.outcome = outcome
    assessment.analysis = analysis
    assessment.overdue_reason = overdue_reason
    assessment.save()
    _audit(by, basis, Action.UPDATE, assessment, assessment.episode.child, outcome=outcome)
    # Management oversight: the outcome stands once a manager authorises it (cases.oversight).
    asked = Authorisation.objects.create(
        episode=assessment.episode,
        kind=Authorisation.Kind.ASSESSMENT,
        assessment=assessment,
        requested_by=by,
        requested_at=timezone.now(),
    )
    _audit(by, basis, Action.CREATE, asked, assessment.episode.child, kind=asked.kind)
    return assessment


# --- Strategy discussion and section 47 ----------------------------------------------------------


def household_children(child: Child, *, for_user: User) -> set[Child]:
    """Every child living in the same household as this child now (R10), as this person may
    know of them: never a brother or sister whose record is restricted from them (their name
    would show through this child's pages, and rules like R10 cannot ask for them)."""
    households = HouseholdMember.objects.filter(child=child, lived_to__isnull=True).values(
        "household"
    )
    others = (
        HouseholdMember.objects.filter(
            household__in=households, child__isnull=False, lived_to__isnull=True
        )
        .exclude(child__in=restricted_children(for_user))
        .select_related("child")
    )
    return {member.child for member in others} | {child}


@transaction.atomic
def record_strategy_discussion(
    *, by: User, episode: Episode, children_considered: Iterable[Child], **fields: Any
) -> StrategyDiscussion:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, episode.child)
    _open_episode(episode)
    held_on = fields["held_on"]
    _not_before(held_on, episode.referral_date, "The strategy discussion", "held_on")
    _not_in_future(held_on, "The strategy discussion date", "held_on")
    problems: list[tuple[str, str | None]] = []
    missing = [
        agency
        for agency, took_part in (
            ("children's social care", fields.get("social_care_took_part")),
            ("the police", fields.get("police_took_part")),
            ("health", fields.get("health_took_part")),
        )
        if not took_part
    ]
    if missing and not fields.get("missing_agency_reason", "").strip():
        problems.append(
            (  # R9
                f"A strategy discussion needs {' and '.join(missing)}. Say why "
                f"{'they' if len(missing) > 1 else 'this agency'} did not take part",
                "missing_agency_reason",
            )
        )
    considered = set(children_considered)
    not_considered = household_children(episode.child, for_user=by) - considered
    if not_considered:
        names = ", ".join(sorted(c.full_name for c in not_considered))
        problems.append(
            (  # R10
                f"Every child in the household must be considered. Also consider {names}",
                "children_considered",
            )
        )
    if problems:
        raise PathwayRefused.several(problems)
    discussion = StrategyDiscussion.objects.create(episode=episode, **fields)
    discussion.children_considered.set(considered)
    _audit(
        by, basis, Action.CREATE, discussion, episode.child, decision=discussion.section_47_decision
    )
    if discussion.section_47_decision in SECTION_47_STARTS:
        enquiry = Section47Enquiry.objects.create(
            strategy_discussion=discussion,
            episode=episode,
            started_on=held_on,
            initial_conference_due=timescales.initial_conference_due(held_on),  # R3
        )
        _audit(by, basis, Action.CREATE, enquiry, episode.child, due=enquiry.initial_conference_due)
    return discussion


@transaction.atomic
def complete_enquiry(
    *, by: User, enquiry: Section47Enquiry, completed_on: datetime.date, outcome: str, findings: str
) -> Section47Enquiry:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, enquiry.episode.child)
    if why := may_complete_enquiry(enquiry):
        raise PathwayRefused(why)
    _not_before(completed_on, enquiry.started_on, "The completion date", "completed_on")
    _not_in_future(completed_on, "The completion date", "completed_on")
    enquiry.completed_on, enquiry.outcome, enquiry.findings = completed_on, outcome, findings
    enquiry.save()
    _audit(by, basis, Action.UPDATE, enquiry, enquiry.episode.child, outcome=outcome)
    return enquiry


# --- Plans --------------------------------------------------------------------------------------


def _open_transfer_in(episode: Episode) -> TransferIn | None:
    """The transfer-in still waiting for its conference, if the child moved here on a plan."""
    return episode.transfers_in.filter(conference_held_on__isnull=True).first()


def _conference_due(
    episode: Episode, transfer: TransferIn | None, held_on: datetime.date
) -> datetime.date | None:
    """When the conference deciding on a plan was due: R4 for a transfer-in, otherwise R3 from
    the latest section 47 enquiry before it (None if the plan follows no enquiry)."""
    if transfer:
        return transfer.conference_due
    enquiry = episode.enquiries.filter(started_on__lte=held_on).order_by("-started_on").first()
    return enquiry.initial_conference_due if enquiry else None


@transaction.atomic
def record_transfer_in(
    *,
    by: User,
    episode: Episode,
    notified_on: datetime.date,
    from_authority: str,
    their_plan_started_on: datetime.date,
    their_category: str,
) -> TransferIn:
    """R4: a child on another council's plan has moved here; their transfer-in conference is due
    15 working days after this council was told."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, episode.child)
    if why := may_record_transfer_in(episode):
        raise PathwayRefused(why)
    _not_in_future(notified_on, "The date you were told", "notified_on")
    _not_in_future(their_plan_started_on, "The date their plan started", "their_plan_started_on")
    if their_plan_started_on > notified_on:
        raise PathwayRefused(
            "The plan must have started before this council was told about the move",
            "their_plan_started_on",
        )
    transfer = TransferIn.objects.create(
        episode=episode,
        notified_on=notified_on,
        from_authority=from_authority.strip(),
        their_plan_started_on=their_plan_started_on,
        their_category=their_category,
        conference_due=timescales.transfer_in_conference_due(notified_on),
        recorded_by=by,
    )
    _audit(by, basis, Action.CREATE, transfer, episode.child, due=transfer.conference_due)
    return transfer


@transaction.atomic
def record_transfer_in_without_plan(
    *, by: User, transfer: TransferIn, held_on: datetime.date, late_reason: str = ""
) -> TransferIn:
    """The transfer-in conference decided that the child does not need a plan here. (When it
    decides that they do, the plan is started with start_cp_plan, which records the conference.)"""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, transfer.episode.child)
    if why := may_record_transfer_in_conference(transfer):
        raise PathwayRefused(why)
    _not_before(held_on, transfer.notified_on, "The conference date", "held_on")
    _not_in_future(held_on, "The conference date", "held_on")
    _late_needs_reason(transfer.conference_due, held_on, late_reason, "transfer-in conference")
    transfer.conference_held_on, transfer.plan_continues = held_on, False
    transfer.late_reason = late_reason
    transfer.save()
    _audit(by, basis, Action.UPDATE, transfer, transfer.episode.child, plan_continues=False)
    return transfer


@transaction.atomic
def start_cin_plan(
    *,
    by: User,
    episode: Episode,
    started_on: datetime.date,
    conference: DecidingConference | None = None,
) -> ChildInNeedPlan:
    """A child in need plan starts; its first review falls due at the council's interval (R7,
    ``pathway.next_cin_review_due``). Started by a conference's decision (a step-down from a child
    protection plan, or no plan at an initial conference), the conference's chair may record it."""
    basis = _deciding(by, episode.child, conference)
    if why := may_start_cin_plan(episode):
        raise PathwayRefused(why)
    _not_before(started_on, episode.referral_date, "The plan start date", "started_on")
    plan = ChildInNeedPlan.objects.create(episode=episode, started_on=started_on)
    _audit(
        by,
        basis,
        Action.CREATE,
        plan,
        episode.child,
        **({"conference": conference.pk} if conference is not None else {}),
    )
    return plan


def _open_cin_plan(plan: ChildInNeedPlan) -> None:
    if why := may_change_cin_plan(plan):
        raise PathwayRefused(why)


@transaction.atomic
def record_cin_review(
    *,
    by: User,
    plan: ChildInNeedPlan,
    held_on: datetime.date,
    summary: str,
    late_reason: str = "",
) -> ChildInNeedPlanReview:
    """A child in need plan review (R7): the next is due at the council's interval after it; a
    review held after it was due needs the reason."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, plan.episode.child)
    _open_cin_plan(plan)
    _not_before(held_on, plan.started_on, "The review", "held_on")
    _not_in_future(held_on, "The review date", "held_on")
    if not summary.strip():
        raise PathwayRefused("Say what the review found and what happens next", "summary")
    _late_needs_reason(next_cin_review_due(plan), held_on, late_reason, "child in need review")
    review = ChildInNeedPlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        summary=summary.strip(),
        late_reason=late_reason.strip(),
        recorded_by=by,
    )
    _audit(by, basis, Action.CREATE, review, plan.episode.child)
    return review


def _check_cin_plan_end(
    plan: ChildInNeedPlan, ended_on: datetime.date, outcome: str, summary: str
) -> None:
    _open_cin_plan(plan)
    _not_before(ended_on, plan.started_on, "The end date", "ended_on")
    _not_in_future(ended_on, "The end date", "ended_on")
    problems: list[tuple[str, str | None]] = []
    if outcome not in ChildInNeedPlanOutcome.values:
        problems.append(("Choose how the plan ended", "outcome"))
    if not summary.strip():
        problems.append(("Say why the plan is ending", "summary"))
    if problems:
        raise PathwayRefused.several(problems)


def _ask(
    *, by: User, basis: str, episode: Episode, kind: str, proposal: dict[str, str], **about: Any
) -> Authorisation:
    """A worker's decision, waiting for a manager (one of each kind at a time per episode)."""
    if why := waiting_for_a_manager(episode, kind):
        raise PathwayRefused(why)
    asked = Authorisation.objects.create(
        episode=episode,
        kind=kind,
        proposal=proposal,
        requested_by=by,
        requested_at=timezone.now(),
        **about,
    )
    _audit(by, basis, Action.CREATE, asked, episode.child, kind=kind)
    return asked


@transaction.atomic
def ask_to_end_cin_plan(
    *, by: User, plan: ChildInNeedPlan, ended_on: datetime.date, outcome: str, summary: str
) -> Authorisation:
    """The worker asks to end a child in need plan (a step-down from children's social care):
    it ends when a manager authorises it (``cases.oversight.authorise``)."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, plan.episode.child)
    Episode.objects.select_for_update().get(pk=plan.episode_id)
    if why := may_end_cin_plan(plan):
        raise PathwayRefused(why)
    _check_cin_plan_end(plan, ended_on, outcome, summary)
    return _ask(
        by=by,
        basis=basis,
        episode=plan.episode,
        kind=Authorisation.Kind.CIN_PLAN_END,
        cin_plan=plan,
        proposal={"ended_on": ended_on.isoformat(), "outcome": outcome, "summary": summary},
    )


def apply_cin_plan_end(
    *, by: User, basis: str, plan: ChildInNeedPlan, proposal: dict[str, str]
) -> ChildInNeedPlan:
    """End the child in need plan as proposed, every rule re-checked; called inside the
    authorising manager's transaction (cases.oversight). The episode stays open: closing it is
    its own step (with its reason code)."""
    plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
    ended_on = datetime.date.fromisoformat(proposal["ended_on"])
    outcome, summary = proposal["outcome"], proposal["summary"]
    _check_cin_plan_end(plan, ended_on, outcome, summary)
    plan.ended_on, plan.end_outcome, plan.end_summary = ended_on, outcome, summary.strip()
    plan.save(update_fields=["ended_on", "end_outcome", "end_summary"])
    _audit(by, basis, Action.UPDATE, plan, plan.episode.child, ended=ended_on, outcome=outcome)
    return plan


@transaction.atomic
def start_cp_plan(
    *,
    by: User,
    episode: Episode,
    started_on: datetime.date,
    category: str,
    chair: User | None = None,
    threshold_rationale: str = "",
    lead_social_worker: User | None = None,
    core_group_members: str = "",
    first_core_group_on: datetime.date | None = None,
    first_review_on: datetime.date | None = None,
    outline_action: str = "",
    outline_action_owner: str = "",
    outline_action_due: datetime.date | None = None,
    dissent_by: str = "",
    dissent_summary: str = "",
    conference_late_reason: str = "",
    conference: DecidingConference | None = None,
) -> ChildProtectionPlan:
    """Record the initial conference's decision that the child needs a child protection plan.

    R12: the decision needs the threshold rationale, a category, a lead social worker, the core
    group, the first core group and review dates, and an outline plan with at least one action,
    who does it and by when. R13: the chair is independent of the case. R14: dissent is recorded
    with who dissented.

    ``conference``: the conference whose decision this is (conferences.services.record_decision);
    its chair may then record it (``_deciding``), and the plan starts on the day it was held."""
    basis = _deciding(by, episode.child, conference)
    if conference is not None and started_on != conference.held_on:
        raise PathwayRefused("The plan starts on the day the conference was held.", "started_on")
    if why := may_start_cp_plan(episode):
        raise PathwayRefused(why)
    _not_before(started_on, episode.referral_date, "The plan start date", "started_on")
    _not_in_future(started_on, "The plan start date", "started_on")
    problems: list[tuple[str, str | None]] = []
    for value, field, message in (
        (chair, "chair", "Choose the conference chair"),
        (
            threshold_rationale.strip(),
            "threshold_rationale",
            "Say why the child needs a child protection plan",
        ),
        (lead_social_worker, "lead_social_worker", "Choose the lead social worker"),
        (core_group_members.strip(), "core_group_members", "Say who is in the core group"),
        (first_core_group_on, "first_core_group_on", "Enter the date of the first core group"),
        (first_review_on, "first_review_on", "Enter the date of the first review conference"),
        (outline_action.strip(), "outline_action", "Write at least one action in the outline plan"),
        (outline_action_owner.strip(), "outline_action_owner", "Say who will do the action"),
        (outline_action_due, "outline_action_due", "Enter when the action is due"),
    ):
        if not value:
            problems.append((message, field))  # R12
    core_group_due = timescales.first_core_group_due(started_on)
    if first_core_group_on and not started_on <= first_core_group_on <= core_group_due:
        problems.append(
            (  # R5
                "The first core group must be within 10 working days: by "
                f"{govuk_date(core_group_due)}",
                "first_core_group_on",
            )
        )
    review_due = timescales.first_review_conference_due(started_on)
    if first_review_on and not started_on < first_review_on <= review_due:
        problems.append(
            (  # R6
                f"The first review conference must be within 3 months: by {govuk_date(review_due)}",
                "first_review_on",
            )
        )
    if chair is not None:
        current = episode.allocations.filter(ended_on__isnull=True).select_related("team")
        involved = {a.worker_id for a in current} | {a.team.manager_id for a in current}
        if chair.pk in involved or not chair.has_role(Role.CONFERENCE_CHAIR):
            problems.append(
                (  # R13
                    "The chair must be an independent conference chair: not the allocated worker "
                    "or their team manager",
                    "chair",
                )
            )
    if bool(dissent_by.strip()) != bool(dissent_summary.strip()):
        problems.append(
            (  # R14
                "Record both who dissented and a summary of what they said",
                "dissent_summary" if dissent_by.strip() else "dissent_by",
            )
        )
    transfer = _open_transfer_in(episode)
    conference_due = _conference_due(episode, transfer, started_on)
    late = conference_due and _lateness_problem(  # R3 / R4
        conference_due,
        started_on,
        conference_late_reason,
        "transfer-in conference" if transfer else "initial conference",
        "conference_late_reason",
    )
    if late:
        problems.append(late)
    if transfer and started_on < transfer.notified_on:
        problems.append(
            ("The transfer-in conference cannot be before this council was told", "started_on")
        )
    if problems:
        raise PathwayRefused.several(problems)
    plan = ChildProtectionPlan.objects.create(
        episode=episode,
        started_on=started_on,
        initial_category=category,
        latest_category=category,
        chair=chair,
        threshold_rationale=threshold_rationale,
        lead_social_worker=lead_social_worker,
        core_group_members=core_group_members,
        first_core_group_on=first_core_group_on,
        first_review_on=first_review_on,
        outline_action=outline_action,
        outline_action_owner=outline_action_owner,
        outline_action_due=outline_action_due,
        dissent_by=dissent_by,
        dissent_summary=dissent_summary,
        transfer_in=transfer,
        conference_late_reason=conference_late_reason,
    )
    if transfer:
        transfer.conference_held_on, transfer.plan_continues = started_on, True
        transfer.late_reason = conference_late_reason
        transfer.save()
    # A child in need plan gives way to the child protection plan.

    episode.cin_plans.filter(ended_on__isnull=True).update(ended_on=started_on)
    _audit(
        by,
        basis,
        Action.CREATE,
        plan,
        episode.child,
        category=category,
        **({"conference": conference.pk} if conference is not None else {}),
    )
    return plan


def agencies_to_tell(plan: ChildProtectionPlan) -> list[Organisation]:
    """R16: the agencies invited to the initial conference that led to the plan; where no such
    conference was held in the system, the child's school and GP."""
    invited = providers.initial_conference_agencies(plan)
    if invited is not None:
        return invited
    child = plan.episode.child
    known = [pk for pk in (child.school_id, child.gp_id) if pk]
    return list(Organisation.objects.filter(pk__in=known).order_by("name"))


def _tell_agencies(plan: ChildProtectionPlan) -> list[Organisation]:
    """R16: a notice for each agency to tell, emailed by the worker once the change commits."""
    agencies = agencies_to_tell(plan)
    PlanEndNotice.objects.bulk_create(
        [PlanEndNotice(plan=plan, organisation=agency) for agency in agencies],
        ignore_conflicts=True,
    )
    from safetymap.cases.tasks import tell_agencies_plan_ended

    transaction.on_commit(lambda: tell_agencies_plan_ended.enqueue(plan_id=plan.pk))
    return agencies


def _check_cp_plan_end(
    plan: ChildProtectionPlan, ended_on: datetime.date, reason: str, agencies_consulted: str
) -> None:
    if plan.ended_on:
        raise PathwayRefused("This plan has already ended.")
    _not_before(ended_on, plan.started_on, "The end date", "ended_on")
    _not_in_future(ended_on, "The end date", "ended_on")
    if reason in ENDS_OUTSIDE_CONFERENCE and not agencies_consulted.strip():
        raise PathwayRefused(  # R15
            "A plan ended outside a review conference needs the agencies consulted. Say who "
            "was consulted and what they said",
            "agencies_consulted",
        )


@transaction.atomic
def end_cp_plan(
    *,
    by: User,
    plan: ChildProtectionPlan,
    ended_on: datetime.date,
    reason: str,
    agencies_consulted: str = "",
) -> Authorisation | ChildProtectionPlan:
    """R15: outside a review conference only for the listed reasons, after consulting agencies,
    and then only once a manager authorises it: the ending waits (the Authorisation is
    returned). A review conference's decision recorded here ends the plan now (the conference
    decided it). R16 when it ends: the agencies invited to the initial conference are told."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, plan.episode.child)
    Episode.objects.select_for_update().get(pk=plan.episode_id)
    if why := may_end_cp_plan(plan):
        raise PathwayRefused(why)
    _check_cp_plan_end(plan, ended_on, reason, agencies_consulted)
    proposal = {
        "ended_on": ended_on.isoformat(),
        "reason": reason,
        "agencies_consulted": agencies_consulted,
    }
    if reason in ENDS_OUTSIDE_CONFERENCE:
        return _ask(
            by=by,
            basis=basis,
            episode=plan.episode,
            kind=Authorisation.Kind.CP_PLAN_END,
            cp_plan=plan,
            proposal=proposal,
        )
    return apply_cp_plan_end(by=by, basis=basis, plan=plan, proposal=proposal)


def apply_cp_plan_end(
    *, by: User, basis: str, plan: ChildProtectionPlan, proposal: dict[str, str]
) -> ChildProtectionPlan:
    """End the plan as proposed, every rule re-checked, inside the caller's transaction (the
    worker's for a conference's decision, the authorising manager's otherwise). Ending a plan
    never closes the episode: a child in need plan or early help comes next (R16)."""
    plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    ended_on = datetime.date.fromisoformat(proposal["ended_on"])
    reason, agencies_consulted = proposal["reason"], proposal.get("agencies_consulted", "")
    _check_cp_plan_end(plan, ended_on, reason, agencies_consulted)
    plan.ended_on, plan.end_reason, plan.agencies_consulted = ended_on, reason, agencies_consulted
    plan.save(update_fields=["ended_on", "end_reason", "agencies_consulted"])
    agencies = _tell_agencies(plan)
    _audit(
        by,
        basis,
        Action.UPDATE,
        plan,
        plan.episode.child,
        ended=ended_on,
        reason=reason,
        agencies_told=sorted(agency.pk for agency in agencies),
    )
    return plan


SYSTEM_ACTOR = "system: child protection plans end at 18"


def plans_reaching_eighteen(today: datetime.date) -> list[ChildProtectionPlan]:
    """R8: open child protection plans of children whose 18th birthday is today or past."""
    born_by = add_calendar_months(today, -12 * timescales.ADULTHOOD_YEARS)
    candidates = ChildProtectionPlan.objects.filter(
        ended_on__isnull=True,
        episode__child__date_of_birth__isnull=False,
        episode__child__date_of_birth__lte=born_by,
    ).select_related("episode__child")
    return [
        plan
        for plan in candidates
        if timescales.eighteenth_birthday(plan.episode.child.date_of_birth) <= today
    ]


@transaction.atomic
def end_plan_at_eighteen(plan_id: int, today: datetime.date) -> ChildProtectionPlan | None:
    """R8: the plan of a young person who has turned 18 ends on their birthday, with a record
    written by the system, and the agencies are told (R16); the episode stays open. Nothing
    happens to a plan already ended (run twice, or by two workers at once): None."""
    plan = (
        ChildProtectionPlan.objects.select_for_update()
        .select_related("episode__child")
        .filter(pk=plan_id, ended_on__isnull=True)
        .first()
    )
    if plan is None or plan.episode.child.date_of_birth is None:
        return None
    birthday = timescales.eighteenth_birthday(plan.episode.child.date_of_birth)
    if birthday > today:
        return None
    plan.ended_on = max(birthday, plan.started_on)
    plan.end_reason = PlanEndReason.EIGHTEEN
    plan.agencies_consulted = (
        "Ended by the system: the young person turned 18, and a child protection plan "
        "cannot continue into adulthood."
    )
    plan.save(update_fields=["ended_on", "end_reason", "agencies_consulted"])
    agencies = _tell_agencies(plan)
    record(
        actor=None,
        actor_label=SYSTEM_ACTOR,
        action=Action.UPDATE,
        subject=plan,
        basis="scheduled task: the young person turned 18",
        details={
            "child": plan.episode.child_id,
            "ended": str(plan.ended_on),
            "reason": PlanEndReason.EIGHTEEN,
            "agencies_told": [agency.pk for agency in agencies],
        },
    )
    return plan


@transaction.atomic
def record_core_group(
    *,
    by: User,
    plan: ChildProtectionPlan,
    held_on: datetime.date,
    attended_by: str,
    notes: str,
    late_reason: str = "",
) -> CoreGroupMeeting:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, plan.episode.child)
    _open_plan(plan)
    _not_before(held_on, plan.started_on, "The core group meeting", "held_on")
    _not_in_future(held_on, "The core group meeting date", "held_on")
    _late_needs_reason(next_core_group_due(plan), held_on, late_reason, "core group meeting")
    meeting = CoreGroupMeeting.objects.create(
        plan=plan, held_on=held_on, attended_by=attended_by, notes=notes, late_reason=late_reason
    )
    _audit(by, basis, Action.CREATE, meeting, plan.episode.child)
    return meeting


@transaction.atomic
def add_core_group_member(
    *, by: User, plan: ChildProtectionPlan, member: User
) -> CoreGroupMembership:
    """A professional joins the plan's core group. While they are in it and the plan is open,
    they see the plan, its actions and the child's conference materials (policy.plan_basis_for);
    never the rest of the record."""
    require(by, Capability.RECORD_PATHWAY)
    child = plan.episode.child
    basis = _require_sight(by, child)
    _open_plan(plan)
    if not member.is_active or not can(member, Capability.USE_CASE_WORK):
        raise PathwayRefused(
            "Choose someone with an active account who works with children's records", "member"
        )
    if is_restricted(child.pk, for_user=member):
        raise PathwayRefused(
            "This record is restricted, and they are not on its list. Ask a team manager to add "
            "them to the list first.",
            "member",
        )
    if plan.core_group_memberships.filter(user=member, ended_at__isnull=True).exists():
        raise PathwayRefused(f"{member.get_full_name()} is already in the core group", "member")
    membership = CoreGroupMembership.objects.create(plan=plan, user=member, added_by=by)
    _audit(by, basis, Action.CREATE, membership, child, member=member.pk)
    return membership


@transaction.atomic
def end_core_group_membership(*, by: User, membership: CoreGroupMembership) -> None:
    """Someone leaves the core group: their sight of the plan and conference materials ends now
    (it also ends, for everyone, when the plan ends)."""
    require(by, Capability.RECORD_PATHWAY)
    child = membership.plan.episode.child
    basis = _require_sight(by, child)
    if why := may_end_core_group_membership(membership):
        raise PathwayRefused(why)
    membership.ended_at, membership.ended_by = timezone.now(), by
    membership.save(update_fields=["ended_at", "ended_by"])
    _audit(by, basis, Action.UPDATE, membership, child, ended=membership.ended_at)


@transaction.atomic
def record_review_conference(
    *,
    by: User,
    plan: ChildProtectionPlan,
    held_on: datetime.date,
    plan_continues: bool,
    latest_category: str,
    summary: str,
    late_reason: str = "",
    exceptional_circumstances: str = "",
    conference: DecidingConference | None = None,
) -> ReviewConference:
    """R6 timing. A review that ends the plan ends it here (R15), and never closes the episode
    (R16). Recorded from a review conference's decision (``conference``), its chair may record
    it (``_deciding``)."""
    basis = _deciding(by, plan.episode.child, conference)
    _open_plan(plan)
    _not_before(held_on, plan.started_on, "The review conference", "held_on")
    _not_in_future(held_on, "The review conference date", "held_on")
    _late_needs_reason(next_review_due(plan), held_on, late_reason, "review conference")
    first_review = not plan.reviews.exists()
    if (
        settings.SAFETYMAP_R17_FIRST_REVIEW_ENDS_PLAN_ONLY_EXCEPTIONALLY
        and first_review
        and not plan_continues
        and not exceptional_circumstances.strip()
    ):
        raise PathwayRefused(  # R17, when the council turns it on
            "This council ends a plan at the first review conference only in exceptional "
            "circumstances. Describe them",
            "exceptional_circumstances",
        )
    review = ReviewConference.objects.create(
        plan=plan,
        held_on=held_on,
        plan_continues=plan_continues,
        latest_category=latest_category,
        summary=summary,
        late_reason=late_reason,
        exceptional_circumstances=exceptional_circumstances,
    )
    plan.latest_category = latest_category
    if not plan_continues:
        plan.ended_on, plan.end_reason = held_on, PlanEndReason.REVIEW_CONFERENCE
    plan.save()
    if not plan_continues:
        _tell_agencies(plan)  # R16
    _audit(
        by,
        basis,
        Action.CREATE,
        review,
        plan.episode.child,
        plan_continues=plan_continues,
        **({"conference": conference.pk} if conference is not None else {}),
    )
    return review


def _open_plan(plan: ChildProtectionPlan) -> None:
    if why := may_change_cp_plan(plan):
        raise PathwayRefused(why)


def _lateness_problem(
    due: datetime.date, held_on: datetime.date, reason: str, what: str, field: str
) -> tuple[str, str] | None:
    """A late event needs the reason it is late."""
    if held_on > due and not reason.strip():
        late = timescales.days_late(due, held_on)
        return (
            f"The {what} was due by {govuk_date(due)} and is {late} working "
            f"day{'s' if late != 1 else ''} late. Say why",
            field,
        )
    return None


def _late_needs_reason(due: datetime.date, held_on: datetime.date, reason: str, what: str) -> None:
    problem = _lateness_problem(due, held_on, reason, what, "late_reason")
    if problem:
        raise PathwayRefused(*problem)


# --- Closure ------------------------------------------------------------------------------------


def _check_r33(episode: Episode, network_continuation: str) -> None:
    """R33: closing after a plan needs each safety goal of the latest map reviewed and a final
    scaling (asked of the map through ``providers``), and what the safety network will carry on
    doing."""
    problems = providers.closure_problems(episode)
    if not network_continuation.strip():
        problems.append(("Say what the safety network will carry on doing", "network_continuation"))
    if problems:
        raise PathwayRefused.several(problems)


def _check_closure(
    episode: Episode, closure_date: datetime.date, reason: str, network_continuation: str
) -> None:
    """Everything that must be true for the episode to close: checked when the worker asks and
    again when the manager authorises, because the record may have moved on in between."""
    _open_episode(episode)
    _not_before(closure_date, episode.referral_date, "The closure date", "closure_date")
    _not_in_future(closure_date, "The closure date", "closure_date")
    if episode.cp_plans.filter(ended_on__isnull=True).exists():
        raise PathwayRefused("End the child protection plan before closing the episode.")
    if episode.assessments.filter(completed_on__isnull=True).exists():
        raise PathwayRefused("Complete the assessment before closing the episode.")
    if episode.authorisations.filter(
        kind=Authorisation.Kind.ASSESSMENT, state=Authorisation.State.WAITING
    ).exists():
        raise PathwayRefused(
            "The assessment's outcome is waiting for a manager to authorise it. Close the "
            "episode once it is authorised."
        )
    if reason in (ClosureReason.RC8, ClosureReason.RC9):
        # R34: RC8 and RC9 mean "closed after assessment": an assessment, and nothing beyond it.
        if not episode.assessments.exists():
            raise PathwayRefused(
                f"{ClosureReason(reason).label} needs a completed assessment in this episode",
                "reason",
            )
        if episode.cin_plans.exists() or episode.enquiries.exists() or episode.cp_plans.exists():
            raise PathwayRefused(
                f"{ClosureReason(reason).label} cannot be used: this episode had a child in need "
                "plan, a section 47 enquiry or a child protection plan. Choose another reason",
                "reason",
            )
    if episode.cin_plans.exists() or episode.cp_plans.exists():
        _check_r33(episode, network_continuation)
    if (
        reason == ClosureReason.RC9
        and not episode.assessments.filter(outcome=AssessmentOutcome.EARLY_HELP).exists()
    ):
        raise PathwayRefused("RC9 is for a referral to early help after the assessment", "reason")


@transaction.atomic
def ask_to_close(
    *,
    by: User,
    episode: Episode,
    closure_date: datetime.date,
    reason: str,
    summary: str,
    explained_to_child: str,
    network_continuation: str = "",
) -> Authorisation:
    """The worker asks to close the episode; it closes when a manager authorises it
    (``cases.oversight.authorise``), and until then stays open and on everyone's work."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, episode.child)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if why := may_ask_to_close(episode):
        raise PathwayRefused(why)
    _check_closure(episode, closure_date, reason, network_continuation)
    return _ask(
        by=by,
        basis=basis,
        episode=episode,
        kind=Authorisation.Kind.CLOSURE,
        proposal={
            "closure_date": closure_date.isoformat(),
            "reason": reason,
            "summary": summary,
            "explained_to_child": explained_to_child,
            "network_continuation": network_continuation,
        },
    )


def apply_closure(*, by: User, basis: str, episode: Episode, proposal: dict[str, str]) -> Episode:
    """Close the episode as proposed, re-checking every rule; called inside the authorising
    manager's transaction (cases.oversight), never on its own."""
    closure_date = datetime.date.fromisoformat(proposal["closure_date"])
    reason, network_continuation = proposal["reason"], proposal.get("network_continuation", "")
    _check_closure(episode, closure_date, reason, network_continuation)
    episode.cin_plans.filter(ended_on__isnull=True).update(ended_on=closure_date)
    episode.closure_date, episode.closure_reason = closure_date, reason
    episode.closure_summary = proposal["summary"]
    episode.closure_explained_to_child = proposal["explained_to_child"]
    episode.network_continuation = network_continuation
    episode.save()
    episode.allocations.filter(ended_on__isnull=True).update(ended_on=closure_date)
    _audit(by, basis, Action.UPDATE, episode, episode.child, closed=closure_date, reason=reason)
    return episode


# --- Case notes and the curated chronology -----------------------------------------------------


@transaction.atomic
def add_case_note(
    *, by: User, child: Child, happened_on: datetime.date, note_type: str, text: str
) -> CaseNote:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, child)
    _not_in_future(happened_on, "The date", "happened_on")
    note = CaseNote.objects.create(
        child=child, happened_on=happened_on, note_type=note_type, text=text, author=by
    )
    _audit(by, basis, Action.CREATE, note, child)
    return note


@transaction.atomic
def record_significant_event(
    *,
    by: User,
    child: Child,
    occurred_on: datetime.date,
    what_happened: str,
    source: str,
    impact_on_child: str,
    significance: str,
    from_note: CaseNote | None = None,
) -> SignificantEvent:
    require(by, Capability.RECORD_PATHWAY)
    basis = _require_sight(by, child)
    _not_in_future(occurred_on, "The date", "occurred_on")
    if from_note is not None and from_note.child_id != child.pk:
        raise PathwayRefused("That case note is about another child.")
    event = SignificantEvent.objects.create(
        child=child,
        occurred_on=occurred_on,
        what_happened=what_happened,
        source=source,
        impact_on_child=impact_on_child,
        significance=significance,
        from_note=from_note,
        recorded_by=by,
    )
    _audit(by, basis, Action.CREATE, event, child, significance=significance)
    return event
