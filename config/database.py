"""How the databases are opened, kept apart from settings so that it is tested."""

from __future__ import annotations

from typing import Any


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
