"""Reads of safety networks and safety plans: always through the access policy (the child must
be visible to the person), every read of a record written to the audit trail, and each page in a
fixed number of queries whatever the size of the network or plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safetymap.access.policy import (
    basis_for,
    restricted_children,
    shared_record_basis,
    visible_children,
)
from safetymap.accounts.models import User
from safetymap.audit.services import record_read
from safetymap.cases.models import Episode
from safetymap.mapping.models import DangerStatement, SafetyGoal
from safetymap.people.models import Child
from safetymap.safety.codes import MemberStatus, PlanStatus
from safetymap.safety.models import (
    BottomLine,
    MeetingAttendance,
    NetworkMeeting,
    NetworkMember,
    PlanCheck,
    PlanRule,
    ReconveneTask,
    RedFlag,
    RuleCheck,
    SafetyNetwork,
    SafetyPlan,
    TrajectoryStep,
)

CURRENT = (PlanStatus.ENDED, PlanStatus.SUPERSEDED)


def _members() -> QuerySet[NetworkMember]:
    return NetworkMember.objects.select_related("person").prefetch_related(
        Prefetch("statements_seen", queryset=DangerStatement.objects.order_by("seq_no"))
    )


def _basis(user: User, child_id: int) -> str:
    basis = basis_for(user, child_id)
    if basis is None:
        raise Http404
    return basis


def plan_basis(user: User, plan: SafetyPlan) -> str:
    """Sight of a safety plan: of its episode's child, and of every child it covers (a plan
    shared with a brother or sister whose record is restricted from this person is refused
    whole, as a shared map is: ``access.policy.shared_record_basis``). 'Not found' otherwise."""
    others = [child.pk for child in plan.children.all()]
    basis = shared_record_basis(user, plan.episode.child_id, others)
    if basis is None:
        raise Http404
    return basis


def _audit_read(user: User, basis: str, subject, child_id: int, page: str) -> None:
    plan = subject if isinstance(subject, SafetyPlan) else getattr(subject, "plan", None)
    also_about = [child.pk for child in plan.children.all()] if plan is not None else []
    record_read(
        actor=user,
        subject=subject,
        basis=basis,
        child_id=child_id,
        also_about=also_about,
        page=page,
    )


# --- The network ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkPage:
    episode: Episode
    network: SafetyNetwork | None
    members: list[NetworkMember]
    meetings: list[NetworkMeeting]
    plans: list[SafetyPlan]

    @property
    def open_plan(self) -> SafetyPlan | None:
        """The plan being worked on (a second is a revision of it, not a new plan)."""
        return next((p for p in self.plans if p.status not in CURRENT), None)


def open_network(user: User, episode_pk: int) -> NetworkPage:
    """An episode's safety network (members, meetings) and its plans; the read audited."""
    episode = Episode.objects.select_related("child").filter(pk=episode_pk).first()
    if episode is None:
        raise Http404
    basis = _basis(user, episode.child_id)
    network = (
        SafetyNetwork.objects.filter(episode=episode)
        .prefetch_related(
            Prefetch("members", queryset=_members()),
            Prefetch(
                "meetings",
                queryset=NetworkMeeting.objects.prefetch_related(
                    Prefetch(
                        "attendance",
                        queryset=MeetingAttendance.objects.select_related("member__person"),
                    )
                ),
            ),
        )
        .first()
    )
    plans = list(episode.safety_plans.order_by("-version"))
    _audit_read(user, basis, network or episode, episode.child_id, "safety network")
    return NetworkPage(
        episode=episode,
        network=network,
        members=list(network.members.all()) if network else [],
        meetings=list(network.meetings.all()) if network else [],
        plans=plans,
    )


def episode_in_sight(user: User, episode_pk: int, *, audit: bool = False) -> Episode:
    """An episode about to be changed, if its child is visible (the service audits the change);
    the read audited when ``audit`` (a form page naming the child, rather than a save)."""
    episode = Episode.objects.select_related("child").filter(pk=episode_pk).first()
    if episode is None:
        raise Http404
    basis = _basis(user, episode.child_id)
    if audit:
        _audit_read(user, basis, episode, episode.child_id, "safety network form")
    return episode


def members_of(episode: Episode, *, available_only: bool = False) -> QuerySet[NetworkMember]:
    members = NetworkMember.objects.filter(network__episode=episode).select_related("person")
    if available_only:
        members = members.filter(status__in=[MemberStatus.PROSPECTIVE, MemberStatus.ACTIVE])
    return members.order_by("person__last_name", "person__first_name", "pk")


def member_for_change(user: User, pk: int, *, audit: bool = False) -> NetworkMember:
    """A network member about to be changed; the read audited when a page shows them."""
    member = _members().select_related("network__episode__child").filter(pk=pk).first()
    if member is None:
        raise Http404
    basis = _basis(user, member.network.episode.child_id)
    if audit:
        _audit_read(user, basis, member, member.network.episode.child_id, "network member")
    return member


def episode_statements(episode: Episode) -> QuerySet[DangerStatement]:
    """The danger statements of every map on the episode, newest map first."""
    return (
        DangerStatement.objects.filter(map__episode=episode)
        .select_related("map")
        .order_by("-map__held_on", "-map__version", "seq_no")
    )


def episode_goals(episode: Episode) -> QuerySet[SafetyGoal]:
    return (
        SafetyGoal.objects.filter(map__episode=episode)
        .select_related("map", "danger_statement")
        .order_by("-map__held_on", "-map__version", "danger_statement__seq_no")
    )


# --- The plan -------------------------------------------------------------------------------


def _plan_queryset() -> QuerySet[SafetyPlan]:
    named = NetworkMember.objects.select_related("person")
    statements = DangerStatement.objects.select_related("map").order_by("seq_no")
    return SafetyPlan.objects.select_related(
        "episode__child", "supersedes", "created_by"
    ).prefetch_related(
        "children",
        Prefetch("danger_statements", queryset=statements),
        Prefetch(
            "safety_goals",
            queryset=SafetyGoal.objects.select_related("danger_statement", "map"),
        ),
        Prefetch(
            "rules",
            queryset=PlanRule.objects.prefetch_related(
                Prefetch("danger_statements", queryset=statements),
                Prefetch("responsible_members", queryset=named),
                Prefetch("monitoring_members", queryset=named),
            ),
        ),
        Prefetch("bottom_lines", queryset=BottomLine.objects.select_related("set_by")),
        Prefetch(
            "red_flags",
            queryset=RedFlag.objects.prefetch_related(Prefetch("watching_members", queryset=named)),
        ),
        "agreements",
        Prefetch("steps", queryset=TrajectoryStep.objects.order_by("seq")),
        Prefetch(
            "checks",
            queryset=PlanCheck.objects.order_by("checked_on", "pk").prefetch_related(
                Prefetch("results", queryset=RuleCheck.objects.select_related("rule")),
                "red_flags_seen",
            ),
        ),
        Prefetch(
            "reconvene_tasks",
            queryset=ReconveneTask.objects.select_related("done_at_meeting").order_by(
                "-raised_on", "-pk"
            ),
        ),
    )


def open_plan(user: User, pk: int, *, audit: bool = True, page: str = "safety plan"):
    """A whole plan in a fixed number of queries, whatever its size; 'not found' for a child the
    person may not see."""
    plan = _plan_queryset().filter(pk=pk).first()
    if plan is None:
        raise Http404
    basis = plan_basis(user, plan)
    if audit:
        _audit_read(user, basis, plan, plan.episode.child_id, page)
    return plan


def plan_for_change(user: User, pk: int, *, audit: bool = False) -> SafetyPlan:
    """A plan about to be changed; the read audited when ``audit`` (a form page showing the plan
    and the child, rather than a save)."""
    plan = SafetyPlan.objects.select_related("episode__child", "supersedes").filter(pk=pk).first()
    if plan is None:
        raise Http404
    basis = plan_basis(user, plan)
    if audit:
        _audit_read(user, basis, plan, plan.episode.child_id, "safety plan form")
    return plan


def part_of_plan(user: User, model: type, plan_pk: int, pk: int, *, audit: bool = False):
    """One part of a plan (a bottom line, a trajectory step) if the child is visible; the read
    audited when ``audit`` (a page showing it, rather than a save)."""
    part = model.objects.select_related("plan__episode__child").filter(pk=pk, plan=plan_pk).first()
    if part is None:
        raise Http404
    basis = plan_basis(user, part.plan)
    if audit:
        _audit_read(user, basis, part, part.plan.episode.child_id, model._meta.verbose_name)
    return part


def plan_network_members(plan: SafetyPlan) -> list[NetworkMember]:
    """Members of the plan's network with their contact details, for the plan's contacts."""
    return list(members_of(plan.episode).exclude(status=MemberStatus.NOT_APPROVED))


# --- Elsewhere on the record ----------------------------------------------------------------


@dataclass(frozen=True)
class ChildSafety:
    child: Child
    episodes: list[Episode]  # open episodes, with .current_plans and .network_members
    diagrams: list[tuple]  # (Diagram, kind, url name) for the genogram and the ecomap


def safety_for_child_page(user: User, child: Child) -> ChildSafety | None:
    """What the child's page shows of safety networks and plans (its read is audited by the
    child's page itself): each open episode's current plan and network size. Fixed queries."""
    if basis_for(user, child.pk) is None:
        return None
    episodes = list(
        Episode.objects.filter(child=child, closure_date__isnull=True)
        .prefetch_related(
            Prefetch(
                "safety_plans",
                queryset=SafetyPlan.objects.exclude(status__in=CURRENT)
                .exclude(children__in=restricted_children(user))  # refused: plan_basis
                .order_by("-version"),
                to_attr="current_plans",
            ),
            Prefetch(
                "safety_network__members",
                queryset=NetworkMember.objects.filter(
                    status__in=[MemberStatus.PROSPECTIVE, MemberStatus.ACTIVE]
                ),
            ),
        )
        .select_related("safety_network")
    )
    from safetymap.safety import diagrams

    family = family_from_record(child)
    return ChildSafety(
        child=child,
        episodes=episodes,
        diagrams=[
            (diagrams.genogram(family), "genogram", "safety:genogram"),
            (diagrams.ecomap(family), "ecomap", "safety:ecomap"),
        ],
    )


def network_status_for_closure(user: User, episode: Episode) -> str:
    """R33: a plain summary of the safety network and plan, for the person writing what the
    network will carry on doing when the episode closes."""
    if basis_for(user, episode.child_id) is None:
        return ""
    members = list(members_of(episode).filter(status=MemberStatus.ACTIVE))
    plan = episode.safety_plans.exclude(status__in=CURRENT).order_by("-version").first()
    parts = []
    if members:
        parts.append("Active in the safety network: " + ", ".join(m.name for m in members) + ".")
    else:
        parts.append("Nobody is recorded as active in the safety network.")
    if plan is not None:
        parts.append(f"The safety plan (version {plan.version}) is {plan.get_status_display()}.")
    return " ".join(parts)


def open_reconvene_tasks(user: User) -> QuerySet[ReconveneTask]:
    """R32: open 'reconvene the safety network' tasks on children this person may see."""
    return (
        ReconveneTask.objects.filter(
            done_at_meeting__isnull=True,
            plan__episode__child__in=visible_children(user),
            plan__status__in=[PlanStatus.AGREED, PlanStatus.ACTIVE, PlanStatus.UNDER_REVIEW],
        )
        .select_related("plan__episode__child")
        .prefetch_related("plan__episode__allocations")
    )


# --- Genogram and ecomap ----------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    child: Child
    relationships: list
    members: list[NetworkMember]  # safety network members on the child's open episodes
    agencies: list[tuple[str, str, str]]  # (key, name, what they do for the child)


def family_of(user: User, child_pk: int, *, page: str, audit: bool = True) -> Family:
    """Everything the genogram and ecomap draw, in a fixed number of queries whatever the size
    of the family; the read audited."""
    from safetymap.cases.models import Allocation
    from safetymap.people.models import Relationship

    basis = _basis(user, child_pk)
    child = (
        Child.objects.select_related("school", "gp")
        .filter(pk=child_pk, merged_into__isnull=True)
        .first()
    )
    if child is None:
        raise Http404
    relationships = list(
        Relationship.objects.filter(child=child)
        .exclude(other_child__in=restricted_children(user))  # never a restricted child's name
        .select_related("person", "other_child")
    )
    teams = [
        allocation.team
        for allocation in Allocation.objects.filter(
            episode__child=child, ended_on__isnull=True
        ).select_related("team")
    ]
    if audit:
        _audit_read(user, basis, child, child.pk, page)
    return _family(child, relationships, teams)


def family_from_record(child: Child) -> Family:
    """The same family, from a child read by ``people.selectors.open_child_record`` (its
    relationships, school, GP and allocations already fetched, restricted children left out):
    one query more, for the safety network."""
    teams = [
        allocation.team
        for episode in child.episodes.all()
        for allocation in episode.allocations.all()
        if allocation.ended_on is None
    ]
    return _family(child, list(child.relationships.all()), teams)


def _family(child: Child, relationships: list, teams: list) -> Family:
    members = list(
        NetworkMember.objects.filter(
            network__episode__child=child, network__episode__closure_date__isnull=True
        ).select_related("person")
    )
    agencies = []
    if child.school:
        agencies.append((f"o{child.school_id}", child.school.name, "School"))
    if child.gp:
        agencies.append((f"o{child.gp_id}", child.gp.name, "GP practice"))
    for team in teams:
        agencies.append((f"t{team.pk}", team.name, "Children's social care"))
    return Family(child, relationships, members, agencies)
