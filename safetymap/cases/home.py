"""The pathway's sections of each person's home page (registered in CasesConfig.ready):
contacts for the front door, the team's queue, authorisations, what was returned, directions,
caseloads, the service manager's teams, what is due, and core groups.

Each section is bounded and takes a fixed number of queries whatever the caseload; lists
start from the access policy."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from safetymap.access.policy import Capability, can, searches_every_child, visible_children
from safetymap.accounts.models import Team, User
from safetymap.accounts.roles import Role
from safetymap.cases import selectors
from safetymap.cases.models import Allocation, QueueEntry
from safetymap.cases.selectors import DUE_SOON_HOURS
from safetymap.cases.work import work_due
from safetymap.core.display import govuk_date, govuk_datetime
from safetymap.core.home import SECTION_ROWS, HomeRow, HomeSection

FIRST = 10  # the section a role sees first


def waited(since: datetime.datetime) -> str:
    return f"Waiting {timesince(since, depth=1)}"


def _due(day: datetime.date, today: datetime.date) -> tuple[str, str, str]:
    if day < today:
        return f"Due {govuk_date(day)}", "Overdue", "red"
    if day == today:
        return "Due today", "Due today", "orange"
    return f"Due {govuk_date(day)}", "", ""


def contacts_section(user: User) -> list[HomeSection]:
    """The front door (and out-of-hours duty on shift): contacts waiting for a decision, by when
    the decision falls due (R1)."""
    if not searches_every_child(user):
        return []
    waiting = selectors.contacts_awaiting_decision(user)
    rows = []
    now = timezone.now()
    for contact in waiting[:SECTION_ROWS]:
        when = f"Due {govuk_datetime(contact.decision_due_at)}"
        tag, colour = "", ""
        if contact.decision_due_at < now:
            tag, colour = "Overdue", "red"
        elif contact.due_within(now, DUE_SOON_HOURS):
            tag, colour = "Due within 2 hours", "orange"
        names = ", ".join(child.full_name for child in contact.children.all())
        rows.append(
            HomeRow(
                "Decide on the contact",
                reverse("cases:contact", kwargs={"pk": contact.pk}),
                names,
                when,
                tag,
                colour,
            )
        )
    return [
        HomeSection(
            "Contacts waiting for a decision",
            rows,
            priority=FIRST,
            total=waiting.count(),
            see_all_url=reverse("cases:contacts"),
            see_all_text="See every contact waiting",
            empty="No contacts are waiting for a decision.",
            key="contacts",
        )
    ]


def queue_section(user: User) -> list[HomeSection]:
    """A team manager's queue: new referrals and transfers offered, oldest first."""
    teams = list(Team.objects.filter(manager=user, is_active=True).order_by("name"))
    if not teams or not can(user, Capability.ALLOCATE_WORK):
        return []
    waiting = selectors.queue_for_teams(user, teams)
    rows = [
        HomeRow(
            "Accept the transfer" if entry.kind == QueueEntry.Kind.TRANSFER else "Allocate",
            reverse("cases:allocate", kwargs={"pk": entry.episode_id}),
            f"{entry.episode.child.full_name} ({entry.team.name})",
            waited(entry.queued_at),
            "Transfer" if entry.kind == QueueEntry.Kind.TRANSFER else "",
            "blue",
        )
        for entry in waiting[:SECTION_ROWS]
    ]
    links = {
        "see_all_url": reverse("cases:team-queue", kwargs={"pk": teams[0].pk}),
        "see_all_text": f"See {teams[0].name}'s queue",
    }
    return [
        HomeSection(
            "Waiting to be allocated",
            rows,
            priority=FIRST,
            total=waiting.count(),
            empty="Nothing is waiting in your team's queue.",
            key="queue",
            **links,
        )
    ]


def authorisations_section(user: User) -> list[HomeSection]:
    """Managers: decisions waiting for their authorisation (never their own)."""
    if not can(user, Capability.AUTHORISE_WORK):
        return []
    waiting = selectors.authorisations_waiting_for(user)
    rows = [
        HomeRow(
            f"Authorise: {authorisation.get_kind_display().lower()}",
            reverse("cases:authorisation", kwargs={"pk": authorisation.pk}),
            f"{authorisation.episode.child.full_name} (from {authorisation.requested_by})",
            waited(authorisation.requested_at),
        )
        for authorisation in waiting[:SECTION_ROWS]
    ]
    return [
        HomeSection(
            "Waiting for your authorisation",
            rows,
            priority=FIRST + 5,
            total=waiting.count(),
            see_all_url=reverse("cases:authorisations"),
            see_all_text="See everything waiting for authorisation",
            empty="Nothing is waiting for your authorisation.",
            key="authorisations",
        )
    ]


def returned_section(user: User) -> list[HomeSection]:
    """A worker: what a manager returned, with the reason, until it is asked for again."""
    if not can(user, Capability.RECORD_PATHWAY):
        return []
    returned = selectors.returned_to(user)
    rows = [
        HomeRow(
            f"Returned: {authorisation.get_kind_display().lower()}",
            reverse("cases:episode", kwargs={"pk": authorisation.episode_id}),
            authorisation.episode.child.full_name,
            f"{authorisation.decided_by}: “{authorisation.manager_comment}”",
            "Returned",
            "orange",
        )
        for authorisation in returned[:SECTION_ROWS]
    ]
    return [HomeSection("Returned to you", rows, priority=5, key="returned")]


def directions_section(user: User) -> list[HomeSection]:
    """A worker: directions given in management oversight or supervision, by when due."""
    if not can(user, Capability.RECORD_PATHWAY):
        return []
    today = timezone.localdate()
    directions = selectors.directions_for(user)
    rows = []
    for oversight in directions[:SECTION_ROWS]:
        when, tag, colour = _due(oversight.direction_due, today)
        rows.append(
            HomeRow(
                oversight.direction,
                reverse("cases:direction-done", kwargs={"pk": oversight.pk}),
                oversight.episode.child.full_name,
                when,
                tag,
                colour,
            )
        )
    return [
        HomeSection(
            "Directions from your manager",
            rows,
            priority=FIRST + 2,
            total=directions.count(),
            key="directions",
        )
    ]


def caseloads_section(user: User) -> list[HomeSection]:
    """A team manager: open cases per worker in the teams they manage (one query)."""
    if not can(user, Capability.ALLOCATE_WORK):
        return []
    loads = (
        Allocation.objects.filter(ended_on__isnull=True, team__manager=user, team__is_active=True)
        .values("worker__full_name", "team__name")
        .annotate(cases=Count("episode__child", distinct=True))
        .order_by("-cases", "worker__full_name")
    )
    rows = [
        HomeRow(
            load["worker__full_name"],
            "",
            load["team__name"],
            f"{load['cases']} open case{'s' if load['cases'] != 1 else ''}",
        )
        for load in loads[: SECTION_ROWS * 2]
    ]
    return [
        HomeSection(
            "Caseloads in your team",
            rows,
            priority=FIRST + 20,
            columns=("Worker", "Team", "Caseload"),
            key="caseloads",
        )
    ]


def teams_section(user: User) -> list[HomeSection]:
    """A service manager: each team's open cases, queue and oldest wait, never a list of cases."""
    teams = (
        Team.objects.filter(service_manager=user, is_active=True)
        .annotate(
            open_cases=Count(
                "allocations__episode",
                filter=Q(allocations__ended_on__isnull=True),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    teams = list(teams)
    if not teams:
        return []
    queues = {
        row["team"]: row
        for row in QueueEntry.objects.filter(team__in=teams, closed_at__isnull=True)
        .values("team")
        .annotate(waiting=Count("pk"), oldest=Min("queued_at"))
    }
    rows = []
    for team in teams:
        queue = queues.get(team.pk, {"waiting": 0, "oldest": None})
        when = f"{queue['waiting']} waiting to be allocated"
        if queue["oldest"]:
            when += f", the oldest for {timesince(queue['oldest'], depth=1)}"
        rows.append(
            HomeRow(
                team.name,
                reverse("cases:team-queue", kwargs={"pk": team.pk}),
                f"{team.open_cases} open case{'s' if team.open_cases != 1 else ''}",
                when,
                "",
            )
        )
    return [
        HomeSection(
            "Your teams",
            rows,
            priority=FIRST,
            columns=("Team", "Open cases", "Queue"),
            key="teams",
        )
    ]


def _only_oversees(user: User) -> bool:
    """A service manager oversees through teams; their home page never lists cases."""
    roles = set(user.roles)
    return Role.SERVICE_MANAGER in roles and not roles & {
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.FRONT_DOOR_PRACTITIONER,
    }


def due_section(user: User) -> list[HomeSection]:
    """What is due and overdue for the person and their team, overdue first."""
    if not can(user, Capability.RECORD_PATHWAY) or _only_oversees(user):
        return []
    today = timezone.localdate()
    items = work_due(user)
    if searches_every_child(user):  # their contacts have a section of their own
        items = [item for item in items if not item.url.startswith("/contacts/")]
    rows = []
    for item in items[:SECTION_ROWS]:
        when, tag, colour = _due(item.due, today)
        rows.append(HomeRow(item.label, item.url, item.child_names, when, tag, colour))
    manager = can(user, Capability.ALLOCATE_WORK)
    return [
        HomeSection(
            "Due and overdue for you and your team",
            rows,
            priority=FIRST + 25 if manager else FIRST + 10,
            total=len(items),
            see_all_url=reverse("cases:work-due"),
            see_all_text="See everything due",
            empty="Nothing is due for you or your team.",
            key="due",
        )
    ]


def children_section(user: User) -> list[HomeSection]:
    """A worker: the children allocated to them, the newest allocation first."""
    if not can(user, Capability.RECORD_PATHWAY) or _only_oversees(user):
        return []
    held = (
        Allocation.objects.filter(
            worker=user,
            ended_on__isnull=True,
            episode__closure_date__isnull=True,
            episode__child__in=visible_children(user),
        )
        .select_related("episode__child", "team")
        .order_by("-started_on", "-pk")
    )
    rows = [
        HomeRow(
            allocation.episode.child.full_name,
            reverse("cases:episode", kwargs={"pk": allocation.episode_id}),
            allocation.team.name,
            f"Yours since {govuk_date(allocation.started_on)}",
        )
        for allocation in held[:SECTION_ROWS]
    ]
    return [
        HomeSection(
            "Children allocated to you",
            rows,
            priority=FIRST + 15,
            total=held.count(),
            see_all_url=reverse("people:children"),
            see_all_text="See all your children",
            columns=("Child", "Team", "Allocated"),
            key="children",
        )
    ]


def core_groups_section(user: User) -> list[HomeSection]:
    plans = selectors.plans_in_my_core_groups(user)
    rows = [
        HomeRow(
            f"Child protection plan for {plan.episode.child.full_name}",
            reverse("cases:cp-plan", kwargs={"pk": plan.pk}),
            "",
            f"From {govuk_date(plan.started_on)}",
        )
        for plan in plans[:SECTION_ROWS]
    ]
    partner = Role.PARTNER_PRACTITIONER in user.roles
    return [
        HomeSection(
            "Core groups you are in",
            rows,
            priority=FIRST + 5 if partner else FIRST + 40,
            total=len(plans),
            key="core-groups",
        )
    ]


PROVIDERS = (
    contacts_section,
    queue_section,
    authorisations_section,
    returned_section,
    directions_section,
    caseloads_section,
    teams_section,
    due_section,
    children_section,
    core_groups_section,
)
