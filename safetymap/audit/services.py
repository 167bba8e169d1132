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
        _lock_the_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            occurred_at=timezone.now(),
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
            previous_hash=last or chain.GENESIS,
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


# Any constant: PostgreSQL's advisory locks are named by a number.
_CHAIN_LOCK = 7_201_931


def _lock_the_chain() -> None:
    """One writer at a time appends to the chain, so ids and the chain stay in the same order.
    SQLite serialises writers itself; PostgreSQL takes a transaction-scoped advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
