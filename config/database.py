"""How the databases are opened, kept apart from settings so that it is tested."""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"


def sqlite_options(busy_timeout_seconds: int) -> dict[str, Any]:
    """The embedded default serves a small team (README): WAL lets readers go on while one
    writes; an immediate transaction takes the write lock when it begins, so two writers queue
    (up to the busy timeout) instead of one failing midway with "database is locked"; past the
    timeout the person gets the "busy, try again" page (core.middleware.DatabaseBusyMiddleware)."""
    return {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": busy_timeout_seconds,
    }


# The database cache table that counts the public forms' rate limits. Migration
# core/0002_rate_limit_cache_table_always makes it whatever the settings, so switching a database
# to SAFETYMAP_RATELIMIT_CACHE=database (production's default) never needs createcachetable.
RATELIMIT_CACHE_TABLE = "safetymap_ratelimit_cache"


def postgresql_options(
    options: dict[str, Any],
    *,
    statement_timeout_seconds: int,
    idle_in_transaction_timeout_seconds: int,
    connect_timeout_seconds: int,
) -> dict[str, Any]:
    """PostgreSQL's own limits, so one slow query or a forgotten transaction cannot hold a
    connection (and the rows it locked) for ever. The statement timeout is shorter than the web
    server's request timeout (config/gunicorn.conf.py): a slow query ends in a page that says
    "that took too long, nothing was saved" (core.middleware) before gunicorn kills the worker.
    An idle transaction past its limit is ended by the server and rolled back. 0 turns a limit
    off (for a long `migrate`, for example). Options already in DATABASE_URL are kept."""
    server_settings = (
        f"-c statement_timeout={statement_timeout_seconds * 1000} "
        f"-c idle_in_transaction_session_timeout={idle_in_transaction_timeout_seconds * 1000}"
    )
    given = str(options.get("options", "")).strip()
    return {
        "connect_timeout": connect_timeout_seconds,
        **options,
        # The URL's own -c settings come last, so a council's explicit choice wins.
        "options": f"{server_settings} {given}".strip(),
    }


# Commands that create or alter tables, or grant on them: run as the owner role when
# DATABASE_MIGRATION_URL is set (docs/deploy.md, "Database roles and the audit trail"). Everything
# else, the web service and the worker above all, connects with DATABASE_URL, the application's
# role, which cannot alter or drop the audit table or its triggers.
OWNER_COMMANDS = frozenset({"migrate", "createcachetable", "grant_application_role", "restore"})


def database_url_for(argv: list[str], environ: dict[str, str]) -> str | None:
    """The owner's URL for an owner command when one is given, else None (use DATABASE_URL)."""
    owner_url = environ.get("DATABASE_MIGRATION_URL", "").strip()
    command = argv[1] if len(argv) > 1 else ""
    return owner_url if owner_url and command in OWNER_COMMANDS else None


# The alias of the optional streaming replica (safetymap/core/db_routing.py, docs/scaling.md).
REPLICA_ALIAS = "replica"


def replica_database(url: str, primary: dict[str, Any]) -> dict[str, Any]:
    """The replica's settings from DATABASE_REPLICA_URL: PostgreSQL only, with the primary's
    connection lifetime, health checks and timeouts (its OPTIONS, the URL's own options kept).

    In tests Django neither creates nor empties it (TEST MIRROR); the test run points it at the
    test database the primary created, which reaches the replica by streaming
    (tests/conftest.py)."""
    replica = dj_database_url.parse(url, conn_max_age=primary.get("CONN_MAX_AGE", 0))
    if primary["ENGINE"] != POSTGRESQL or replica["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica "
            "(docs/scaling.md)."
        )
    own = replica.get("OPTIONS", {})
    given = " ".join(str(o.get("options", "")) for o in (primary.get("OPTIONS", {}), own))
    replica["OPTIONS"] = {**primary.get("OPTIONS", {}), **own, "options": given.strip()}
    replica["CONN_HEALTH_CHECKS"] = primary.get("CONN_HEALTH_CHECKS", False)
    replica["TEST"] = {"MIRROR": "default"}
    return replica
