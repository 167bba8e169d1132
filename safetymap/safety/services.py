"""Changes to safety networks and safety plans: one transaction each, access checked first,
rules R29–R32 kept, every change written to the audit trail in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from safetymap.access.policy import (
    AccessRefused,
    Capability,
    basis_for,
    require,
    without_restricted,
)
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Episode
from safetymap.core import revisions
from safetymap.core.workdays import add_working_days
from safetymap.mapping.models import DangerStatement, SafetyGoal, SoSMap
from safetymap.people.models import Child, Person, Relationship
from safetymap.safety import lifecycle
from safetymap.safety.codes import BREACHES, CheckKind, MemberStatus, PlanStatus
from safetymap.safety.errors import SafetyRefused
from safetymap.safety.models import (
    BottomLine,
    MeetingAttendance,
    NetworkMeeting,
    NetworkMember,
    PlanAgreement,
    PlanCheck,
    PlanRule,
    ReconveneTask,
    RedFlag,
    RuleCheck,
    SafetyNetwork,
    SafetyPlan,
    TrajectoryStep,
)

# Members who may be given a part in a plan.
AVAILABLE = (MemberStatus.PROSPECTIVE, MemberStatus.ACTIVE)


# --- Access and audit -----------------------------------------------------------------------


def _sight(by: User, episode: Episode) -> str:
    require(by, Capability.RECORD_PATHWAY)
    basis = basis_for(by, episode.child_id)
    if basis is None:
        raise SafetyRefused("You do not have access to this child's record.")
    if not episode.is_open:
        raise SafetyRefused("This episode is closed.")
    return basis


def _shared_plan_sight(by: User, plan: SafetyPlan) -> str:
    """Sight of the episode (open) and of every child the plan covers (selectors.plan_basis)."""
    from safetymap.safety.selectors import plan_basis

    _sight(by, plan.episode)
    try:
        return plan_basis(by, plan)
    except Http404:
        raise SafetyRefused("You do not have access to this child's record.") from None


def _plan_sight(by: User, plan: SafetyPlan, *, content: bool = False) -> str:
    """Access to change a plan; ``content``: its rules, bottom lines and red flags, which can
    change only before it is agreed (afterwards, revise it into a new version)."""
    basis = _shared_plan_sight(by, plan)
    revisions.hold(plan)
    if plan.stage in (lifecycle.Status.ENDED, lifecycle.Status.SUPERSEDED):
        raise SafetyRefused(lifecycle.why_not(plan.stage, plan.stage, lifecycle.PlanFacts())[0])
    if content and not plan.is_editable:
        raise SafetyRefused(
            "This plan has been agreed, so its rules cannot be changed. Start a revised "
            "version to change it."
        )
    return basis


def _audit(by: User, basis: str, action: str, subject: Any, episode: Episode, **details: Any):
    record(
        actor=by,
        action=action,
        subject=subject,
        basis=basis,
        details={"child": episode.child_id, **{k: str(v) for k, v in details.items()}},
    )


def _not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise SafetyRefused("The date must be today or in the past", field)


# --- The safety network ---------------------------------------------------------------------


def _network(by: User, episode: Episode, basis: str) -> SafetyNetwork:
    network = SafetyNetwork.objects.filter(episode=episode).first()
    if network is None:
        network = SafetyNetwork.objects.create(episode=episode, created_by=by)
        _audit(by, basis, Action.CREATE, network, episode)
    return network


def _check_informed(
    informed_on: datetime.date | None, informed_via: str, statements: Sequence[DangerStatement]
) -> None:
    """Informed means a date and a way (R29); never one without the other."""
    if informed_on is None and informed_via:
        raise SafetyRefused("Enter the date they were told", "informed_on")
    if informed_on is not None and not informed_via:
        raise SafetyRefused("Select how they were told", "informed_via")
    if statements and informed_on is None:
        raise SafetyRefused("Enter the date they saw the danger statements", "informed_on")
    _not_future(informed_on, "informed_on")


def _episode_statements(episode: Episode, statements: Iterable[DangerStatement]) -> list:
    statements = list(statements)
    if any(s.map.episode_id != episode.pk for s in statements):
        raise SafetyRefused("Those danger statements belong to another child's record.")
    return statements


MEMBER_FIELDS = (
    "relationship_to_family",
    "contact_details",
    "informed_on",
    "informed_via",
    "roles_agreed",
    "availability",
    "checks_required",
    "checks_done",
    "status",
    "member_from",
    "member_to",
)


@transaction.atomic
def add_member(
    *,
    by: User,
    episode: Episode,
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
    relationship_type: str = "",
    statements_seen: Sequence[DangerStatement] = (),
    **details: Any,
) -> NetworkMember:
    """Add someone to the episode's safety network: a person already in the child's family and
    network, or a new adult, recorded on the spot through the people services (which check the
    details, store their search keys and audit them)."""
    from safetymap.people.services import PeopleChangeRefused, add_relative

    basis = _sight(by, episode)
    if (person is None) == (new_person is None):
        raise SafetyRefused("Choose someone from the family and network, or add someone new.")
    fields = {k: v for k, v in details.items() if k in MEMBER_FIELDS}
    _check_informed(fields.get("informed_on"), fields.get("informed_via", ""), statements_seen)
    statements_seen = _episode_statements(episode, statements_seen)
    network = _network(by, episode, basis)
    if person is not None:
        known = Relationship.objects.filter(child=episode.child, person=person).exists()
        if not known:
            raise SafetyRefused(
                f"{person.full_name} is not in {episode.child.first_name}'s family and network."
            )
    else:
        if not relationship_type:
            raise SafetyRefused("Select how they know the family", "relationship_type")
        try:
            link = add_relative(
                by=by,
                child=episode.child,
                relationship={"relationship_type": relationship_type},
                new_person=new_person,
            )
        except (AccessRefused, PeopleChangeRefused) as refusal:
            raise SafetyRefused(str(refusal)) from refusal
        person = link.person
    if network.members.filter(person=person).exists():
        raise SafetyRefused(f"{person.full_name} is already in the safety network.")
    member = NetworkMember.objects.create(network=network, person=person, **fields)
    member.statements_seen.set(statements_seen)
    _audit(by, basis, Action.CREATE, member, episode, status=member.status)
    return member


@transaction.atomic
def change_member(
    *, by: User, member: NetworkMember, statements_seen: Sequence[DangerStatement] = (), **details
) -> NetworkMember:
    """Change what is recorded about a member: when and how they were told (R29), their roles,
    availability, checks, and whether they are prospective, active, stepped back or not
    approved."""
    episode = member.network.episode
    basis = _sight(by, episode)
    fields = {k: v for k, v in details.items() if k in MEMBER_FIELDS}
    _check_informed(fields.get("informed_on"), fields.get("informed_via", ""), statements_seen)
    statements_seen = _episode_statements(episode, statements_seen)
    if member.is_informed and fields.get("informed_on") is None:
        in_force = [p for p in _plans_naming(member) if p.is_in_force]
        if in_force:
            raise SafetyRefused(
                f"{member.name} has a part in an agreed safety plan, so they must stay recorded "
                "as informed (R29). Correct the date or the way instead.",
                "informed_on",
            )
    for name, value in fields.items():
        setattr(member, name, value)
    revisions.save_only(member, fields)
    member.statements_seen.set(statements_seen)
    _audit(by, basis, Action.UPDATE, member, episode, status=member.status)
    return member


@transaction.atomic
def record_network_meeting(
    *,
    by: User,
    episode: Episode,
    held_on: datetime.date,
    notes: str = "",
    attendance: dict[int, str] | None = None,
) -> NetworkMeeting:
    """A meeting of the safety network, with who came. It completes every open 'reconvene the
    network' task raised on or before the day it was held (R32)."""
    basis = _sight(by, episode)
    _not_future(held_on, "held_on")
    network = _network(by, episode, basis)
    meeting = NetworkMeeting.objects.create(
        network=network, held_on=held_on, notes=notes, recorded_by=by
    )
    members = {m.pk: m for m in network.members.all()}
    attendance = attendance or {}
    if set(attendance) - set(members):
        raise SafetyRefused("Someone in the attendance list is not in this safety network.")
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, member=members[pk], attendance=value)
        for pk, value in attendance.items()
        if value
    )
    done = ReconveneTask.objects.filter(
        plan__episode=episode, done_at_meeting__isnull=True, raised_on__lte=held_on
    ).update(done_at_meeting=meeting)
    _audit(by, basis, Action.CREATE, meeting, episode, tasks_done=done)
    return meeting


# --- The safety plan ------------------------------------------------------------------------


def latest_map(episode: Episode) -> SoSMap | None:
    """The map a new plan starts from: the latest final one, else the latest of any status."""
    maps = episode.maps.order_by("-held_on", "-version")
    return maps.filter(status="FINAL").first() or maps.first()


def plan_children_choices(episode: Episode, *, for_user: User):
    """The children a plan on this episode may cover: the child and the other children linked
    to them in their family and network, never one whose record is restricted from this
    person."""
    linked = Relationship.objects.filter(child=episode.child, other_child__isnull=False)
    return without_restricted(
        for_user,
        Child.objects.filter(
            Q(pk=episode.child_id) | Q(pk__in=linked.values("other_child")),
            merged_into__isnull=True,
        ),
    ).order_by("last_name", "first_name")


@transaction.atomic
def start_plan(
    *, by: User, episode: Episode, plan_type: str, children: Sequence[Child] = ()
) -> SafetyPlan:
    """A new safety plan for an episode, linked to the danger statements and safety goals of its
    latest map. One plan at a time is worked on: a second one is a revision of the first."""
    basis = _sight(by, episode)
    open_plans = episode.safety_plans.exclude(status__in=[PlanStatus.ENDED, PlanStatus.SUPERSEDED])
    if open_plans.exists():
        raise SafetyRefused(
            "This episode already has a safety plan. Revise it, or end it before starting another."
        )
    allowed = set(plan_children_choices(episode, for_user=by).values_list("pk", flat=True))
    chosen = list(children) or [episode.child]
    if any(c.pk not in allowed for c in chosen):
        raise SafetyRefused(
            "A plan can only cover this child and the children linked to them.", "children"
        )
    if episode.child not in chosen:
        chosen.append(episode.child)
    version = (episode.safety_plans.aggregate(v=Max("version"))["v"] or 0) + 1
    plan = SafetyPlan.objects.create(
        episode=episode, plan_type=plan_type, version=version, created_by=by
    )
    plan.children.set(chosen)
    source = latest_map(episode)
    if source is not None:
        plan.danger_statements.set(source.danger_statements.all())
        plan.safety_goals.set(source.safety_goals.all())
    _audit(by, basis, Action.CREATE, plan, episode, version=version, plan_type=plan_type)
    return plan


@transaction.atomic
def change_plan_details(
    *,
    by: User,
    plan: SafetyPlan,
    danger_statements: Sequence[DangerStatement],
    safety_goals: Sequence[SafetyGoal],
    contingency: str = "",
    children_version: str = "",
    review_due: datetime.date | None = None,
) -> SafetyPlan:
    basis = _plan_sight(by, plan, content=True)
    statements = _episode_statements(plan.episode, danger_statements)
    if any(g.map.episode_id != plan.episode_id for g in safety_goals):
        raise SafetyRefused("Those safety goals belong to another child's record.")
    plan.contingency = contingency
    plan.children_version = children_version
    plan.review_due = review_due
    plan.save(update_fields=["contingency", "children_version", "review_due"])
    plan.danger_statements.set(statements)
    plan.safety_goals.set(safety_goals)
    _audit(by, basis, Action.UPDATE, plan, plan.episode)
    return plan


def _network_members(plan: SafetyPlan, members: Sequence[NetworkMember], field: str) -> list:
    members = list(members)
    if any(m.network.episode_id != plan.episode_id for m in members):
        raise SafetyRefused("Choose people from this safety network.", field)
    gone = [m.name for m in members if m.status not in AVAILABLE]
    if gone:
        raise SafetyRefused(
            f"{', '.join(gone)} cannot be given a part: they have stepped back or were not "
            "approved.",
            field,
        )
    return members


def _check_rule(
    plan: SafetyPlan,
    statements: Sequence[DangerStatement],
    responsible_members: Sequence[NetworkMember],
    responsible_others: str,
    monitoring_members: Sequence[NetworkMember],
    monitored_by_others: str,
    if_broken: str,
) -> None:
    """R30: about a danger statement of the plan; who is responsible; who checks; what then."""
    problems = []
    linked = set(plan.danger_statements.values_list("pk", flat=True))
    if not list(statements):
        problems.append(("Select the danger statement this rule is about", "danger_statements"))
    elif any(s.pk not in linked for s in statements):
        problems.append(("Choose danger statements this plan is about", "danger_statements"))
    if not list(responsible_members) and not responsible_others.strip():
        problems.append(("Say who is responsible for this rule", "responsible_members"))
    if not list(monitoring_members) and not monitored_by_others.strip():
        problems.append(("Say who will check this rule is kept", "monitoring_members"))
    if not if_broken.strip():
        problems.append(("Say what happens if this rule is broken", "if_broken"))
    if problems:
        raise SafetyRefused.several(problems)


@transaction.atomic
def add_rule(
    *,
    by: User,
    plan: SafetyPlan,
    text: str,
    danger_statements: Sequence[DangerStatement],
    if_broken: str,
    responsible_members: Sequence[NetworkMember] = (),
    responsible_others: str = "",
    monitoring_members: Sequence[NetworkMember] = (),
    monitored_by_others: str = "",
    when: str = "",
) -> PlanRule:
    """R30: a rule in the family's words, about at least one danger statement, naming who is
    responsible and who checks, when, and what happens if it is broken."""
    basis = _plan_sight(by, plan, content=True)
    statements = list(danger_statements)
    _check_rule(
        plan,
        statements,
        responsible_members,
        responsible_others,
        monitoring_members,
        monitored_by_others,
        if_broken,
    )
    responsible = _network_members(plan, responsible_members, "responsible_members")
    monitors = _network_members(plan, monitoring_members, "monitoring_members")
    number = (plan.rules.aggregate(n=Max("number"))["n"] or 0) + 1
    rule = PlanRule.objects.create(
        plan=plan,
        number=number,
        text=text,
        responsible_others=responsible_others,
        monitored_by_others=monitored_by_others,
        when=when,
        if_broken=if_broken,
    )
    rule.danger_statements.set(statements)
    rule.responsible_members.set(responsible)
    rule.monitoring_members.set(monitors)
    _audit(by, basis, Action.CREATE, rule, plan.episode, plan=plan.pk, number=number)
    return rule


@transaction.atomic
def change_rule(
    *,
    by: User,
    rule: PlanRule,
    text: str,
    danger_statements: Sequence[DangerStatement],
    if_broken: str,
    responsible_members: Sequence[NetworkMember] = (),
    responsible_others: str = "",
    monitoring_members: Sequence[NetworkMember] = (),
    monitored_by_others: str = "",
    when: str = "",
) -> PlanRule:
    """Change a rule's words or people while the plan is still a draft (R30 checked again)."""
    plan = rule.plan
    basis = _plan_sight(by, plan, content=True)
    _check_rule(
        plan,
        danger_statements,
        responsible_members,
        responsible_others,
        monitoring_members,
        monitored_by_others,
        if_broken,
    )
    responsible = _network_members(plan, responsible_members, "responsible_members")
    monitors = _network_members(plan, monitoring_members, "monitoring_members")
    rule.text, rule.if_broken, rule.when = text, if_broken, when
    rule.responsible_others, rule.monitored_by_others = responsible_others, monitored_by_others
    revisions.save_only(
        rule, ["text", "if_broken", "when", "responsible_others", "monitored_by_others"]
    )
    rule.danger_statements.set(danger_statements)
    rule.responsible_members.set(responsible)
    rule.monitoring_members.set(monitors)
    _audit(by, basis, Action.UPDATE, rule, plan.episode, plan=plan.pk, number=rule.number)
    return rule


@transaction.atomic
def add_bottom_line(*, by: User, plan: SafetyPlan, text: str) -> BottomLine:
    basis = _plan_sight(by, plan, content=True)
    line = BottomLine.objects.create(plan=plan, text=text, set_by=by)
    _audit(by, basis, Action.CREATE, line, plan.episode, plan=plan.pk)
    return line


@transaction.atomic
def address_bottom_line(
    *, by: User, line: BottomLine, addressed: bool, how_addressed: str = ""
) -> BottomLine:
    """Mark a bottom line as addressed by the plan (or not yet), saying how (R31)."""
    basis = _plan_sight(by, line.plan, content=True)
    if addressed and not how_addressed.strip():
        raise SafetyRefused("Say how the plan addresses this bottom line", "how_addressed")
    line.addressed = addressed
    line.how_addressed = how_addressed
    line.save(update_fields=["addressed", "how_addressed"])
    _audit(by, basis, Action.UPDATE, line, line.plan.episode, addressed=addressed)
    return line


@transaction.atomic
def add_red_flag(
    *,
    by: User,
    plan: SafetyPlan,
    sign: str,
    response: str,
    watching_members: Sequence[NetworkMember] = (),
    watched_by_others: str = "",
) -> RedFlag:
    basis = _plan_sight(by, plan, content=True)
    if not list(watching_members) and not watched_by_others.strip():
        raise SafetyRefused("Say who will watch for this sign", "watching_members")
    watchers = _network_members(plan, watching_members, "watching_members")
    flag = RedFlag.objects.create(
        plan=plan, sign=sign, response=response, watched_by_others=watched_by_others
    )
    flag.watching_members.set(watchers)
    _audit(by, basis, Action.CREATE, flag, plan.episode, plan=plan.pk)
    return flag


@transaction.atomic
def record_agreement(
    *,
    by: User,
    plan: SafetyPlan,
    person_name: str,
    role: str,
    agreed_on: datetime.date,
    method: str,
) -> PlanAgreement:
    basis = _plan_sight(by, plan, content=True)
    _not_future(agreed_on, "agreed_on")
    agreement = PlanAgreement.objects.create(
        plan=plan, person_name=person_name, role=role, agreed_on=agreed_on, method=method
    )
    _audit(by, basis, Action.CREATE, agreement, plan.episode, plan=plan.pk, method=method)
    return agreement


# --- The trajectory -------------------------------------------------------------------------


@transaction.atomic
def add_step(
    *, by: User, plan: SafetyPlan, title: str, target_date: datetime.date, criteria: str
) -> TrajectoryStep:
    basis = _plan_sight(by, plan)
    last = plan.steps.order_by("-seq").first()
    if last is not None and target_date < last.target_date:
        raise SafetyRefused(
            f"Each step comes after the one before: step {last.seq} is due "
            f"{last.target_date:%-d %B %Y}.",
            "target_date",
        )
    step = TrajectoryStep.objects.create(
        plan=plan,
        seq=(last.seq + 1) if last else 1,
        title=title,
        target_date=target_date,
        criteria=criteria,
    )
    _audit(by, basis, Action.CREATE, step, plan.episode, plan=plan.pk, seq=step.seq)
    return step


@transaction.atomic
def update_step(
    *, by: User, step: TrajectoryStep, status: str, actual_date: datetime.date | None = None
) -> TrajectoryStep:
    basis = _plan_sight(by, step.plan)
    if status == "DONE" and actual_date is None:
        raise SafetyRefused("Enter the date this step was reached", "actual_date")
    _not_future(actual_date, "actual_date")
    step.status = status
    step.actual_date = actual_date
    step.save(update_fields=["status", "actual_date"])
    _audit(by, basis, Action.UPDATE, step, step.plan.episode, status=status)
    return step


# --- Moving the plan through its lifecycle (§5.5) -------------------------------------------


def _through_members(plan: SafetyPlan) -> list[NetworkMember]:
    """Everyone from the network the plan gives a part to: responsible for or checking a rule,
    or watching for a red flag."""
    rules = PlanRule.objects.filter(plan=plan)
    named = (
        Q(
            pk__in=PlanRule.responsible_members.through.objects.filter(planrule__in=rules).values(
                "networkmember"
            )
        )
        | Q(
            pk__in=PlanRule.monitoring_members.through.objects.filter(planrule__in=rules).values(
                "networkmember"
            )
        )
        | Q(
            pk__in=RedFlag.watching_members.through.objects.filter(redflag__plan=plan).values(
                "networkmember"
            )
        )
    )
    return list(NetworkMember.objects.filter(named).select_related("person"))


def _plans_naming(member: NetworkMember) -> list[SafetyPlan]:
    """The plans of the member's episode that give them a part."""
    plans = SafetyPlan.objects.filter(episode=member.network.episode_id)
    return [p for p in plans if member.pk in {m.pk for m in _through_members(p)}]


def facts_about(plan: SafetyPlan, *, end_reason: str = "") -> lifecycle.PlanFacts:
    """What the lifecycle rules need to know, in a fixed number of queries."""
    rules = list(
        plan.rules.prefetch_related(
            "danger_statements", "responsible_members", "monitoring_members"
        )
    )
    members = _through_members(plan)
    gone = [m.name for m in members if m.status not in AVAILABLE]
    extra = (
        [
            f"{', '.join(gone)} stepped back or {'was' if len(gone) == 1 else 'were'} not "
            f"approved, but still {'has' if len(gone) == 1 else 'have'} a part in this plan. "
            "Give their part to someone else."
        ]
        if gone
        else []
    )
    return lifecycle.PlanFacts(
        rules=len(rules),
        rules_without_danger_statement=[r.number for r in rules if not r.danger_statements.all()],
        rules_without_responsible=[
            r.number
            for r in rules
            if not r.responsible_members.all() and not r.responsible_others.strip()
        ],
        rules_without_monitor=[
            r.number
            for r in rules
            if not r.monitoring_members.all() and not r.monitored_by_others.strip()
        ],
        uninformed_members=sorted(m.name for m in members if not m.is_informed),
        unaddressed_bottom_lines=list(
            plan.bottom_lines.filter(addressed=False).values_list("text", flat=True)
        ),
        agreements=plan.agreements.count(),
        has_end_reason=bool(end_reason.strip()),
        extra=extra,
    )


@transaction.atomic
def move_plan(
    *,
    by: User,
    plan: SafetyPlan,
    to: str,
    end_reason: str = "",
    on: datetime.date | None = None,
) -> SafetyPlan:
    """Move a plan on (or back) in its lifecycle; refused, with every reason in plain words,
    when the rules say not yet (R29 informed network, R30 rules, R31 bottom lines)."""
    basis = _shared_plan_sight(by, plan)
    revisions.hold(plan)
    target = lifecycle.Status(to)
    problems = lifecycle.why_not(plan.stage, target, facts_about(plan, end_reason=end_reason))
    if problems:
        raise SafetyRefused.several([(p, None) for p in problems])
    today = on or timezone.localdate()
    previous_status = plan.status
    plan.status = target.value
    if target == lifecycle.Status.AGREED:
        plan.agreed_on = today
        older = plan.supersedes
        if older is not None and older.stage not in (
            lifecycle.Status.ENDED,
            lifecycle.Status.SUPERSEDED,
        ):
            older.status = PlanStatus.SUPERSEDED
            older.save(update_fields=["status"])
            _audit(by, basis, Action.UPDATE, older, plan.episode, status=older.status)
    if target == lifecycle.Status.ENDED:
        plan.ended_on = today
        plan.end_reason = end_reason
    plan.save(update_fields=["status", "agreed_on", "ended_on", "end_reason"])
    _audit(by, basis, Action.UPDATE, plan, plan.episode, status=plan.status, was=previous_status)
    return plan


@transaction.atomic
def revise_plan(*, by: User, plan: SafetyPlan) -> SafetyPlan:
    """A new version that starts from this one: its children, links, rules, bottom lines, red
    flags and trajectory (not its agreements: the new version is agreed afresh). This one stays
    in force until the new one is agreed, and is then replaced (superseded)."""
    basis = _shared_plan_sight(by, plan)
    revisions.hold(plan)
    if plan.stage not in lifecycle.REVISABLE:
        raise SafetyRefused("Only an agreed plan can be revised. Change this one directly.")
    if hasattr(plan, "revised_as"):
        raise SafetyRefused("This plan already has a revised version being worked on.")
    new = SafetyPlan.objects.create(
        episode=plan.episode,
        plan_type=plan.plan_type,
        version=(plan.episode.safety_plans.aggregate(v=Max("version"))["v"] or 0) + 1,
        supersedes=plan,
        contingency=plan.contingency,
        children_version=plan.children_version,
        review_due=plan.review_due,
        created_by=by,
    )
    new.children.set(plan.children.all())
    new.danger_statements.set(plan.danger_statements.all())
    new.safety_goals.set(plan.safety_goals.all())
    for rule in plan.rules.prefetch_related(
        "danger_statements", "responsible_members", "monitoring_members"
    ):
        copy = PlanRule.objects.create(
            plan=new,
            number=rule.number,
            text=rule.text,
            responsible_others=rule.responsible_others,
            monitored_by_others=rule.monitored_by_others,
            when=rule.when,
            if_broken=rule.if_broken,
        )
        copy.danger_statements.set(rule.danger_statements.all())
        copy.responsible_members.set(rule.responsible_members.all())
        copy.monitoring_members.set(rule.monitoring_members.all())
    BottomLine.objects.bulk_create(
        BottomLine(
            plan=new,
            text=line.text,
            set_by=line.set_by,
            addressed=line.addressed,
            how_addressed=line.how_addressed,
        )
        for line in plan.bottom_lines.all()
    )
    for flag in plan.red_flags.prefetch_related("watching_members"):
        copy = RedFlag.objects.create(
            plan=new,
            sign=flag.sign,
            response=flag.response,
            watched_by_others=flag.watched_by_others,
        )
        copy.watching_members.set(flag.watching_members.all())
    TrajectoryStep.objects.bulk_create(
        TrajectoryStep(
            plan=new,
            seq=step.seq,
            title=step.title,
            target_date=step.target_date,
            criteria=step.criteria,
            status=step.status,
            actual_date=step.actual_date,
        )
        for step in plan.steps.all()
    )
    _audit(by, basis, Action.CREATE, new, plan.episode, version=new.version, revises=plan.pk)
    return new


# --- Monitoring (R32) ------------------------------------------------------------------------


def may_record_check(plan: SafetyPlan) -> str | None:
    """Why a check or a concern cannot be recorded on this plan now, or None."""
    if not plan.is_in_force:
        return (
            "Checks are recorded on a plan the family and network are following (agreed, "
            "active or under review)."
        )
    return None


@transaction.atomic
def record_check(
    *,
    by: User,
    plan: SafetyPlan,
    checked_on: datetime.date,
    checked_by: str,
    results: Sequence[tuple[PlanRule, str, str]] = (),
    red_flags_seen: Sequence[RedFlag] = (),
    incidents: str = "",
    actions: str = "",
    scale: int | None = None,
    kind: str = CheckKind.CHECK,
) -> PlanCheck:
    """A monitoring check (each rule kept, partly kept or broken, with evidence), or a broken
    rule or red flag reported on its own.

    R32: a rule partly kept or broken, or a red flag seen, creates a 'reconvene the safety
    network' task and puts the plan under review. It never fails the plan: there is no such
    thing as a failed plan, only one the network makes stronger.
    """
    basis = _shared_plan_sight(by, plan)
    if why := may_record_check(plan):
        raise SafetyRefused(why)
    _not_future(checked_on, "checked_on")
    if scale is not None and not 0 <= scale <= 10:
        raise SafetyRefused("The scale is a number from 0 to 10", "scale")
    rules = {r.pk: r for r in plan.rules.all()}
    flags = {f.pk: f for f in plan.red_flags.all()}
    if any(rule.pk not in rules for rule, _, _ in results) or any(
        f.pk not in flags for f in red_flags_seen
    ):
        raise SafetyRefused("Those rules or red flags belong to another plan.")
    if kind == CheckKind.CHECK and {rule.pk for rule, _, _ in results} != set(rules):
        raise SafetyRefused("Say for every rule whether it was kept.")
    if kind == CheckKind.CONCERN and not results and not red_flags_seen:
        raise SafetyRefused("Choose the rule that was broken or the red flag that was seen.")
    check = PlanCheck.objects.create(
        plan=plan,
        kind=kind,
        checked_on=checked_on,
        checked_by=checked_by,
        incidents=incidents,
        actions=actions,
        scale=scale,
        recorded_by=by,
    )
    RuleCheck.objects.bulk_create(
        RuleCheck(check_record=check, rule=rule, outcome=outcome, evidence=evidence)
        for rule, outcome, evidence in results
    )
    check.red_flags_seen.set(red_flags_seen)
    _audit(by, basis, Action.CREATE, check, plan.episode, plan=plan.pk, kind=kind)
    reasons = [
        f"Rule {rule.number} was {'broken' if outcome == 'BROKEN' else 'only partly kept'}"
        for rule, outcome, _ in sorted(results, key=lambda r: r[0].number)
        if outcome in BREACHES
    ] + [f"Red flag seen: {flag.sign}" for flag in red_flags_seen]
    if reasons:
        _reconvene(by, basis, plan, check, reasons)
    return check


def _reconvene(
    by: User, basis: str, plan: SafetyPlan, check: PlanCheck, reasons: list[str]
) -> ReconveneTask:
    task = ReconveneTask.objects.create(
        plan=plan,
        raised_by_check=check,
        reason="; ".join(reasons) + ".",
        raised_on=check.checked_on,
        due_on=add_working_days(
            check.checked_on, settings.SAFETYMAP_RECONVENE_NETWORK_WORKING_DAYS
        ),
    )
    _audit(by, basis, Action.CREATE, task, plan.episode, plan=plan.pk)
    if plan.stage in (lifecycle.Status.AGREED, lifecycle.Status.ACTIVE):
        was = plan.status
        plan.status = PlanStatus.UNDER_REVIEW
        plan.save(update_fields=["status"])
        _audit(by, basis, Action.UPDATE, plan, plan.episode, status=plan.status, was=was)
    return task
