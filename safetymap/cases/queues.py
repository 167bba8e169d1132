"""Hand-offs between teams: a manager offers an episode to another team, whose manager accepts
it (by allocating one of their workers, ``services.allocate``) or declines it with a reason.
The episode stays with its current worker until the transfer is accepted; every offer, decline
and withdrawal is kept (``QueueEntry``) and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safetymap.access.policy import Capability, require
from safetymap.accounts.models import Team, User
from safetymap.audit.models import Action
from safetymap.cases import services
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Episode, QueueEntry


@transaction.atomic
def offer_transfer(*, by: User, episode: Episode, to_team: Team, reason: str) -> QueueEntry:
    require(by, Capability.ALLOCATE_WORK)
    basis = services._require_sight(by, episode.child)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    services._open_episode(episode)
    current = episode.allocations.filter(ended_on__isnull=True).select_related("team").first()
    problems: list[tuple[str, str | None]] = []
    if current is None:
        raise PathwayRefused("Allocate the episode before offering it to another team.")
    if episode.queue_entries.filter(closed_at__isnull=True).exists():
        raise PathwayRefused("This episode is already waiting in a team's queue.")
    if to_team.pk == current.team_id:
        problems.append((f"The episode is already with {to_team.name}", "to_team"))
    elif not to_team.is_active or to_team.manager_id is None:
        problems.append(
            (f"{to_team.name} has no team manager to accept it. Choose another team", "to_team")
        )
    if not reason.strip():
        problems.append(("Say why the episode should move to this team", "reason"))
    if problems:
        raise PathwayRefused.several(problems)
    entry = QueueEntry.objects.create(
        episode=episode,
        team=to_team,
        kind=QueueEntry.Kind.TRANSFER,
        from_team=current.team,
        reason=reason.strip(),
        queued_at=timezone.now(),
        queued_by=by,
    )
    services._audit(by, basis, Action.CREATE, entry, episode.child, team=to_team.name)
    return entry


def _close(by: User, entry: QueueEntry, outcome: str, reason: str = "") -> QueueEntry:
    entry.closed_at, entry.closed_by, entry.outcome = timezone.now(), by, outcome
    entry.decline_reason = reason
    entry.save(update_fields=["closed_at", "closed_by", "outcome", "decline_reason"])
    return entry


def _open_entry(entry: QueueEntry) -> QueueEntry:
    locked = (
        QueueEntry.objects.select_for_update()
        .select_related("episode__child", "team")
        .get(pk=entry.pk)
    )
    if locked.closed_at is not None:
        raise PathwayRefused("This is no longer waiting in the queue.")
    return locked


@transaction.atomic
def decline_transfer(*, by: User, entry: QueueEntry, reason: str) -> QueueEntry:
    """The receiving team's manager declines; the episode stays where it is."""
    require(by, Capability.ALLOCATE_WORK)
    basis = services._require_sight(by, entry.episode.child)
    entry = _open_entry(entry)
    if entry.kind != QueueEntry.Kind.TRANSFER:
        raise PathwayRefused("A new referral cannot be declined: allocate it to a worker.")
    if by.pk not in (entry.team.manager_id, entry.team.service_manager_id):
        raise PathwayRefused(f"Only {entry.team.name}'s managers can decline this transfer.")
    if not reason.strip():
        raise PathwayRefused("Say why your team cannot take the episode", "reason")
    _close(by, entry, QueueEntry.Outcome.DECLINED, reason.strip())
    services._audit(by, basis, Action.UPDATE, entry, entry.episode.child, outcome=entry.outcome)
    return entry


def may_withdraw(user: User, entry: QueueEntry | None) -> bool:
    """The offering team's managers, or whoever offered it, may take a transfer back."""
    if entry is None or entry.kind != QueueEntry.Kind.TRANSFER or entry.from_team is None:
        return False
    offering = {entry.queued_by_id, entry.from_team.manager_id, entry.from_team.service_manager_id}
    return user.pk in offering


@transaction.atomic
def withdraw_transfer(*, by: User, entry: QueueEntry) -> QueueEntry:
    """The offering side takes the offer back before it is accepted."""
    require(by, Capability.ALLOCATE_WORK)
    basis = services._require_sight(by, entry.episode.child)
    entry = _open_entry(entry)
    if not may_withdraw(by, entry):
        raise PathwayRefused("Only the team that offered the transfer can withdraw it.")
    _close(by, entry, QueueEntry.Outcome.WITHDRAWN)
    services._audit(by, basis, Action.UPDATE, entry, entry.episode.child, outcome=entry.outcome)
    return entry
