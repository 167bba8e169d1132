"""Changing the audit trail outside the application, as someone with the database's own powers
(its owner, a superuser, or whoever holds a copy) could, but without the audit key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from safetymap.audit import chain
from safetymap.audit.models import AuditEvent, KeyedChainStart


@contextmanager
def triggers_off() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite's DDL is transactional: the test's rollback puts the triggers back.
            for name in ("no_update", "no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS audit_auditevent_{name}")
                cursor.execute(f"DROP TRIGGER IF EXISTS audit_keyedchainstart_{name}")
        else:
            # A superuser can switch triggers off for their own session.
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


def tamper(sql: str, params: list) -> None:
    with triggers_off() as cursor:
        cursor.execute(sql, params)


def plain_sha256(event: AuditEvent) -> str:
    return chain.unkeyed_hash_of(event)


def guessed_key(event: AuditEvent) -> str:
    return chain.hash_of(event, key=b"a-guess-at-the-audit-key")


def rehash_from(event_id: int, digest: Callable[[AuditEvent], str] = plain_sha256) -> None:
    """Re-chain every event from ``event_id`` on with ``digest``, each in its own lane's chain:
    what an edit needs to pass a chain that anyone could compute."""
    heads: dict[int, str] = {}

    def head_of(lane: int) -> str:
        if lane not in heads:
            before = AuditEvent.objects.filter(lane=lane, id__lt=event_id).order_by("-id")
            heads[lane] = before.values_list("hash", flat=True).first() or chain.GENESIS
        return heads[lane]

    with triggers_off():
        for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
            event.previous_hash = head_of(event.lane)
            event.hash = digest(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                previous_hash=event.previous_hash, hash=event.hash
            )
            heads[event.lane] = event.hash


def move_keyed_start(last_unkeyed_id: int) -> None:
    """Say the keyed chain starts after ``last_unkeyed_id`` (the row may be missing: a
    transactional test's flush empties the table migration 0003 filled)."""
    with triggers_off():
        KeyedChainStart.objects.all().delete()
        KeyedChainStart.objects.create(
            pk=1, last_unkeyed_id=last_unkeyed_id, recorded_at=timezone.now()
        )
