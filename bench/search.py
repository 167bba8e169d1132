"""Is this child already known? Recall, precision and server time of the children's search at
the council tier (20,000 children, 60,000 people: bench/generate.py), on a labelled query set.

    make bench                                            # throwaway PostgreSQL, council tier
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5499/bench_search bench/search.py
    bench/search.py --engine sqlite --tier small          # a SQLite file in a temporary folder

The database: ``--database-url`` (or BENCH_DATABASE_URL) names one; a PostgreSQL DATABASE_URL
gives its server, with a database of the benchmark's own (``bench_search``). On PostgreSQL the
database is created if missing, and a tier made there before (same tier, seed and generator
version) is reused, its search keys rebuilt only if ``search_keys_of`` now gives other keys.
Without a URL, a throwaway PostgreSQL server is started as ``make test`` starts one
(scripts/run_tests.py), or a SQLite file is used where PostgreSQL is not installed.

Prints a table per kind of query (recall@5, recall@10, precision, p50 and p95 in ms; the
definitions are in bench/evaluate.py), then the search page (the header search) timed through
the Django test client for three kinds, and writes it all as JSON (build/bench/search.json). Not a
timed test: the figures are for reading, and for docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.run_tests import postgres_bindir, throwaway_postgres  # noqa: E402

DEFAULT_JSON = ROOT / "build" / "bench" / "search.json"
DATABASE_NAME = "bench_search"


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def _prepare_postgresql(url: str, *, fresh: bool) -> None:
    """Create the named database if it is missing (dropped first with --fresh)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _commit() -> str:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return "unknown"


# The search page is timed for these kinds (the name + date of birth, name only, fuzzy).
HTTP_KINDS = (
    "exact name and date of birth",
    "first name and surname only",
    "first name misspelt, date of birth",
)


def http_times(user, queries, per_kind: int) -> dict[str, dict[str, float]]:
    """Server time of the search page (the header search) through the Django test client
    (middleware, view, template; no network), signed in past the second step as the tests do."""
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from bench.evaluate import percentile

    setup_test_environment()  # the test client's host, as under pytest
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    figures = {}
    for kind in HTTP_KINDS:
        chosen = [q for q in queries if q.kind == kind][:per_kind]
        millis = []
        for i, q in enumerate([chosen[0], *chosen]):
            typed = f"{q.first_name} {q.last_name}".strip()
            if q.date_of_birth:
                typed += f" {q.date_of_birth.day}/{q.date_of_birth.month}/{q.date_of_birth.year}"
            params = {"q": typed}
            started = time.perf_counter()
            response = client.get("/search/", params)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"the search page answered {response.status_code}")
            if i:  # the first is a warm-up
                millis.append(elapsed * 1000)
        figures[kind] = {
            "queries": len(millis),
            "p50_ms": round(percentile(millis, 0.5), 1),
            "p95_ms": round(percentile(millis, 0.95), 1),
        }
    return figures


def run(args: argparse.Namespace, url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.evaluate import (
        as_json,
        ceilings,
        format_causes,
        format_table,
        miss_causes,
        run_queries,
        summarise,
    )
    from bench.generate import (
        TIERS,
        labelled_queries,
        made_before,
        made_or_reused,
        plan_council,
        refresh_search_keys,
    )
    from safetymap.accounts.models import User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Database ready ({connection.vendor}) in {time.perf_counter() - started:.0f} s")
    tier = TIERS[args.tier]
    plan = plan_council(tier, args.seed)
    reused = made_before(plan) is not None
    made = made_or_reused(plan, say=print)
    if reused:
        rebuilt = refresh_search_keys()
        if rebuilt:
            print(f"  search keys were out of date: {rebuilt} rebuilt")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = User.objects.get(pk=made.front_door_user_id)
    queries = labelled_queries(plan, per_kind=args.per_kind)
    print(f"Running {len(queries)} queries as a front door practitioner…", flush=True)
    started = time.perf_counter()
    outcomes, unavailable = run_queries(user, queries, made.child_ids, ceiling=ceilings(plan))
    seconds = time.perf_counter() - started
    table = summarise(outcomes, unavailable)
    counts = {
        "children": len(plan.children),
        "people": len(plan.people),
        "families": len(plan.families),
        "episodes": len(plan.episodes),
    }
    print()
    print(
        f"{tier.name} tier on {connection.vendor}: {counts['children']} children, "
        f"{counts['people']} people; {len(outcomes)} queries in {seconds:.0f} s"
    )
    print(format_table(table))
    causes = miss_causes(outcomes, made.child_ids)
    print("\n" + format_causes(causes))
    http = {}
    if args.http:
        http = http_times(user, queries, per_kind=50)
        print("\nThe children page's search over the test client (server time, ms):")
        for kind, f in http.items():
            print(f"  {kind:<40} n {f['queries']:>3}  p50 {f['p50_ms']:>7}  p95 {f['p95_ms']:>7}")
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "engine": connection.vendor,
        "tier": tier.name,
        "seed": args.seed,
        "counts": counts,
        "cores": os.cpu_count(),
        "figures": as_json(table),
        "search_page": http,
        "misses": [{"kind": k, "cause": c, "queries": n} for (k, c), n in sorted(causes.items())],
        "queries": [
            {**o.query.as_dict(), "results": list(o.results), "ms": round(o.seconds * 1000, 2)}
            for o in outcomes
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["tiny", "small", "council"], default="council")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--per-kind", type=int, help="queries of each kind (default: the tier's)")
    parser.add_argument("--engine", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument(
        "--no-http",
        dest="http",
        action="store_false",
        help="leave out timing the children page through the test client",
    )
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        result = run(args, bench_database(stack, args, DATABASE_NAME))
    write_json(result, args.json)
    return 0


def bench_database(stack: contextlib.ExitStack, args: argparse.Namespace, name: str) -> str:
    """The database a benchmark runs on (its --engine, --database-url and --fresh): the URL
    given; else a database of the benchmark's own (``name``) on the configured PostgreSQL
    server; else one on a throwaway server, or a SQLite file where PostgreSQL is missing."""
    url = args.database_url
    server = os.environ.get("DATABASE_URL", "")
    if not url and args.engine != "sqlite" and server.startswith(("postgres:", "postgresql:")):
        # The configured server, but a database of the benchmark's own on it.
        url = _with_database(server, name)
    if url and args.engine == "sqlite":
        raise SystemExit("--engine sqlite makes its own database: leave out --database-url")
    if not url:
        bindir = postgres_bindir() if args.engine != "sqlite" else None
        if bindir is not None:
            print("Starting a throwaway PostgreSQL server…", flush=True)
            url = _with_database(stack.enter_context(throwaway_postgres(bindir)), name)
        elif args.engine == "postgresql":
            raise SystemExit("PostgreSQL is not installed: give --database-url")
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="safetymap-bench-"))
            url = f"sqlite:///{folder}/bench.sqlite3"
    if url.startswith(("postgres://", "postgresql://")):
        _prepare_postgresql(url, fresh=args.fresh)
    return url


def write_json(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1, default=str))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"\nWritten to {shown}")


if __name__ == "__main__":
    sys.exit(main())
