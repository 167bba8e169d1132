"""How the embedded SQLite database is opened, kept apart from settings so that it is tested."""

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
