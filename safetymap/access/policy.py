"""The access policy: the one place that decides who may do what in Safetymap.

Two questions, answered only here:

1. *What kinds of work may this person do?* Capabilities, granted by roles (below).
2. *Which children may this person see, and on what basis?* A relationship to the child:
   allocation to them or their team, or a live time-limited grant (a front-door enquiry, or having
   recorded the child). ``visible_children(user)``, ``searchable_children(user)`` and
   ``basis_for(user, child)`` answer it; every selector that reads case data starts from them.
   Restricted records (``RestrictedRecord``) are seen and found only by the people listed on
   them, whatever else; emergency ("break-glass") access is a grant like the others (see
   ``access/services.py``). A role alone never shows anyone a child.
3. *Which conference may this person open?* ``conference_basis_for(user, conference)``: sight of
   the conference's materials only (its papers, reports and record), for the chair, the minute
   taker, a live invitation, a live core group membership, or sight of the child's whole
   record. It never widens ``basis_for``: an invited partner sees the conference and nothing
   else of the child.
4. *Which child protection plan may this person see?* ``plan_basis_for(user, plan)``: sight of
   the child's record, or membership of the plan's core group (a school, a health visitor) while
   the plan is open. A core group member sees the plan, its actions and dates, and the child's
   conference materials; never the rest of the record (other agencies' notes, the chronology).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from safetymap.access.models import AccessGrant, DutyShift, GrantBasis, RestrictedRecord
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.cases.models import (
    Allocation,
    ChildProtectionPlan,
    CoreGroupMembership,
    QueueEntry,
)
from safetymap.people.models import Child


class Capability(StrEnum):
    USE_CASE_WORK = "use_case_work"
    RECORD_CHILDREN = "record_children"
    SEARCH_ALL_CHILDREN = "search_all_children"  # the front door checks whether a child is known
    MERGE_DUPLICATE_CHILDREN = "merge_duplicate_children"
    RECORD_PATHWAY = "record_pathway"  # contacts, assessments, strategy discussions, plans, closure
    BOOK_TRAINING = "book_training"  # the partnership's courses, for anyone who signs in
    RUN_TRAINING = "run_training"  # sessions, bookings, attendance (trainers, partnership admin)
    MANAGE_PARTNERSHIP = "manage_partnership"  # briefing requests, stories, the dashboard
    EDIT_PUBLIC_PAGES = "edit_public_pages"  # the partnership's public pages, in Wagtail (/editor/)
    VIEW_ACCESS_REPORTS = "view_access_reports"  # who has accessed a record; what a user did
    ALLOCATE_WORK = "allocate_work"
    AUTHORISE_WORK = "authorise_work"  # management oversight: authorise or return decisions
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    OPEN_IN_EMERGENCY = "open_in_emergency"  # break-glass: password again, a reason, 2 hours
    RESTRICT_RECORDS = "restrict_records"  # adoption, staff, confidential addresses
    MANAGE_RETENTION = "manage_retention"  # schedules, legal holds, reviewed disposal


# Every role does case work of some kind except the administrators of the system itself, who
# manage reference data and never case records.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    role: frozenset({Capability.USE_CASE_WORK}) for role in Role
}
ROLE_CAPABILITIES[Role.SYSTEM_ADMINISTRATOR] = frozenset({Capability.MANAGE_REFERENCE_DATA})
for _role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER):
    ROLE_CAPABILITIES[_role] |= {Capability.RECORD_CHILDREN}
ROLE_CAPABILITIES[Role.FRONT_DOOR_PRACTITIONER] |= {Capability.SEARCH_ALL_CHILDREN}
for _role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
    ROLE_CAPABILITIES[_role] |= {
        Capability.MERGE_DUPLICATE_CHILDREN,
        Capability.ALLOCATE_WORK,
        Capability.AUTHORISE_WORK,
    }
for _role in (
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
    Role.FRONT_DOOR_PRACTITIONER,
):
    ROLE_CAPABILITIES[_role] |= {Capability.RECORD_PATHWAY}
ROLE_CAPABILITIES[Role.PARTNERSHIP_ADMINISTRATOR] = frozenset(
    {Capability.MANAGE_PARTNERSHIP, Capability.RUN_TRAINING, Capability.EDIT_PUBLIC_PAGES}
)
ROLE_CAPABILITIES[Role.TRAINER] = frozenset({Capability.RUN_TRAINING})
ROLE_CAPABILITIES[Role.PRACTICE_LEAD] |= {
    Capability.MANAGE_PARTNERSHIP,
    Capability.EDIT_PUBLIC_PAGES,
}
for _role in Role:
    if _role != Role.SYSTEM_ADMINISTRATOR:
        ROLE_CAPABILITIES[_role] |= {Capability.BOOK_TRAINING}
ROLE_CAPABILITIES[Role.PRIVACY_OFFICER] |= {
    Capability.VIEW_ACCESS_REPORTS,
    Capability.MANAGE_RETENTION,
}
for _role in (Role.FRONT_DOOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
    ROLE_CAPABILITIES[_role] |= {Capability.OPEN_IN_EMERGENCY}
for _role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
    ROLE_CAPABILITIES[_role] |= {Capability.RESTRICT_RECORDS}


class AccessRefused(Exception):
    """An action the policy does not allow; ``str(error)`` is shown to the person."""


def capabilities(user: User | AnonymousUser) -> frozenset[Capability]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    granted: set[Capability] = set()
    for role in user.roles:
        granted |= ROLE_CAPABILITIES[role]
    return frozenset(granted)


def can(user: User | AnonymousUser, capability: Capability) -> bool:
    return capability in capabilities(user)


REFUSAL_REASONS: dict[Capability, str] = {
    Capability.USE_CASE_WORK: "Your role does not include work with children's records.",
    Capability.MANAGE_REFERENCE_DATA: (
        "Only system administrators can change organisations and user accounts."
    ),
    Capability.RECORD_CHILDREN: (
        "Only front door practitioners, social workers and team managers record new children."
    ),
    Capability.RECORD_PATHWAY: (
        "Only children's social care practitioners and managers record contacts, assessments, "
        "strategy discussions, plans and closures."
    ),
    Capability.ALLOCATE_WORK: "Only team managers and service managers allocate work.",
    Capability.AUTHORISE_WORK: (
        "Only team managers and service managers authorise assessments, closures and the end "
        "of a plan."
    ),
    Capability.BOOK_TRAINING: "Your account cannot book the partnership's training.",
    Capability.VIEW_ACCESS_REPORTS: "Only privacy officers see who has accessed records.",
    Capability.RUN_TRAINING: "Only trainers and the partnership's administrators run training.",
    Capability.MANAGE_PARTNERSHIP: (
        "Only the partnership's administrators and practice leads manage the partnership's work."
    ),
    Capability.EDIT_PUBLIC_PAGES: (
        "Only the partnership's administrators and practice leads edit the partnership's public "
        "pages."
    ),
    Capability.MERGE_DUPLICATE_CHILDREN: (
        "Only team managers and service managers can merge two records of the same child."
    ),
    Capability.OPEN_IN_EMERGENCY: (
        "Only front door practitioners and managers can open a record in an emergency."
    ),
    Capability.RESTRICT_RECORDS: "Only team managers and service managers restrict records.",
    Capability.MANAGE_RETENTION: (
        "Only privacy officers set how long records are kept, place legal holds and destroy "
        "records that are due."
    ),
    Capability.SEARCH_ALL_CHILDREN: (
        "Only front door practitioners can search every child's record. You can search the "
        "children you work with."
    ),
}


def people_with(capability: Capability) -> QuerySet[User]:
    """Active accounts holding a role that grants this capability, by name (for choosing
    someone: a team's members and managers, who is on duty)."""
    from safetymap.accounts.roles import group_name

    roles = [group_name(role) for role in Role if capability in ROLE_CAPABILITIES[role]]
    return (
        User.objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("full_name")
    )


# --- Who may hold children's cases --------------------------------------------------------------

# One rule for every picker that gives sight of children (allocation, a team's members and
# managers, the out-of-hours rota): children's social care practitioners and managers only.
# A partner, the system administrator or a privacy officer is never offered, and the services
# refuse them, because holding a case gives sight of the child's whole record.
CASE_HOLDER_REFUSAL = (
    "{name} cannot hold children's cases: only children's social care practitioners and "
    "managers can be allocated work, be in a team or be on the duty rota."
)


def case_holders() -> QuerySet[User]:
    """Everyone who may hold a child's case, by name."""
    return people_with(Capability.RECORD_PATHWAY)


def may_hold_cases(user: User) -> bool:
    return user.is_active and can(user, Capability.RECORD_PATHWAY)


def require_case_holder(user: User) -> None:
    if not may_hold_cases(user):
        raise AccessRefused(CASE_HOLDER_REFUSAL.format(name=user.full_name or user.email))


def require(user: User | AnonymousUser, capability: Capability) -> None:
    if not can(user, capability):
        raise AccessRefused(REFUSAL_REASONS[capability])


# --- Which children a person may see --------------------------------------------------------


def _open_allocations(on: datetime.date) -> QuerySet[Allocation]:
    still_open = Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    return Allocation.objects.filter(still_open, started_on__lte=on)


def _live_grants(user: User, at: datetime.datetime) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(user=user, starts_at__lte=at, expires_at__gt=at)


def _restricted_from(user: User) -> QuerySet[RestrictedRecord]:
    """Restricted records this person is not on the list of."""
    return RestrictedRecord.objects.exclude(people=user)


def in_team_or_its_management(user: User, prefix: str = "team__") -> Q:
    """An active team this person belongs to, manages, or is the service manager over (the
    line-management chain), as a filter on a team reached through ``prefix``. A closed team
    gives nobody sight; its allocated workers still see their own children."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}members": user})
        | Q(**{f"{prefix}manager": user})
        | Q(**{f"{prefix}service_manager": user})
    )


def open_queue_entries_managed_by(user: User) -> QuerySet[QueueEntry]:
    """Open entries in the queues of the active teams this person manages or is the service
    manager over: work waiting for them to allocate (or to accept, for a transfer)."""
    return QueueEntry.objects.filter(
        Q(team__manager=user) | Q(team__service_manager=user),
        team__is_active=True,
        closed_at__isnull=True,
    )


def is_restricted(child_id: int, *, for_user: User) -> bool:
    """True if this child's record is restricted and the person is not on its list."""
    return _restricted_from(for_user).filter(child_id=child_id).exists()


def restricted_children(user: User | AnonymousUser) -> QuerySet[RestrictedRecord]:
    """The children whose records are restricted from this person (they are not on the list),
    as ``child`` values for ``exclude(pk__in=...)``. Every list of a child's brothers and
    sisters (households, family and network, the children a map, plan or conference may be
    about) leaves these out, so a restricted child's name is never shown through a sibling."""
    if not user.is_authenticated:
        return RestrictedRecord.objects.values("child")
    return _restricted_from(user).values("child")


def without_restricted(user: User | AnonymousUser, children: QuerySet[Child]) -> QuerySet[Child]:
    """``children`` less any whose record is restricted from this person."""
    return children.exclude(pk__in=restricted_children(user))


def shared_record_basis(
    user: User | AnonymousUser, child_id: int, also_about: Iterable[int]
) -> str | None:
    """Why this person may see a record about several children together (a shared map, a
    safety plan, a contact): sight of its own child (``basis_for``), and none of the others
    restricted from them; None otherwise.

    Refused whole rather than shown without the restricted child: what is written on a shared
    record (worries, danger statements, goals, rules) is about the children together and can
    name or describe any of them, so no part of it can be shown safely to someone a restricted
    child is hidden from. Those on the list still see it; the others work on a record of the
    children they may see."""
    if not user.is_authenticated:
        return None
    others = {pk for pk in also_about if pk != child_id}
    if others and _restricted_from(user).filter(child_id__in=others).exists():
        return None
    return basis_for(user, child_id)


def visible_children(user: User | AnonymousUser) -> QuerySet[Child]:
    """Every child this person may see: allocated to them or to a team they belong to or manage
    (or are the service manager over), waiting in the queue of a team they manage, or opened
    through a live, time-limited grant (front door enquiry, recorded the child).

    Every read of case data starts here (or from selectors built on it).
    """
    if not can(user, Capability.USE_CASE_WORK):
        return Child.objects.none()
    memo = _visible_memo.get()
    if memo is None:
        return _visible_children(user)
    seen = memo.get(user.pk)
    if seen is None:
        memo[user.pk] = seen = _VisibleOnce(_visible_children(user))
    elif seen.ids is None:
        # Asked again in the same GET: the children's ids, once, so every later use is a short
        # list rather than the rule's subqueries planned afresh (about 10 ms each at a
        # council's size). Not for those who allocate a team's work: they see hundreds or
        # thousands of children, and listing them cost a service manager's My work 14 ms more
        # than it saved (bench/pages.py); nor past a bound, whoever it is.
        ids = [] if can(user, Capability.ALLOCATE_WORK) else _first_ids(seen.rule)
        seen.listed = 0 < len(ids) <= _LISTED_AT_MOST
        seen.ids = ids if seen.listed else []
    # A copy, so a caller that evaluates or changes it never changes what the next one gets.
    if seen.listed:
        return Child.objects.filter(pk__in=seen.ids)
    return seen.rule.all()


# Past this many children a person's sight stays a subquery.
_LISTED_AT_MOST = 1_000


def _first_ids(rule: QuerySet[Child]) -> list[int]:
    return list(rule.values_list("pk", flat=True)[: _LISTED_AT_MOST + 1])


@dataclass
class _VisibleOnce:
    """One person's visible children within a GET: the rule's query, and their ids once asked
    for twice."""

    rule: QuerySet[Child]
    ids: list[int] | None = None
    listed: bool = False


def _visible_children(user: User) -> QuerySet[Child]:
    today, now = timezone.localdate(), timezone.now()
    allocations = _open_allocations(today)
    teams = in_team_or_its_management(user)
    return Child.objects.filter(
        Q(pk__in=allocations.filter(worker=user).values("episode__child"))
        | Q(pk__in=allocations.filter(teams).values("episode__child"))
        | Q(pk__in=open_queue_entries_managed_by(user).values("episode__child"))
        | Q(pk__in=_live_grants(user, now).values("child"))
    ).exclude(pk__in=_restricted_from(user).values("child"))


def duty_shift_now(user: User | AnonymousUser) -> DutyShift | None:
    """The out-of-hours duty shift this person is on now, if any (recorded on the rota by a
    manager, never by the person themselves)."""
    if not can(user, Capability.RECORD_PATHWAY):
        return None
    now = timezone.now()
    # The service refuses a shift recorded by its own worker; a row that got here some other
    # way still gives nothing (defence in depth).
    return (
        DutyShift.objects.filter(worker=user, starts_at__lte=now, ends_at__gt=now)
        .exclude(recorded_by=user)
        .first()
    )


def searches_every_child(user: User | AnonymousUser) -> bool:
    """The front door, and whoever is on out-of-hours duty now, check whether any child is known
    and may open one for a stated reason (a time-limited grant)."""
    return can(user, Capability.SEARCH_ALL_CHILDREN) or duty_shift_now(user) is not None


def searchable_children(user: User | AnonymousUser) -> QuerySet[Child]:
    """Whom a search may find: every child for the front door and the out-of-hours duty worker
    on shift, otherwise the visible ones; never a restricted record they are not listed on."""
    if searches_every_child(user):
        return Child.objects.exclude(pk__in=_restricted_from(user).values("child"))
    return visible_children(user)


QUEUE_BASIS = "manager of the team whose queue it is waiting in (queue entry {pk})"
FRONT_DOOR_BASIS = "front door: contact awaiting a decision"
DUTY_BASIS = "out-of-hours duty (shift {pk}): contact awaiting a decision"


def contact_basis(user: User, child_id: int, *, awaiting_decision: bool) -> str | None:
    """Why this person may see a contact about this child: their sight of the child, or, for
    the front door and out-of-hours duty on shift, that the contact is waiting for its decision
    (their own work)."""
    basis = basis_for(user, child_id)
    if basis is None and awaiting_decision:
        if can(user, Capability.SEARCH_ALL_CHILDREN):
            return FRONT_DOOR_BASIS
        shift = duty_shift_now(user)
        if shift is not None:
            return DUTY_BASIS.format(pk=shift.pk)
    return basis


def basis_for(user: User, child_id: int) -> str | None:
    """Why this person may see this child, in words for the audit trail; None if they may not.

    Decided in one query, and once per read-only request (``basis_decided_once``): a page that
    asks again for its sections (voice, safety, family) gets the same answer without asking
    the database again."""
    if not can(user, Capability.USE_CASE_WORK):
        return None
    memo = _basis_memo.get()
    key = (user.pk, int(child_id))
    if memo is not None and key in memo:
        return memo[key]
    basis = _decide_basis(user, int(child_id))
    if memo is not None:
        memo[key] = basis
    return basis


# Why hand-written SQL: this question is asked on every page about a child, and building it
# from the ORM's querysets (seven subqueries) cost more than running it. It must give the same
# answer as visible_children(); tests/access/test_basis_for_in_one_query.py holds them together.
_BASIS_SQL = """
SELECT
  EXISTS (SELECT 1 FROM access_restrictedrecord r WHERE r.child_id = %(child)s
          AND NOT EXISTS (SELECT 1 FROM access_restrictedrecord_people rp
                          WHERE rp.restrictedrecord_id = r.id AND rp.user_id = %(user)s)),
  EXISTS (SELECT 1 FROM cases_allocation a JOIN cases_episode e ON e.id = a.episode_id
          WHERE e.child_id = %(child)s AND a.started_on <= %(today)s
          AND (a.ended_on IS NULL OR a.ended_on >= %(today)s) AND a.worker_id = %(user)s),
  EXISTS (SELECT 1 FROM cases_allocation a JOIN cases_episode e ON e.id = a.episode_id
          JOIN accounts_team t ON t.id = a.team_id
          WHERE e.child_id = %(child)s AND a.started_on <= %(today)s
          AND (a.ended_on IS NULL OR a.ended_on >= %(today)s) AND t.is_active
          AND (t.manager_id = %(user)s
               OR EXISTS (SELECT 1 FROM accounts_team_members m
                          WHERE m.team_id = t.id AND m.user_id = %(user)s))),
  EXISTS (SELECT 1 FROM cases_allocation a JOIN cases_episode e ON e.id = a.episode_id
          JOIN accounts_team t ON t.id = a.team_id
          WHERE e.child_id = %(child)s AND a.started_on <= %(today)s
          AND (a.ended_on IS NULL OR a.ended_on >= %(today)s) AND t.is_active
          AND t.service_manager_id = %(user)s),
  (SELECT q.id FROM cases_queueentry q JOIN cases_episode e ON e.id = q.episode_id
          JOIN accounts_team t ON t.id = q.team_id
          WHERE e.child_id = %(child)s AND q.closed_at IS NULL AND t.is_active
          AND (t.manager_id = %(user)s OR t.service_manager_id = %(user)s)
          ORDER BY q.queued_at, q.id LIMIT 1),
  (SELECT g.id FROM access_accessgrant g WHERE g.user_id = %(user)s AND g.child_id = %(child)s
          AND g.starts_at <= %(now)s AND g.expires_at > %(now)s ORDER BY g.id LIMIT 1),
  (SELECT g.basis FROM access_accessgrant g WHERE g.user_id = %(user)s
          AND g.child_id = %(child)s AND g.starts_at <= %(now)s AND g.expires_at > %(now)s
          ORDER BY g.id LIMIT 1)
"""


def _decide_basis(user: User, child_id: int) -> str | None:
    """Every relationship that could give sight, as one query, in the order they are named."""
    operations = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            _BASIS_SQL,
            {
                "user": user.pk,
                "child": child_id,
                "today": operations.adapt_datefield_value(timezone.localdate()),
                "now": operations.adapt_datetimefield_value(timezone.now()),
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    restricted, allocated, in_team, in_chain_, queue_entry, grant, grant_basis = row
    if restricted:
        return None
    if allocated:
        return "allocated worker"
    if in_team:
        return "team of the allocated worker"
    if in_chain_:
        return "service manager over the allocated worker's team"
    if queue_entry is not None:
        return QUEUE_BASIS.format(pk=queue_entry)
    if grant is not None:
        # The reason given stays in the grant, not in the audit trail (no narrative in the log).
        return f"{GrantBasis(grant_basis).label.lower()} (grant {grant})"
    return None


# The access basis of each child, decided once per read-only request. A GET or HEAD changes no
# allocation, grant or restriction, so the answer cannot change while the page is made; any
# other request decides afresh each time, as a write in it may give or take away sight.
_basis_memo: ContextVar[dict[tuple[int, int], str | None] | None] = ContextVar(
    "safetymap_access_basis_memo", default=None
)
# Likewise the query of the children each person may see: building it is a dozen filters
# (about 3 ms of the ORM's time), and a home page or case page asks for it in most sections.
_visible_memo: ContextVar[dict[int, _VisibleOnce] | None] = ContextVar(
    "safetymap_access_visible_memo", default=None
)


@contextmanager
def basis_decided_once() -> Iterator[None]:
    """Within this block, ``basis_for`` asks the database once per person and child, and
    ``visible_children`` builds its query once per person."""
    token = _basis_memo.set({})
    visible_token = _visible_memo.set({})
    try:
        yield
    finally:
        _visible_memo.reset(visible_token)
        _basis_memo.reset(token)


def forget_decided_bases() -> None:
    """A change to who may see whom inside the block (signals.py): decide afresh."""
    for memo in (_basis_memo.get(), _visible_memo.get()):
        if memo:
            memo.clear()


# --- Conference materials only ---------------------------------------------------------------

INVITATION_BASIS = "invited to the conference (invitation {pk}): conference materials only"
CHAIR_BASIS = "chair of the conference: conference materials only"
MINUTE_TAKER_BASIS = "minute taker of the conference: conference materials only"


def conference_basis_for(user: User | AnonymousUser, conference) -> str | None:
    """Why this person may open this conference's materials (its page, papers, agency reports and
    record), in words for the audit trail; None if they may not.

    - sight of the whole record of the conference's first child (``basis_for``) includes them;
    - the chair and the minute taker, while they hold that part (chairing is a relationship);
    - a live invitation: until the record is distributed or the conference is cancelled;
    - a live core group membership on an open plan for one of its children: the invitation's
      access continues while the person is in the core group.

    A restricted record closes the conference to anyone not on its list, whatever else. This
    never lets anyone see the child's record itself: ``basis_for`` is untouched, and only the
    conference's pages ask this question.
    """
    if not can(user, Capability.USE_CASE_WORK):
        return None
    child_ids = [child.pk for child in conference.children.all()] or [conference.episode.child_id]
    if _restricted_from(user).filter(child_id__in=child_ids).exists():
        return None
    basis = basis_for(user, conference.episode.child_id)
    if basis is not None:
        return basis
    if conference.chair_id == user.pk:
        return CHAIR_BASIS
    if conference.minute_taker_id == user.pk:
        return MINUTE_TAKER_BASIS
    invitation = live_conference_invitations(user).filter(conference=conference).first()
    if invitation is not None:
        return INVITATION_BASIS.format(pk=invitation.pk)
    membership = (
        live_core_group_memberships(user).filter(plan__episode__child_id__in=child_ids).first()
    )
    if membership is not None:
        return CORE_GROUP_BASIS.format(pk=membership.pk)
    return None


def sees_restricted_report_section(user: User | AnonymousUser, report) -> bool:
    """R39: an agency report's restricted section (third-party or police-sensitive information)
    is for its author, the conference's chair, and people who may see the child's whole record
    (children's social care); never other agencies, the core group or the family."""
    if not can(user, Capability.USE_CASE_WORK):
        return False
    conference = report.conference
    if user.pk in (report.author_id, conference.chair_id):
        return conference_basis_for(user, conference) is not None
    return basis_for(user, conference.episode.child_id) is not None


def conferences_open_to(user: User | AnonymousUser, conferences: QuerySet) -> QuerySet:
    """The conferences of ``conferences`` this person may open, as one query: the same answer
    as ``conference_basis_for`` for each, for lists (a test holds the two together)."""
    if not can(user, Capability.USE_CASE_WORK):
        return conferences.none()
    core_group_children = live_core_group_memberships(user).values("plan__episode__child")
    opened = conferences.filter(
        Q(episode__child__in=visible_children(user))
        | Q(chair=user)
        | Q(minute_taker=user)
        | Q(pk__in=live_conference_invitations(user).values("conference"))
        | Q(children__in=core_group_children)
    )
    restricted = conferences.filter(children__in=_restricted_from(user).values("child"))
    return conferences.filter(pk__in=opened.values("pk")).exclude(pk__in=restricted.values("pk"))


def live_conference_invitations(user: User | AnonymousUser):
    """This person's invitations that still open their conference: not yet distributed, not
    cancelled. (Imported here: the conferences app builds on the policy, not the other way.)"""
    from safetymap.conferences.models import Invitation

    if not can(user, Capability.USE_CASE_WORK):
        return Invitation.objects.none()
    return Invitation.objects.filter(user=user, conference__distributed_at__isnull=True).exclude(
        conference__stage__in=["CANCELLED", "DISTRIBUTED"]
    )


# --- The child protection plan, for its core group -----------------------------------------

CORE_GROUP_BASIS = (
    "core group member (membership {pk}): the plan, its actions and conference materials only"
)


def live_core_group_memberships(user: User | AnonymousUser) -> QuerySet[CoreGroupMembership]:
    """This person's core group memberships that still give sight: not ended, on an open plan,
    and not on a restricted record they are not on the list of."""
    if not can(user, Capability.USE_CASE_WORK):
        return CoreGroupMembership.objects.none()
    return CoreGroupMembership.objects.filter(
        user=user, ended_at__isnull=True, plan__ended_on__isnull=True
    ).exclude(plan__episode__child__in=_restricted_from(user).values("child"))


def plan_basis_for(user: User | AnonymousUser, plan: ChildProtectionPlan) -> str | None:
    """Why this person may see this child protection plan (its decision, actions, dates and core
    group), in words for the audit trail; None if they may not.

    Sight of the child's record includes the plan; otherwise a live core group membership on
    this plan. A restricted record is closed to anyone not on its list, whatever else.
    """
    if not can(user, Capability.USE_CASE_WORK):
        return None
    child_id = plan.episode.child_id
    if is_restricted(child_id, for_user=user):
        return None
    basis = basis_for(user, child_id)
    if basis is not None:
        return basis
    membership = live_core_group_memberships(user).filter(plan=plan).first()
    if membership is not None:
        return CORE_GROUP_BASIS.format(pk=membership.pk)
    return None
