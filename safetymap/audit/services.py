"""The one way to write to the audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection, models, transaction
from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.audit import chain
from safetymap.audit.models import Action, AuditEvent
from safetymap.core.request_context import current_request_id


def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    subject: models.Model | None = None,
    subject_type: str = "",
    subject_id: str = "",
    basis: str = "",
    details: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction, so both land or neither does."""
    if subject is not None:
        subject_type = subject_type or subject._meta.label
        subject_id = subject_id or str(subject.pk)
    known_actor = actor if isinstance(actor, User) and actor.pk else None
    with transaction.atomic():
        lane = _take_a_lane()
        now = timezone.now()
        event = AuditEvent(
            lane=lane,
            occurred_at=now,
            actor=known_actor,
            actor_label=actor_label or (known_actor.email if known_actor else "anonymous"),
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            basis=basis,
            request_id=current_request_id(),
            child_id=_child_of(subject, subject_type, subject_id, details),
            # JSON round trip, so the hash covers exactly what the database will give back
            details=json.loads(json.dumps(details or {}, default=str)),
            previous_hash=_head_of(lane, now),
        )
        event.hash = chain.hash_of(event)
        event.save()
    return event


def record_read(
    *,
    actor: User,
    subject: models.Model,
    basis: str,
    child_id: int,
    also_about: Iterable[int] = (),
    **details: Any,
) -> AuditEvent:
    """A read of case data: who, on what basis, which child's record, and what was shown
    (``details``: the page or the output, never the words themselves). A record about several
    children together (a shared map, a safety plan, a conference) names the others in
    ``also_about``: each gets an event too, so a brother's or sister's "who has accessed this
    record" report shows the read of what was written about them both."""
    first = record(
        actor=actor,
        action=Action.VIEW,
        subject=subject,
        basis=basis,
        details={"child": child_id, **details},
    )
    for other in sorted(set(also_about) - {child_id}):
        record(
            actor=actor,
            action=Action.VIEW,
            subject=subject,
            basis=basis,
            details={"child": other, "shared_with": child_id, **details},
        )
    return first


# A read a page repeats by itself is audited again only after this long (see record_repeated_read).
READ_AGAIN_AFTER = timedelta(minutes=10)
_REPEATED_READS = "audit_repeated_reads"  # in the session: "<subject>" -> when last audited


def record_repeated_read(
    session: SessionBase,
    *,
    actor: User,
    subject: models.Model,
    basis: str,
    child_id: int,
    **details: Any,
) -> AuditEvent | None:
    """A read that a page repeats by itself every few seconds (the live map's poll): audited
    the first time in this sign-in session and again each time ``READ_AGAIN_AFTER`` has passed
    while it goes on. The trail then says who had the record open, from when and until about
    when, without a row for every poll burying everything else in it. A new session (a new
    sign-in) is audited afresh, so nobody reads unaudited by starting again."""
    now = timezone.now()
    key = f"{subject._meta.label}:{subject.pk}"
    recent = {
        name: when
        for name, when in session.get(_REPEATED_READS, {}).items()
        if now - datetime.fromisoformat(when) < READ_AGAIN_AFTER
    }
    if key in recent:
        return None
    event = record_read(actor=actor, subject=subject, basis=basis, child_id=child_id, **details)
    session[_REPEATED_READS] = {**recent, key: now.isoformat()}
    return event


def _child_of(
    subject: models.Model | None, subject_type: str, subject_id: str, details: dict[str, Any] | None
) -> int | None:
    """The child an event is about: the subject itself, the child named in its details, or the
    child the subject belongs to (a case note's, a decision's), so no event about a child's
    record is missing from "who has accessed this record"."""
    if subject_type == "people.Child" and subject_id.isdigit():
        return int(subject_id)
    child = (details or {}).get("child") or getattr(subject, "child_id", None)
    return int(child) if str(child or "").isdigit() else None


# How many chains the trail keeps side by side on PostgreSQL (chain.py): more lanes than writers
# at once, so a writer nearly always finds its own lane free. Changing it later is safe: verify
# walks whatever lanes the events name.
LANES = 16
# Any constant: PostgreSQL's advisory locks are named by a number; lane n is _CHAIN_LOCK + n, so
# lane 0 is the lock every writer took before lanes existed.
_CHAIN_LOCK = 7_201_931
# The lock for lanes 0..LANES-1, first free one wins: one round trip. CASE tries them in order
# and stops at the first it gets (the function is volatile, so none is tried ahead of time).
_TRY_LANES = {
    start: "SELECT CASE "
    + " ".join(
        f"WHEN pg_try_advisory_xact_lock({_CHAIN_LOCK + lane}) THEN {lane}"
        for lane in [(start + step) % LANES for step in range(LANES)]
    )
    + " ELSE -1 END"
    for start in range(LANES)
}
# A lane's newest event is looked for in the last day first, which touches one or two monthly
# partitions rather than every one, and over the whole trail only if that finds none. (A clock
# set back by more than a day, twice, could fork a lane here: verify_audit would report it.)
_RECENT = timedelta(days=1)


def _take_a_lane() -> int:
    """Lock a lane of the chain for this transaction and say which. A lane has one writer at a
    time, holding its lock until commit, so within a lane ids and the chain stay in the same
    order. PostgreSQL: the first free lane, from one that depends on the connection's server
    process so writers spread out; if all are busy, wait for that one. SQLite lets one writer
    in at a time by itself: lane 0. A transaction appending again gets its own lane back (the
    locks are its session's)."""
    if connection.vendor != "postgresql":
        return 0
    home = connection.connection.info.backend_pid % LANES
    with connection.cursor() as cursor:
        cursor.execute(_TRY_LANES[home])
        (lane,) = cursor.fetchone()
        if lane < 0:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK + home])
            lane = home
    return lane


def _head_of(lane: int, now: datetime) -> str:
    """The hash of the lane's newest event (GENESIS for a lane's first), read after its lock."""
    in_lane = AuditEvent.objects.filter(lane=lane).order_by("-id").values_list("hash", flat=True)
    if connection.vendor == "postgresql":
        recent = in_lane.filter(occurred_at__gte=now - _RECENT).first()
        if recent is not None:
            return recent
    return in_lane.first() or chain.GENESIS
