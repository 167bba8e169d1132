"""Publishing and unpublishing the public pages go into the service's audit trail too.

Wagtail keeps its own history of every edit (visible in its admin); the audit trail records who
made each change public, in the same transaction as Wagtail's publish.
"""

from __future__ import annotations

from typing import Any

from safetymap.audit.models import Action
from safetymap.audit.services import record


def page_published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    actor = getattr(revision, "user", None)
    record(
        actor=actor,
        action=Action.UPDATE,
        subject=instance,
        basis="partnership public pages",
        details={"published": instance.title, "revision": getattr(revision, "pk", "")},
        actor_label="" if actor else "partnership public pages",
    )


def page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    actor = kwargs.get("user")
    record(
        actor=actor,
        action=Action.UPDATE,
        subject=instance,
        basis="partnership public pages",
        details={"unpublished": instance.title},
        actor_label="" if actor else "partnership public pages",
    )
