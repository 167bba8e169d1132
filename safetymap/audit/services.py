"""The one way to write to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.audit.models import AuditEvent
from safetymap.core.request_context import current_request_id


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


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
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=known_actor,
        actor_label=actor_label or (known_actor.email if known_actor else "anonymous"),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        basis=basis,
        request_id=current_request_id(),
        details=details or {},
    )
