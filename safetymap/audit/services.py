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
        lane, previous_hash = _take_a_lane(timezone.now())
        # The time after the lane's lock, so that within a lane times rise with ids and a
        # month's partition holds a stretch of each lane's chain, never an event out of turn.
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
            previous_hash=previous_hash,
        )
        event.hash = chain.hash_of(event)
        _insert(event)
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
# A lane's newest event is looked for in the last day first, which touches one or two monthly
# partitions rather than every one, and over the whole trail only if that finds none. (A clock
# set back by more than a day, twice, could fork a lane here: verify_audit would report it.)
_RECENT = timedelta(days=1)


def _insert(event: AuditEvent) -> None:
    """Save a new event. On PostgreSQL one INSERT whose text is built once, rather than the
    ORM's save, which cost a quarter of an append's time in Python (bench/audit_appends.py)."""
    if connection.vendor != "postgresql":
        event.save()
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_SQL,
            [
                field.get_db_prep_save(getattr(event, field.attname), connection)
                for field in _FIELDS
            ],
        )
        (event.pk,) = cursor.fetchone()
    event._state.adding, event._state.db = False, connection.alias


_FIELDS = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
# Table and column names from the model, never from input.
_COLUMNS = ", ".join(f'"{field.column}"' for field in _FIELDS)
_INSERT_SQL = (
    f'INSERT INTO "{AuditEvent._meta.db_table}" ({_COLUMNS}'  # noqa: S608
    + ") VALUES ("
    + ", ".join(["%s"] * len(_FIELDS))
    + ') RETURNING "id"'
)


def _take_a_lane(now: datetime) -> tuple[int, str]:
    """Lock a lane of the chain for this transaction; say which, and its newest event's hash
    (GENESIS for a lane's first). A lane has one writer at a time, holding its lock until
    commit, so within a lane ids and the chain stay in the same order. PostgreSQL: the first
    free lane, from one that depends on the connection's server process so writers spread out;
    if all are busy, wait for that one; one round trip (audit_take_lane, migration 0005). A
    transaction appending again gets its own lane back (the locks are its session's). SQLite
    lets one writer in at a time by itself: lane 0."""
    if connection.vendor != "postgresql":
        newest = AuditEvent.objects.filter(lane=0).order_by("-id").values_list("hash", flat=True)
        return 0, newest.first() or chain.GENESIS
    home = connection.connection.info.backend_pid % LANES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lane, head FROM audit_take_lane(%s, %s, %s, %s, %s)",
            [home, LANES, _CHAIN_LOCK, now - _RECENT, chain.GENESIS],
        )
        lane, head = cursor.fetchone()
    return lane, head
