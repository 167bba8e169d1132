"""The audit trail's hash chain: what is hashed, and how the chain is checked.

Each event's hash is HMAC-SHA256, under the audit key (settings.SAFETYMAP_AUDIT_KEY, which the
database never holds), over a canonical JSON of its contents plus the previous event's hash.
Editing an event changes its hash; removing or inserting one breaks the link to the next; and
without the key nobody can compute the hashes again after an edit, so "edit and re-hash every
later event" is found too.

The trail is several chains side by side, one per *lane* (``AuditEvent.lane``), so that writers in
different lanes append at the same time (services.record). Within a lane, events are chained in
the order of their ids, which the writer keeps in step with the chain by holding the lane's lock
from before its insert until its transaction commits. Each lane's first event follows GENESIS.
An event's lane is part of what its HMAC covers (for lanes other than 0, the only lane before
lanes existed, so older events keep their hashes): moving an event to another lane is a change.
One walk in id order checks every lane at once, keeping each lane's head apart.

Events written before the key existed (migration audit 0003 records the last of them in
KeyedChainStart) keep their plain SHA-256 hashes and are checked as such. The first keyed event's
HMAC covers the last plain hash, so rewriting the plain part breaks the keyed chain as well.

What the chain cannot show is the newest events removed: that is what the signed checkpoints
outside the database are for (checkpoints.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

GENESIS = "0" * 64  # the "previous hash" of the first event
# Kept apart from the checkpoints' signatures, so one can never stand in for the other.
EVENT_PURPOSE = b"safetymap audit event v1\x00"


def audit_key() -> bytes:
    return settings.SAFETYMAP_AUDIT_KEY.encode()


def contents(event: Any) -> dict[str, Any]:
    lane = getattr(event, "lane", 0) or 0
    # Lane 0 events hash as every event did before lanes (the trail's existing hashes stand).
    in_lane = {"lane": lane} if lane else {}
    return {
        **in_lane,
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "basis": event.basis,
        "request_id": event.request_id,
        "child_id": event.child_id,
        "details": event.details,
        "previous_hash": event.previous_hash,
    }


def _canonical(event: Any) -> bytes:
    return json.dumps(contents(event), sort_keys=True, ensure_ascii=False, default=str).encode()


def hash_of(event: Any, key: bytes | None = None) -> str:
    """The event's keyed hash (HMAC-SHA256 under the audit key, or under ``key``)."""
    secret = audit_key() if key is None else key
    return hmac.new(secret, EVENT_PURPOSE + _canonical(event), hashlib.sha256).hexdigest()


def unkeyed_hash_of(event: Any) -> str:
    """The plain SHA-256 of events written before the key (and what anyone can compute)."""
    return hashlib.sha256(_canonical(event)).hexdigest()


@dataclass(frozen=True)
class Break:
    event_id: int
    problem: str


@dataclass(frozen=True)
class LaneHead:
    """Where a walk left one lane: how many of its events it checked, the last one's id and hash."""

    events: int
    last_id: int | None
    head: str


@dataclass(frozen=True)
class Walk:
    """What a walk along the chain found: how many events it checked, the last of them (the
    head), each lane's head, and the first break, if any (the heads are then the last good
    events)."""

    checked: int
    last_id: int | None
    head: str
    broken: Break | None
    lanes: dict[int, LaneHead] = field(default_factory=dict)


def verify(
    events: Iterable[Any],
    *,
    last_unkeyed_id: int = 0,
    key: bytes | None = None,
    after: Mapping[int, tuple[int, str]] | None = None,
) -> Walk:
    """Walk the events in id order, each lane's chain apart. Events with ids up to
    ``last_unkeyed_id`` were written before the key and carry plain SHA-256 hashes; every later
    one must carry the keyed hash. ``after`` (per lane, an event's id and hash) starts each
    lane's walk from that event rather than from GENESIS, for events after a checkpoint (the
    caller leaves out each lane's events up to it). Reads one event at a time, so memory stays
    bounded."""
    secret = audit_key() if key is None else key
    heads: dict[int, tuple[int | None, str]] = dict(after or {})
    counted: dict[int, int] = {}
    last_id, last_hash = None, GENESIS
    if heads:
        last_id, last_hash = max(heads.values(), key=lambda head: head[0] or 0)
    checked = 0

    def walk(broken: Break | None = None) -> Walk:
        lanes = {
            lane: LaneHead(counted.get(lane, 0), lane_last, lane_head)
            for lane, (lane_last, lane_head) in heads.items()
        }
        return Walk(checked, last_id, last_hash, broken, lanes)

    for event in events:
        lane = getattr(event, "lane", 0) or 0
        expected_previous = heads.get(lane, (None, GENESIS))[1]
        if event.previous_hash != expected_previous:
            return walk(
                Break(
                    event.id,
                    "does not follow the event before it: an event was removed, inserted or moved",
                )
            )
        expected = unkeyed_hash_of(event) if event.id <= last_unkeyed_id else hash_of(event, secret)
        if not hmac.compare_digest(expected, event.hash):
            return walk(Break(event.id, "has been changed since it was written"))
        heads[lane] = (event.id, event.hash)
        counted[lane] = counted.get(lane, 0) + 1
        last_id, last_hash = event.id, event.hash
        checked += 1
    return walk()
