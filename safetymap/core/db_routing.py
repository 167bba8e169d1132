"""Reads that may be a few seconds behind, served by a PostgreSQL streaming replica when that is
safe (docs/scaling.md). Without DATABASE_REPLICA_URL none of this is installed.

Only what a selector hands to ``replica_read`` may go to the replica, and only when all of these
hold; otherwise it reads the primary, as every other read and every write always does:

- the request is a GET (or HEAD) through ``ReplicaReadsMiddleware``: background work, management
  commands and anything a form sends read the primary;
- the person has not sent anything in the last few seconds (``pinned_for_seconds``): what they
  just saved is on the primary and may not have reached the replica yet;
- no transaction is open on the primary: a read inside one may be what a write decides on;
- the replica was at most ``SAFETYMAP_REPLICA_MAX_LAG_SECONDS`` behind when last checked (at
  most every ``CHECKED_EVERY_SECONDS`` per process).

The access policy's decision about what a person is shown is never taken on the replica alone:
the selectors that use it confirm the rows they show on the primary (``confirmed_on_primary``),
so a grant ended a moment ago never shows a child's name from a replica that has not replayed it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"

# How often each process asks how far behind the replica is (two small queries).
CHECKED_EVERY_SECONDS = 2.0
# Session key: until when (epoch seconds) this person's reads stay on the primary.
PINNED_SESSION_KEY = "safetymap_reads_on_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# PostgreSQL's "canceling statement due to statement timeout": the primary would take as long,
# so the person gets "that took too long" rather than waiting twice.
STATEMENT_TIMEOUT = "57014"
# "canceling statement due to conflict with recovery": the replica is replaying a change that
# needs what the query was reading. Nothing is wrong with it; the primary answers this once.
CONFLICT_WITH_RECOVERY = "40001"

T = TypeVar("T")
M = TypeVar("M", bound=Model)


@dataclass
class _ReplicaBlock:
    """One ``replica_read`` under way; whether it wrote anything (then it is never repeated)."""

    wrote: bool = False


_reads_may_lag: ContextVar[bool] = ContextVar("safetymap_reads_may_lag", default=False)
_block: ContextVar[_ReplicaBlock | None] = ContextVar("safetymap_replica_block", default=None)


# --- How far behind the replica is -----------------------------------------------------------


@dataclass
class _Health:
    checked_at: float = float("-inf")
    current_enough: bool = False


_health = _Health()
_health_lock = threading.Lock()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pinned_for_seconds() -> float:
    """After a person sends something, their reads stay on the primary this long: the replica
    may be up to the lag bound behind when checked, and may fall further behind until the next
    check, so after this it has surely replayed what they saved (or reads fall back anyway)."""
    return settings.SAFETYMAP_REPLICA_MAX_LAG_SECONDS + CHECKED_EVERY_SECONDS


def replica_lag_seconds() -> float | None:
    """How far behind the primary the replica may be, in seconds: 0 when it has replayed all the
    primary had written a moment ago, else the age of the last transaction it replayed (an upper
    bound: an idle primary makes it look later than it is, which only sends reads to the
    primary). None when it cannot say: unreachable, no longer in recovery (promoted, or the URL
    names a primary), or nothing replayed since it started."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_flush_lsn()")
            (flushed,) = cursor.fetchone()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn, "
                "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())",
                [flushed],
            )
            in_recovery, caught_up, age = cursor.fetchone()
    except DatabaseError:
        connections[REPLICA].close()
        return None
    if not in_recovery:
        return None
    if caught_up:
        return 0.0
    return float(age) if age is not None else None


def replica_current_enough() -> bool:
    """Whether the replica was within the lag bound when last checked (checked again when that
    was more than CHECKED_EVERY_SECONDS ago)."""
    global _health
    now = time.monotonic()
    if now - _health.checked_at < CHECKED_EVERY_SECONDS:
        return _health.current_enough
    with _health_lock:
        if now - _health.checked_at < CHECKED_EVERY_SECONDS:
            return _health.current_enough
        lag = replica_lag_seconds()
        ok = lag is not None and lag <= settings.SAFETYMAP_REPLICA_MAX_LAG_SECONDS
        _health = _Health(checked_at=time.monotonic(), current_enough=ok)
    return ok


def forget_replica_health() -> None:
    """Ask again at the next replica read (tests; and after the replica failed, see below)."""
    global _health
    _health = _Health()


def _rest_replica() -> None:
    """The replica failed: reads use the primary until the next check."""
    global _health
    _health = _Health(checked_at=time.monotonic(), current_enough=False)


# --- Reading -------------------------------------------------------------------------------


def replica_is_safe_now() -> bool:
    return (
        replica_configured()
        and _reads_may_lag.get()
        and not connections[PRIMARY].in_atomic_block
        and replica_current_enough()
    )


def replica_read(read: Callable[[], T]) -> T:
    """``read()``, with its reads on the replica when that is safe now (see the top of this
    module), else on the primary. ``read`` must evaluate what it reads (a list, a page, a count),
    not hand back a lazy queryset, which would be read later on the primary.

    If the replica fails part-way (gone, restarting, or cancelling the query to replay a change)
    and ``read`` wrote nothing, the primary answers instead, so a replica's trouble never
    reaches the person."""
    if not replica_is_safe_now():
        return read()
    block = _ReplicaBlock()
    token = _block.set(block)
    try:
        return read()
    except (OperationalError, InterfaceError) as error:
        sqlstate = getattr(error.__cause__, "sqlstate", None)
        if block.wrote or sqlstate == STATEMENT_TIMEOUT:
            raise
        if sqlstate != CONFLICT_WITH_RECOVERY:
            _rest_replica()
            connections[REPLICA].close()
    finally:
        _block.reset(token)
    return read()


def confirmed_on_primary(rows: list[M], allowed: QuerySet[M]) -> list[M]:
    """The ``rows`` a replica read found that ``allowed`` (the access policy's queryset for this
    person) still allows on the primary, in their order: the decision what a person is shown is
    the primary's. One query of at most ``len(rows)`` keys; none when the rows came from the
    primary already."""
    if not any(row._state.db == REPLICA for row in rows):
        return rows
    still = set(
        allowed.using(PRIMARY).filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )
    return [row for row in rows if row.pk in still]


class ReplicaRouter:
    """Django's database router when a replica is configured (config/settings.py): reads inside
    ``replica_read`` (when it chose the replica) go to it, everything else to the primary;
    writes always to the primary, whatever an object was read from; nothing migrates there."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if _block.get() is not None and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        block = _block.get()
        if block is not None:
            block.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return None if db == PRIMARY else False


class ReplicaReadsMiddleware:
    """Says whether this request's marked reads may lag (a GET by someone who sent nothing in
    the last few seconds), and after anything else a signed-in person sends keeps their reads on
    the primary for ``pinned_for_seconds``. The pin is kept in the session (on the primary, read
    by every signed-in request already), so it is the person's and costs no extra cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        may_lag = request.method in SAFE_METHODS and not self._pinned(request)
        token = _reads_may_lag.set(may_lag)
        try:
            response = self.get_response(request)
        finally:
            _reads_may_lag.reset(token)
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            request.session[PINNED_SESSION_KEY] = timezone.now().timestamp() + pinned_for_seconds()
        return response

    @staticmethod
    def _pinned(request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return False
        return request.session.get(PINNED_SESSION_KEY, 0) > timezone.now().timestamp()


@contextlib.contextmanager
def reads_may_lag() -> Iterator[None]:
    """As a GET through ReplicaReadsMiddleware, for code run outside a request (a test of the
    rules above)."""
    token = _reads_may_lag.set(True)
    try:
        yield
    finally:
        _reads_may_lag.reset(token)
