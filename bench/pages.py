"""How fast are the case pages at a council's size? Server time and query count per page, each
beside its raw-SQL floor timed in the same run, at the council tier (bench/generate.py: 20,000
children, about 200,000 case notes, 4,400 maps, 5,000,000 audit rows).

    make bench                                                   # throwaway PostgreSQL
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5499/bench_pages bench/pages.py
    bench/pages.py --tier tiny --rounds 10                       # a quick look

The database is found, made or reused as bench/search.py does it (``--database-url`` or
BENCH_DATABASE_URL; a PostgreSQL DATABASE_URL gives the server, with a database of its own,
``bench_pages``; else a throwaway PostgreSQL server, or SQLite where none is installed). A tier
made by the previous generator version is extended with the case work rather than made again.

Each page is requested through the Django test client (middleware, view, template; no network)
as the person who would open it: the worker allocated to the case, or their team manager or
service manager for My work, signed in past the second step. After warm-ups, each request is
followed by its floor: hand-written SQL through a raw cursor that fetches the rows the page
shows, and nothing else (no access checks, no audit row, no template). The ratio is the page's
median over the floor's. Prints a table and writes JSON (build/bench/pages.json). Not a timed
test: the figures are for reading, and for docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import _commit, bench_database, write_json  # noqa: E402

DEFAULT_JSON = ROOT / "build" / "bench" / "pages.json"
DATABASE_NAME = "bench_pages"
# What the issue measures: a child with a long record and a large map.
WANTED_NOTES = 195
WANTED_ITEMS = 80

# A page's floor: statements and their parameters, each run and fetched in full.
Floor = list[tuple[str, Sequence[object]]]


@dataclass
class Case:
    """The records the pages open, and the people who open them."""

    worker_id: int  # allocated to the child's open episode
    child_id: int
    notes: int
    episode_id: int
    map_id: int
    map_worker_id: int
    map_items: int
    conference_id: int
    conference_worker_id: int
    plan_id: int
    plan_worker_id: int
    team_id: int
    team_manager_id: int
    service_manager_id: int


@dataclass
class Page:
    name: str
    url: str
    user_id: int
    floor: Floor


@dataclass
class Figure:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    floor_median_ms: float
    floor_p95_ms: float
    ratio: float
    bytes: int
    samples: list[float] = field(default_factory=list, repr=False)


def pick_case(wanted_notes: int = WANTED_NOTES, wanted_items: int = WANTED_ITEMS) -> Case:
    """A child with an open episode whose record is nearest ``wanted_notes`` notes (a map on the
    episode preferred), the draft or shared map nearest ``wanted_items`` items, and a conference
    and a safety plan on open episodes (the child's own if they have one), each with the worker
    allocated to it; the child's team manager and service manager."""
    from django.db.models import Count, Exists, F, Func, OuterRef, Q

    from safetymap.accounts.models import Team
    from safetymap.cases.models import Allocation, Episode
    from safetymap.conferences.models import Conference
    from safetymap.mapping.models import SoSMap
    from safetymap.people.models import Child
    from safetymap.safety.models import SafetyPlan

    open_allocation = Allocation.objects.filter(
        episode=OuterRef("pk"), ended_on__isnull=True, episode__closure_date__isnull=True
    )
    episode = (
        Episode.objects.filter(Exists(open_allocation))
        .annotate(
            notes=Count("child__case_notes"),
            distance=Func(F("notes") - wanted_notes, function="ABS"),
            mapped=Exists(SoSMap.objects.filter(episode=OuterRef("pk"))),
        )
        .order_by("distance", "-mapped", "pk")
        .select_related("child")
        .first()
    )
    if episode is None:
        raise RuntimeError("no child has an open, allocated episode: generate the tier first")
    allocation = Allocation.objects.filter(episode=episode, ended_on__isnull=True).first()
    team = Team.objects.get(pk=allocation.team_id)
    on_open = Q(episode__closure_date__isnull=True) & Exists(
        Allocation.objects.filter(episode=OuterRef("episode"), ended_on__isnull=True)
    )
    big_map = (
        SoSMap.objects.filter(on_open, status__in=["DRAFT", "SHARED"])
        .annotate(
            n=Count("items"),
            distance=Func(F("n") - wanted_items, function="ABS"),
        )
        .order_by("distance", "pk")
        .first()
    )
    conference = (
        Conference.objects.filter(on_open, episode=episode).order_by("pk").first()
        or Conference.objects.filter(on_open).order_by("pk").first()
    )
    plan = (
        SafetyPlan.objects.filter(on_open, episode=episode).order_by("pk").first()
        or SafetyPlan.objects.filter(on_open).order_by("pk").first()
    )
    if big_map is None or conference is None or plan is None:
        raise RuntimeError("the tier has no map, conference or safety plan on an open episode")

    def worker_of(episode_id: int) -> int:
        open_ones = Allocation.objects.filter(episode_id=episode_id, ended_on__isnull=True)
        return open_ones.values_list("worker_id", flat=True).first()

    return Case(
        worker_id=allocation.worker_id,
        child_id=episode.child_id,
        notes=Child.objects.get(pk=episode.child_id).case_notes.count(),
        episode_id=episode.pk,
        map_id=big_map.pk,
        map_worker_id=worker_of(big_map.episode_id),
        map_items=big_map.n,
        conference_id=conference.pk,
        conference_worker_id=worker_of(conference.episode_id),
        plan_id=plan.pk,
        plan_worker_id=worker_of(plan.episode_id),
        team_id=team.pk,
        team_manager_id=team.manager_id,
        service_manager_id=team.service_manager_id,
    )


# --- The floors: what each page shows, fetched by hand ---------------------------------------

CHILD_FLOOR = [
    (
        "SELECT c.*, a.* FROM people_child c LEFT JOIN people_address a ON a.id = c.address_id "
        "WHERE c.id = %s",
        "child",
    ),
    (
        "SELECT r.*, p.first_name, p.last_name, o.first_name, o.last_name "
        "FROM people_relationship r LEFT JOIN people_person p ON p.id = r.person_id "
        "LEFT JOIN people_child o ON o.id = r.other_child_id WHERE r.child_id = %s "
        "ORDER BY r.id",
        "child",
    ),
    (
        "SELECT m.*, h.name, a.line_1, a.postcode FROM people_householdmember m "
        "JOIN people_household h ON h.id = m.household_id "
        "LEFT JOIN people_address a ON a.id = h.address_id WHERE m.child_id = %s",
        "child",
    ),
    (
        "SELECT e.*, al.started_on, al.ended_on, u.full_name, t.name FROM cases_episode e "
        "LEFT JOIN cases_allocation al ON al.episode_id = e.id "
        "LEFT JOIN accounts_user u ON u.id = al.worker_id "
        "LEFT JOIN accounts_team t ON t.id = al.team_id "
        "WHERE e.child_id = %s ORDER BY e.referral_date DESC",
        "child",
    ),
    (
        "SELECT p.id, p.plan_type, p.status, p.version FROM safety_safetyplan p "
        "JOIN safety_safetyplan_children pc ON pc.safetyplan_id = p.id WHERE pc.child_id = %s",
        "child",
    ),
]

EPISODE_FLOOR = [
    (
        "SELECT e.*, c.first_name, c.last_name, c.date_of_birth FROM cases_episode e "
        "JOIN people_child c ON c.id = e.child_id WHERE e.id = %s",
        "episode",
    ),
    (
        "SELECT al.*, u.full_name, t.name FROM cases_allocation al "
        "JOIN accounts_user u ON u.id = al.worker_id JOIN accounts_team t ON t.id = al.team_id "
        "WHERE al.episode_id = %s ORDER BY al.started_on",
        "episode",
    ),
    ("SELECT * FROM cases_assessment WHERE episode_id = %s", "episode"),
    ("SELECT * FROM cases_childprotectionplan WHERE episode_id = %s", "episode"),
    ("SELECT * FROM cases_childinneedplan WHERE episode_id = %s", "episode"),
    ("SELECT * FROM cases_queueentry WHERE episode_id = %s", "episode"),
    (
        "SELECT m.id, m.held_on, m.version, m.status, m.context, "
        "(SELECT COUNT(*) FROM mapping_mapitem i WHERE i.map_id = m.id) FROM mapping_sosmap m "
        "WHERE m.episode_id = %s ORDER BY m.held_on DESC, m.version DESC",
        "episode",
    ),
    (
        "SELECT r.map_id, r.rater_group, r.value FROM mapping_scalerating r "
        "JOIN mapping_sosmap m ON m.id = r.map_id WHERE m.episode_id = %s",
        "episode",
    ),
]

MAP_FLOOR = [
    (
        "SELECT m.*, e.referral_date, c.first_name, c.last_name, u.full_name FROM mapping_sosmap m "
        "JOIN cases_episode e ON e.id = m.episode_id JOIN people_child c ON c.id = e.child_id "
        "JOIN accounts_user u ON u.id = m.facilitator_id WHERE m.id = %s",
        "map",
    ),
    ("SELECT * FROM mapping_mapitem WHERE map_id = %s ORDER BY position, id", "map"),
    (
        "SELECT d.*, g.* FROM mapping_dangerstatement d "
        "LEFT JOIN mapping_safetygoal g ON g.danger_statement_id = d.id "
        "WHERE d.map_id = %s ORDER BY d.seq_no",
        "map",
    ),
    ("SELECT * FROM mapping_scalerating WHERE map_id = %s", "map"),
    (
        "SELECT c.id, c.first_name, c.last_name FROM mapping_sosmap_children mc "
        "JOIN people_child c ON c.id = mc.child_id WHERE mc.sosmap_id = %s",
        "map",
    ),
]

CHRONOLOGY_FLOOR = [
    ("SELECT id, first_name, last_name, date_of_birth FROM people_child WHERE id = %s", "child"),
    (
        "SELECT n.id, n.happened_on, n.note_type, n.text, u.full_name FROM cases_casenote n "
        "JOIN accounts_user u ON u.id = n.author_id WHERE n.child_id = %s "
        "ORDER BY n.happened_on DESC, n.written_at DESC LIMIT 50",
        "child",
    ),
]

CONFERENCE_FLOOR = [
    (
        "SELECT f.*, e.referral_date, u.full_name FROM conferences_conference f "
        "JOIN cases_episode e ON e.id = f.episode_id "
        "LEFT JOIN accounts_user u ON u.id = f.chair_id WHERE f.id = %s",
        "conference",
    ),
    (
        "SELECT c.id, c.first_name, c.last_name, c.date_of_birth "
        "FROM conferences_conference_children fc JOIN people_child c ON c.id = fc.child_id "
        "WHERE fc.conference_id = %s",
        "conference",
    ),
    (
        "SELECT * FROM conferences_invitation WHERE conference_id = %s ORDER BY kind, name",
        "conference",
    ),
    ("SELECT * FROM conferences_agencyreport WHERE conference_id = %s", "conference"),
]

PLAN_FLOOR = [
    (
        "SELECT p.*, e.referral_date, c.first_name, c.last_name FROM safety_safetyplan p "
        "JOIN cases_episode e ON e.id = p.episode_id JOIN people_child c ON c.id = e.child_id "
        "WHERE p.id = %s",
        "plan",
    ),
    ("SELECT * FROM safety_planrule WHERE plan_id = %s ORDER BY number", "plan"),
    (
        "SELECT rd.planrule_id, d.seq_no FROM safety_planrule_danger_statements rd "
        "JOIN safety_planrule r ON r.id = rd.planrule_id "
        "JOIN mapping_dangerstatement d ON d.id = rd.dangerstatement_id WHERE r.plan_id = %s",
        "plan",
    ),
    (
        "SELECT m.* FROM safety_networkmember m JOIN safety_safetynetwork n ON n.id = m.network_id "
        "JOIN safety_safetyplan p ON p.episode_id = n.episode_id WHERE p.id = %s",
        "plan",
    ),
]

# My work: the open cases in the person's sight, with the child and the latest note on each.
CASELOAD = (
    "SELECT e.id, e.referral_date, c.id, c.first_name, c.last_name, c.date_of_birth, "
    "u.full_name, (SELECT MAX(n.happened_on) FROM cases_casenote n WHERE n.child_id = c.id) "
    "FROM cases_allocation al JOIN cases_episode e ON e.id = al.episode_id "
    "JOIN people_child c ON c.id = e.child_id JOIN accounts_user u ON u.id = al.worker_id "
    "WHERE al.ended_on IS NULL AND e.closure_date IS NULL AND {scope} "
    "ORDER BY c.last_name, c.first_name"
)


def _floor(statements: list[tuple[str, str]], ids: dict[str, int]) -> Floor:
    return [(sql, [ids[name]]) for sql, name in statements]


def pages_for(case: Case) -> list[Page]:
    """The pages timed, each with the person who opens it and its floor."""
    ids = {
        "child": case.child_id,
        "episode": case.episode_id,
        "map": case.map_id,
        "conference": case.conference_id,
        "plan": case.plan_id,
    }
    return [
        Page(
            f"child page ({case.notes} notes)",
            f"/children/{case.child_id}/",
            case.worker_id,
            _floor(CHILD_FLOOR, ids),
        ),
        Page(
            "episode page",
            f"/episodes/{case.episode_id}/",
            case.worker_id,
            _floor(EPISODE_FLOOR, ids),
        ),
        Page(
            f"map, {case.map_items} items",
            f"/maps/{case.map_id}/",
            case.map_worker_id,
            _floor(MAP_FLOOR, ids),
        ),
        Page(
            f"chronology, {case.notes} notes",
            f"/children/{case.child_id}/chronology/",
            case.worker_id,
            _floor(CHRONOLOGY_FLOOR, ids),
        ),
        Page(
            "conference",
            f"/conferences/{case.conference_id}/",
            case.conference_worker_id,
            _floor(CONFERENCE_FLOOR, ids),
        ),
        Page(
            "safety plan",
            f"/safety-plans/{case.plan_id}/",
            case.plan_worker_id,
            _floor(PLAN_FLOOR, ids),
        ),
        Page(
            "My work, social worker",
            "/",
            case.worker_id,
            [(CASELOAD.format(scope="al.worker_id = %s"), [case.worker_id])],
        ),
        Page(
            "My work, team manager",
            "/",
            case.team_manager_id,
            [(CASELOAD.format(scope="al.team_id = %s"), [case.team_id])],
        ),
        Page(
            "My work, service manager",
            "/",
            case.service_manager_id,
            [
                (
                    CASELOAD.format(
                        scope="al.team_id IN (SELECT id FROM accounts_team "
                        "WHERE service_manager_id = %s)"
                    ),
                    [case.service_manager_id],
                )
            ],
        ),
    ]


def signed_in_client(user_id: int):
    """A test client signed in as this person, past the second sign-in step."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from safetymap.accounts.models import User

    user = User.objects.get(pk=user_id)
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _answered(page: Page, response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{page.name} ({page.url}) answered {response.status_code}")


def count_queries(client, page: Page) -> int:
    """The queries of one request (not a timed one: logging each query costs time)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9,000 queries: a full one would count none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    _answered(page, response)
    return len(queries)


def time_page(client, page: Page) -> tuple[float, int]:
    """One request's server time in seconds, and the page's size in bytes."""
    started = time.perf_counter()
    response = client.get(page.url)
    elapsed = time.perf_counter() - started
    _answered(page, response)
    return elapsed, len(response.content)


def run_floor(floor: Floor) -> tuple[float, int]:
    """The floor's statements through a raw cursor, every row fetched: seconds and rows."""
    from django.db import connection

    rows = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in floor:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return time.perf_counter() - started, rows


def query_counts(pages: list[Page], clients: dict[int, object] | None = None) -> dict[str, int]:
    """Each page's query count, from one request (after one warm-up)."""
    clients = {} if clients is None else clients
    counts = {}
    for page in pages:
        client = clients.setdefault(page.user_id, signed_in_client(page.user_id))
        count_queries(client, page)  # the first request of a session may do more
        counts[page.name] = count_queries(client, page)
    return counts


def measure(
    pages: list[Page], *, rounds: int, warmups: int, say: Callable[[str], None] = print
) -> list[Figure]:
    """Each page ``rounds`` times after ``warmups`` (the last of which counts its queries), each
    request followed by its floor."""
    from bench.evaluate import percentile

    clients: dict[int, object] = {}
    figures = []
    for page in pages:
        client = clients.setdefault(page.user_id, signed_in_client(page.user_id))
        for _ in range(max(warmups - 1, 0)):
            time_page(client, page)
            run_floor(page.floor)
        queries = count_queries(client, page)
        run_floor(page.floor)
        server, floor, size = [], [], 0
        for _ in range(rounds):
            seconds, size = time_page(client, page)
            floor_seconds, _ = run_floor(page.floor)
            server.append(seconds * 1000)
            floor.append(floor_seconds * 1000)
        median, floor_median = statistics.median(server), statistics.median(floor)
        figure = Figure(
            name=page.name,
            url=page.url,
            median_ms=round(median, 1),
            p95_ms=round(percentile(server, 0.95), 1),
            queries=queries,
            floor_median_ms=round(floor_median, 2),
            floor_p95_ms=round(percentile(floor, 0.95), 2),
            ratio=round(median / floor_median, 1) if floor_median else 0.0,
            bytes=size,
            samples=[round(s, 2) for s in server],
        )
        figures.append(figure)
        say(f"  {page.name}: {figure.median_ms} ms, {figure.queries} queries")
    return figures


def format_table(figures: list[Figure]) -> str:
    lines = [
        "| page | median | p95 | queries | raw-SQL floor | ratio | page size |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.median_ms:,.1f} ms | {f.p95_ms:,.1f} ms | {f.queries} | "
            f"{f.floor_median_ms:,.2f} ms | {f.ratio:,.1f}× | {f.bytes / 1024:,.0f} kB |"
        )
    return "\n".join(lines)


def prepare(tier_name: str, seed: int, *, say: Callable[[str], None] = print):
    from bench.generate import TIERS, made_or_reused, plan_council

    plan = plan_council(TIERS[tier_name], seed)
    return plan, made_or_reused(plan, say=say)


def run(args: argparse.Namespace, url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from safetymap.audit.models import AuditEvent
    from safetymap.cases.models import CaseNote
    from safetymap.mapping.models import SoSMap
    from safetymap.people.models import Child

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Database ready ({connection.vendor}) in {time.perf_counter() - started:.0f} s")
    prepare(args.tier, args.seed)
    setup_test_environment()  # the test client's host, as under pytest
    counts = {
        "children": Child.objects.count(),
        "case notes": CaseNote.objects.count(),
        "maps": SoSMap.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }
    case = pick_case()
    pages = pages_for(case)
    print(f"Timing {len(pages)} pages, {args.rounds} rounds after {args.warmups} warm-ups…")
    figures = measure(pages, rounds=args.rounds, warmups=args.warmups)
    print()
    print(
        f"{args.tier} tier on {connection.vendor}: "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )
    print(format_table(figures))
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "engine": connection.vendor,
        "tier": args.tier,
        "seed": args.seed,
        "cores": os.cpu_count(),
        "rounds": args.rounds,
        "warmups": args.warmups,
        "counts": counts,
        "case": case.__dict__,
        "pages": [f.__dict__ for f in figures],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tier", choices=["tiny", "small", "council", "regional"], default="council"
    )
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--warmups", type=int, default=5)
    parser.add_argument("--engine", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        result = run(args, bench_database(stack, args, DATABASE_NAME))
    write_json(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
