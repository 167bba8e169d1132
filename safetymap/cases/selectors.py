"""Reads of the pathway, always through the access policy, with the read audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from safetymap.access.policy import (
    Capability,
    basis_for,
    can,
    conferences_open_to,
    contact_basis,
    live_core_group_memberships,
    open_queue_entries_managed_by,
    plan_basis_for,
    restricted_children,
    searches_every_child,
    visible_children,
    without_restricted,
)
from safetymap.accounts.models import Team, User
from safetymap.audit.models import Action
from safetymap.audit.services import record, record_read
from safetymap.cases import providers, timescales
from safetymap.cases.models import (
    Allocation,
    Assessment,
    Authorisation,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanAction,
    ChildProtectionPlan,
    Contact,
    CoreGroupMembership,
    Episode,
    ManagementOversight,
    PlanEndNotice,
    QueueEntry,
    Section47Enquiry,
    StrategyDiscussion,
)
from safetymap.cases.pathway import VISIT_NOTES
from safetymap.core.paging import KeysetPage, keyset_page
from safetymap.mapping.models import ScaleRating, SoSMap
from safetymap.people.models import Child


def episodes_visible_to(user: User) -> QuerySet[Episode]:
    return Episode.objects.filter(child__in=visible_children(user))


def open_episode(user: User, pk: int) -> Episode:
    """An episode with every step of its pathway, in a fixed number of queries; the read audited.

    An episode of a child the person may not see is 'not found', like one that does not exist.
    """
    last_visit = (
        CaseNote.objects.filter(child=OuterRef("child"), note_type__in=VISIT_NOTES)
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    episode = (
        Episode.objects.filter(pk=pk)
        .select_related("child", "contact")
        .annotate(last_visit=Subquery(last_visit))
        .prefetch_related(
            "transfers_in",
            Prefetch("allocations", queryset=Allocation.objects.select_related("worker", "team")),
            Prefetch(
                "queue_entries",
                queryset=QueueEntry.objects.select_related(
                    "team", "from_team", "queued_by", "closed_by"
                ).order_by("queued_at"),
            ),
            Prefetch(
                "authorisations",
                queryset=Authorisation.objects.select_related(
                    "requested_by", "decided_by"
                ).order_by("requested_at"),
            ),
            Prefetch(
                "oversights",
                queryset=ManagementOversight.objects.select_related("recorded_by", "direction_for"),
            ),
            Prefetch("assessments", queryset=Assessment.objects.order_by("started_on")),
            Prefetch(
                "strategy_discussions",
                queryset=StrategyDiscussion.objects.select_related("chair").prefetch_related(
                    # Never the name of a brother or sister restricted from this person.
                    Prefetch(
                        "children_considered",
                        queryset=without_restricted(user, Child.objects.all()),
                    )
                ),
            ),
            Prefetch("enquiries", queryset=Section47Enquiry.objects.order_by("started_on")),
            Prefetch(
                "cin_plans",
                queryset=ChildInNeedPlan.objects.order_by("started_on", "pk").prefetch_related(
                    "reviews",
                    "visits",
                    Prefetch(
                        "actions",
                        queryset=ChildInNeedPlanAction.objects.select_related("who_user"),
                    ),
                ),
            ),
            Prefetch(
                "maps",
                # A map shared with a brother or sister restricted from this person is refused
                # (mapping.selectors.map_basis), so it is not listed or scaled here either.
                queryset=SoSMap.objects.exclude(children__in=restricted_children(user))
                .order_by("held_on", "version")
                .prefetch_related(
                    Prefetch(
                        "ratings",
                        queryset=ScaleRating.objects.filter(danger_statement__isnull=True),
                        to_attr="overall_ratings",
                    )
                ),
            ),
            Prefetch(
                "cp_plans",
                queryset=ChildProtectionPlan.objects.order_by("started_on")
                .select_related("chair", "lead_social_worker")
                .prefetch_related(
                    "core_groups",
                    "reviews",
                    Prefetch(
                        "end_notices",
                        queryset=PlanEndNotice.objects.select_related("organisation"),
                    ),
                ),
            ),
        )
        .first()
    )
    basis = basis_for(user, episode.child_id) if episode else None
    if basis is None:
        raise Http404
    record(
        actor=user,
        action=Action.VIEW,
        subject=episode,
        basis=basis,
        details={"child": episode.child_id},
    )
    return episode


def episode_for_change(user: User, pk: int, page: str = "a form about the episode") -> Episode:
    """An episode for a page that changes it, if its child is visible. Every such page names the
    child (and some show part of the record: a transfer's reason, the queue it waits in), so the
    read is audited; the service audits the change as well."""
    episode = Episode.objects.select_related("child").filter(pk=pk).first()
    basis = basis_for(user, episode.child_id) if episode else None
    if basis is None:
        raise Http404
    _audit_shown(user, episode, basis, episode.child_id, page)
    return episode


def episode_step(user: User, model: type, pk: int, page: str = ""):
    """One step's record (an assessment, a plan…) for a page that changes it, if its child is
    visible to this person. The page names the child and often shows what was written before
    (a manager's reason for returning it), so the read is audited."""
    step = model.objects.select_related("episode__child").filter(pk=pk).first()
    basis = basis_for(user, step.episode.child_id) if step else None
    if basis is None:
        raise Http404
    _audit_shown(user, step, basis, step.episode.child_id, page or model._meta.verbose_name)
    return step


def _audit_shown(user: User, subject, basis: str, child_id: int, page: str) -> None:
    """A page that shows some of a child's record, even only the child's name above a form:
    who saw it, on what basis, and which page (issue 15: every read of case data is audited)."""
    record_read(actor=user, subject=subject, basis=basis, child_id=child_id, page=page)


CONTACTS_PER_PAGE = 25
DUE_SOON_HOURS = 2  # R1: the alert two hours before the decision falls due


def contacts_awaiting_decision(user: User) -> QuerySet[Contact]:
    """Contacts still to be decided, soonest due first: every one for the front door (and the
    out-of-hours duty worker on shift), else those about children this person can see."""
    # A contact about a child restricted from this person as well is not theirs to see (its
    # page is refused by open_contact), and listing it would show that child's name.
    waiting = Contact.objects.filter(decision="").exclude(children__in=restricted_children(user))
    if not searches_every_child(user):
        waiting = waiting.filter(
            pk__in=Contact.objects.filter(children__in=visible_children(user)).values("pk")
        )
    return waiting.prefetch_related("children").order_by("decision_due_at", "received_at", "pk")


@dataclass(frozen=True)
class WaitingContact:
    """A contact in the front door's list, with where it stands against R1 now."""

    contact: Contact
    overdue: bool
    due_soon: bool  # due within 2 hours, not yet overdue


@dataclass(frozen=True)
class ContactQueuePage:
    contacts: list[WaitingContact]
    page: KeysetPage
    total: int  # how many are waiting for the filters chosen, on every page


CONTACT_QUEUE_ORDER = ("decision_due_at", "received_at", "pk")


def contact_queue(
    user: User,
    cursor: str | None = None,
    *,
    overdue_only: bool = False,
    immediate_risk_only: bool = False,
) -> ContactQueuePage:
    """One page of the contacts waiting for a decision, ordered by when the decision falls due,
    each marked overdue or due within 2 hours; optionally only the overdue ones, or only those
    that may be at immediate risk. Keyset pages (``core.paging``): two queries and the children's
    prefetch whatever the number."""
    now = timezone.now()
    waiting = contacts_awaiting_decision(user)
    if overdue_only:
        waiting = waiting.filter(decision_due_at__lt=now)
    if immediate_risk_only:
        waiting = waiting.filter(immediate_risk=True)
    current = keyset_page(waiting, CONTACT_QUEUE_ORDER, CONTACTS_PER_PAGE, cursor)
    return ContactQueuePage(
        contacts=[
            WaitingContact(
                contact=contact,
                overdue=contact.overdue_at(now),
                due_soon=contact.due_within(now, DUE_SOON_HOURS),
            )
            for contact in current.rows
        ],
        page=current,
        total=waiting.count(),
    )


def open_contact(user: User, pk: int) -> Contact:
    contact = Contact.objects.prefetch_related("children").filter(pk=pk).first()
    if contact is None:
        raise Http404
    children = list(contact.children.all())
    waiting = not contact.is_decided
    bases = [contact_basis(user, child.pk, awaiting_decision=waiting) for child in children]
    if not children or any(basis is None for basis in bases):
        raise Http404
    for child, basis in zip(children, bases, strict=True):
        record(
            actor=user,
            action=Action.VIEW,
            subject=contact,
            basis=basis,
            details={"child": child.pk},
        )
    return contact


# --- The contact page: each child's earlier involvement -----------------------------------------

# At most this many of a child's earlier episodes and contacts are listed on a contact's page;
# the rest are counted and on the child's record and chronology.
EARLIER_SHOWN = 10
EARLIER_INVOLVEMENT_PAGE = "contact: earlier involvement"


@dataclass(frozen=True)
class EarlierContact:
    contact: Contact
    may_open: bool  # the reader may open that contact's page (every child on it in sight)


@dataclass(frozen=True)
class EarlierInvolvement:
    """What the council already knows of one child on a contact: shown only to someone who may
    see the child's whole record (``may_open``); otherwise nothing of it, not even a count."""

    child: Child
    may_open: bool
    may_ask_to_open: bool  # the front door (or duty on shift) may open it for a stated reason
    episodes: list[Episode]  # newest first: open and closed, referred before this contact
    more_episodes: int
    contacts: list[EarlierContact]  # the 12 months before this contact, newest first
    more_contacts: int
    referrals: list[Episode]  # episodes referred in the 12 months before this contact
    window_start: datetime.date

    @property
    def re_referral(self) -> Episode | None:
        """The latest referral within 12 months before this contact (the outcome measure
        "re-referrals within 12 months", timescales.is_re_referral)."""
        return self.referrals[0] if self.referrals else None


def earlier_involvement(user: User, contact: Contact) -> list[EarlierInvolvement]:
    """For each child on the contact: their episodes (open and closed), and the contacts and
    referrals in the 12 months before this one, each to be linked only when the reader may
    open it. Only for a child whose record the reader may see (the access policy), and that
    read is audited. A fixed number of queries per child, whatever the length of the history."""
    received = timezone.localtime(contact.received_at).date()
    start = timescales.earlier_involvement_from(received)
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    children = list(contact.children.all())
    bases = {child.pk: basis_for(user, child.pk) for child in children}
    in_sight = [pk for pk, basis in bases.items() if basis is not None]
    episodes: dict[int, list[Episode]] = {pk: [] for pk in in_sight}
    contacts: dict[int, list[Contact]] = {pk: [] for pk in in_sight}
    may_open_contact: set[int] = set()
    if in_sight:
        for episode in (
            Episode.objects.filter(child_id__in=in_sight, referral_date__lte=received)
            .exclude(contact=contact)
            .order_by("-referral_date", "-pk")
        ):
            episodes[episode.child_id].append(episode)
        about = Contact.children.through.objects
        for row in (
            about.filter(
                child_id__in=in_sight,
                contact__received_at__gte=start_at,
                contact__received_at__lt=contact.received_at,
            )
            .select_related("contact")
            .order_by("-contact__received_at", "-contact_id")
        ):
            contacts[row.child_id].append(row.contact)
        may_open_contact = _contacts_open_to(
            user, {c.pk: c for listed in contacts.values() for c in listed}
        )
    front_door = searches_every_child(user)
    found = []
    for child in children:
        basis = bases[child.pk]
        if basis is not None:
            _audit_shown(user, child, basis, child.pk, EARLIER_INVOLVEMENT_PAGE)
        theirs = episodes.get(child.pk, [])
        their_contacts = contacts.get(child.pk, [])
        found.append(
            EarlierInvolvement(
                child=child,
                may_open=basis is not None,
                may_ask_to_open=basis is None and front_door,
                episodes=theirs[:EARLIER_SHOWN],
                more_episodes=max(0, len(theirs) - EARLIER_SHOWN),
                contacts=[
                    EarlierContact(c, c.pk in may_open_contact)
                    for c in their_contacts[:EARLIER_SHOWN]
                ],
                more_contacts=max(0, len(their_contacts) - EARLIER_SHOWN),
                referrals=[
                    e for e in theirs if timescales.is_re_referral(received, [e.referral_date])
                ],
                window_start=start,
            )
        )
    return found


def _contacts_open_to(user: User, contacts: dict[int, Contact]) -> set[int]:
    """Which of these contacts the reader may open (``open_contact``'s rule: sight of every child
    on it, or for an undecided one, the front door's own work with none restricted), in three
    queries whatever their number."""
    if not contacts:
        return set()
    about: dict[int, set[int]] = {pk: set() for pk in contacts}
    for contact_id, child_id in Contact.children.through.objects.filter(
        contact_id__in=contacts
    ).values_list("contact_id", "child_id"):
        about[contact_id].add(child_id)
    everyone = set().union(*about.values())
    seen = set(visible_children(user).filter(pk__in=everyone).values_list("pk", flat=True))
    hidden = set(
        restricted_children(user).filter(child__in=everyone).values_list("child", flat=True)
    )
    front_door = searches_every_child(user)
    return {
        pk
        for pk, children in about.items()
        if children <= seen
        or (front_door and not contacts[pk].is_decided and not children & hidden)
    }


def previous_cp_plan_counts(child_id: int) -> dict[int, int]:
    """R37: for each of a child's child protection plans, how many plans came before it.

    Derived from the record (never typed), in one query whatever the number of plans.
    """
    starts = list(
        ChildProtectionPlan.objects.filter(episode__child_id=child_id)
        .order_by("started_on", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: position for position, pk in enumerate(starts)}


def child_for_work(user: User, pk: int, page: str = "add to the chronology"):
    """A child whose record this person may see (else 'not found'), for the chronology and the
    pages that add to it; each page names the child, so the read is audited."""
    from safetymap.people.models import Child

    child = Child.objects.filter(pk=pk).first()
    basis = basis_for(user, pk) if child else None
    if basis is None:
        raise Http404
    _audit_shown(user, child, basis, child.pk, page)
    return child, basis


def _chronology_filters(user: User, filters: dict) -> dict:
    """Management oversight is children's social care's own: partners' chronology leaves it
    out; and a contact or map also about a child restricted from the reader is left out."""
    from safetymap.cases import chronology

    if not can(user, Capability.RECORD_PATHWAY):
        filters["kinds"] = (filters.get("kinds") or set(chronology.KINDS)) - {"oversight"}
    return {**filters, "hidden": restricted_children(user)}


def child_chronology(user: User, pk: int, *, cursor: str | None = None, **filters):
    """One page of the chronology of a child this person may see (the latest entries, or those
    the cursor points to, ``chronology.page``); the read is audited."""
    from safetymap.cases import chronology

    child, _ = child_for_work(user, pk, page="chronology")
    return child, chronology.page(child.pk, cursor=cursor, **_chronology_filters(user, filters))


def child_chronology_in_full(user: User, pk: int, **filters):
    """Every entry of the chronology, newest first, read as it is shown (the printable
    chronology streams it); the read is audited."""
    from safetymap.cases import chronology

    child, _ = child_for_work(user, pk, page="printable chronology")
    return child, chronology.entries(child.pk, **_chronology_filters(user, filters))


# --- The child protection plan, as its core group sees it -----------------------------------


def plan_for_reading(user: User, pk: int) -> tuple[ChildProtectionPlan, str]:
    """A child protection plan with its meetings and core group, in a fixed number of queries,
    and the basis on which this person sees it (the whole record, or core group membership);
    the read audited. A plan the person may not see is 'not found'."""
    plan = (
        ChildProtectionPlan.objects.filter(pk=pk)
        .select_related("episode__child", "chair", "lead_social_worker")
        .prefetch_related(
            "core_groups",
            "reviews",
            Prefetch(
                "core_group_memberships",
                queryset=CoreGroupMembership.objects.filter(ended_at__isnull=True).select_related(
                    "user__organisation"
                ),
                to_attr="current_members",
            ),
        )
        .first()
    )
    basis = plan_basis_for(user, plan) if plan else None
    if basis is None:
        raise Http404
    record(
        actor=user,
        action=Action.VIEW,
        subject=plan,
        basis=basis,
        details={"child": plan.episode.child_id},
    )
    return plan, basis


def conferences_about(user: User, child_id: int) -> list:
    """The child's conferences this person may open (for a core group member: all of them,
    while they are in the core group), oldest first, in one query."""
    from safetymap.conferences.models import Conference  # conferences builds on cases

    about = Conference.objects.filter(children=child_id).order_by("scheduled_on", "pk")
    return list(conferences_open_to(user, about))


def plans_in_my_core_groups(user: User) -> list[ChildProtectionPlan]:
    """Open plans whose core group this person is in, for My work, in one query (restricted
    records they are not listed on are left out by the policy)."""
    return list(
        ChildProtectionPlan.objects.filter(pk__in=live_core_group_memberships(user).values("plan"))
        .select_related("episode__child")
        .order_by("started_on")
    )


def membership_for_change(user: User, pk: int) -> CoreGroupMembership:
    """A core group membership about to end, if the person may change the child's record; the
    page shows who and whose plan, so the read is audited."""
    membership = (
        CoreGroupMembership.objects.select_related("plan__episode__child", "user")
        .filter(pk=pk)
        .first()
    )
    child_id = membership.plan.episode.child_id if membership else None
    basis = basis_for(user, child_id) if membership else None
    if basis is None:
        raise Http404
    _audit_shown(user, membership, basis, child_id, "leave the core group")
    return membership


# --- Queues, hand-offs and management oversight ----------------------------------------------


def queue_for_teams(user: User, teams) -> QuerySet[QueueEntry]:
    """Open entries in these teams' queues that this person manages, oldest first."""
    return (
        open_queue_entries_managed_by(user)
        .filter(team__in=teams)
        .select_related("episode__child", "team", "from_team", "queued_by")
        .order_by("queued_at")
    )


def team_for_queue(user: User, pk: int) -> Team:
    """A team whose queue this person runs (its manager or the service manager over it)."""
    team = Team.objects.filter(pk=pk, is_active=True).first()
    if team is None or user.pk not in (team.manager_id, team.service_manager_id):
        raise Http404
    return team


def queue_entry_for_change(user: User, pk: int) -> QueueEntry:
    """A transfer waiting in a team's queue; the decline page shows whose and why: audited."""
    entry = QueueEntry.objects.select_related("episode__child", "team").filter(pk=pk).first()
    basis = basis_for(user, entry.episode.child_id) if entry else None
    if basis is None:
        raise Http404
    _audit_shown(user, entry, basis, entry.episode.child_id, "a transfer between teams")
    return entry


def open_queue_entry(episode: Episode) -> QueueEntry | None:
    return (
        episode.queue_entries.filter(closed_at__isnull=True)
        .select_related("team", "from_team")
        .first()
    )


def authorisations_waiting_for(user: User) -> QuerySet[Authorisation]:
    """Decisions waiting for a manager, on children this person sees, never their own."""
    return (
        Authorisation.objects.filter(
            state=Authorisation.State.WAITING, episode__child__in=visible_children(user)
        )
        .exclude(requested_by=user)
        .select_related("episode__child", "requested_by")
        .order_by("requested_at")
    )


def returned_to(user: User) -> QuerySet[Authorisation]:
    """What a manager returned to this person and they have not yet asked for again, on an
    episode still open, newest first."""
    asked_again = Authorisation.objects.filter(
        episode=OuterRef("episode"), kind=OuterRef("kind"), requested_at__gt=OuterRef("decided_at")
    )
    return (
        Authorisation.objects.filter(
            requested_by=user,
            state=Authorisation.State.RETURNED,
            episode__closure_date__isnull=True,
            episode__child__in=visible_children(user),
        )
        .exclude(Exists(asked_again))
        .select_related("episode__child", "decided_by")
        .order_by("-decided_at")
    )


def directions_for(user: User) -> QuerySet[ManagementOversight]:
    return (
        ManagementOversight.objects.filter(
            direction_for=user,
            direction_done_on__isnull=True,
            episode__child__in=visible_children(user),
        )
        .select_related("episode__child")
        .order_by("direction_due")
    )


def authorisation_for_decision(user: User, pk: int) -> Authorisation:
    """A request for authorisation, for a manager who sees the child; the read audited."""
    authorisation = (
        Authorisation.objects.select_related(
            "episode__child", "assessment", "cin_plan", "cp_plan", "requested_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    basis = basis_for(user, authorisation.episode.child_id) if authorisation else None
    if basis is None:
        raise Http404
    record(
        actor=user,
        action=Action.VIEW,
        subject=authorisation,
        basis=basis,
        details={"child": authorisation.episode.child_id},
    )
    return authorisation


def oversight_for_change(user: User, pk: int) -> ManagementOversight:
    """A manager's direction, to mark done; the page shows its words, so the read is audited."""
    oversight = ManagementOversight.objects.select_related("episode__child").filter(pk=pk).first()
    basis = basis_for(user, oversight.episode.child_id) if oversight else None
    if basis is None:
        raise Http404
    _audit_shown(user, oversight, basis, oversight.episode.child_id, "a manager's direction")
    return oversight


# --- A child in need plan's content: what needs to happen, and visits ------------------------


def cin_action_for_change(user: User, pk: int) -> ChildInNeedPlanAction:
    """What needs to happen on a plan, about to be changed or marked done, if this person may
    see the child; the page shows its words, so the read is audited."""
    action = (
        ChildInNeedPlanAction.objects.select_related("plan__episode__child", "who_user")
        .filter(pk=pk)
        .first()
    )
    basis = basis_for(user, action.plan.episode.child_id) if action else None
    if basis is None:
        raise Http404
    record_read(
        actor=user,
        subject=action,
        basis=basis,
        child_id=action.plan.episode.child_id,
        page="change what needs to happen",
    )
    return action


def next_steps_to_offer(user: User, plan: ChildInNeedPlan) -> list[providers.SuggestedStep]:
    """The next steps on the child's latest map (asked of the practice apps through
    ``providers``), less those the plan has already started from: the starting points offered
    on "Add what needs to happen". Shown on the page, so the read is audited."""
    child_id = plan.episode.child_id
    basis = basis_for(user, child_id)
    if basis is None:
        raise Http404
    used = set(plan.actions.exclude(from_next_step="").values_list("from_next_step", flat=True))
    steps = [step for step in providers.next_steps_for_child(child_id) if step.key not in used]
    if steps:
        record_read(
            actor=user,
            subject=plan,
            basis=basis,
            child_id=child_id,
            page="the map's next steps, to add to the child in need plan",
        )
    return steps
