"""The audit trail's hash chain: what is hashed, and how the chain is checked.

Each event's hash is SHA-256 over a canonical JSON of its contents plus the previous event's hash.
Editing an event changes its hash; removing or inserting one breaks the link to the next. Events
are chained in the order of their ids, which the writer keeps in step with the chain by holding a
lock while it appends (see services.record).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first event


def contents(event: Any) -> dict[str, Any]:
    return {
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


def hash_of(event: Any) -> str:
    canonical = json.dumps(contents(event), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    event_id: int
    problem: str


def verify(events: Iterable[Any]) -> tuple[int, Break | None]:
    """Walk the events in id order; return how many were checked and the first break, if any."""
    expected_previous = GENESIS
    checked = 0
    for event in events:
        if event.previous_hash != expected_previous:
            return checked, Break(
                event.id,
                "does not follow the event before it: an event was removed, inserted or moved",
            )
        if hash_of(event) != event.hash:
            return checked, Break(event.id, "has been changed since it was written")
        expected_previous = event.hash
        checked += 1
    return checked, None
