"""Conference steps: one transaction each, the access policy checked first, rules checked,
audit written inside the same transaction. A refused step raises ConferenceRefused with words a
practitioner understands, and nothing is saved.

Who does what:
- the social worker's side (anyone who may record the pathway and can see the child's record):
  requests and schedules the conference, invites, asks for reports, pulls reports into the map;
- the chair or the social worker's side (deciding_basis): records the children's views and each
  child's decision (which starts, continues or ends the plan, R12-R14, R6);
- the chair: postpones or cancels (with a reason), approves the record (R28);
- the chair, the minute taker or the social worker's side: records the meeting as it happens,
  sends the record to the chair, distributes it, chases reports;
- an invited professional: writes and submits their own agency's report (R38).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import (
    Capability,
    basis_for,
    can,
    conference_basis_for,
    live_conference_invitations,
)
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases import services as case_services
from safetymap.cases import timescales
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import ChildProtectionPlan, Episode
from safetymap.cases.pathway import next_review_due
from safetymap.conferences import hooks, lifecycle
from safetymap.conferences.codes import (
    AGENDA_KEYS,
    NO_RECOMMENDATION_TYPES,
    Attendance,
    ConferenceType,
    EmailKind,
    InviteeKind,
    Outcome,
    ReportStatus,
    RespondentType,
    Stage,
    ViewsKind,
)
from safetymap.conferences.errors import ConferenceRefused
from safetymap.conferences.models import (
    AgencyReport,
    ChildViews,
    Conference,
    ConferenceEmail,
    Decision,
    Invitation,
    ReportScale,
)
from safetymap.core import revisions
from safetymap.core.display import govuk_date
from safetymap.core.errors import refusal_of
from safetymap.mapping import services as map_services
from safetymap.mapping.codes import Category, MapContext, MapStatus
from safetymap.mapping.models import SoSMap
from safetymap.people.models import Child

REPORT_FIELDS = (
    "involvement",
    "past_harm",
    "future_danger",
    "complicating_factors",
    "working_well",
    "needs_to_happen",
    "child_views",
    "family_views",
    "recommendation",
    "shared_with_family_on",
    "not_shared_reason",
    "restricted_information",
)
RECORD_FIELDS = (
    "chair_met_family",
    "family_and_network",
    "brought_here",
    "parents_views",
    "understanding_checked",
    "core_group_members",
    "first_core_group_on",
    "next_review_on",
    "contingency",
)


# --- Who may do what --------------------------------------------------------------------------


def _audit(by: User, basis: str, action: str, subject: Any, conference: Conference, **details):
    record(
        actor=by,
        action=action,
        subject=subject,
        basis=basis,
        details={
            "child": conference.episode.child_id,
            "conference": conference.pk,
            **{k: str(v) for k, v in details.items()},
        },
    )


def _social_work(by: User, conference: Conference) -> str:
    """The social worker's side: may record the pathway and can see the child's whole record."""
    if not can(by, Capability.RECORD_PATHWAY):
        raise ConferenceRefused(
            "Only children's social care practitioners and managers with access to the child's "
            "record can do this."
        )
    basis = basis_for(by, conference.episode.child_id)
    if basis is None:
        raise ConferenceRefused("You do not have access to this child's record.")
    return basis


def deciding_basis(by: User, conference: Conference) -> str:
    """Who records each child's views and the conference's decision: the conference's chair
    (on their conference-materials-only basis), or the social worker's side. Anyone else is
    refused with the reason."""
    if conference.chair_id is not None and conference.chair_id == by.pk:
        basis = conference_basis_for(by, conference)
        if basis is not None:
            return basis
    if can(by, Capability.RECORD_PATHWAY) and basis_for(by, conference.episode.child_id):
        return _social_work(by, conference)
    raise ConferenceRefused(
        "Only the conference's chair, or children's social care with the child's record, can "
        "record the children's views and the conference's decisions."
    )


def _runs_meeting(by: User, conference: Conference) -> str:
    """The chair, the minute taker, or the social worker's side."""
    basis = conference_basis_for(by, conference)
    if basis is None:
        raise ConferenceRefused("You do not have access to this conference.")
    if by.pk in {conference.chair_id, conference.minute_taker_id}:
        return basis
    return _social_work(by, conference)


def _chair(by: User, conference: Conference, what: str) -> str:
    basis = conference_basis_for(by, conference)
    if basis is None or conference.chair_id != by.pk:
        raise ConferenceRefused(f"Only the conference's chair can {what}.")
    return basis


def _move(conference: Conference, target: str) -> str:
    """The stage to move to, if the lifecycle allows it (set it just before saving, so that a
    later refusal leaves the conference as it was). Locks the conference first."""
    revisions.hold(conference)
    problem = lifecycle.refusal(conference.stage, target)
    if problem:
        raise ConferenceRefused(problem)
    return target


def _queue_emails(emails: list[ConferenceEmail]) -> None:
    if not emails:
        return
    from safetymap.conferences.tasks import send_conference_emails

    ids = [email.pk for email in emails]
    transaction.on_commit(lambda: send_conference_emails.enqueue(email_ids=ids))


def _email(conference: Conference, invitations: Iterable[Invitation], kind: str) -> None:
    _queue_emails(
        [
            ConferenceEmail.objects.create(conference=conference, invitation=invitation, kind=kind)
            for invitation in invitations
        ]
    )


# --- Requesting and scheduling --------------------------------------------------------------


def household_choices(episode: Episode, *, for_user: User) -> list[Child]:
    """The children a conference on this episode may be about: the child and their brothers
    and sisters in the household (R10), never one whose record is restricted from this person
    (offering them would show their name; see ``access.policy.restricted_children``)."""
    household = case_services.household_children(episode.child, for_user=for_user)
    return [episode.child, *sorted(household - {episode.child}, key=str)]


@transaction.atomic
def request_conference(
    *,
    by: User,
    episode: Episode,
    conference_type: str,
    reason: str,
    children: Iterable[Child] = (),
) -> Conference:
    """Ask for a conference about the episode's child and the brothers and sisters chosen."""
    if not can(by, Capability.RECORD_PATHWAY):
        raise ConferenceRefused("Only children's social care can request a conference.")
    basis = basis_for(by, episode.child_id)
    if basis is None:
        raise ConferenceRefused("You do not have access to this child's record.")
    if why := case_services.episode_closed(episode):
        raise ConferenceRefused(why)
    if not reason.strip():
        raise ConferenceRefused("Say why the conference is needed", "reason")
    chosen = set(children) | {episode.child}
    outside = chosen - set(household_choices(episode, for_user=by))
    if outside:
        raise ConferenceRefused(
            "A conference can only be about this child and the children in their household",
            "children",
        )
    if conference_type == ConferenceType.PRE_BIRTH and episode.child.date_of_birth is not None:
        raise ConferenceRefused(
            "A pre-birth conference is for a child who is not yet born", "conference_type"
        )
    conference = Conference.objects.create(
        episode=episode,
        conference_type=conference_type,
        request_reason=reason,
        requested_by=by,
    )
    conference.children.set(chosen)
    conference.due_on = due_date(conference)
    conference.save(update_fields=["due_on"])
    _audit(by, basis, Action.CREATE, conference, conference, type=conference_type)
    return conference


def due_date(conference: Conference) -> datetime.date | None:
    """When the conference must be held by: R3 for an initial (and pre-birth) conference, from
    the section 47 enquiry; R4 for a transfer-in, from when this council was told; R6 for a
    review, from the child's plan. None where the pathway has not set a clock."""
    episode = conference.episode
    if conference.conference_type in (ConferenceType.INITIAL, ConferenceType.PRE_BIRTH):
        enquiry = episode.enquiries.order_by("-started_on").first()
        return enquiry.initial_conference_due if enquiry else None
    if conference.conference_type == ConferenceType.TRANSFER_IN:
        transfer = episode.transfers_in.filter(conference_held_on__isnull=True).first()
        return transfer.conference_due if transfer else None
    plan = open_plan_for(episode.child)
    return next_review_due(plan) if plan else None


def open_plan_for(child: Child) -> ChildProtectionPlan | None:
    return ChildProtectionPlan.objects.filter(episode__child=child, ended_on__isnull=True).first()


def _check_chair(conference: Conference, chair: User | None) -> None:
    """R13: an independent conference chair: not the allocated worker or their team manager."""
    if chair is None:
        raise ConferenceRefused("Choose the conference chair", "chair")
    current = conference.episode.allocations.filter(ended_on__isnull=True).select_related("team")
    involved = {a.worker_id for a in current} | {a.team.manager_id for a in current}
    if chair.pk in involved or not chair.has_role(Role.CONFERENCE_CHAIR):
        raise ConferenceRefused(
            "The chair must be an independent conference chair: not the allocated worker or "
            "their team manager",
            "chair",
        )


@transaction.atomic
def schedule(
    *,
    by: User,
    conference: Conference,
    scheduled_on: datetime.date,
    chair: User | None,
    starts_at: datetime.time | None = None,
    venue: str = "",
    minute_taker: User | None = None,
    late_reason: str = "",
) -> Conference:
    """Give the conference a date and a chair. A date after it is due needs a reason (R3, R4,
    R6); a postponed conference is scheduled again the same way."""
    basis = _social_work(by, conference)
    rescheduling = conference.stage == Stage.POSTPONED
    stage = _move(conference, Stage.SCHEDULED)
    if scheduled_on < timezone.localdate():
        raise ConferenceRefused("The date must be today or in the future", "scheduled_on")
    _check_chair(conference, chair)
    # The minute taker opens the conference's materials (policy.conference_basis_for): only
    # business support, as the form offers, and never anyone the form would not.
    if minute_taker is not None and not (
        minute_taker.is_active and minute_taker.has_role(Role.BUSINESS_SUPPORT)
    ):
        raise ConferenceRefused(
            "The minute taker must be someone in business support", "minute_taker"
        )
    conference.due_on = due_date(conference)
    if conference.due_on and scheduled_on > conference.due_on and not late_reason.strip():
        raise ConferenceRefused(
            f"The conference is due by {govuk_date(conference.due_on)}. Say why it will be "
            "held later",
            "late_reason",
        )
    conference.scheduled_on, conference.starts_at, conference.venue = scheduled_on, starts_at, venue
    conference.chair, conference.minute_taker = chair, minute_taker
    conference.late_reason = late_reason.strip()
    if rescheduling and conference.invitations.exists():
        stage = Stage.INVITATIONS_SENT
        conference.stop_reason = ""
        _email(conference, conference.invitations.all(), EmailKind.INVITATION)
    conference.stage = stage
    conference.save()
    _audit(by, basis, Action.UPDATE, conference, conference, scheduled_on=scheduled_on)
    return conference


def may_stop(by: User, conference: Conference) -> str | None:
    """Why this person cannot postpone or cancel the conference now, or None."""

    def check() -> None:
        _chair(by, conference, "postpone or cancel it")
        # A postponed conference cannot be postponed again but can still be cancelled.
        problems = [
            lifecycle.refusal(conference.stage, s) for s in (Stage.POSTPONED, Stage.CANCELLED)
        ]
        if all(problems):
            raise ConferenceRefused(problems[-1])

    return refusal_of(check)


@transaction.atomic
def stop(*, by: User, conference: Conference, cancel: bool, reason: str) -> Conference:
    """The chair postpones or cancels the conference, with the reason; everyone invited is told."""
    basis = _chair(by, conference, "postpone or cancel it")
    stage = _move(conference, Stage.CANCELLED if cancel else Stage.POSTPONED)
    if not reason.strip():
        raise ConferenceRefused(
            f"Say why the conference is {'cancelled' if cancel else 'postponed'}", "reason"
        )
    conference.stop_reason, conference.stopped_by = reason.strip(), by
    conference.stage = stage
    conference.save()
    _email(
        conference,
        conference.invitations.all(),
        EmailKind.CANCELLED if cancel else EmailKind.POSTPONED,
    )
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    return conference


# --- Invitations ------------------------------------------------------------------------------


def _inviting(by: User, conference: Conference) -> str:
    basis = _runs_meeting(by, conference)
    if conference.stage not in (Stage.SCHEDULED, Stage.INVITATIONS_SENT, Stage.REPORTS_DUE):
        raise ConferenceRefused(
            "Invitations can be sent once the conference has a date, and until it is held."
        )
    return basis


def may_invite(by: User, conference: Conference) -> str | None:
    """Why this person cannot invite anyone to this conference now, or None."""
    return refusal_of(lambda: _inviting(by, conference))


def report_due_on(conference: Conference) -> datetime.date:
    """R7: agency reports reach the chair this many working days before the conference."""
    return timescales.report_to_chair_due(
        conference.scheduled_on,
        initial=conference.is_initial,
        local=timescales.local_timescales(),
    )


def family_sharing_due_on(conference: Conference) -> datetime.date:
    """R7: agency reports are shared with the family this many working days before."""
    return timescales.report_to_family_due(
        conference.scheduled_on,
        initial=conference.is_initial,
        local=timescales.local_timescales(),
    )


@transaction.atomic
def invite_professional(
    *, by: User, conference: Conference, person: User, role: str = "", report_requested: bool
) -> Invitation:
    """Invite someone with an account (a partner agency's practitioner, or the council's own).
    While the invitation is live they may open this conference's materials and nothing else of
    the child's record (access.policy.conference_basis_for)."""
    basis = _inviting(by, conference)
    if not person.is_active or not can(person, Capability.USE_CASE_WORK):
        raise ConferenceRefused("That person's account cannot take part in case work", "person")
    if conference.invitations.filter(user=person).exists():
        raise ConferenceRefused(f"{person.full_name} is already invited", "person")
    invitation = Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        user=person,
        organisation=person.organisation,
        name=person.full_name,
        role=role,
        email=person.email,
        respondent_type=RespondentType.PROFESSIONAL,
        report_requested=report_requested,
        invited_by=by,
    )
    if conference.stage == Stage.SCHEDULED:
        stage = _move(conference, Stage.INVITATIONS_SENT)
        conference.stage = stage
        conference.save(update_fields=["stage"])
    _email(conference, [invitation], EmailKind.INVITATION)
    _audit(by, basis, Action.CREATE, invitation, conference, invited=person.pk)
    return invitation


@transaction.atomic
def invite_family_member(
    *,
    by: User,
    conference: Conference,
    name: str,
    relationship: str,
    respondent_type: str,
    email: str = "",
) -> Invitation:
    """Invite a family member, who has no account: name, relationship, an email if they gave
    one (the invitation is otherwise given by hand or by post)."""
    basis = _inviting(by, conference)
    problems = []
    if not name.strip():
        problems.append(("Enter their name", "name"))
    if not relationship.strip():
        problems.append(("Say how they are related to the children", "relationship"))
    if respondent_type == RespondentType.PROFESSIONAL:
        problems.append(("Choose parent or carer, or child or young person", "respondent_type"))
    if problems:
        raise ConferenceRefused.several(problems)
    invitation = Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.FAMILY,
        name=name.strip(),
        relationship=relationship.strip(),
        email=email.strip(),
        respondent_type=respondent_type,
        invited_by=by,
    )
    if conference.stage == Stage.SCHEDULED:
        stage = _move(conference, Stage.INVITATIONS_SENT)
        conference.stage = stage
        conference.save(update_fields=["stage"])
    if invitation.email:
        _email(conference, [invitation], EmailKind.INVITATION)
    _audit(by, basis, Action.CREATE, invitation, conference, family=True)
    return invitation


def _outstanding(conference: Conference) -> list[Invitation]:
    submitted = AgencyReport.objects.filter(
        conference=conference, status=ReportStatus.SUBMITTED
    ).values("invitation")
    return list(
        conference.invitations.filter(report_requested=True, user__isnull=False).exclude(
            pk__in=submitted
        )
    )


@transaction.atomic
def ask_for_reports(*, by: User, conference: Conference) -> list[Invitation]:
    """Reports are now due: each agency asked for one is emailed the date (R7)."""
    basis = _runs_meeting(by, conference)
    stage = _move(conference, Stage.REPORTS_DUE)
    outstanding = _outstanding(conference)
    if not outstanding:
        raise ConferenceRefused(
            "No one invited has been asked for a report. Invite the agencies first."
        )
    conference.stage = stage
    conference.save(update_fields=["stage"])
    _email(conference, outstanding, EmailKind.REPORT_REQUEST)
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    return outstanding


@transaction.atomic
def chase_reports(*, by: User, conference: Conference) -> list[Invitation]:
    """The chair or the social worker reminds each agency that has not yet reported."""
    basis = _runs_meeting(by, conference)
    if not lifecycle.takes_reports(conference.stage):
        raise ConferenceRefused("Reports are no longer taken for this conference.")
    outstanding = _outstanding(conference)
    if not outstanding:
        raise ConferenceRefused("Every agency asked for a report has sent it.")
    _email(conference, outstanding, EmailKind.REPORT_REMINDER)
    _audit(by, basis, Action.UPDATE, conference, conference, chased=len(outstanding))
    return outstanding


# --- Agency reports ---------------------------------------------------------------------------


def _own_invitation(by: User, conference: Conference) -> tuple[Invitation, str]:
    invitation = live_conference_invitations(by).filter(conference=conference).first()
    basis = conference_basis_for(by, conference)
    if invitation is None or basis is None:
        if conference.stage in (Stage.DISTRIBUTED, Stage.CANCELLED):
            raise ConferenceRefused(
                "The conference record has been distributed: reports can no longer be written "
                "or submitted."
                if conference.stage == Stage.DISTRIBUTED
                else "This conference was cancelled."
            )
        raise ConferenceRefused("Only someone invited to the conference can write its report.")
    return invitation, basis


def recommendation_allowed(report: AgencyReport) -> bool:
    """§6.1 item 10: configurable per agency type (codes.NO_RECOMMENDATION_TYPES)."""
    return report.organisation.organisation_type not in NO_RECOMMENDATION_TYPES


def report_for(by: User, conference: Conference) -> AgencyReport:
    """This person's agency report for the conference, started if it is not yet (no audit: an
    empty draft holds nothing; saving it is audited)."""
    invitation, _ = _own_invitation(by, conference)
    if not lifecycle.takes_reports(conference.stage):
        raise ConferenceRefused("Reports are not taken for this conference now.")
    report = AgencyReport.objects.filter(invitation=invitation).first()
    if report is None:
        if invitation.organisation is None:
            raise ConferenceRefused("Your account has no agency, so you cannot write a report.")
        report = AgencyReport.objects.create(
            conference=conference,
            invitation=invitation,
            organisation=invitation.organisation,
            author=by,
            due_on=report_due_on(conference),
        )
    return report


@transaction.atomic
def save_report(
    *,
    by: User,
    report: AgencyReport,
    scales: dict[int, tuple[int | None, str]],
    submit: bool = False,
    **fields: Any,
) -> AgencyReport:
    """Save an agency's report (§6.1), and submit it when asked. R38: a report is shared with
    the family unless a reason not to was agreed with the chair; submitting needs the date it
    was shared or that reason. After the record is distributed nothing changes."""
    conference = report.conference
    invitation, basis = _own_invitation(by, conference)
    if invitation.pk != report.invitation_id:
        raise ConferenceRefused("You can only change your own agency's report.")
    if not lifecycle.takes_reports(conference.stage):
        raise ConferenceRefused("Reports are not taken for this conference now.")
    if report.is_submitted:
        raise ConferenceRefused("This report has been submitted and can no longer be changed.")
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not report fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(report, name, value if value is not None or name.endswith("_on") else "")
    problems: list[tuple[str, str | None]] = []
    if report.recommendation and not recommendation_allowed(report):
        problems.append(("Your agency's reports do not give a recommendation", "recommendation"))
    if report.shared_with_family_on and report.not_shared_reason.strip():
        problems.append(
            ("Give the date it was shared, or the reason it was not, not both", "not_shared_reason")
        )
    if report.shared_with_family_on and report.shared_with_family_on > timezone.localdate():
        problems.append(("The date shared must be today or in the past", "shared_with_family_on"))
    children = list(conference.children.all())
    for child in children:
        value, reason = scales.get(child.pk, (None, ""))
        if value is not None and not 0 <= value <= 10:
            problems.append(
                (f"The scale for {child.first_name} must be 0 to 10", f"scale_{child.pk}")
            )
        if value is not None and not reason.strip():
            problems.append(
                (f"Say why you scaled {child.first_name} at {value}", f"reason_{child.pk}")
            )
    if submit:
        for name, message in (
            ("involvement", "Summarise your agency's involvement"),
            ("past_harm", "Say what you are worried about: the harm that has happened"),
            ("future_danger", "Say what you worry could happen if nothing changes"),
            ("working_well", "Say what is working well"),
            ("needs_to_happen", "Say what needs to happen"),
        ):
            if not getattr(report, name).strip():
                problems.append((message, name))
        for child in children:
            if scales.get(child.pk, (None, ""))[0] is None:
                problems.append(
                    (
                        f"Scale {child.first_name} from 0 to 10, with your reason",
                        f"scale_{child.pk}",
                    )
                )
        if not report.shared_with_family_on and not report.not_shared_reason.strip():
            problems.append(  # R38
                (
                    "Give the date you shared the report with the family, or the reason agreed "
                    "with the chair for not sharing it",
                    "shared_with_family_on",
                )
            )
    if problems:
        raise ConferenceRefused.several(problems)
    if submit:
        report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
    report.save()
    report.scales.all().delete()
    ReportScale.objects.bulk_create(
        ReportScale(report=report, child=child, value=value, reason=reason.strip())
        for child in children
        for value, reason in [scales.get(child.pk, (None, ""))]
        if value is not None
    )
    _audit(by, basis, Action.UPDATE, report, conference, submitted=submit, late=report.is_late)
    return report


@transaction.atomic
def start_conference_map(*, by: User, conference: Conference) -> SoSMap:
    """The conference's draft map: the episode's map in progress if there is one, otherwise a
    new version (mapping.services.start_map) about the conference's children. Live editing is
    the map page's own."""
    _social_work(by, conference)
    if conference.sos_map_id:
        return conference.sos_map
    sos_map = conference.episode.maps.exclude(status=MapStatus.FINAL).first()
    if sos_map is None:
        sos_map = map_services.start_map(
            by=by,
            episode=conference.episode,
            context=MapContext.ICPC if conference.is_initial else MapContext.RCPC,
            held_on=timezone.localdate(),
            children=conference.children.all(),
        )
    conference.sos_map = sos_map
    conference.save(update_fields=["sos_map"])
    return sos_map


PULLED = (
    ("past_harm", Category.PAST_HARM),
    ("complicating_factors", Category.COMPLICATING_FACTOR),
    ("working_well", Category.EXISTING_STRENGTH),
)


@transaction.atomic
def pull_report_into_map(*, by: User, report: AgencyReport) -> int:
    """Put a submitted report's worries and strengths on the conference's draft map, with the
    agency named as their source (mapping.services.add_item checks and audits each)."""
    conference = report.conference
    basis = _social_work(by, conference)
    if not report.is_submitted:
        raise ConferenceRefused("Only a submitted report can be added to the map.")
    if report.pulled_into_map_at:
        raise ConferenceRefused("This report is already on the map.")
    sos_map = start_conference_map(by=by, conference=conference)
    if sos_map.status != MapStatus.DRAFT:
        raise ConferenceRefused(
            "The conference's map is final, so nothing more can be added to it. Start a new "
            "version of the map to add this report."
        )
    children = list(conference.children.all())
    added = 0
    for field, category in PULLED:
        text = getattr(report, field).strip()
        if text:
            map_services.add_item(
                by=by,
                sos_map=sos_map,
                category=category,
                text=text,
                source=report.organisation.name,
                children=children if len(children) > 1 else (),
            )
            added += 1
    report.pulled_into_map_at = timezone.now()
    report.save(update_fields=["pulled_into_map_at"])
    _audit(by, basis, Action.UPDATE, report, conference, pulled_into_map=added)
    return added


# --- The live record --------------------------------------------------------------------------


def may_record_held(by: User, conference: Conference) -> str | None:
    """Why this person cannot record the conference as held now, or None."""

    def check() -> None:
        _runs_meeting(by, conference)
        if problem := lifecycle.refusal(conference.stage, Stage.HELD):
            raise ConferenceRefused(problem)

    return refusal_of(check)


@transaction.atomic
def record_held(
    *, by: User, conference: Conference, held_on: datetime.date, late_reason: str = ""
) -> Conference:
    """The conference has met. Held after it was due needs the reason (R3, R4, R6)."""
    basis = _runs_meeting(by, conference)
    stage = _move(conference, Stage.HELD)
    if held_on > timezone.localdate():
        raise ConferenceRefused("The date must be today or in the past", "held_on")
    reason = late_reason.strip() or conference.late_reason
    if conference.due_on and held_on > conference.due_on and not reason:
        raise ConferenceRefused(
            f"The conference was due by {govuk_date(conference.due_on)}. Say why it was held later",
            "late_reason",
        )
    conference.held_on, conference.late_reason = held_on, reason
    conference.stage = stage
    conference.save()
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    return conference


RECORD_CLOSED = "The record can be changed only between the meeting and sending it to the chair."


def may_change_record(by: User, conference: Conference) -> str | None:
    """Why this person cannot change the conference record now, or None if they can: the
    question its pages ask before showing a form, and every change to the record asks again."""
    return refusal_of(lambda: _editing_record(by, conference))


def _editing_record(by: User, conference: Conference) -> str:
    basis = _runs_meeting(by, conference)
    revisions.hold(conference)
    if conference.stage != Stage.HELD:
        raise ConferenceRefused(RECORD_CLOSED)
    return basis


@transaction.atomic
def update_record(*, by: User, conference: Conference, **fields: Any) -> Conference:
    """The parts of the record written as the meeting goes (Appendix A)."""
    basis = _editing_record(by, conference)
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not record fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(conference, name, value)
    held = conference.held_on
    if conference.first_core_group_on and held:
        due = timescales.first_core_group_due(held)
        if not held <= conference.first_core_group_on <= due:  # R5
            raise ConferenceRefused(
                f"The first core group must be within 10 working days: by {govuk_date(due)}",
                "first_core_group_on",
            )
    conference.save()
    _audit(by, basis, Action.UPDATE, conference, conference, fields=",".join(sorted(fields)))
    return conference


@transaction.atomic
def record_attendance(
    *,
    by: User,
    invitation: Invitation,
    attendance: str,
    excluded_from: Iterable[str] = (),
    exclusion_reason: str = "",
) -> Invitation:
    """Who came. Someone excluded from part of the meeting has the parts named, and the reason
    (the chair decides); the record they receive leaves those parts out (R40)."""
    conference = invitation.conference
    basis = _editing_record(by, conference)
    parts = [key for key in AGENDA_KEYS if key in set(excluded_from)]
    if attendance == Attendance.EXCLUDED_PART:
        problems = []
        if not parts:
            problems.append(("Choose the parts they were excluded from", "excluded_from"))
        if not exclusion_reason.strip():
            problems.append(("Give the chair's reason for the exclusion", "exclusion_reason"))
        if problems:
            raise ConferenceRefused.several(problems)
    else:
        parts, exclusion_reason = [], ""
    invitation.attendance = attendance
    invitation.excluded_from, invitation.exclusion_reason = parts, exclusion_reason.strip()
    invitation.save()
    _audit(by, basis, Action.UPDATE, invitation, conference, attendance=attendance)
    return invitation


def _views_open(by: User, conference: Conference) -> str:
    basis = deciding_basis(by, conference)
    if conference.stage not in (
        Stage.INVITATIONS_SENT,
        Stage.REPORTS_DUE,
        Stage.HELD,
        Stage.SCHEDULED,
    ):
        raise ConferenceRefused("The children's views can be added until the record is sent.")
    return basis


def may_record_child_views(by: User, conference: Conference) -> str | None:
    """Why this person cannot record a child's views for the conference now, or None."""
    return refusal_of(lambda: _views_open(by, conference))


def may_record_decision(by: User, conference: Conference) -> str | None:
    """Why this person cannot record a decision of the conference now, or None."""

    def check() -> None:
        deciding_basis(by, conference)
        if conference.stage != Stage.HELD:
            raise ConferenceRefused(RECORD_CLOSED)

    return refusal_of(check)


@transaction.atomic
def record_child_views(
    *,
    by: User,
    conference: Conference,
    child: Child,
    kind: str,
    text: str = "",
    voice_record_id: int | None = None,
) -> ChildViews:
    """R28: the child's views for the conference: a record of their voice they agreed the
    conference may see (voice.selectors.shared_for with CONFERENCE), a written note of their
    views, or, for a child too young to give them or unborn, observation notes."""
    from safetymap.voice.selectors import shared_for

    basis = _views_open(by, conference)
    if not conference.children.filter(pk=child.pk).exists():
        raise ConferenceRefused("That child is not a subject of this conference.")
    voice_record = None
    if kind == ViewsKind.VOICE_RECORD:
        if basis_for(by, child.pk) is None:  # the chair does not see the voice records
            raise ConferenceRefused(
                "Write the child's views, or ask the social worker to add the record of their "
                "voice",
                "kind",
            )
        shared = {r.pk: r for r in shared_for(by, child.pk, "CONFERENCE").records}
        voice_record = shared.get(voice_record_id or 0)
        if voice_record is None:
            raise ConferenceRefused(
                "Choose a record the child agreed the conference may see", "voice_record"
            )
    elif not text.strip():
        raise ConferenceRefused(
            "Write the child's views"
            if kind == ViewsKind.WRITTEN
            else "Write what was observed of the child",
            "text",
        )
    views, _ = ChildViews.objects.update_or_create(
        conference=conference,
        child=child,
        defaults={
            "kind": kind,
            "text": text.strip(),
            "voice_record": voice_record,
            "recorded_by": by,
        },
    )
    _audit(by, basis, Action.UPDATE, views, conference, views_for=child.pk, kind=kind)
    return views


def _episode_for(child: Child, conference: Conference) -> Episode:
    if child.pk == conference.episode.child_id:
        return conference.episode
    episode = Episode.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        raise ConferenceRefused(
            f"{child.full_name} has no open episode. Record a contact for them first."
        )
    return episode


def decision_warnings(conference: Conference) -> list[str]:
    """What the meeting went ahead without: agency reports asked for and not in, and nobody's
    scale on the conference's map. They do not stop a decision; each decision records them."""
    warnings = [
        f"No report from {invitation.name}"
        + (f" ({invitation.organisation})" if invitation.organisation_id else "")
        for invitation in _outstanding(conference)
    ]
    if conference.sos_map_id is None or not conference.sos_map.ratings.exists():
        warnings.append("Nobody's scale was recorded at the meeting")
    return warnings


def _next_review(by: User, basis: str, conference: Conference, child: Child) -> Conference:
    """The plan goes on: the next review conference is requested (R6 sets its due date), about
    every child whose plan this conference started or continued."""
    upcoming = (
        Conference.objects.filter(
            episode=conference.episode,
            conference_type=ConferenceType.REVIEW,
            stage__in=(Stage.REQUESTED, Stage.SCHEDULED, Stage.INVITATIONS_SENT, Stage.REPORTS_DUE),
        )
        .exclude(pk=conference.pk)
        .first()
    )
    if upcoming is None:
        upcoming = Conference.objects.create(
            episode=conference.episode,
            conference_type=ConferenceType.REVIEW,
            request_reason=(
                f"To review the child protection plan, as decided at the conference "
                f"{conference.reference} on {govuk_date(conference.held_on)}"
            ),
            requested_by=by,
        )
        _audit(by, basis, Action.CREATE, upcoming, upcoming, type=ConferenceType.REVIEW)
    upcoming.children.add(child)
    upcoming.due_on = due_date(upcoming)
    upcoming.save(update_fields=["due_on"])
    return upcoming


def _child_in_need_plan(by: User, conference: Conference, episode: Episode) -> None:
    """The child in need plan the decision asks for (its first review falls due at the R7
    interval). One already running carries on."""
    if episode.cin_plans.filter(ended_on__isnull=True).exists():
        return
    case_services.start_cin_plan(
        by=by, episode=episode, started_on=conference.held_on, conference=conference
    )


@transaction.atomic
def record_decision(
    *,
    by: User,
    conference: Conference,
    child: Child,
    outcome: str,
    reason: str,
    agency_views: str = "",
    plan: dict[str, Any] | None = None,
) -> Decision:
    """The conference's decision for one child, recorded by the chair or the social work side.

    Initial and transfer-in conferences: a plan is started through cases.services.start_cp_plan
    (R12-R14, R3/R4 lateness). Review conferences: the plan continues (with its category changed
    if need be) or ends, through cases.services.record_review_conference (R6 lateness, R17).
    Each decision makes its next steps: a plan that starts or continues gets its next review
    conference requested; "a child in need plan" starts one. Reports not in and no scaling are
    recorded as warnings and do not block. Refused: nothing changes, the plan included."""
    basis = deciding_basis(by, conference)
    _editing_record(by, conference)
    if not conference.children.filter(pk=child.pk).exists():
        raise ConferenceRefused("That child is not a subject of this conference.")
    if conference.decisions.filter(child=child).exists():
        raise ConferenceRefused(f"The decision for {child.full_name} is already recorded.")
    if outcome not in Outcome.values:
        raise ConferenceRefused("Choose the decision", "outcome")
    review = conference.conference_type == ConferenceType.REVIEW
    if not reason.strip():
        if review:
            message = (
                "Say why the plan continues"
                if outcome == Outcome.CP_PLAN
                else "Say why the child no longer needs a child protection plan"
            )
        else:
            message = (
                "Say why the child needs a child protection plan"
                if outcome == Outcome.CP_PLAN
                else "Say why the child does not need a child protection plan"
            )
        raise ConferenceRefused(message, "reason")
    episode = _episode_for(child, conference)
    details = dict(plan or {})
    made = None
    try:
        if review:
            current = open_plan_for(child)
            if current is None:
                raise ConferenceRefused(f"{child.full_name} is not on a child protection plan.")
            case_services.record_review_conference(
                by=by,
                plan=current,
                held_on=conference.held_on,
                plan_continues=outcome == Outcome.CP_PLAN,
                latest_category=details.get("category") or current.latest_category,
                summary=reason.strip(),
                late_reason=conference.late_reason,
                exceptional_circumstances=details.get("exceptional_circumstances") or "",
                conference=conference,
            )
            made = current
        elif outcome == Outcome.CP_PLAN:
            if not details.get("category"):
                raise ConferenceRefused("Choose the category of abuse", "category")  # R12, R35
            made = case_services.start_cp_plan(
                by=by,
                episode=episode,
                started_on=conference.held_on,
                chair=conference.chair,
                threshold_rationale=reason.strip(),
                conference_late_reason=conference.late_reason,
                conference=conference,
                **{k: v for k, v in details.items() if k != "exceptional_circumstances"},
            )
        if outcome == Outcome.CP_PLAN:
            _next_review(by, basis, conference, child)
        elif outcome == Outcome.NO_PLAN_CIN:
            _child_in_need_plan(by, conference, episode)
    except PathwayRefused as refusal:
        raise ConferenceRefused.several(refusal.problems) from refusal
    warnings = decision_warnings(conference)
    decision = Decision.objects.create(
        conference=conference,
        child=child,
        outcome=outcome,
        reason=reason.strip(),
        agency_views=agency_views.strip(),
        plan=made,
        warnings="\n".join(warnings),
        recorded_by=by,
    )
    _audit(
        by,
        basis,
        Action.CREATE,
        decision,
        conference,
        child_decided=child.pk,
        outcome=outcome,
        warnings=len(warnings),
    )
    return decision


def approval_problems(conference: Conference) -> list[tuple[str, str | None]]:
    """What stops the chair approving the record: R28 (the child's views, or why not, for each
    child), a decision for each child, and who came."""
    problems: list[tuple[str, str | None]] = []
    with_views = set(conference.views.values_list("child_id", flat=True))
    decided = set(conference.decisions.values_list("child_id", flat=True))
    for child in conference.children.order_by("first_name"):
        if child.pk not in with_views:
            problems.append(  # R28
                (
                    f"Record {child.full_name}'s views, or why they could not give them "
                    "(observation notes for a baby or an unborn child)",
                    None,
                )
            )
        if child.pk not in decided:
            problems.append((f"Record the conference's decision for {child.full_name}", None))
    if conference.invitations.filter(attendance="").exists():
        problems.append(("Record who came, for everyone invited", None))
    return problems


@transaction.atomic
def send_record_to_chair(*, by: User, conference: Conference) -> Conference:
    basis = _runs_meeting(by, conference)
    stage = _move(conference, Stage.RECORD_DRAFTED)
    conference.stage = stage
    conference.save(update_fields=["stage"])
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    return conference


@transaction.atomic
def approve_record(*, by: User, conference: Conference) -> Conference:
    """The chair approves the record; refused while R28 or a decision is missing."""
    basis = _chair(by, conference, "approve the record")
    stage = _move(conference, Stage.CHAIR_APPROVED)
    problems = approval_problems(conference)
    if problems:
        raise ConferenceRefused.several(problems)
    conference.approved_by, conference.approved_at = by, timezone.now()
    conference.stage = stage
    conference.save()
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    return conference


@transaction.atomic
def distribute_record(*, by: User, conference: Conference) -> list[hooks.Respondent]:
    """Mark the approved record distributed to everyone invited (R40: each gets the version
    without the parts they were excluded from). Invitations stop opening the conference now.
    Returns the people to invite for feedback, and hands them to hooks.on_distributed."""
    basis = _runs_meeting(by, conference)
    stage = _move(conference, Stage.DISTRIBUTED)
    conference.distributed_at = timezone.now()
    conference.stage = stage
    conference.save()
    respondents = hooks.respondents(conference)
    _audit(by, basis, Action.UPDATE, conference, conference, stage=conference.stage)
    # In this transaction, so the links to hand over reach the page that distributed (the page
    # runs inside one transaction: core/submissions.py); the listeners' own emails go after it.
    hooks.conference_distributed(conference, respondents)
    return respondents
