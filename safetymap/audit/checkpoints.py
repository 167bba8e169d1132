"""Signed checkpoints of the audit trail, kept outside the database.

The hash chain shows that nothing inside the trail was changed, removed or inserted, but not
that its newest events were not cut off: a shorter trail is still a good chain. So, on a schedule
(cron: docs/deploy.md), ``manage.py write_audit_checkpoint`` appends to a file in
SAFETYMAP_AUDIT_CHECKPOINT_DIR one line: how many events the trail has, the last one's id and
hash, the same for each lane (chain.py), when, and where the keyed chain starts, signed with the
audit key (HMAC-SHA256). ``manage.py verify_audit`` then checks the trail still reaches the last
checkpoint in every lane: the event it names is there with the same hash, and there are as many
events up to it. Lines written before lanes existed name one head, lane 0's, and still count.

Before signing, the writer checks the events since the previous checkpoint, and that the
previous checkpoint still holds, so it never signs a trail that was tampered with. What it cannot
see is the newest events removed between two checkpoints before the next one is written: the
schedule bounds that window.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from safetymap.audit import chain
from safetymap.audit.models import AuditEvent, KeyedChainStart

FILE_NAME = "audit-checkpoints.jsonl"
CHECKPOINT_PURPOSE = b"safetymap audit checkpoint v1\x00"
CHUNK = 2000


class CheckpointProblem(Exception):
    """The checkpoint file cannot be trusted (a line not signed with the audit key), or the
    trail does not reach its last checkpoint. The message says which, in plain words."""


@dataclass(frozen=True)
class Checkpoint:
    events: int
    last_id: int | None
    head: str
    written_at: str
    last_unkeyed_id: int
    # Per lane ("0", "1"…): {"events", "last_id", "head"}. None in lines written before lanes.
    lanes: dict[str, dict[str, Any]] | None = None

    def fields(self) -> dict[str, Any]:
        """What is signed: a line from before lanes was signed without the field."""
        fields = asdict(self)
        if fields["lanes"] is None:
            del fields["lanes"]
        return fields

    def signed(self, key: bytes | None = None) -> dict[str, Any]:
        return {**self.fields(), "signature": _signature(self.fields(), key)}

    def lane_heads(self) -> dict[int, chain.LaneHead]:
        """Each lane's head as the checkpoint saw it (a line from before lanes: lane 0's)."""
        if self.lanes is None:
            if self.last_id is None:
                return {}
            return {0: chain.LaneHead(self.events, self.last_id, self.head)}
        return {
            int(lane): chain.LaneHead(head["events"], head["last_id"], head["head"])
            for lane, head in self.lanes.items()
        }


def _signature(fields: dict[str, Any], key: bytes | None = None) -> str:
    secret = chain.audit_key() if key is None else key
    canonical = json.dumps(fields, sort_keys=True).encode()
    return hmac.new(secret, CHECKPOINT_PURPOSE + canonical, hashlib.sha256).hexdigest()


def checkpoint_file() -> Path:
    return Path(settings.SAFETYMAP_AUDIT_CHECKPOINT_DIR) / FILE_NAME


def last_unkeyed_id() -> int:
    """Where the keyed chain starts (migration 0003). No row: every event must be keyed."""
    start = KeyedChainStart.objects.order_by("pk").values_list("last_unkeyed_id", flat=True)
    return start.first() or 0


def read(line: str, number: int, path: Path) -> Checkpoint:
    """One line of the file, or CheckpointProblem if it is not one the audit key signed."""
    try:
        fields = json.loads(line)
        signature = fields.pop("signature")
        checkpoint = Checkpoint(**fields)
    except (ValueError, TypeError, KeyError, AttributeError):
        checkpoint, signature = None, ""
    if checkpoint is None or not hmac.compare_digest(
        _signature(checkpoint.fields()), str(signature)
    ):
        raise CheckpointProblem(
            f"Line {number} of {path} is not a checkpoint signed with the audit key: the "
            "checkpoint file has been changed, or was written with another key."
        )
    return checkpoint


def last_checkpoint(path: Path | None = None) -> Checkpoint | None:
    """The newest checkpoint, having checked every line's signature and that none goes back
    (read a line at a time: the file grows by one line a run). None if there is none yet."""
    path = path or checkpoint_file()
    if not path.exists():
        return None
    last: Checkpoint | None = None
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            checkpoint = read(line, number, path)
            if last is not None and checkpoint.events < last.events:
                raise CheckpointProblem(
                    f"Line {number} of {path} counts fewer events ({checkpoint.events}) than the "
                    f"line before it ({last.events}): the trail was cut between the two."
                )
            last = checkpoint
    return last


def problems_against(checkpoint: Checkpoint) -> list[str]:
    """How the trail falls short of the checkpoint, in words; [] if it reaches it."""
    when = checkpoint.written_at
    problems = []
    if last_unkeyed_id() != checkpoint.last_unkeyed_id:
        problems.append(
            f"the start of the keyed chain has been moved (the checkpoint of {when} has it after "
            f"event {checkpoint.last_unkeyed_id})"
        )
    for lane, head in sorted(checkpoint.lane_heads().items()):
        in_lane = AuditEvent.objects.filter(lane=lane)
        held = in_lane.filter(pk=head.last_id).values_list("hash", flat=True).first()
        counted = in_lane.filter(pk__lte=head.last_id).count()
        which = f" from lane {lane}" if lane else ""
        if counted < head.events:
            problems.append(
                f"it has {counted} events up to event {head.last_id}, but the checkpoint of "
                f"{when} counted {head.events}: events have been removed{which}"
            )
        if held is None:
            problems.append(
                f"event {head.last_id}, the last one the checkpoint of {when} counted, is "
                f"missing: the newest events have been removed{which}"
            )
        elif not hmac.compare_digest(held, head.head):
            problems.append(
                f"event {head.last_id} does not have the hash the checkpoint of {when} "
                "recorded: the trail has been rewritten"
            )
    return problems


def _events(after: dict[int, chain.LaneHead] | None = None) -> Iterator[AuditEvent]:
    """Every event in id order, or, ``after`` a checkpoint, each lane's events after its head
    there (and every event of a lane the checkpoint did not see)."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.order_by("id")
    if after:
        since = ~Q(lane__in=list(after))
        for lane, head in after.items():
            since |= Q(lane=lane, id__gt=head.last_id)
        events = events.filter(since, id__gt=min(head.last_id or 0 for head in after.values()))
    return events.iterator(chunk_size=CHUNK)


def verify_trail() -> tuple[chain.Walk, Checkpoint | None, list[str]]:
    """The whole chain walked (streamed), the last checkpoint, and how the trail falls short of
    it. Raises CheckpointProblem if the checkpoint file cannot be trusted."""
    checkpoint = last_checkpoint()
    walk = chain.verify(_events(), last_unkeyed_id=last_unkeyed_id())
    problems = [] if walk.broken or checkpoint is None else problems_against(checkpoint)
    return walk, checkpoint, problems


def write_checkpoint(now: datetime.datetime | None = None) -> Checkpoint:
    """Check the events since the last checkpoint and append a new signed checkpoint. Raises
    CheckpointProblem, writing nothing, if the trail no longer reaches the last checkpoint or
    the events since are not a good chain."""
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _locked(path):
        previous = last_checkpoint(path)
        start = last_unkeyed_id()
        before = previous.lane_heads() if previous is not None else {}
        walk = chain.verify(
            _events(before),
            last_unkeyed_id=start,
            after={lane: (head.last_id, head.head) for lane, head in before.items()},
        )
        events = (previous.events if previous is not None else 0) + walk.checked
        lanes = {
            lane: chain.LaneHead(
                (before[lane].events if lane in before else 0) + head.events,
                head.last_id,
                head.head,
            )
            for lane, head in walk.lanes.items()
        }
        if walk.broken:
            raise CheckpointProblem(
                f"No checkpoint written: the audit trail is broken at event "
                f"{walk.broken.event_id}: it {walk.broken.problem}."
            )
        if previous is not None:
            problems = problems_against(previous)
            if problems:
                raise CheckpointProblem(
                    "No checkpoint written: the audit trail does not reach its last "
                    f"checkpoint: {'; '.join(problems)}."
                )
        checkpoint = Checkpoint(
            events=events,
            last_id=walk.last_id,
            head=walk.head,
            written_at=(now or datetime.datetime.now(datetime.UTC)).isoformat(timespec="seconds"),
            last_unkeyed_id=start,
            lanes={str(lane): asdict(head) for lane, head in sorted(lanes.items())},
        )
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(checkpoint.signed(), sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
    return checkpoint


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer at a time (two runs at once would both extend the same previous line)."""
    with (path.parent / f".{FILE_NAME}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
