"""How many audit events a second the trail takes from 1, 2, 4 and 8 writer *processes* at once,
each appending through the product's own ``record()`` (one transaction an event, as a request
does), and whether ``verify_audit`` still proves the chain afterwards.

    make bench                                                 # throwaway PostgreSQL
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5499/postgres bench/audit_appends.py
    bench/audit_appends.py --writers 1,8 --seconds 5

The database: ``--database-url`` (or BENCH_DATABASE_URL) gives the server, on which the
benchmark uses a database of its own (``bench_audit``, created if missing; its trail is emptied
first, so no other benchmark's data is touched); without one, a throwaway server is started as
``make test`` starts one. PostgreSQL only:
SQLite lets one writer in at a time, whatever the product does.

Beside each run, a plain INSERT of the same row with no chain at all (its floor). Prints a table
and writes build/bench/audit_appends.json. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import _commit, _prepare_postgresql, _with_database, write_json  # noqa: E402
from scripts.run_tests import postgres_bindir, throwaway_postgres  # noqa: E402

DEFAULT_JSON = ROOT / "build" / "bench" / "audit_appends.json"
DATABASE_NAME = "bench_audit"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()


def _writer(url: str, plain: bool, seconds: float, ready, go, out) -> None:
    """One process: append until the time is up; send back each append's latency in ms."""
    _setup(url)
    from django.db import connection

    from safetymap.audit.models import Action
    from safetymap.audit.services import record

    connection.ensure_connection()
    pid = os.getpid()
    latencies: list[float] = []
    ready.put(pid)
    go.wait()
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        now = time.perf_counter()
        if plain:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audit_floor (occurred_at, actor_label, action, details) "
                    "VALUES (now(), %s, %s, '{}')",
                    [f"w{pid}-{n}@fictional.example", Action.SIGN_IN_FAILED],
                )
        else:
            record(
                actor=None,
                action=Action.SIGN_IN_FAILED,
                actor_label=f"w{pid}-{n}@fictional.example",
                details={"n": n},
            )
        latencies.append((time.perf_counter() - now) * 1000)
        n += 1
    out.put(latencies)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def one_run(url: str, writers: int, seconds: float, *, plain: bool) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    ready, go, out = context.Queue(), context.Event(), context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, plain, seconds, ready, go, out))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    for _ in processes:  # every process set up and connected before the clock starts
        ready.get(timeout=120)
    go.set()
    latencies = [ms for _ in processes for ms in out.get(timeout=seconds + 120)]
    for process in processes:
        process.join()
    return {
        "writers": writers,
        "events": len(latencies),
        "per_second": round(len(latencies) / seconds),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
    }


def run(url: str, writer_counts: list[int], seconds: float) -> dict:
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    from safetymap.audit import checkpoints

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        raise SystemExit("The audit append benchmark needs PostgreSQL.")
    with connection.cursor() as cursor:
        # The trail refuses TRUNCATE (migration 0004): as the database's owner, switch it off.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("TRUNCATE audit_auditevent")
        cursor.execute("SET session_replication_role = origin")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS audit_floor (id bigserial PRIMARY KEY, occurred_at "
            "timestamptz, actor_label text, action text, details jsonb)"
        )
    connection.close()
    rows = []
    for writers in writer_counts:
        chained = one_run(url, writers, seconds, plain=False)
        floor = one_run(url, writers, seconds, plain=True)
        chained["floor_per_second"] = floor["per_second"]
        chained["floor_p95_ms"] = floor["p95_ms"]
        rows.append(chained)
        print(
            f"  {writers} writers: {chained['per_second']:>6}/s  p50 {chained['p50_ms']:>6} ms  "
            f"p95 {chained['p95_ms']:>6} ms   plain insert {floor['per_second']:>6}/s  "
            f"p95 {floor['p95_ms']:>6} ms",
            flush=True,
        )
    started = time.perf_counter()
    walk, _checkpoint, problems = checkpoints.verify_trail()
    verified = walk.broken is None and not problems
    verify_seconds = time.perf_counter() - started
    print(
        f"verify_audit: {'intact' if verified else 'BROKEN'}, {walk.checked} events in "
        f"{len(walk.lanes)} lanes, {verify_seconds:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        (synchronous_commit,) = cursor.fetchone()
        cursor.execute("SHOW fsync")
        (fsync,) = cursor.fetchone()
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "cores": os.cpu_count(),
        "seconds_per_run": seconds,
        "server": {"synchronous_commit": synchronous_commit, "fsync": fsync},
        "runs": rows,
        "verified": verified,
        "verified_events": walk.checked,
        "lanes": len(walk.lanes),
        "verify_seconds": round(verify_seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    writer_counts = [int(n) for n in args.writers.split(",")]
    print(f"Audit appends through record(), {args.seconds:.0f} s a run:")
    if args.database_url:
        url = _with_database(args.database_url, DATABASE_NAME)
        _prepare_postgresql(url, fresh=False)
        result = run(url, writer_counts, args.seconds)
    else:
        bindir = postgres_bindir()
        if bindir is None:
            raise SystemExit(
                "The audit append benchmark needs PostgreSQL (apt install postgresql)."
            )
        with throwaway_postgres(bindir) as server:
            url = _with_database(server, DATABASE_NAME)
            _prepare_postgresql(url, fresh=True)
            result = run(url, writer_counts, args.seconds)
    write_json(result, args.json)
    return 0 if result["verified"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
